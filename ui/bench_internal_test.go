package ui

import (
	"testing"
	"time"

	"saldo/fints"
	"saldo/fints/money"
	"saldo/fints/statement"
)

// BenchmarkStatementOpen100k measures the UI's part of opening a
// statement with 100,000 cached bookings once the backend returned them:
// running balances, the unfiltered view and the first frame. The vault
// read is app.BenchmarkHistory100k; together they are the open time.
func BenchmarkStatementOpen100k(b *testing.B) {
	c, h := bigStatement()
	b.ReportAllocs()
	b.ResetTimer()
	var elapsed time.Duration
	for b.Loop() {
		t0 := time.Now()
		s := newStatementScreen(c, c.logins[0], c.logins[0].Accounts[0])
		s.SetSize(120, 37)
		s.setHistory(h)
		_ = s.View()
		elapsed += time.Since(t0)
	}
	b.ReportMetric(float64(elapsed)/float64(time.Millisecond)/float64(b.N), "ms/open")
}

// BenchmarkStatementSearch100k measures typing a search over 100,000
// bookings: the first letter builds the search text of every booking, the
// following ones narrow the previous result.
func BenchmarkStatementSearch100k(b *testing.B) {
	c, h := bigStatement()
	var first, next time.Duration
	for b.Loop() {
		s := newStatementScreen(c, c.logins[0], c.logins[0].Accounts[0])
		s.SetSize(120, 37)
		s.setHistory(h)
		t0 := time.Now()
		s.filter.setText("b")
		s.refilter()
		t1 := time.Now()
		for _, q := range []string{"be", "bes", "best", "beste"} {
			s.filter.setText(q)
			s.refilter()
			_ = s.View()
		}
		first += t1.Sub(t0)
		next += time.Since(t1) / 4
	}
	b.ReportMetric(float64(first)/float64(time.Millisecond)/float64(b.N), "ms/first-key")
	b.ReportMetric(float64(next)/float64(time.Millisecond)/float64(b.N), "ms/next-key")
}

func bigStatement() (*Context, History) {
	const n = 100_000
	bs := make([]statement.Booking, n)
	day := statement.NewDate(2026, 11, 24)
	for i := range bs {
		bs[i] = statement.Booking{BookingDate: day.AddDays(-i / 100), Amount: money.FromCents(int64(i%5000 - 2500)), Currency: "EUR",
			CounterpartyName: "Kunde", Purpose: "Bestellung"}
	}
	c := testContext()
	bal := money.MustParse("31697.59")
	acct := fints.Account{IBAN: "DE97700660002009876543", Product: "Geschäftskonto"}
	c.logins = []Login{{ID: "l", Accounts: []AccountInfo{{Account: acct, Balance: &fints.Balance{Booked: statement.Balance{Amount: bal, Currency: "EUR"}}}}}}
	return c, History{Bookings: bs, From: day.AddDays(-n / 100)}
}
