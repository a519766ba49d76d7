package ui_test

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"saldo/ui/fakebackend"
	"saldo/ui/keypress"
)

// statementAt opens the statement of an account with n booked items, the
// cursor in the middle, ready for keypresses.
func statementAt(b *testing.B, n int) *harness {
	h := newHarness(b, 120, 40, withFake(func(o *fakebackend.Options) { o.Bookings = n }))
	toStatement(h)
	for i := 0; i < 40; i++ { // move into the list so j/k never hit an end
		h.send(keypress.Msg("j"))
	}
	h.settle()
	return h
}

// keypressFrame measures one keypress through the root Update plus one
// full frame, alternating down and up.
func keypressFrame(b *testing.B, n int) {
	h := statementAt(b, n)
	keys := []tea.KeyPressMsg{keypress.Msg("j"), keypress.Msg("k")}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h.m.Update(keys[i&1])
		_ = h.m.View()
	}
}

func BenchmarkStatementKeypress(b *testing.B) {
	for _, n := range []int{100, 100_000} {
		b.Run(fmt.Sprintf("bookings=%d", n), func(b *testing.B) { keypressFrame(b, n) })
	}
}

// BenchmarkStatementKeypressRatio measures keypress+frame for 100 and
// 100,000 bookings interleaved (so load changes hit both alike) and prints
// both costs and their ratio; the target is a ratio below 2.
func BenchmarkStatementKeypressRatio(b *testing.B) {
	small, large := statementAt(b, 100), statementAt(b, 100_000)
	keys := []tea.KeyPressMsg{keypress.Msg("j"), keypress.Msg("k")}
	var tSmall, tLarge time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := keys[i&1]
		t0 := time.Now()
		small.m.Update(k)
		_ = small.m.View()
		t1 := time.Now()
		large.m.Update(k)
		_ = large.m.View()
		tLarge += time.Since(t1)
		tSmall += t1.Sub(t0)
	}
	ns100 := float64(tSmall.Nanoseconds()) / float64(b.N)
	ns100k := float64(tLarge.Nanoseconds()) / float64(b.N)
	b.ReportMetric(ns100, "ns/key@100")
	b.ReportMetric(ns100k, "ns/key@100k")
	b.ReportMetric(ns100k/ns100, "ratio")
}
