package fints_test

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"saldo/fints"
	"saldo/fints/demobank"
	"saldo/fints/secret"
	"saldo/fints/wire"
)

// loggedIn returns a client whose first login (with SCA) is done, and the
// state blob it left, so tests can start warm.
func loggedIn(t *testing.T, bank *demobank.Bank, p *bankPrompter, method string) []byte {
	t.Helper()
	cfg := config(bank, demobank.DemoUser, p)
	cfg.TANMethod = method
	c, err := fints.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Accounts(context.Background()); err != nil {
		t.Fatal(err)
	}
	return c.Deconstruct(true)
}

// TestE2EDecoupledPolling: the engine waits the BPD's first wait, then the
// next wait between status requests (fake clock), and reports each step.
func TestE2EDecoupledPolling(t *testing.T) {
	bank := startBank(t, demobank.Options{ApproveAfter: -1, Logins: []demobank.LoginOptions{{UserID: demobank.DemoUser, Methods: []string{demobank.MethodDecoupled}}}})
	p := &bankPrompter{bank: bank, user: demobank.DemoUser}
	clock := &fakeClock{now: time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)}
	clock.onSleep = func() {
		if len(clock.waits) == 3 {
			bank.ApproveDecoupled("")
		}
	}
	cfg := config(bank, demobank.DemoUser, p)
	cfg.Clock = clock
	var trace bytes.Buffer
	cfg.Trace = &trace
	c, err := fints.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	accounts, err := c.Accounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(accounts) == 0 {
		t.Fatal("no accounts")
	}
	// All three status requests go into the login dialog: two dialog
	// initialisations in all (synchronisation, login), none per poll.
	if inits, polls := strings.Count(trace.String(), "\nHKIDN:"), len(regexp.MustCompile(`(?m)^HKTAN:\d+:\d+\+S\+`).FindAllString(trace.String(), -1)); inits != 2 || polls != 3 {
		t.Errorf("%d dialog initialisations and %d status requests, want 2 and 3", inits, polls)
	}
	methods, current := c.TANMethods()
	if current != demobank.MethodDecoupled || len(methods) != 1 {
		t.Fatalf("method %q of %+v", current, methods)
	}
	m := methods[0]
	if m.Kind != fints.TANDecoupled || m.FirstWait <= 0 || m.NextWait <= 0 || !m.AutoPoll {
		t.Fatalf("decoupled method parameters: %+v", m)
	}
	want := []time.Duration{m.FirstWait, m.NextWait, m.NextWait}
	if len(clock.waits) != len(want) {
		t.Fatalf("waits = %v, want %v", clock.waits, want)
	}
	for i := range want {
		if clock.waits[i] != want[i] {
			t.Errorf("wait %d = %v, want %v", i, clock.waits[i], want[i])
		}
	}
	// Decoupled is called when waiting starts, after each pending poll and
	// once approved: 1 + 2 + 1.
	if len(p.statuses) != 4 || p.statuses[0].Polls != 0 || p.statuses[3].Polls != 3 {
		t.Errorf("statuses = %+v", p.statuses)
	}
	first := p.statuses[0]
	if first.MaxPolls != m.MaxPolls || first.Challenge.Operation != "Login" || first.NextPoll != m.FirstWait {
		t.Errorf("first status = %+v", first)
	}
	if wantDeadline := clock.waits[0]; m.MaxPolls > 0 && first.Deadline.Sub(time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)) < wantDeadline {
		t.Errorf("deadline %v too early", first.Deadline)
	}
}

func TestE2EDecoupledCancel(t *testing.T) {
	bank := startBank(t, demobank.Options{ApproveAfter: -1, Logins: []demobank.LoginOptions{{UserID: demobank.DemoUser, Methods: []string{demobank.MethodDecoupled}}}})
	p := &bankPrompter{bank: bank, user: demobank.DemoUser}
	ctx, cancel := context.WithCancel(context.Background())
	clock := &fakeClock{now: time.Now()}
	clock.onSleep = func() {
		if len(clock.waits) == 2 {
			cancel()
		}
	}
	cfg := config(bank, demobank.DemoUser, p)
	cfg.Clock = clock
	c, _ := fints.New(cfg)
	_, err := c.Accounts(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if len(clock.waits) != 2 {
		t.Errorf("waits = %v, want 2 (cancelled during the second)", clock.waits)
	}
}

func TestE2EDecoupledRejected(t *testing.T) {
	bank := startBank(t, demobank.Options{ApproveAfter: -1, Logins: []demobank.LoginOptions{{UserID: demobank.DemoUser, Methods: []string{demobank.MethodDecoupled}}}})
	p := &bankPrompter{bank: bank, user: demobank.DemoUser}
	clock := &fakeClock{now: time.Now()}
	clock.onSleep = func() { bank.RejectDecoupled("") }
	cfg := config(bank, demobank.DemoUser, p)
	cfg.Clock = clock
	c, _ := fints.New(cfg)
	_, err := c.Accounts(context.Background())
	if !errors.Is(err, fints.ErrTANRejected) {
		t.Fatalf("err = %v, want ErrTANRejected", err)
	}
}

// TestE2EWrongTANAskedAgain: 9941 makes the engine ask again for the same
// task; the second, right TAN completes the login.
func TestE2EWrongTANAskedAgain(t *testing.T) {
	bank := startBank(t, demobank.Options{HideTANs: true, Logins: smsLogin(false)})
	p := &bankPrompter{bank: bank, user: demobank.DemoUser, wrong: 1}
	c, _ := fints.New(config(bank, demobank.DemoUser, p))
	if _, err := c.Accounts(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(p.challenges) != 2 || p.challenges[1].Attempt != 2 || p.challenges[0].Reference != p.challenges[1].Reference {
		t.Errorf("challenges = %+v", p.challenges)
	}
}

func TestE2ETANMethodsAndKinds(t *testing.T) {
	tests := []struct {
		method string
		kind   fints.TANKind
		check  func(fints.Challenge) bool
	}{
		{demobank.MethodChipTAN, fints.TANFlicker, func(c fints.Challenge) bool { return c.Flicker != nil }},
		{demobank.MethodPhotoTAN, fints.TANImage, func(c fints.Challenge) bool { return c.Image != nil && len(c.Image.Data) > 0 }},
		{demobank.MethodSMS, fints.TANManual, func(c fints.Challenge) bool { return c.Text != "" }},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			bank := startBank(t, demobank.Options{Logins: []demobank.LoginOptions{{UserID: demobank.DemoUser}}})
			p := &bankPrompter{bank: bank, user: demobank.DemoUser}
			cfg := config(bank, demobank.DemoUser, p)
			cfg.TANMethod = tt.method
			c, _ := fints.New(cfg)
			if _, err := c.Accounts(context.Background()); err != nil {
				t.Fatal(err)
			}
			if len(p.challenges) != 1 {
				t.Fatalf("challenges = %d", len(p.challenges))
			}
			ch := p.challenges[0]
			if ch.Method.Code != tt.method || ch.Method.Kind != tt.kind || !tt.check(ch) {
				t.Errorf("challenge = %+v", ch)
			}
		})
	}
}

// TestE2EDefaultMethodIsDecoupled: with every method allowed and no
// choice made, the engine picks app approval.
func TestE2EDefaultMethodIsDecoupled(t *testing.T) {
	bank := startBank(t, demobank.Options{ApproveAfter: time.Millisecond})
	p := &bankPrompter{bank: bank, user: demobank.DemoUser}
	cfg := config(bank, demobank.DemoUser, p)
	cfg.Clock = &fakeClock{now: time.Now(), onSleep: func() { time.Sleep(5 * time.Millisecond) }}
	c, _ := fints.New(cfg)
	if _, err := c.Accounts(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, cur := c.TANMethods(); cur != demobank.MethodDecoupled {
		t.Errorf("default method = %s, want %s", cur, demobank.MethodDecoupled)
	}
}

// reentrantPrompter calls the client's accessors from inside the TAN
// prompt, as a UI does when it offers to switch the method.
type reentrantPrompter struct {
	*bankPrompter
	c       *fints.Client
	methods int
}

func (p *reentrantPrompter) TAN(ctx context.Context, ch fints.Challenge) (secret.Value, error) {
	ms, _ := p.c.TANMethods()
	p.methods = len(ms)
	_ = p.c.KnownAccounts()
	_ = p.c.BankName()
	if err := p.c.SetTANMethod(demobank.MethodChipTAN, ""); err != nil {
		return secret.Value{}, err
	}
	return p.bankPrompter.TAN(ctx, ch)
}

// TestE2EAccessorsDuringPrompt: accessors and SetTANMethod do not wait for
// the operation blocked in the prompt; the new method applies to the next
// dialog.
func TestE2EAccessorsDuringPrompt(t *testing.T) {
	bank := startBank(t, demobank.Options{Logins: []demobank.LoginOptions{{UserID: demobank.DemoUser, Methods: []string{demobank.MethodSMS, demobank.MethodChipTAN}}}})
	p := &reentrantPrompter{bankPrompter: &bankPrompter{bank: bank, user: demobank.DemoUser}}
	cfg := config(bank, demobank.DemoUser, p)
	cfg.TANMethod = demobank.MethodSMS
	c, _ := fints.New(cfg)
	p.c = c
	done := make(chan error, 1)
	go func() { _, err := c.Accounts(context.Background()); done <- err }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("deadlock: accessors wait for the operation in the prompt")
	}
	if _, cur := c.TANMethods(); cur != demobank.MethodChipTAN || p.methods != 2 {
		t.Errorf("current %s, methods seen %d", cur, p.methods)
	}
	if !strings.Contains(string(c.Deconstruct(false)), `"tan_method":"911"`) {
		t.Error("the new choice is not in the state")
	}
}

// TestE2EExecSCAOutcomes: the bank's SCA decision for a job sent with
// Exec is reported with its result: 3076 exempt without any prompt
// (statements within 90 days), a TAN entered after 0030 (older
// statements), approval in the app after 3955.
func TestE2EExecSCAOutcomes(t *testing.T) {
	tests := []struct {
		name, method string
		days         int
		want         fints.SCAOutcome
		tans         int
	}{
		{"exempt", demobank.MethodSMS, 30, fints.SCAExempt, 0},
		{"TAN", demobank.MethodSMS, 200, fints.SCATAN, 1},
		{"decoupled", demobank.MethodDecoupled, 200, fints.SCADecoupled, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bank := startBank(t, demobank.Options{ApproveAfter: time.Millisecond,
				Logins: []demobank.LoginOptions{{UserID: demobank.DemoUser, Methods: []string{tt.method}, NoLoginSCA: true}}})
			p := &bankPrompter{bank: bank, user: demobank.DemoUser}
			cfg := config(bank, demobank.DemoUser, p)
			cfg.Clock = &fakeClock{now: time.Now()}
			c, _ := fints.New(cfg)
			accts, err := c.Accounts(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			a, today := accts[0], bank.Ledger().Today()
			kti := wire.KTI{IBAN: a.IBAN, BIC: a.BIC, Number: a.Number, Bank: wire.KIK{Country: "280", Code: demobank.BankCode}}
			seg := wire.NewSegment("HKKAZ", 7, kti.DE(), wire.S("N"), wire.S(today.AddDays(-tt.days).Compact()), wire.S(today.Compact()))
			res, err := c.Exec(context.Background(), "Statements", seg)
			if err != nil {
				t.Fatal(err)
			}
			if len(res) != 1 || res[0].Err != nil || res[0].SCA != tt.want || len(res[0].Data) == 0 {
				t.Fatalf("result = %+v, want SCA %q with data", res, tt.want)
			}
			if p.prompts() != tt.tans {
				t.Errorf("%d TAN prompts, want %d", p.prompts(), tt.tans)
			}
			// Exec does not page: 200 days come back as the first page with
			// the bank's 3040 (this once looped, fetching page one forever).
			if paged := res[0].Codes.Has("3040"); paged != (tt.days > 90) {
				t.Errorf("3040 in the codes: %v, want %v (%v)", paged, tt.days > 90, res[0].Codes)
			}
		})
	}
}
