package fints_test

import (
	"context"
	"testing"
	"time"

	"saldo/fints"
	"saldo/fints/demobank"
	"saldo/fints/money"
)

// BenchmarkTransferStandingDialog sends transfers to a known payee (payee
// check answered at once, SMS-TAN) in one standing dialog against the demo
// bank on loopback, and reports the requests per transfer.
func BenchmarkTransferStandingDialog(b *testing.B) {
	benchTransfers(b, 0)
}

// BenchmarkTransferPolledPayeeCheck adds a payee check that needs one poll
// and an HKVPA release (fake clock: the wait costs no time).
func BenchmarkTransferPolledPayeeCheck(b *testing.B) {
	benchTransfers(b, 2*time.Second)
}

// benchTransfers sends b.N transfers of 0.01 EUR to Erika Mustermann in
// one standing dialog; vopDelay is how long the bank's payee check takes.
func benchTransfers(b *testing.B, vopDelay time.Duration) {
	e := newPayEnv(b, demobank.MethodSMS, demobank.Options{})
	if vopDelay > 0 {
		e.bank.SetVoPDelay(vopDelay)
	}
	ctx := context.Background()
	if err := e.c.Open(ctx); err != nil {
		b.Fatal(err)
	}
	tr := e.transfer("Erika Mustermann", payee(b, "Erika Mustermann"))
	tr.Amount = money.MustParse("0.01")
	reqs := e.bank.Requests()
	b.ResetTimer()
	for range b.N {
		o, err := e.c.Transfer(ctx, tr)
		if err != nil || o.State != fints.Executed {
			b.Fatalf("%+v, %v", o, err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(e.bank.Requests()-reqs)/float64(b.N), "requests/transfer")
	if err := e.c.Close(ctx); err != nil {
		b.Fatal(err)
	}
}
