package app

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"saldo/fints"
	"saldo/fints/demobank"
	"saldo/fints/secret"
	"saldo/ui"
)

// person plays the user behind the UI: it types the PIN, reads each TAN
// from the demo bank's test hook (what the SMS or the generator would
// show), approves in the demo app and answers the payee check.
type person struct {
	bank *demobank.Bank
	user string
	pin  string

	mu         sync.Mutex
	pins       []ui.PINRequest
	challenges []fints.Challenge
	statuses   []fints.DecoupledStatus
	payees     []fints.VoPResult
	tans       []string // every TAN typed, for the canary scan
	steps      []string

	quitTAN   bool // answer TAN prompts with ui.ErrQuitting (the person quits)
	wrongPIN  int  // type this many wrong PINs first
	payeeOK   bool // release the order after a non-matching payee check
	approve   bool // approve decoupled tasks when told to wait
	switchTo  string
	onPayee   func()
	onTAN     func()
	cancelPIN bool
}

var _ ui.Job = (*person)(nil)

func (p *person) PIN(ctx context.Context, r ui.PINRequest) (secret.Value, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pins = append(p.pins, r)
	if p.cancelPIN {
		return secret.Value{}, ui.ErrCancelled
	}
	if p.wrongPIN > 0 {
		p.wrongPIN--
		return secret.New(p.pin + "-WRONG"), nil
	}
	return secret.New(p.pin), nil
}

func (p *person) TAN(ctx context.Context, c fints.Challenge) (secret.Value, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.challenges = append(p.challenges, c)
	if p.onTAN != nil {
		p.onTAN()
	}
	if p.quitTAN {
		return secret.Value{}, ui.ErrQuitting
	}
	if p.switchTo != "" {
		code := p.switchTo
		p.switchTo = ""
		return secret.Value{}, &ui.SwitchMethodError{Code: code}
	}
	tan, _ := p.bank.LastTAN(p.user)
	if tan == "" {
		return secret.Value{}, context.Canceled
	}
	p.tans = append(p.tans, tan)
	return secret.New(tan), nil
}

func (p *person) Decoupled(ctx context.Context, s fints.DecoupledStatus) {
	p.mu.Lock()
	p.statuses = append(p.statuses, s)
	approve := p.approve
	p.mu.Unlock()
	if approve {
		p.bank.ApproveDecoupled(s.Challenge.Reference)
	}
}

func (p *person) ConfirmApproval(ctx context.Context, c fints.Challenge) error {
	p.bank.ApproveDecoupled(c.Reference)
	return nil
}

func (p *person) ConfirmPayee(ctx context.Context, r fints.VoPResult) (bool, error) {
	p.mu.Lock()
	p.payees = append(p.payees, r)
	ok, f := p.payeeOK, p.onPayee
	p.mu.Unlock()
	if f != nil {
		f()
	}
	return ok, nil
}

func (p *person) Progress(step string, done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.steps = append(p.steps, step)
}

func (p *person) counts() (pins, tans int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.pins), len(p.challenges)
}

func (p *person) set(f func(p *person)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f(p)
}

// smsBank is a demo bank whose user types TANs (SMS method), with TANs
// kept out of the challenge texts so that only the hook knows them.
func smsBank(pin string) demobank.Options {
	return demobank.Options{HideTANs: true, Logins: []demobank.LoginOptions{
		{UserID: demobank.DemoUser, PIN: pin, Methods: []string{demobank.MethodSMS, demobank.MethodDecoupled}},
	}}
}

// testDemo starts a demo with its vault in a test directory that outlives
// the backend, so a test can start "saldo" a second time on it.
func testDemo(t *testing.T, bank demobank.Options, pin string) (*Demo, *person, *bytes.Buffer) {
	t.Helper()
	logs := &bytes.Buffer{}
	d, err := StartDemo(context.Background(), DemoOptions{
		Bank: bank, Dir: t.TempDir(), Logger: slog.New(slog.NewTextHandler(&lockedWriter{w: logs}, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close(context.Background()) })
	p := &person{bank: d.Bank, user: demobank.DemoUser, pin: pin}
	if err := d.Backend.SetTANMethod(d.LoginID, demobank.MethodSMS, ""); err != nil {
		t.Fatal(err)
	}
	return d, p, logs
}

// restart is a second start of saldo on the same vault: a new backend,
// unlocked with the demo passphrase, talking to the same bank.
func restart(t *testing.T, d *Demo, logs io.Writer) *Backend {
	t.Helper()
	if err := d.Backend.Close(context.Background()); err != nil {
		t.Fatalf("close: %v", err)
	}
	b := New(Options{VaultPath: d.VaultPath, DemoURL: d.Bank.URL(), ProductID: DemoProductID,
		Logger: slog.New(slog.NewTextHandler(&lockedWriter{w: logs}, nil))})
	if err := b.Unlock(context.Background(), secret.New(DemoPassphrase), false); err != nil {
		t.Fatal(err)
	}
	d.Backend = b
	return b
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}
