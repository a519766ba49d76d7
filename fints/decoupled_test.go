package fints

import (
	"context"
	"testing"
	"time"

	"saldo/fints/demobank"
	"saldo/fints/secret"
)

// confirmPrompter confirms approvals by approving in the demo app.
type confirmPrompter struct {
	bank     *demobank.Bank
	confirms int
}

func (p *confirmPrompter) TAN(context.Context, Challenge) (secret.Value, error) {
	return secret.Value{}, context.Canceled
}
func (p *confirmPrompter) Decoupled(context.Context, DecoupledStatus) {}
func (p *confirmPrompter) ConfirmApproval(context.Context, Challenge) error {
	p.confirms++
	p.bank.ApproveDecoupled("")
	return nil
}
func (p *confirmPrompter) ConfirmPayee(context.Context, VoPResult) (bool, error) { return false, nil }

// TestManualConfirmation: when the bank forbids automatic status requests
// the engine polls only after the person confirmed in the app.
func TestManualConfirmation(t *testing.T) {
	bank := demobank.New(demobank.Options{ApproveAfter: -1, Logins: []demobank.LoginOptions{{UserID: demobank.DemoUser, Methods: []string{demobank.MethodDecoupled}}}})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	url := bank.Start(ctx)
	defer bank.Close()
	p := &confirmPrompter{bank: bank}
	sleeps := 0
	c, err := New(Config{URL: url, BankCode: demobank.BankCode, UserID: demobank.DemoUser, ProductID: "SALDOTEST",
		PIN: secret.New(demobank.DemoPIN), Prompter: p, Clock: sleepCounter{&sleeps}})
	if err != nil {
		t.Fatal(err)
	}
	// First contact to learn the BPD, then forbid automatic polling.
	if err := c.synchronise(ctx); err != nil {
		t.Fatal(err)
	}
	for i := range c.p.methods {
		c.p.methods[i].AutoPoll, c.p.methods[i].ManualConfirm = false, true
	}
	d, err := c.openDialog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if p.confirms != 1 || sleeps != 0 {
		t.Errorf("confirmations %d, sleeps %d; want 1 and 0", p.confirms, sleeps)
	}
	if err := c.end(ctx, d); err != nil {
		t.Fatal(err)
	}
}

type sleepCounter struct{ n *int }

func (sleepCounter) Now() time.Time { return time.Now() }
func (s sleepCounter) Sleep(ctx context.Context, d time.Duration) error {
	*s.n++
	return ctx.Err()
}
