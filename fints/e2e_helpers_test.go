package fints_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"saldo/fints"
	"saldo/fints/demobank"
	"saldo/fints/secret"
)

// startBank serves a demo bank on loopback for the test.
func startBank(t testing.TB, opts demobank.Options) *demobank.Bank {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	b := demobank.New(opts)
	if url := b.Start(ctx); url == "" {
		cancel()
		t.Fatalf("demo bank did not start: %v", b.Err())
	}
	t.Cleanup(func() { cancel(); b.Close() })
	return b
}

// bankPrompter plays the person: it reads the TAN the bank issued through
// the bank's test hook (what the SMS or generator would show) and taps
// "approve" in the demo app when asked to confirm.
type bankPrompter struct {
	bank *demobank.Bank
	user string

	mu         sync.Mutex
	challenges []fints.Challenge
	statuses   []fints.DecoupledStatus
	wrong      int   // answer this many prompts with a wrong TAN first
	pause      bool  // answer TAN prompts with ErrPause
	err        error // answer TAN prompts with this error
}

func (p *bankPrompter) TAN(ctx context.Context, c fints.Challenge) (secret.Value, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.challenges = append(p.challenges, c)
	switch {
	case p.pause:
		return secret.Value{}, fints.ErrPause
	case p.err != nil:
		return secret.Value{}, p.err
	case p.wrong > 0:
		p.wrong--
		return secret.New("000000"), nil
	}
	tan, _ := p.bank.LastTAN(p.user)
	if tan == "" {
		return secret.Value{}, context.Canceled
	}
	return secret.New(tan), nil
}

func (p *bankPrompter) Decoupled(_ context.Context, s fints.DecoupledStatus) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.statuses = append(p.statuses, s)
}

func (p *bankPrompter) ConfirmApproval(context.Context, fints.Challenge) error {
	p.bank.ApproveDecoupled("")
	return nil
}

func (p *bankPrompter) ConfirmPayee(context.Context, fints.VoPResult) (bool, error) {
	return false, nil
}

func (p *bankPrompter) prompts() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.challenges)
}

// config returns a client configuration for a demo user.
func config(b *demobank.Bank, user string, p fints.Prompter) fints.Config {
	return fints.Config{
		URL: b.URL(), BankCode: demobank.BankCode, UserID: user,
		ProductID: "SALDOTEST", PIN: secret.New(demobank.DemoPIN), Prompter: p,
		ResponseTimeout: 20 * time.Second,
	}
}

// smsLogin is the demo login with SMS-TAN only, whose TANs the tests read
// through the bank's hook; noSCA spares its first login the SCA.
func smsLogin(noSCA bool) []demobank.LoginOptions {
	return []demobank.LoginOptions{{UserID: demobank.DemoUser, Methods: []string{demobank.MethodSMS}, NoLoginSCA: noSCA}}
}

// warmConfig logs in once and returns a configuration that restores the
// state blob of that login, as the person's next session would.
func warmConfig(t *testing.T, bank *demobank.Bank, p *bankPrompter) fints.Config {
	t.Helper()
	state := loggedIn(t, bank, p, "")
	cfg := config(bank, demobank.DemoUser, p)
	cfg.State = state
	return cfg
}

// fakeClock advances instantly on Sleep, recording the waits.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waits   []time.Duration
	onSleep func()
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.waits = append(c.waits, d)
	f := c.onSleep
	c.mu.Unlock()
	if f != nil {
		f()
	}
	return ctx.Err()
}

func fintsSecret(s string) secret.Value { return secret.New(s) }
