package app

import (
	"context"
	"errors"
	"strings"
	"testing"

	"saldo/fints"
	"saldo/fints/demobank"
	"saldo/fints/money"
	"saldo/ui"
	"saldo/vault"
)

const (
	payeeName = "Jürgen Weiß"
	payeeIBAN = "DE14500105175412398765"
)

// syncedDemo is a demo whose login has been synced once.
func syncedDemo(t *testing.T, bank demobank.Options) (*Demo, *person, fints.Account) {
	t.Helper()
	d, p, _ := testDemo(t, bank, demobank.DemoPIN)
	if err := d.Backend.Sync(ctxT(t), d.LoginID, p); err != nil {
		t.Fatal(err)
	}
	ls, _ := d.Backend.Logins(ctxT(t))
	return d, p, ls[0].Accounts[0].Account
}

func order(from fints.Account, amount string) fints.Transfer {
	return fints.Transfer{From: from, DebtorName: from.Owner, ToName: payeeName, ToIBAN: payeeIBAN,
		Amount: money.MustParse(amount), Currency: "EUR", Purpose: "Rechnung 4711"}
}

// journal returns the login's orders, oldest first.
func journal(t *testing.T, d *Demo) []vault.Order {
	t.Helper()
	v, err := d.Backend.vault()
	if err != nil {
		t.Fatal(err)
	}
	key, _ := vault.ParseLoginKey(d.LoginID)
	os, err := v.Orders(key)
	if err != nil {
		t.Fatal(err)
	}
	return os
}

// TestTransferJournal: every transfer is in the journal before it leaves
// (sent while the TAN is asked for) and ends executed, rejected or unknown
// as the bank answered; executed ones teach the address book.
func TestTransferJournal(t *testing.T) {
	d, p, giro := syncedDemo(t, smsBank(demobank.DemoPIN))
	ctx := ctxT(t)
	b := d.Backend

	var stateAtTAN []vault.OrderState
	p.onTAN = func() {
		os := journal(t, d)
		stateAtTAN = append(stateAtTAN, os[len(os)-1].State)
	}
	out, err := b.Transfer(ctx, d.LoginID, order(giro, "12.34"), p)
	if err != nil || out.State != fints.Executed {
		t.Fatalf("transfer: %+v, %v", out, err)
	}
	if len(stateAtTAN) != 1 || stateAtTAN[0] != vault.OrderSent {
		t.Errorf("journal while the TAN was asked: %v, want [sent]", stateAtTAN)
	}
	p.onTAN = nil

	// Rejected by the bank (insufficient funds): an Outcome, no error.
	out, err = b.Transfer(ctx, d.LoginID, order(giro, "9999999.00"), p)
	if err != nil || out.State != fints.Rejected || out.Reason == "" {
		t.Fatalf("large transfer: %+v, %v", out, err)
	}

	// Payee check says no match and the person declines: not sent.
	t3 := order(giro, "5.00")
	t3.ToName = "Hans Wurst"
	_, err = b.Transfer(ctx, d.LoginID, t3, p)
	if !errors.Is(err, ui.ErrCancelled) || !errors.Is(err, fints.ErrPayeeNotConfirmed) {
		t.Fatalf("declined payee: %v", err)
	}
	if len(p.payees) != 1 || p.payees[0].Match != fints.VoPNoMatch {
		t.Errorf("payee checks shown: %+v", p.payees)
	}

	// The answer gets lost after the bank booked it: unknown, no error.
	d.Bank.SetFaults(demobank.Faults{DropAfterPayment: 1})
	out, err = b.Transfer(ctx, d.LoginID, order(giro, "7.00"), p)
	if err != nil || out.State != fints.Unknown {
		t.Fatalf("lost answer: %+v, %v", out, err)
	}

	os := journal(t, d)
	want := []vault.OrderState{vault.OrderExecuted, vault.OrderRejected, vault.OrderRejected, vault.OrderUnknown}
	if len(os) != len(want) {
		t.Fatalf("journal has %d orders, want %d", len(os), len(want))
	}
	for i, o := range os {
		if o.State != want[i] || o.Outcome == nil {
			t.Errorf("order %d: %s (outcome %+v), want %s", i, o.State, o.Outcome, want[i])
		}
	}
	ls, _ := b.Logins(ctx)
	if !strings.Contains(ls[0].Notice, "check the statement") {
		t.Errorf("no warning about the unknown transfer: %q", ls[0].Notice)
	}
	payees, err := b.Payees(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, py := range payees {
		found = found || (py.IBAN == payeeIBAN && py.Name == payeeName)
		if py.Name == "MediaMarkt" || py.Name == "Netflix International B.V." {
			t.Errorf("card payment or direct debit %q offered as a payee", py.Name)
		}
	}
	if !found {
		t.Errorf("payees %+v lack the recipient %s", payees, payeeName)
	}
}

// TestTransferPausedResumed: quitting at the TAN prompt pauses the order
// (journal: sent); the next start offers it as a payment and finishes it
// exactly once.
func TestTransferPausedResumed(t *testing.T) {
	d, p, giro := syncedDemo(t, smsBank(demobank.DemoPIN))
	ctx := ctxT(t)
	p.quitTAN = true
	if _, err := d.Backend.Transfer(ctx, d.LoginID, order(giro, "21.00"), p); !errors.Is(err, ErrPaused) {
		t.Fatalf("transfer: %v, want ErrPaused", err)
	}
	if os := journal(t, d); len(os) != 1 || os[0].State != vault.OrderSent {
		t.Fatalf("journal after pause: %+v", os)
	}
	b := restart(t, d, &strings.Builder{})
	pend, err := b.PendingTANs(ctx)
	if err != nil || len(pend) != 1 || !pend[0].IsPayment || !strings.Contains(pend[0].Operation, payeeName) {
		t.Fatalf("pending: %+v, %v", pend, err)
	}
	// The bank still holds the order for the TAN: the accounts screen must
	// not tell the person to check the statement as if the answer was lost.
	if ls, err := b.Logins(ctx); err != nil || len(ls) != 1 || ls[0].Notice != "" {
		t.Fatalf("logins while paused: %+v, %v", ls, err)
	}
	before, _ := d.Bank.Ledger().Bookings(giro.IBAN, d.Bank.Ledger().Today(), d.Bank.Ledger().Today())
	p2 := &person{bank: d.Bank, user: demobank.DemoUser, pin: demobank.DemoPIN}
	out, err := b.ResumeTAN(ctx, pend[0].ID, p2)
	if err != nil || out == nil || out.State != fints.Executed {
		t.Fatalf("resume: %+v, %v", out, err)
	}
	if os := journal(t, d); os[0].State != vault.OrderExecuted {
		t.Errorf("journal after resume: %s", os[0].State)
	}
	after, _ := d.Bank.Ledger().Bookings(giro.IBAN, d.Bank.Ledger().Today(), d.Bank.Ledger().Today())
	if n := len(after.Booked) + len(after.Pending) - len(before.Booked) - len(before.Pending); n != 1 {
		t.Errorf("the bank booked %d entries for one resumed transfer", n)
	}
	if _, err := b.ResumeTAN(ctx, pend[0].ID, p2); err == nil {
		t.Error("resumed twice")
	}
}

// TestTransferDiscarded: discarding a paused payment records it as not
// executed, and the bank books nothing.
func TestTransferDiscarded(t *testing.T) {
	d, p, giro := syncedDemo(t, smsBank(demobank.DemoPIN))
	ctx := ctxT(t)
	p.quitTAN = true
	if _, err := d.Backend.Transfer(ctx, d.LoginID, order(giro, "22.00"), p); !errors.Is(err, ErrPaused) {
		t.Fatalf("transfer: %v", err)
	}
	bal0, _ := d.Bank.Ledger().Balance(giro.IBAN)
	b := restart(t, d, &strings.Builder{})
	if err := b.DiscardTAN(ctx, d.LoginID); err != nil {
		t.Fatal(err)
	}
	os := journal(t, d)
	if os[0].State != vault.OrderRejected || !strings.Contains(os[0].Outcome.Reason, "discarded") {
		t.Errorf("journal after discard: %s %+v", os[0].State, os[0].Outcome)
	}
	bal1, _ := d.Bank.Ledger().Balance(giro.IBAN)
	if bal1.Booked.Amount.Cmp(bal0.Booked.Amount) != 0 || bal1.Pending.Cmp(bal0.Pending) != 0 {
		t.Errorf("balance moved after a discarded transfer: %s → %s", bal0.Booked.Amount, bal1.Booked.Amount)
	}
}

// TestTransferPausedAtPayeeCheck: quitting while the payee question is
// open pauses the unreleased order; resuming asks again and, after a yes
// and the TAN, executes it once.
func TestTransferPausedAtPayeeCheck(t *testing.T) {
	d, p, giro := syncedDemo(t, smsBank(demobank.DemoPIN))
	ctx := ctxT(t)
	tr := order(giro, "8.00")
	tr.ToName = "Jürgen Weiss-Schmidt"
	quit := &quitPayee{person: p}
	if out, err := d.Backend.Transfer(ctx, d.LoginID, tr, quit); !errors.Is(err, ErrPaused) {
		t.Fatalf("transfer: %+v %v, want ErrPaused", out, err)
	}
	b := restart(t, d, &strings.Builder{})
	pend, _ := b.PendingTANs(ctx)
	if len(pend) != 1 || !pend[0].IsPayment {
		t.Fatalf("pending: %+v", pend)
	}
	p2 := &person{bank: d.Bank, user: demobank.DemoUser, pin: demobank.DemoPIN, payeeOK: true}
	out, err := b.ResumeTAN(ctx, pend[0].ID, p2)
	if err != nil || out == nil || out.State != fints.Executed {
		t.Fatalf("resume: %+v, %v", out, err)
	}
	if len(p2.payees) != 1 || len(p2.challenges) != 1 {
		t.Errorf("resume asked %d payee questions and %d TANs, want 1 and 1", len(p2.payees), len(p2.challenges))
	}
	if os := journal(t, d); os[0].State != vault.OrderExecuted {
		t.Errorf("journal: %s", os[0].State)
	}
}

// quitPayee is a person who quits saldo at the payee question.
type quitPayee struct{ *person }

func (q *quitPayee) ConfirmPayee(ctx context.Context, r fints.VoPResult) (bool, error) {
	return false, ui.ErrQuitting
}

// TestLostTransferFoundInStatement: a transfer whose answer was lost is
// settled by the next sync once the statement shows it — but not by the
// booking of an earlier identical transfer, and not when the bank never
// got it.
func TestLostTransferFoundInStatement(t *testing.T) {
	d, p, giro := syncedDemo(t, smsBank(demobank.DemoPIN))
	ctx := ctxT(t)
	b := d.Backend
	state := func(i int) vault.OrderState {
		t.Helper()
		os := journal(t, d)
		return os[i].State
	}
	if out, err := b.Transfer(ctx, d.LoginID, order(giro, "7.00"), p); err != nil || out.State != fints.Executed {
		t.Fatalf("first transfer: %+v, %v", out, err)
	}
	// The bank never processes the second one; saldo cannot know that.
	d.Bank.SetFaults(demobank.Faults{Drop: 1})
	out, err := b.Transfer(ctx, d.LoginID, order(giro, "7.00"), p)
	if err != nil || out.State != fints.Unknown {
		t.Fatalf("dropped transfer: %+v, %v", out, err)
	}
	if err := b.Sync(ctx, d.LoginID, p); err != nil {
		t.Fatal(err)
	}
	if s := state(1); s != vault.OrderUnknown {
		t.Fatalf("the first transfer's booking settled the dropped one: %s", s)
	}
	ls, _ := b.Logins(ctx)
	if ls[0].Notice == "" {
		t.Error("no notice about the transfer without answer")
	}
	// The third one is executed, only its answer is lost.
	d.Bank.SetFaults(demobank.Faults{DropAfterPayment: 1})
	if out, err := b.Transfer(ctx, d.LoginID, order(giro, "8.00"), p); err != nil || out.State != fints.Unknown {
		t.Fatalf("lost answer: %+v, %v", out, err)
	}
	if err := b.Sync(ctx, d.LoginID, p); err != nil {
		t.Fatal(err)
	}
	if s := state(2); s != vault.OrderExecuted {
		t.Fatalf("the booked transfer is still %s", s)
	}
	if s := state(1); s != vault.OrderUnknown {
		t.Fatalf("the dropped transfer became %s", s)
	}
	if o := journal(t, d)[2]; o.Outcome == nil || !strings.Contains(o.Outcome.Reason, "statement shows it") {
		t.Errorf("outcome of the settled order: %+v", o.Outcome)
	}
}
