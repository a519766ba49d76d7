package app

import (
	"errors"
	"testing"

	"saldo/fints/demobank"
	"saldo/fints/statement"
	"saldo/ui"
)

// TestSyncFillsCache: the first sync asks for the PIN once and the login
// TAN, and fills the vault cache with accounts, balances and bookings that
// match the bank's ledger.
func TestSyncFillsCache(t *testing.T) {
	d, p, _ := testDemo(t, smsBank(demobank.DemoPIN), demobank.DemoPIN)
	ctx := ctxT(t)
	b := d.Backend

	logins, err := b.Logins(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(logins) != 1 || logins[0].ID != d.LoginID || !logins[0].Demo || len(logins[0].Accounts) != 0 || !logins[0].LastSync.IsZero() {
		t.Fatalf("before sync: %+v", logins)
	}
	if err := b.Sync(ctx, d.LoginID, p); err != nil {
		t.Fatalf("sync: %v", err)
	}
	pins, tans := p.counts()
	if pins != 1 || tans != 1 {
		t.Errorf("first sync asked %d PINs and %d TANs, want 1 and 1 (login SCA)", pins, tans)
	}
	logins, err = b.Logins(ctx)
	if err != nil {
		t.Fatal(err)
	}
	l := logins[0]
	want, _ := d.Bank.Ledger().Accounts(demobank.DemoUser)
	if len(l.Accounts) != len(want) || l.LastSync.IsZero() || l.SyncError != "" {
		t.Fatalf("after sync: %d accounts (want %d), last sync %v, error %q", len(l.Accounts), len(want), l.LastSync, l.SyncError)
	}
	for i, a := range l.Accounts {
		if a.Account.IBAN != want[i].IBAN {
			t.Errorf("account %d: IBAN %s, want %s", i, a.Account.IBAN, want[i].IBAN)
		}
		if a.Balance == nil {
			t.Errorf("account %s: no balance cached", a.Account.IBAN)
			continue
		}
		bal, err := d.Bank.Ledger().Balance(want[i].IBAN)
		if err != nil {
			t.Fatal(err)
		}
		if a.Balance.Booked.Amount.Cmp(bal.Booked.Amount) != 0 {
			t.Errorf("account %s: cached balance %s, bank %s", a.Account.IBAN, a.Balance.Booked.Amount, bal.Booked.Amount)
		}
	}

	giro := want[0].IBAN
	h, err := b.History(ctx, d.LoginID, giro)
	if err != nil {
		t.Fatal(err)
	}
	today := d.Bank.Ledger().Today()
	rng, err := d.Bank.Ledger().Bookings(giro, today.AddDays(-90), today)
	if err != nil {
		t.Fatal(err)
	}
	booked := 0
	for _, bk := range h.Bookings {
		if bk.Status == statement.Booked {
			booked++
		}
	}
	if booked != len(rng.Booked) {
		t.Errorf("cached %d booked entries, the bank has %d in the 90 days", booked, len(rng.Booked))
	}
	if len(h.Bookings) == 0 || !h.CanFetchOlder || h.To != today {
		t.Fatalf("history: %d bookings, can fetch older %v, to %v (today %v)", len(h.Bookings), h.CanFetchOlder, h.To, today)
	}
	// Newest first, pending before booked.
	seenBooked := false
	for i, bk := range h.Bookings {
		if bk.Status == statement.Booked {
			seenBooked = true
		} else if seenBooked {
			t.Fatalf("pending entry %d after booked ones", i)
		}
		if i > 0 && bk.Status == statement.Booked && h.Bookings[i-1].Status == statement.Booked &&
			bk.BookingDate.After(h.Bookings[i-1].BookingDate) {
			t.Fatalf("booking %d (%s) is newer than the one before (%s)", i, bk.BookingDate, h.Bookings[i-1].BookingDate)
		}
		if bk.ID == "" {
			t.Fatalf("booking %d has no ID", i)
		}
	}
}

// TestSecondStartFromCache: after a restart the cached logins, balances
// and bookings are served without a single request to the bank; the next
// sync is warm (no TAN, few messages) and adds nothing twice.
func TestSecondStartFromCache(t *testing.T) {
	d, p, logs := testDemo(t, smsBank(demobank.DemoPIN), demobank.DemoPIN)
	ctx := ctxT(t)
	if err := d.Backend.Sync(ctx, d.LoginID, p); err != nil {
		t.Fatal(err)
	}
	first, _ := d.Backend.Logins(ctx)
	giro := first[0].Accounts[0].Account.Key()
	h1, err := d.Backend.History(ctx, d.LoginID, giro)
	if err != nil {
		t.Fatal(err)
	}

	b := restart(t, d, logs)
	before := d.Bank.Requests()
	logins, err := b.Logins(ctx)
	if err != nil {
		t.Fatal(err)
	}
	h2, err := b.History(ctx, d.LoginID, giro)
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Bank.Requests(); got != before {
		t.Fatalf("reading the cache sent %d requests to the bank", got-before)
	}
	if len(logins) != 1 || len(logins[0].Accounts) != len(first[0].Accounts) || logins[0].Accounts[0].Balance == nil {
		t.Fatalf("cached logins after restart: %+v", logins)
	}
	if len(h2.Bookings) != len(h1.Bookings) || h2.Bookings[0].ID != h1.Bookings[0].ID {
		t.Fatalf("cached history after restart: %d bookings, want %d", len(h2.Bookings), len(h1.Bookings))
	}

	p2 := &person{bank: d.Bank, user: demobank.DemoUser, pin: demobank.DemoPIN}
	if err := b.Sync(ctx, d.LoginID, p2); err != nil {
		t.Fatal(err)
	}
	if pins, tans := p2.counts(); pins != 1 || tans != 0 {
		t.Errorf("warm sync asked %d PINs and %d TANs, want 1 and 0", pins, tans)
	}
	// init + sync; the end of the dialog comes with Close.
	if n := d.Bank.Requests() - before; n > 2 {
		t.Errorf("warm sync took %d requests, want at most 2", n)
	}
	h3, _ := b.History(ctx, d.LoginID, giro)
	if len(h3.Bookings) != len(h1.Bookings) {
		t.Errorf("after the warm sync %d bookings, want %d (nothing twice)", len(h3.Bookings), len(h1.Bookings))
	}
	if err := b.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if n := d.Bank.OpenDialogs(); n != 0 {
		t.Errorf("%d dialogs left open at the bank after Close", n)
	}
	if _, err := b.Logins(ctx); !errors.Is(err, ErrClosed) {
		t.Errorf("Logins after Close: %v, want ErrClosed", err)
	}
	var _ ui.Backend = b
}

// TestDemoKeptVault: `saldo --demo --vault FILE` keeps the demo's cache
// across runs, although each run starts a new demo bank (which knows
// nothing of the earlier run's system ID).
func TestDemoKeptVault(t *testing.T) {
	path := t.TempDir() + "/demo.db"
	ctx := ctxT(t)
	opts := DemoOptions{Bank: demobank.Options{HideTANs: true, Logins: []demobank.LoginOptions{{UserID: demobank.DemoUser, NoLoginSCA: true, Methods: []string{demobank.MethodSMS}}}},
		VaultPath: path, PIN: demobank.DemoPIN}
	d, err := StartDemo(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	p := &person{bank: d.Bank, user: demobank.DemoUser}
	if err := d.Backend.Sync(ctx, d.LoginID, p); err != nil {
		t.Fatal(err)
	}
	if len(p.pins) != 0 {
		t.Errorf("the demo PIN was asked for although given")
	}
	ls, _ := d.Backend.Logins(ctx)
	p.quitTAN = true
	if err := d.Backend.FetchOlder(ctx, d.LoginID, ls[0].Accounts[0].Account.Key(), p); !errors.Is(err, ErrPaused) {
		t.Fatalf("older: %v, want ErrPaused", err)
	}
	if err := d.Close(ctx); err != nil {
		t.Fatal(err)
	}

	d2, err := StartDemo(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer d2.Close(ctx)
	ls, err = d2.Backend.Logins(ctx)
	if err != nil || len(ls) != 1 || len(ls[0].Accounts) == 0 || ls[0].Accounts[0].Balance == nil {
		t.Fatalf("second run: %+v, %v", ls, err)
	}
	// The new demo bank cannot know the earlier run's paused dialog.
	if pend, _ := d2.Backend.PendingTANs(ctx); len(pend) != 0 {
		t.Errorf("a paused operation of the earlier demo bank is offered: %+v", pend)
	}
	p2 := &person{bank: d2.Bank, user: demobank.DemoUser}
	if err := d2.Backend.Sync(ctx, d2.LoginID, p2); err != nil {
		t.Fatalf("sync against the new demo bank: %v", err)
	}
}
