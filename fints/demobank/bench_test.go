package demobank

import (
	"net/http/httptest"
	"testing"

	"saldo/fints/wire"
)

// BenchmarkStatementPages100k pages through the whole history of the
// 100,000-booking account with MT940 (HKKAZ) over HTTP, the way a
// client's first full sync does. One op is one page of 100 bookings.
func BenchmarkStatementPages100k(b *testing.B) {
	bank := New(Options{Now: NewFakeClock(srvNow).Now})
	srv := httptest.NewServer(bank.Handler())
	defer srv.Close()
	c := srvClient(b, srv.URL)
	c.user = DemoUser100k
	c.login(bank)
	accts, _ := bank.Ledger().Accounts(DemoUser100k)
	kti := wire.KTI{IBAN: accts[0].IBAN, BIC: BankBIC}.DE()
	job := func(td string) []*wire.Segment {
		s := wire.NewSegment("HKKAZ", 7, kti, wire.S("N"), nil, nil, nil)
		if td != "" {
			s.Add(wire.S(td))
		}
		return []*wire.Segment{s, wire.NewSegment("HKTAN", 7, wire.S("4"), wire.S("HKKAZ"))}
	}
	start := func() *wire.Response {
		c.send(job("")...)
		tan, ref := bank.LastTAN(DemoUser100k)
		return c.tanStep("2", ref, tan)
	}
	b.ResetTimer()
	resp := start()
	pages, bytes := 1, len(resp.Find("HIKAZ").Bin(2))
	for i := 1; i < b.N; i++ {
		td, ok := resp.Codes.Find("3040")
		if !ok {
			resp = start() // history done: start over
		} else {
			resp = c.send(job(td.Params[0])...)
		}
		pages++
		bytes += len(resp.Find("HIKAZ").Bin(2))
	}
	b.StopTimer()
	b.ReportMetric(float64(pages*100)/b.Elapsed().Seconds(), "bookings/s")
	b.ReportMetric(float64(bytes)/float64(pages), "MT940-bytes/page")
}
