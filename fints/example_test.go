package fints_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"saldo/fints"
	"saldo/fints/demobank"
	"saldo/fints/money"
	"saldo/fints/secret"
)

// The examples run against the in-process demo bank (a real FinTS server
// on loopback) with a fixed clock and seed, so balances, bookings and
// request counts are the same on every run. Against a real bank only the
// Config changes: its https URL, its bank code, the person's login and a
// registered product ID.

// demoEpoch is the demo bank's frozen "now" for the examples.
var demoEpoch = time.Date(2026, time.March, 2, 9, 30, 0, 0, time.UTC)

// demoPIN is the demo login's PIN for the examples; it is unlike anything
// else in a message, so the examples can show that no blob contains it.
const demoPIN = "Ex4mple-PIN"

// startDemoBank serves a demo bank on 127.0.0.1 whose demo login uses
// SMS-TAN (942) and needs a TAN for its first login, as real banks do.
// clock is the bank's frozen clock, for the client too; stop shuts the
// bank down.
func startDemoBank() (bank *demobank.Bank, clock *demoClock, stop func()) {
	clock = &demoClock{demobank.NewFakeClock(demoEpoch)}
	bank = demobank.New(demobank.Options{
		Now:  clock.Now,
		Seed: 1,
		// The TAN travels only by "SMS" (LastTAN), not in the challenge text.
		HideTANs: true,
		Logins: []demobank.LoginOptions{{UserID: demobank.DemoUser, PIN: demoPIN,
			Methods: []string{demobank.MethodSMS}}},
	})
	ctx, cancel := context.WithCancel(context.Background())
	if bank.Start(ctx) == "" {
		cancel()
		log.Fatalf("demo bank did not start: %v", bank.Err())
	}
	return bank, clock, func() { cancel(); bank.Close() }
}

// demoConfig is the configuration of the demo login at bank.
func demoConfig(bank *demobank.Bank, clock fints.Clock, p fints.Prompter) fints.Config {
	return fints.Config{
		URL:       bank.URL(), // http is accepted on loopback only
		BankCode:  demobank.BankCode,
		UserID:    demobank.DemoUser,
		ProductID: "SALDOEXAMPLE", // real banks want a registered product ID
		PIN:       secret.New(demoPIN),
		Prompter:  p,
		TANMethod: demobank.MethodSMS,
		// The engine checks the bank's deadlines (payee check, decoupled
		// approval) on its clock, so it shares the demo bank's frozen one.
		// Against a real bank leave Clock nil: the real clock.
		Clock: clock,
	}
}

// demoClock is the demo bank's FakeClock as the engine's Clock: waiting
// moves the frozen time on instead of sleeping.
type demoClock struct{ *demobank.FakeClock }

func (c *demoClock) Sleep(ctx context.Context, d time.Duration) error {
	c.Advance(d)
	return ctx.Err()
}

// smsPrompter answers TAN challenges with the TAN the demo bank "sent by
// SMS" (read through the bank's test hook, standing in for the person's
// phone) and releases payments whose payee name did not match only when
// release is set. pause makes it defer every TAN with fints.ErrPause.
type smsPrompter struct {
	bank    *demobank.Bank
	release bool
	pause   bool
}

func (p *smsPrompter) TAN(_ context.Context, c fints.Challenge) (secret.Value, error) {
	fmt.Printf("TAN for %s by %s\n", c.Operation, c.Method.Name)
	if p.pause {
		fmt.Println("  (answered later)")
		return secret.Value{}, fints.ErrPause
	}
	tan, _ := p.bank.LastTAN(demobank.DemoUser)
	return secret.New(tan), nil
}

// Decoupled and ConfirmApproval serve app approval, which the SMS-only
// demo login never uses.
func (p *smsPrompter) Decoupled(context.Context, fints.DecoupledStatus) {}

func (p *smsPrompter) ConfirmApproval(context.Context, fints.Challenge) error {
	return errors.New("app approval is not set up in this example")
}

func (p *smsPrompter) ConfirmPayee(_ context.Context, r fints.VoPResult) (bool, error) {
	fmt.Printf("payee check: %s (%s)\n", r.Match, r.SuggestedName)
	return p.release, nil
}

// ExampleNew logs in for the first time (the bank asks for a TAN), lists
// the accounts and their balances, and saves the state blob for the next
// session.
func ExampleNew() {
	bank, clock, stop := startDemoBank()
	defer stop()
	ctx := context.Background()

	cfg := demoConfig(bank, clock, &smsPrompter{bank: bank})
	var trace bytes.Buffer
	cfg.Trace = &trace // every message, PIN and TAN blanked, IBANs masked
	c, err := fints.New(cfg)
	if err != nil {
		log.Fatal(err)
	}
	accounts, err := c.Accounts(ctx)
	if err != nil {
		log.Fatal(err)
	}
	balances, err := c.Balances(ctx, accounts...)
	if err != nil {
		log.Fatal(err) // a *fints.PartialError would come with the balances that did arrive
	}
	product := map[string]string{}
	for _, a := range accounts {
		product[a.Key()] = a.Product
	}
	for _, b := range balances {
		fmt.Printf("%-20s %s %10s %s\n", product[b.Account], b.Account, b.Booked.Amount, b.Booked.Currency)
	}

	// The state blob (system ID, BPD, UPD, TAN method) spares the next
	// session the synchronisation and its TAN. It never holds the PIN but
	// does hold account data: store it privately.
	state := c.Deconstruct(true)
	dir, err := os.MkdirTemp("", "saldo-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := os.WriteFile(filepath.Join(dir, "state"), state, 0o600); err != nil {
		log.Fatal(err)
	}
	fmt.Println("state holds the PIN:", bytes.Contains(state, []byte(demoPIN)))
	// The trace shows the signature trailers (HNSHA), where the PIN and
	// TAN travel, but not the PIN itself.
	fmt.Println("trace shows HNSHA:", strings.Contains(trace.String(), "HNSHA:"))
	fmt.Println("trace holds the PIN:", strings.Contains(trace.String(), demoPIN))
	// Output:
	// TAN for Login by SMS-TAN
	// Girokonto            DE91700660001001234567    8222.96 EUR
	// Tagesgeld            DE20700660001501234567   48650.79 EUR
	// Gemeinschaftskonto   DE38700660001101234567    2924.28 EUR
	// state holds the PIN: false
	// trace shows HNSHA: true
	// trace holds the PIN: false
}

// ExampleClient_Open restores the state blob of an earlier session in a
// new Client and fetches the last 30 days of bookings of every account in
// a standing dialog: no synchronisation, no TAN, three HTTP requests
// (dialog start, the batched statement queries, dialog end).
func ExampleClient_Open() {
	bank, clock, stop := startDemoBank()
	defer stop()
	ctx := context.Background()
	p := &smsPrompter{bank: bank}

	// An earlier session: the first login, which costs a TAN.
	first, err := fints.New(demoConfig(bank, clock, p))
	if err != nil {
		log.Fatal(err)
	}
	if _, err := first.Accounts(ctx); err != nil {
		log.Fatal(err)
	}
	state := first.Deconstruct(true)
	fmt.Println("first session, HTTP requests:", first.Stats().Requests)

	// The next session restores the blob. No "TAN for" line follows: the
	// bank knows the system ID, so nothing asks for a TAN.
	cfg := demoConfig(bank, clock, p)
	cfg.State = state
	c, err := fints.New(cfg)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("accounts known before contacting the bank:", len(c.KnownAccounts()))
	if err := c.Open(ctx); err != nil {
		log.Fatal(err)
	}
	today := bank.Ledger().Today()
	sts, err := c.Transactions(ctx, today.AddDays(-30), today)
	if err != nil {
		log.Fatal(err)
	}
	if err := c.Close(ctx); err != nil {
		log.Fatal(err)
	}
	for _, s := range sts {
		fmt.Printf("%s: %d bookings (%s)\n", s.Account, len(s.Booked), s.Format)
	}
	fmt.Println("second session, HTTP requests:", c.Stats().Requests)
	// Output:
	// TAN for Login by SMS-TAN
	// first session, HTTP requests: 6
	// accounts known before contacting the bank: 3
	// DE91700660001001234567: 28 bookings (urn:iso:std:iso:20022:tech:xsd:camt.052.001.08)
	// DE20700660001501234567: 5 bookings (urn:iso:std:iso:20022:tech:xsd:camt.052.001.08)
	// DE38700660001101234567: 17 bookings (urn:iso:std:iso:20022:tech:xsd:camt.052.001.08)
	// second session, HTTP requests: 3
}

// ExampleClient_Transfer pays 25 EUR to a payee the bank knows: the
// bank's payee check (Verification of Payee) confirms the name, so the
// Prompter is asked only for the TAN. With a nil error the Outcome is
// final; an Unknown one must never be sent again.
func ExampleClient_Transfer() {
	bank, clock, stop := startDemoBank()
	defer stop()
	ctx := context.Background()

	c, err := fints.New(demoConfig(bank, clock, &smsPrompter{bank: bank}))
	if err != nil {
		log.Fatal(err)
	}
	if err := c.Open(ctx); err != nil { // the first login asks for a TAN
		log.Fatal(err)
	}
	giro := c.KnownAccounts()[0] // the accounts arrived with the login
	before, err := c.Balance(ctx, giro)
	if err != nil {
		log.Fatal(err)
	}

	out, err := c.Transfer(ctx, fints.Transfer{
		From:     giro,
		ToName:   "Erika Mustermann",
		ToIBAN:   "DE50120300000018273645",
		Amount:   money.MustParse("25.00"),
		Currency: "EUR",
		Purpose:  "Rechnung 4711",
	})
	if err != nil {
		log.Fatal(err) // not executed: nothing was paid
	}
	switch out.State {
	case fints.Executed:
		fmt.Println("executed; payee check:", out.VoP.Match)
	case fints.Rejected:
		fmt.Println("rejected:", out.Code, out.Reason)
	case fints.Unknown:
		fmt.Println("unknown, check the statement before paying again:", out.Reason)
	}

	after, err := c.Balance(ctx, giro)
	if err != nil {
		log.Fatal(err)
	}
	if err := c.Close(ctx); err != nil {
		log.Fatal(err)
	}
	fmt.Println("balance:", before.Booked.Amount, "→", after.Booked.Amount)
	// Output:
	// TAN for Login by SMS-TAN
	// TAN for Transfer by SMS-TAN
	// executed; payee check: match
	// balance: 8222.96 → 8197.96
}

// ExampleClient_Pause defers a transfer's TAN: the operation freezes to
// bytes, and a new Client (in real use another process, minutes
// later, while the bank keeps the dialog) resumes it once. A FileGuard makes the paused state
// single-use across processes.
func ExampleClient_Pause() {
	bank, clock, stop := startDemoBank()
	defer stop()
	ctx := context.Background()
	guard, err := os.MkdirTemp("", "saldo-pause-guard")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(guard)

	// Log in once so that only the transfer needs a TAN.
	p := &smsPrompter{bank: bank}
	first, err := fints.New(demoConfig(bank, clock, p))
	if err != nil {
		log.Fatal(err)
	}
	accounts, err := first.Accounts(ctx)
	if err != nil {
		log.Fatal(err)
	}
	state := first.Deconstruct(true)

	// Process A: the Prompter answers the TAN request with ErrPause.
	cfg := demoConfig(bank, clock, &smsPrompter{bank: bank, pause: true})
	cfg.State = state
	cfg.PauseGuard = fints.FileGuard{Dir: guard}
	a, err := fints.New(cfg)
	if err != nil {
		log.Fatal(err)
	}
	_, err = a.Transfer(ctx, fints.Transfer{
		From: accounts[0], ToName: "Erika Mustermann", ToIBAN: "DE50120300000018273645",
		Amount: money.MustParse("12.50"), Currency: "EUR", Purpose: "Kino",
	})
	if !errors.Is(err, fints.ErrPause) {
		log.Fatalf("transfer: %v", err)
	}
	paused, err := a.Pause() // holds neither PIN nor TAN
	if err != nil {
		log.Fatal(err)
	}

	// Process B: a fresh client of the same login resumes and completes.
	cfg = demoConfig(bank, clock, p)
	cfg.State = state
	cfg.PauseGuard = fints.FileGuard{Dir: guard}
	b, err := fints.New(cfg)
	if err != nil {
		log.Fatal(err)
	}
	pending, err := b.Resume(paused)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("resumed:", pending.Operation, pending.Transfer.Amount, pending.Transfer.ToName)
	res, err := pending.Complete(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("outcome:", res.Payment.State)
	if err := b.Close(ctx); err != nil {
		log.Fatal(err)
	}

	// The paused state cannot be used a second time.
	again, err := fints.New(cfg)
	if err != nil {
		log.Fatal(err)
	}
	_, err = again.Resume(paused)
	fmt.Println("second resume refused:", errors.Is(err, fints.ErrPauseUsed))
	// Output:
	// TAN for Login by SMS-TAN
	// TAN for Transfer by SMS-TAN
	//   (answered later)
	// resumed: Transfer 12.50 Erika Mustermann
	// TAN for Transfer by SMS-TAN
	// outcome: executed
	// second resume refused: true
}

// ExampleOutcomeState shows an order whose answer got lost: the bank
// booked it, but the connection dropped before the answer arrived. The
// engine reports Unknown and does not send the order again, so the person
// is never charged twice; the statement settles what happened.
func ExampleOutcomeState() {
	bank, clock, stop := startDemoBank()
	defer stop()
	ctx := context.Background()

	c, err := fints.New(demoConfig(bank, clock, &smsPrompter{bank: bank}))
	if err != nil {
		log.Fatal(err)
	}
	accounts, err := c.Accounts(ctx)
	if err != nil {
		log.Fatal(err)
	}
	giro := accounts[0]
	today := bank.Ledger().Today()

	bank.SetFaults(demobank.Faults{DropAfterPayment: 1})
	out, err := c.Transfer(ctx, fints.Transfer{
		From: giro, ToName: "Erika Mustermann", ToIBAN: "DE50120300000018273645",
		Amount: money.MustParse("40.00"), Currency: "EUR", Purpose: "Miete Garage",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("outcome:", out.State)

	// Only the statement can tell; here it shows the order booked once.
	sts, err := c.Transactions(ctx, today, today, giro)
	if err != nil {
		log.Fatal(err)
	}
	n := 0
	for _, b := range sts[0].Booked {
		if b.Purpose == "Miete Garage" {
			n++
			fmt.Println("booked:", b.BookingDate, b.Amount, b.CounterpartyName)
		}
	}
	fmt.Println("times booked:", n)
	// Output:
	// TAN for Login by SMS-TAN
	// TAN for Transfer by SMS-TAN
	// outcome: unknown
	// booked: 2026-03-02 -40.00 Erika Mustermann
	// times booked: 1
}

// ExampleVoPResult pays a payee whose name was mistyped: the bank's
// Verification of Payee finds a close match and suggests the registered
// name, the engine asks Prompter.ConfirmPayee, and only after a yes is the
// order released and its TAN requested. Answering no would end the
// transfer with ErrPayeeNotConfirmed, nothing paid.
func ExampleVoPResult() {
	bank, clock, stop := startDemoBank()
	defer stop()
	ctx := context.Background()

	c, err := fints.New(demoConfig(bank, clock, &smsPrompter{bank: bank, release: true}))
	if err != nil {
		log.Fatal(err)
	}
	accounts, err := c.Accounts(ctx)
	if err != nil {
		log.Fatal(err)
	}
	out, err := c.Transfer(ctx, fints.Transfer{
		From: accounts[0], ToName: "Erika Musterman", ToIBAN: "DE50120300000018273645",
		Amount: money.MustParse("8.20"), Currency: "EUR", Purpose: "Pizza",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("outcome:", out.State, "after", out.VoP.Match, "for", out.VoP.GivenName)
	// Output:
	// TAN for Login by SMS-TAN
	// payee check: close match (Erika Mustermann)
	// TAN for Transfer by SMS-TAN
	// outcome: executed after close match for Erika Musterman
}
