package fints_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"saldo/fints"
	"saldo/fints/demobank"
	"saldo/fints/money"
	"saldo/fints/secret"
	"saldo/fints/sepa"
	"saldo/fints/statement"
)

// The payment tests run the engine against the demo bank over HTTP on
// loopback: real messages both ways, the bank's ledger as the witness of
// what was booked. One fake clock drives both sides: the engine's waits
// (VoP polling, decoupled polling) advance the bank's time.

var payEpoch = time.Date(2025, time.October, 20, 10, 0, 0, 0, time.UTC)

// payPIN is unlike anything else in a message or state, so a leak shows.
const payPIN = "Pq7x-Canary"

// payClock is the engine's Clock on top of the bank's FakeClock.
type payClock struct {
	fc    *demobank.FakeClock
	ahead time.Duration // how far the client's clock runs ahead of the bank's
	mu    sync.Mutex
	waits []time.Duration
}

func (c *payClock) Now() time.Time { return c.fc.Now().Add(c.ahead) }

func (c *payClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	c.waits = append(c.waits, d)
	c.mu.Unlock()
	c.fc.Advance(d)
	return nil
}

func (c *payClock) slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.waits...)
}

// payPrompter plays the person: TANs from the bank's test hook (the SMS),
// a fixed answer to the payee question, and optional misbehaviour.
type payPrompter struct {
	bank *demobank.Bank

	mu          sync.Mutex
	challenges  []fints.Challenge
	payees      []fints.VoPResult
	statuses    []fints.DecoupledStatus
	confirm     bool          // answer to ConfirmPayee
	wrong       int           // wrong TANs before the right one
	pauseTAN    bool          // answer TAN prompts with ErrPause
	pausePayee  bool          // answer ConfirmPayee with ErrPause
	beforeTAN   func()        // runs before a TAN is returned
	tanErr      error         // answer TAN prompts with this error
	advanceOnTx time.Duration // advance the bank clock before answering
	thinkPayee  time.Duration // advance the bank clock before answering the payee question
	clock       *demobank.FakeClock
}

func (p *payPrompter) TAN(_ context.Context, c fints.Challenge) (secret.Value, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.challenges = append(p.challenges, c)
	switch {
	case p.pauseTAN:
		return secret.Value{}, fints.ErrPause
	case p.tanErr != nil:
		return secret.Value{}, p.tanErr
	}
	if p.advanceOnTx > 0 {
		p.clock.Advance(p.advanceOnTx)
	}
	if p.beforeTAN != nil {
		p.beforeTAN()
	}
	if p.wrong > 0 {
		p.wrong--
		return secret.New("000000"), nil
	}
	tan, _ := p.bank.LastTAN(demobank.DemoUser)
	return secret.New(tan), nil
}

func (p *payPrompter) Decoupled(_ context.Context, s fints.DecoupledStatus) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.statuses = append(p.statuses, s)
}

func (p *payPrompter) ConfirmApproval(context.Context, fints.Challenge) error { return nil }

func (p *payPrompter) ConfirmPayee(_ context.Context, r fints.VoPResult) (bool, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.payees = append(p.payees, r)
	if p.thinkPayee > 0 {
		p.clock.Advance(p.thinkPayee)
	}
	if p.pausePayee {
		return false, fints.ErrPause
	}
	return p.confirm, nil
}

func (p *payPrompter) counts() (tans, payees int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.challenges), len(p.payees)
}

// payEnv is a demo bank with one client of the demo user.
type payEnv struct {
	bank   *demobank.Bank
	fc     *demobank.FakeClock
	clock  *payClock
	p      *payPrompter
	c      *fints.Client
	giro   demobank.Account
	method string
}

func newPayEnv(t testing.TB, method string, opts demobank.Options) *payEnv {
	t.Helper()
	fc := demobank.NewFakeClock(payEpoch)
	opts.Now = fc.Now
	if opts.Logins == nil {
		opts.Logins = []demobank.LoginOptions{{UserID: demobank.DemoUser, PIN: payPIN, Methods: []string{method}, NoLoginSCA: true}}
	}
	bank := demobank.New(opts)
	ctx, cancel := context.WithCancel(context.Background())
	if bank.Start(ctx) == "" {
		cancel()
		t.Fatalf("demo bank did not start: %v", bank.Err())
	}
	t.Cleanup(func() { cancel(); bank.Close() })
	e := &payEnv{bank: bank, fc: fc, clock: &payClock{fc: fc}, method: method}
	e.p = &payPrompter{bank: bank, confirm: true, clock: fc}
	e.c = e.client(t, nil)
	accts, err := bank.Ledger().Accounts(demobank.DemoUser)
	if err != nil {
		t.Fatal(err)
	}
	e.giro = accts[0]
	return e
}

// client returns a fresh client of the demo user (state restores a blob).
func (e *payEnv) client(t testing.TB, state []byte) *fints.Client {
	t.Helper()
	c, err := fints.New(fints.Config{
		URL: e.bank.URL(), BankCode: demobank.BankCode, UserID: demobank.DemoUser, ProductID: "SALDOTEST",
		PIN: secret.New(payPIN), Prompter: e.p, Clock: e.clock, TANMethod: e.method,
		ResponseTimeout: 20 * time.Second, State: state,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// transfer is a 25 EUR payment from the Girokonto.
func (e *payEnv) transfer(name, iban string) fints.Transfer {
	return fints.Transfer{From: fints.Account{IBAN: e.giro.IBAN}, ToName: name, ToIBAN: iban,
		Amount: money.MustParse("25.00"), Currency: "EUR", Purpose: "Rechnung 4711"}
}

// debits returns today's debits of the Girokonto with the given amount.
func (e *payEnv) debits(t *testing.T, amount string) []statement.Booking {
	t.Helper()
	today := e.bank.Ledger().Today()
	r, err := e.bank.Ledger().Bookings(e.giro.IBAN, today, today)
	if err != nil {
		t.Fatal(err)
	}
	var out []statement.Booking
	for _, b := range r.Booked {
		if b.Amount == money.MustParse(amount).Neg() && b.Purpose == "Rechnung 4711" {
			out = append(out, b)
		}
	}
	return out
}

func (e *payEnv) available(t *testing.T) money.Amount {
	t.Helper()
	b, err := e.bank.Ledger().Balance(e.giro.IBAN)
	if err != nil {
		t.Fatal(err)
	}
	return b.Available
}

// payee returns the IBAN of a known payee of the demo bank.
func payee(t testing.TB, name string) string {
	t.Helper()
	for _, p := range demobank.KnownPayees() {
		if p.Name == name {
			return p.IBAN
		}
	}
	t.Fatalf("no demo payee %q", name)
	return ""
}

// otherBankIBAN is a valid IBAN at a real bank that the demo bank's payee
// check does not know.
func otherBankIBAN(t *testing.T) string {
	t.Helper()
	iban, err := sepa.GermanIBAN("37040044", "0532013000")
	if err != nil {
		t.Fatal(err)
	}
	return iban
}

func mustOutcome(t *testing.T, o fints.Outcome, err error, state fints.OutcomeState, code string) {
	t.Helper()
	if err != nil {
		t.Fatalf("transfer: %v", err)
	}
	if o.State != state || o.Code != code {
		t.Fatalf("outcome = %+v, want %s with code %q", o, state, code)
	}
	if state != fints.Executed && o.Reason == "" {
		t.Fatal("no reason given")
	}
}

// TestTransferExecuted: a payment to a known payee (full match, answered
// at once with 3091) needs one TAN, is booked once, lowers the balance
// and shows up in the statement the engine downloads.
func TestTransferExecuted(t *testing.T) {
	e := newPayEnv(t, demobank.MethodSMS, demobank.Options{})
	ctx := context.Background()
	before := e.available(t)
	o, err := e.c.Transfer(ctx, e.transfer("Erika Mustermann", payee(t, "Erika Mustermann")))
	mustOutcome(t, o, err, fints.Executed, "")
	if tans, payees := e.p.counts(); tans != 1 || payees != 0 {
		t.Fatalf("%d TAN prompts and %d payee questions, want 1 and 0", tans, payees)
	}
	if ch := e.p.challenges[0]; ch.Operation != "Transfer" || !strings.Contains(ch.Text, "25,00 EUR") || !strings.Contains(ch.Text, "Erika Mustermann") {
		t.Errorf("challenge = %+v", ch)
	}
	if o.VoP == nil || o.VoP.Match != fints.VoPMatched {
		t.Errorf("payee check = %+v, want a match", o.VoP)
	}
	if got := e.debits(t, "25.00"); len(got) != 1 || got[0].CounterpartyName != "Erika Mustermann" {
		t.Fatalf("ledger debits = %+v, want exactly one", got)
	}
	if after := e.available(t); after != before.Sub(money.MustParse("25")) {
		t.Errorf("available %s → %s", before, after)
	}
	today := e.bank.Ledger().Today()
	sts, err := e.c.Transactions(ctx, today, today, fints.Account{IBAN: e.giro.IBAN, Number: e.giro.Number, BankCode: e.giro.BankCode})
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, b := range sts[0].Booked {
		if b.Amount == money.MustParse("-25") && b.CounterpartyName == "Erika Mustermann" && b.Purpose == "Rechnung 4711" {
			found++
		}
	}
	if found != 1 {
		t.Errorf("the engine's statement shows the transfer %d times", found)
	}
	if started, released := e.bank.PayeeChecks(); started != 1 || released != 0 {
		t.Errorf("payee checks %d/%d released, want 1 without HKVPA", started, released)
	}
}

// TestTransferPayeeCheck covers the results that need the person: close
// match (with the registered name), no match, not possible – confirmed or
// declined. A confirmed order goes out again with HKVPA and then needs its
// TAN; a declined one is never released.
func TestTransferPayeeCheck(t *testing.T) {
	cases := []struct {
		name, payee string
		iban        func(t *testing.T) string
		confirm     bool
		match       fints.VoPMatch
		suggested   string
	}{
		{name: "close match confirmed", payee: "Erika Musterman", iban: func(t *testing.T) string { return payee(t, "Erika Mustermann") },
			confirm: true, match: fints.VoPCloseMatch, suggested: "Erika Mustermann"},
		{name: "no match declined", payee: "Hans Wurst", iban: func(t *testing.T) string { return payee(t, "Erika Mustermann") },
			match: fints.VoPNoMatch},
		{name: "no match confirmed", payee: "Hans Wurst", iban: func(t *testing.T) string { return payee(t, "Erika Mustermann") },
			confirm: true, match: fints.VoPNoMatch},
		{name: "not possible confirmed", payee: "Firma Beispiel", iban: otherBankIBAN, confirm: true, match: fints.VoPNotPossible},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newPayEnv(t, demobank.MethodSMS, demobank.Options{})
			e.p.confirm = tc.confirm
			o, err := e.c.Transfer(context.Background(), e.transfer(tc.payee, tc.iban(t)))
			tans, payees := e.p.counts()
			if payees != 1 {
				t.Fatalf("%d payee questions, want 1", payees)
			}
			r := e.p.payees[0]
			if r.Match != tc.match || r.SuggestedName != tc.suggested || r.GivenName != tc.payee || r.Text == "" || strings.Contains(r.Text, "<br>") {
				t.Errorf("payee result = %+v", r)
			}
			if !tc.confirm {
				if !errors.Is(err, fints.ErrPayeeNotConfirmed) || tans != 0 {
					t.Fatalf("declined: err = %v, %d TAN prompts", err, tans)
				}
				if len(e.debits(t, "25.00")) != 0 {
					t.Fatal("a declined order was booked")
				}
				return
			}
			mustOutcome(t, o, err, fints.Executed, "")
			if tans != 1 || len(e.debits(t, "25.00")) != 1 || o.VoP == nil || o.VoP.Match != tc.match {
				t.Fatalf("%d TAN prompts, %d debits, VoP %+v", tans, len(e.debits(t, "25.00")), o.VoP)
			}
			if _, released := e.bank.PayeeChecks(); released != 1 {
				t.Errorf("%d orders released with HKVPA, want 1", released)
			}
		})
	}
}

// TestTransferPayeeCheckPolling: the bank needs 5 s for the check; the
// engine polls with HKVPP after exactly the waits the bank names (fake
// clock), then releases the matched order with HKVPA without asking.
func TestTransferPayeeCheckPolling(t *testing.T) {
	e := newPayEnv(t, demobank.MethodSMS, demobank.Options{})
	e.bank.SetVoPDelay(5 * time.Second)
	ctx := context.Background()
	if err := e.c.Open(ctx); err != nil {
		t.Fatal(err)
	}
	reqs := e.bank.Requests()
	o, err := e.c.Transfer(ctx, e.transfer("Erika Mustermann", payee(t, "Erika Mustermann")))
	mustOutcome(t, o, err, fints.Executed, "")
	if got := e.clock.slept(); len(got) != 1 || got[0] != 5*time.Second {
		t.Errorf("waits = %v, want the 5 s the bank named", got)
	}
	tans, payees := e.p.counts()
	if tans != 1 || payees != 0 || len(e.debits(t, "25.00")) != 1 {
		t.Fatalf("%d TANs, %d payee questions, %d debits", tans, payees, len(e.debits(t, "25.00")))
	}
	// order, one poll, release with HKVPA, TAN – in the standing dialog
	if n := e.bank.Requests() - reqs; n != 4 {
		t.Errorf("%d requests, want 4", n)
	}
	if _, released := e.bank.PayeeChecks(); released != 1 {
		t.Errorf("released = %d, want 1", released)
	}
}

// TestTransferDecoupled: app approval after 7 s on the bank's clock; the
// engine waits the HITANS times (2 s first, then 2 s) on the fake clock
// and reports each status to the Prompter.
func TestTransferDecoupled(t *testing.T) {
	e := newPayEnv(t, demobank.MethodDecoupled, demobank.Options{ApproveAfter: 7 * time.Second})
	o, err := e.c.Transfer(context.Background(), e.transfer("Erika Mustermann", payee(t, "Erika Mustermann")))
	mustOutcome(t, o, err, fints.Executed, "")
	want := []time.Duration{2 * time.Second, 2 * time.Second, 2 * time.Second, 2 * time.Second}
	if got := e.clock.slept(); len(got) != len(want) {
		t.Errorf("waits = %v, want %v", got, want)
	} else {
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("waits = %v, want %v", got, want)
				break
			}
		}
	}
	e.p.mu.Lock()
	statuses := append([]fints.DecoupledStatus(nil), e.p.statuses...)
	e.p.mu.Unlock()
	if len(statuses) < 4 || statuses[0].Polls != 0 || statuses[0].Challenge.Operation != "Transfer" || statuses[len(statuses)-1].Polls != 4 {
		t.Errorf("statuses = %+v", statuses)
	}
	if len(e.debits(t, "25.00")) != 1 {
		t.Fatal("not booked once")
	}
}

// TestTransferTANOutcomes: a wrong TAN is asked again (9941) and the right
// one executes once; three wrong TANs, an expired challenge (9951) and a
// refusal in the app are rejections with the bank's code, and nothing is
// booked.
func TestTransferTANOutcomes(t *testing.T) {
	t.Run("wrong then right", func(t *testing.T) {
		e := newPayEnv(t, demobank.MethodSMS, demobank.Options{})
		e.p.wrong = 1
		o, err := e.c.Transfer(context.Background(), e.transfer("Erika Mustermann", payee(t, "Erika Mustermann")))
		mustOutcome(t, o, err, fints.Executed, "")
		if len(e.p.challenges) != 2 || e.p.challenges[1].Attempt != 2 {
			t.Fatalf("challenges = %+v, want a second attempt", e.p.challenges)
		}
		if len(e.debits(t, "25.00")) != 1 {
			t.Fatal("not booked exactly once")
		}
	})
	t.Run("wrong three times", func(t *testing.T) {
		e := newPayEnv(t, demobank.MethodSMS, demobank.Options{})
		e.p.wrong = 3
		o, err := e.c.Transfer(context.Background(), e.transfer("Erika Mustermann", payee(t, "Erika Mustermann")))
		mustOutcome(t, o, err, fints.Rejected, "9941")
		if !strings.Contains(o.Reason, "TAN ungültig") || len(e.debits(t, "25.00")) != 0 {
			t.Fatalf("reason %q, %d debits", o.Reason, len(e.debits(t, "25.00")))
		}
	})
	t.Run("expired", func(t *testing.T) {
		e := newPayEnv(t, demobank.MethodSMS, demobank.Options{TANValidity: 5 * time.Minute, DialogTimeout: time.Hour})
		e.p.advanceOnTx = 6 * time.Minute // the person takes too long
		o, err := e.c.Transfer(context.Background(), e.transfer("Erika Mustermann", payee(t, "Erika Mustermann")))
		mustOutcome(t, o, err, fints.Rejected, "9951")
		if len(e.debits(t, "25.00")) != 0 {
			t.Fatal("booked after expiry")
		}
	})
	t.Run("refused in the app", func(t *testing.T) {
		e := newPayEnv(t, demobank.MethodDecoupled, demobank.Options{ApproveAfter: -1})
		go func() {
			for range 200 {
				if e.bank.RejectDecoupled("") {
					return
				}
				time.Sleep(5 * time.Millisecond)
			}
		}()
		o, err := e.c.Transfer(context.Background(), e.transfer("Erika Mustermann", payee(t, "Erika Mustermann")))
		mustOutcome(t, o, err, fints.Rejected, "9941")
		if len(e.debits(t, "25.00")) != 0 {
			t.Fatal("booked after refusal")
		}
	})
	t.Run("approval never arrives", func(t *testing.T) {
		e := newPayEnv(t, demobank.MethodDecoupled, demobank.Options{ApproveAfter: -1})
		o, err := e.c.Transfer(context.Background(), e.transfer("Erika Mustermann", payee(t, "Erika Mustermann")))
		// The person may still approve later: not a rejection.
		mustOutcome(t, o, err, fints.Unknown, "")
		if n := len(e.clock.slept()); n != 60 {
			t.Errorf("%d waits, want the 60 status requests HITANS allows", n)
		}
		if len(e.debits(t, "25.00")) != 0 {
			t.Fatal("booked without approval")
		}
	})
	t.Run("prompt cancelled", func(t *testing.T) {
		e := newPayEnv(t, demobank.MethodSMS, demobank.Options{})
		e.p.tanErr = context.Canceled
		_, err := e.c.Transfer(context.Background(), e.transfer("Erika Mustermann", payee(t, "Erika Mustermann")))
		if !errors.Is(err, context.Canceled) || len(e.debits(t, "25.00")) != 0 {
			t.Fatalf("err = %v", err)
		}
	})
}

// TestTransferRejections: the bank refuses an IBAN of an unknown bank
// (9210) and an uncovered order (9230) before any TAN, with its text.
func TestTransferRejections(t *testing.T) {
	e := newPayEnv(t, demobank.MethodSMS, demobank.Options{})
	ctx := context.Background()
	bad, err := sepa.GermanIBAN("99999999", "1234567890")
	if err != nil {
		t.Fatal(err)
	}
	o, err := e.c.Transfer(ctx, e.transfer("Erika Mustermann", bad))
	mustOutcome(t, o, err, fints.Rejected, "9210")
	if !strings.Contains(o.Reason, "Bankleitzahl 99999999 unbekannt") {
		t.Errorf("reason = %q", o.Reason)
	}
	tr := e.transfer("Erika Mustermann", payee(t, "Erika Mustermann"))
	tr.Amount = e.available(t).Add(money.MustParse("0.01"))
	o, err = e.c.Transfer(ctx, tr)
	mustOutcome(t, o, err, fints.Rejected, "9230")
	if !strings.Contains(o.Reason, "Kontodeckung nicht ausreichend") {
		t.Errorf("reason = %q", o.Reason)
	}
	tr = e.transfer("Max Mustermann", e.giro.IBAN)
	tr.From = fints.Account{IBAN: "DE02120300000000202051"} // not the user's
	tr.DebtorName = "Max Mustermann"
	o, err = e.c.Transfer(ctx, tr)
	mustOutcome(t, o, err, fints.Rejected, "9210")
	if tans, _ := e.p.counts(); tans != 0 {
		t.Errorf("%d TAN prompts for refused orders", tans)
	}
}

// TestTransferUnknownOutcome: the bank executes the order but the answer
// to the TAN message is lost. The outcome is Unknown, the engine sends
// nothing more for it, the ledger has it once; sending the same order
// again by hand is refused as a duplicate (9390).
func TestTransferUnknownOutcome(t *testing.T) {
	e := newPayEnv(t, demobank.MethodSMS, demobank.Options{})
	ctx := context.Background()
	if err := e.c.Open(ctx); err != nil {
		t.Fatal(err)
	}
	e.bank.SetFaults(demobank.Faults{DropAfterPayment: 1})
	tr := e.transfer("Erika Mustermann", payee(t, "Erika Mustermann"))
	tr.EndToEndID = "INV-2025-0042"
	reqs := e.bank.Requests()
	o, err := e.c.Transfer(ctx, tr)
	mustOutcome(t, o, err, fints.Unknown, "")
	if !strings.Contains(o.Reason, "not sent again") {
		t.Errorf("reason = %q", o.Reason)
	}
	// order, TAN – and nothing after the lost answer.
	if n := e.bank.Requests() - reqs; n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
	if err := e.c.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if n := e.bank.Requests() - reqs; n != 2 {
		t.Errorf("Close sent HKEND into the lost dialog (%d requests)", n)
	}
	if got := e.debits(t, "25.00"); len(got) != 1 {
		t.Fatalf("booked %d times, want once", len(got))
	}
	o, err = e.c.Transfer(ctx, tr)
	mustOutcome(t, o, err, fints.Rejected, "9390")
	if len(e.debits(t, "25.00")) != 1 {
		t.Fatal("the duplicate was booked")
	}
}

// TestTransferLostBeforeBank: a connection that breaks before the bank
// processes the order means it was not executed: an error, no outcome.
func TestTransferLostBeforeBank(t *testing.T) {
	e := newPayEnv(t, demobank.MethodSMS, demobank.Options{})
	ctx := context.Background()
	if err := e.c.Open(ctx); err != nil {
		t.Fatal(err)
	}
	e.bank.SetFaults(demobank.Faults{Drop: 1})
	o, err := e.c.Transfer(ctx, e.transfer("Erika Mustermann", payee(t, "Erika Mustermann")))
	// The request was written, so the engine cannot tell: Unknown, not
	// retried – and indeed nothing was booked.
	mustOutcome(t, o, err, fints.Unknown, "")
	if len(e.debits(t, "25.00")) != 0 {
		t.Fatal("booked")
	}
	// A bank that cannot be reached at all got nothing: an error, and
	// the order can be sent again later.
	e.bank.Close()
	o, err = e.c.Transfer(ctx, e.transfer("Erika Mustermann", payee(t, "Erika Mustermann")))
	var te *fints.TransportError
	if !errors.As(err, &te) || te.Sent || o.State == fints.Unknown {
		t.Fatalf("unreachable bank: %+v, %v", o, err)
	}
}

// TestTransferInstantAndScheduled: HKIPZ executes at once with the bank's
// reference (HIIPZ); HKCSE is placed for its date (HICSE) and changes the
// balance only then.
func TestTransferInstantAndScheduled(t *testing.T) {
	e := newPayEnv(t, demobank.MethodSMS, demobank.Options{})
	ctx := context.Background()
	tr := e.transfer("Erika Mustermann", payee(t, "Erika Mustermann"))
	tr.Instant = true
	o, err := e.c.Transfer(ctx, tr)
	mustOutcome(t, o, err, fints.Executed, "")
	if !strings.HasPrefix(o.Reference, "SCT") || len(e.debits(t, "25.00")) != 1 {
		t.Fatalf("instant: reference %q, %d debits", o.Reference, len(e.debits(t, "25.00")))
	}
	if ch := e.p.challenges[0]; !strings.Contains(ch.Text, "Echtzeit") {
		t.Errorf("challenge text %q does not name the instant payment", ch.Text)
	}

	before := e.available(t)
	day := e.bank.Ledger().Today().AddDays(3)
	tr = e.transfer("Erika Mustermann", payee(t, "Erika Mustermann"))
	tr.Amount, tr.ExecutionDate = money.MustParse("30.00"), day
	o, err = e.c.Transfer(ctx, tr)
	mustOutcome(t, o, err, fints.Executed, "")
	if !strings.HasPrefix(o.Reference, "TRM") {
		t.Errorf("scheduled reference %q", o.Reference)
	}
	orders := e.bank.Ledger().Scheduled(e.giro.IBAN)
	if len(orders) != 1 || orders[0].Reference != o.Reference || orders[0].Order.ExecutionDate != day {
		t.Fatalf("order book = %+v", orders)
	}
	if e.available(t) != before {
		t.Error("a scheduled transfer changed the balance before its date")
	}
	tr.ExecutionDate = e.bank.Ledger().Today()
	if _, err := e.c.Transfer(ctx, tr); err == nil || !strings.Contains(err.Error(), "too early") {
		t.Errorf("today as execution date: %v", err)
	}
}

// TestTransferPauseAtPayeeQuestion: the payee question is answered later
// in another client (another process in real use); the order is released
// once, and the paused state cannot be used twice.
func TestTransferPauseAtPayeeQuestion(t *testing.T) {
	e := newPayEnv(t, demobank.MethodSMS, demobank.Options{})
	ctx := context.Background()
	e.p.pausePayee = true
	_, err := e.c.Transfer(ctx, e.transfer("Erika Musterman", payee(t, "Erika Mustermann")))
	if !errors.Is(err, fints.ErrPause) {
		t.Fatalf("err = %v, want ErrPause", err)
	}
	blob, err := e.c.Pause()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(blob), payPIN) {
		t.Fatal("the paused state holds the PIN")
	}
	e.p.pausePayee = false
	c2 := e.client(t, nil)
	pend, err := c2.Resume(blob)
	if err != nil {
		t.Fatal(err)
	}
	if pend.Operation != "Transfer" || pend.VoP == nil || pend.VoP.Match != fints.VoPCloseMatch || pend.Transfer == nil || pend.Transfer.ToName != "Erika Musterman" {
		t.Fatalf("pending = %+v", pend)
	}
	res, err := pend.Complete(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Payment == nil || res.Payment.State != fints.Executed {
		t.Fatalf("result = %+v", res.Payment)
	}
	if err := c2.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if tans, payees := e.p.counts(); tans != 1 || payees != 2 || len(e.debits(t, "25.00")) != 1 {
		t.Fatalf("%d TANs, %d payee questions, %d debits", tans, payees, len(e.debits(t, "25.00")))
	}
	if _, err := e.client(t, nil).Resume(blob); !errors.Is(err, fints.ErrPauseUsed) {
		t.Fatalf("second resume: %v, want ErrPauseUsed", err)
	}
}

// TestTransferPauseAtLogin: a fresh client whose login needs a TAN pauses
// there; the order has not been sent. Completing the paused login in
// another client sends the order, which then needs its own TAN.
func TestTransferPauseAtLogin(t *testing.T) {
	e := newPayEnv(t, demobank.MethodSMS, demobank.Options{Logins: []demobank.LoginOptions{{UserID: demobank.DemoUser,
		PIN: payPIN, Methods: []string{demobank.MethodSMS}}}})
	ctx := context.Background()
	e.p.pauseTAN = true
	_, err := e.c.Transfer(ctx, e.transfer("Erika Mustermann", payee(t, "Erika Mustermann")))
	if !errors.Is(err, fints.ErrPause) {
		t.Fatalf("err = %v", err)
	}
	if len(e.p.challenges) != 1 || e.p.challenges[0].Operation != "Login" {
		t.Fatalf("challenges = %+v", e.p.challenges)
	}
	blob, err := e.c.Pause()
	if err != nil {
		t.Fatal(err)
	}
	if started, _ := e.bank.PayeeChecks(); started != 0 {
		t.Fatal("the order went out before the login was complete")
	}
	e.p.pauseTAN = false
	c2 := e.client(t, nil)
	pend, err := c2.Resume(blob)
	if err != nil {
		t.Fatal(err)
	}
	if pend.Operation != "Transfer" || pend.Challenge.Operation != "Login" || pend.Transfer == nil || pend.Transfer.ToName != "Erika Mustermann" {
		t.Fatalf("pending = %+v", pend)
	}
	res, err := pend.Complete(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Payment == nil || res.Payment.State != fints.Executed {
		t.Fatalf("outcome = %+v", res.Payment)
	}
	c2.Close(ctx)
	if len(e.p.challenges) != 3 || e.p.challenges[2].Operation != "Transfer" || len(e.debits(t, "25.00")) != 1 {
		t.Fatalf("%d challenges, %d debits", len(e.p.challenges), len(e.debits(t, "25.00")))
	}
}

// TestTransferPayeeCheckClocks: the check's "valid until" is bank time.
// A client clock an hour ahead must not refuse a fresh check; a person who
// answers the payee question after the bank's validity gets a rejection
// from the bank, with the reason, and nothing is paid.
func TestTransferPayeeCheckClocks(t *testing.T) {
	cases := []struct {
		name         string
		ahead, think time.Duration
		want         fints.OutcomeState
	}{
		{name: "client clock an hour ahead", ahead: time.Hour, want: fints.Executed},
		{name: "client clock an hour behind, answer after 11 min", ahead: -time.Hour, think: 11 * time.Minute, want: fints.Rejected},
		{name: "answer after 11 min", think: 11 * time.Minute, want: fints.Rejected},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newPayEnv(t, demobank.MethodSMS, demobank.Options{})
			e.clock.ahead, e.p.thinkPayee = tc.ahead, tc.think
			o, err := e.c.Transfer(context.Background(), e.transfer("Erika Musterman", payee(t, "Erika Mustermann")))
			if tc.want == fints.Executed {
				mustOutcome(t, o, err, fints.Executed, "")
				if n := len(e.debits(t, "25.00")); n != 1 {
					t.Fatalf("%d debits, want 1", n)
				}
				return
			}
			if err != nil || o.State != fints.Rejected || o.Reason == "" {
				t.Fatalf("outcome %+v, err %v; want rejected by the bank with a reason", o, err)
			}
			if tc.ahead >= 0 && !strings.Contains(o.Reason, "valid until") {
				t.Errorf("reason %q does not say the payee check had expired", o.Reason)
			}
			if tans, _ := e.p.counts(); tans != 0 || len(e.debits(t, "25.00")) != 0 {
				t.Fatalf("%d TAN prompts, %d debits after an expired payee check", tans, len(e.debits(t, "25.00")))
			}
		})
	}
}
