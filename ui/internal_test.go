package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"saldo/fints"
	"saldo/fints/bankdir"
	"saldo/fints/challenge"
	"saldo/fints/money"
	"saldo/fints/secret"
	"saldo/fints/statement"
	"saldo/theme"
)

func amt(s string) *money.Amount {
	a := money.MustParse(s)
	return &a
}

func TestFilterMatches(t *testing.T) {
	b := statement.Booking{BookingDate: statement.NewDate(2025, 2, 10), Amount: money.MustParse("-42.50"), CounterpartyName: "REWE Markt"}
	key := searchKey(&b, theme.Locale{Lang: theme.German})
	tests := []struct {
		name string
		f    filter
		want bool
	}{
		{"empty", filter{}, true},
		{"word", filter{words: []string{"rewe"}}, true},
		{"all words", filter{words: []string{"rewe", "markt"}}, true},
		{"missing word", filter{words: []string{"rewe", "aldi"}}, false},
		{"amount text", filter{words: []string{"42,50"}}, true},
		{"min abs", filter{min: amt("40")}, true},
		{"min too high", filter{min: amt("50")}, false},
		{"max", filter{max: amt("42.5")}, true},
		{"max too low", filter{max: amt("42.49")}, false},
		{"outgoing", filter{dir: -1}, true},
		{"incoming", filter{dir: 1}, false},
		{"from", filter{from: statement.NewDate(2025, 2, 10)}, true},
		{"from later", filter{from: statement.NewDate(2025, 2, 11)}, false},
		{"to earlier", filter{to: statement.NewDate(2025, 2, 9)}, false},
	}
	for _, tc := range tests {
		if got := tc.f.matches(&b, key); got != tc.want {
			t.Errorf("%s: %v", tc.name, got)
		}
	}
	// pending bookings without booking date are found by value date
	p := statement.Booking{Status: statement.Pending, ValueDate: statement.NewDate(2025, 3, 1), Amount: money.MustParse("-1")}
	if !(filter{from: statement.NewDate(2025, 3, 1)}).matches(&p, "") {
		t.Error("pending booking not matched by value date")
	}
}

func TestFilterNarrows(t *testing.T) {
	var a, b filter
	a.setText("rew")
	b.setText("rewe mark")
	if !a.narrows(b) {
		t.Error("longer text should narrow")
	}
	if b.narrows(a) {
		t.Error("shorter text does not narrow")
	}
	c := b
	c.min = amt("10")
	if b.narrows(c) {
		t.Error("a new amount bound is not a text extension")
	}
}

func TestPromptAnswersOnce(t *testing.T) {
	p := newPrompt[int]()
	p.answer(1, nil)
	p.answer(2, errors.New("late")) // must neither block nor override
	v, err := p.wait(context.Background())
	if v != 1 || err != nil {
		t.Fatalf("got %d, %v", v, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := newPrompt[int]().wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled wait: %v", err)
	}
}

func TestJobHandleRoundTrip(t *testing.T) {
	events := make(chan tea.Msg, 4)
	h := &jobHandle{id: 7, login: "l", events: events}
	done := make(chan error, 1)
	go func() {
		tan, err := h.TAN(context.Background(), fints.Challenge{Text: "x"})
		if err == nil && tan.Reveal() != "123" {
			err = errors.New("wrong TAN " + tan.Reveal())
		}
		done <- err
	}()
	req := (<-events).(tanRequestMsg)
	if req.job != 7 || req.login != "l" || req.c.Text != "x" {
		t.Fatalf("request %+v", req)
	}
	req.p.answer(secret.New("123"), nil)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// Progress and Decoupled never block, even with a full channel
	full := &jobHandle{id: 1, events: make(chan tea.Msg)}
	ctx, cancel := context.WithCancel(context.Background())
	full.Progress("x", 1, 2)
	full.Decoupled(ctx, fints.DecoupledStatus{})
	cancel()
}

func TestStartJobRecoversPanic(t *testing.T) {
	c := &Context{base: context.Background(), bridge: newBridge(), Now: time.Now}
	var got error
	cmd := startJob(c, jobSpec{Label: "boom"}, func(context.Context, Job) (int, error) { panic("bad data") },
		func(_ int, err error) tea.Cmd { got = err; return nil })
	msg := cmd().(jobDoneMsg)
	j := c.jobs.remove(msg.job)
	j.finish(msg.val, msg.err)
	if got == nil || !strings.Contains(got.Error(), "internal error in boom: bad data") {
		t.Fatalf("panic became %v", got)
	}
}

// stubBackend answers only what the TAN modal asks.
type stubBackend struct{ Backend }

func (stubBackend) TANMethods(string) (TANOptions, error)  { return TANOptions{}, nil }
func (stubBackend) SearchBanks(string, int) []bankdir.Bank { return nil }

func testContext() *Context {
	c := &Context{Backend: stubBackend{}, Theme: theme.New(theme.Options{Dark: true}), Now: func() time.Time { return time.Unix(0, 0) },
		base: context.Background(), bridge: newBridge(), FlickerFrames: defaultFlickerFrames, ImageColor: true}
	return c
}

func TestFlickerAnimationTicks(t *testing.T) {
	c := testContext()
	fl := challenge.NewHHD14("1791456832", "DE21123456780000012345", "25,00")
	f := fints.Challenge{Method: fints.TANMethod{Kind: fints.TANFlicker, Name: "chipTAN"}, Flicker: &fl}
	m := newTANModal(c, tanRequestMsg{job: 1, c: f, p: newPrompt[secret.Value]()})
	m.SetSize(70, 20)
	if m.flick == nil {
		t.Fatalf("no animation: %s", m.visual.err)
	}
	gen := m.flickGen
	first := m.flick.Pos()
	m.Update(flickerTickMsg{gen: gen})
	if m.flick.Pos() != first+1 {
		t.Fatal("tick did not advance")
	}
	m.Update(flickerTickMsg{gen: gen - 1}) // stale timer: ignored
	if m.flick.Pos() != first+1 {
		t.Fatal("stale tick advanced the animation")
	}
	m.Update(tea.KeyPressMsg{Code: tea.KeyUp})
	if m.flickGen == gen || m.flick.Hz() != 12 {
		t.Fatalf("speed change kept generation %d, %d Hz", m.flickGen, m.flick.Hz())
	}
	m.Update(flickerTickMsg{gen: gen}) // the old timer must not run on
	if m.flick.Pos() != first+1 {
		t.Fatal("old generation still animates")
	}
	view := m.View()
	if !strings.Contains(view, "48;2;255;255;255") || !strings.Contains(view, "48;2;0;0;0") {
		t.Fatal("flicker bars are not painted light and dark")
	}
	c.Theme = theme.New(theme.Options{Dark: true, NoColor: true})
	if mono := m.View(); !strings.Contains(mono, "█") || strings.Contains(mono, "48;2;") {
		t.Fatal("without colours the bars must be block characters")
	}
	for i, l := range strings.Split(view, "\n") {
		if w := ansi.StringWidth(l); w > 70 {
			t.Fatalf("line %d is %d wide", i, w)
		}
	}
}

// FuzzStatementCells feeds arbitrary bank text through the statement
// table: no panic, no escape sequence from the data, every line exactly as
// wide as the screen.
func FuzzStatementCells(f *testing.F) {
	f.Add("REWE Markt GmbH", "Kartenzahlung", "DE02120300000000202051")
	f.Add("\x1b[2J\x1b]0;pwned\x07", "line\nbreak\r\ttab", "\xff\xfe")
	f.Add("日本語テキスト👨‍👩‍👧", "Zero\u200bwidth\u0301", "")
	f.Fuzz(func(t *testing.T, name, purpose, iban string) {
		c := testContext()
		c.Locale = theme.Locale{Lang: theme.German}
		bal := money.MustParse("100")
		c.logins = []Login{{ID: "l", Accounts: []AccountInfo{{Account: fints.Account{IBAN: "DE02120300000000202051", Product: name},
			Balance: &fints.Balance{Booked: statement.Balance{Amount: bal, Currency: "EUR"}}}}}}
		s := newStatementScreen(c, c.logins[0], c.logins[0].Accounts[0])
		s.SetSize(80, 20)
		bs := []statement.Booking{
			{BookingDate: statement.NewDate(2025, 1, 2), Amount: money.MustParse("-1.5"), Currency: "EUR", CounterpartyName: name, Purpose: purpose, CounterpartyIBAN: iban},
			{Status: statement.Pending, ValueDate: statement.NewDate(2025, 1, 3), Amount: money.MustParse("2"), Currency: "EUR", CounterpartyName: purpose, Purpose: name},
		}
		s.setHistory(History{Bookings: bs, From: statement.NewDate(2025, 1, 1)})
		s.details = true
		for _, view := range []string{s.View()} {
			if bad := nonSGR(view); bad != "" {
				t.Fatalf("escape sequence %q from bank data reached the screen", bad)
			}
			if strings.ContainsAny(ansi.Strip(view), "\r\a\t") {
				t.Fatalf("control characters from bank data reached the screen: %q", view)
			}
			for i, l := range strings.Split(view, "\n") {
				if w := ansi.StringWidth(l); w > 80 {
					t.Fatalf("line %d is %d wide: %q", i, w, ansi.Strip(l))
				}
				if !utf8.ValidString(ansi.Strip(l)) {
					t.Fatalf("invalid UTF-8 on line %d", i)
				}
			}
		}
	})
}

// nonSGR returns the first escape sequence in s that is not a plain SGR
// (colour/attribute) sequence, the only kind saldo's rendering emits.
func nonSGR(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] != 0x1b {
			continue
		}
		j := i + 1
		if j >= len(s) || s[j] != '[' {
			return s[i:min(i+8, len(s))]
		}
		j++
		for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';' || s[j] == ':') {
			j++
		}
		if j >= len(s) || s[j] != 'm' {
			return s[i:min(j+1, len(s))]
		}
		i = j
	}
	return ""
}

func TestNonSGR(t *testing.T) {
	if nonSGR("a\x1b[1;38;2;1;2;3mb\x1b[m") != "" || nonSGR("\x1b[2J") == "" || nonSGR("\x1b]0;x\x07") == "" {
		t.Fatal("nonSGR misjudges")
	}
}
