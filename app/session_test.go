package app

import (
	"context"
	"errors"
	"testing"
	"time"

	"saldo/fints/demobank"
	"saldo/fints/statement"
	"saldo/ui"
	"saldo/vault"
)

// TestFetchOlder: older history comes in yearly chunks with a TAN, keeps
// the pending entries, and stops where the bank's storage ends.
func TestFetchOlder(t *testing.T) {
	d, p, _ := testDemo(t, smsBank(demobank.DemoPIN), demobank.DemoPIN)
	ctx := ctxT(t)
	b := d.Backend
	if err := b.Sync(ctx, d.LoginID, p); err != nil {
		t.Fatal(err)
	}
	logins, _ := b.Logins(ctx)
	giro := logins[0].Accounts[0].Account.Key()
	h0, _ := b.History(ctx, d.LoginID, giro)
	pending := 0
	for _, bk := range h0.Bookings {
		if bk.Status == statement.Pending {
			pending++
		}
	}
	_, tans0 := p.counts()
	for i := 0; ; i++ {
		h, err := b.History(ctx, d.LoginID, giro)
		if err != nil {
			t.Fatal(err)
		}
		if !h.CanFetchOlder {
			break
		}
		if i == 4 {
			t.Fatal("older history never ends")
		}
		if err := b.FetchOlder(ctx, d.LoginID, giro, p); err != nil {
			t.Fatalf("fetch older %d: %v", i, err)
		}
	}
	h, _ := b.History(ctx, d.LoginID, giro)
	today := d.Bank.Ledger().Today()
	all, err := d.Bank.Ledger().Bookings(giro, statement.Date{}, today)
	if err != nil {
		t.Fatal(err)
	}
	booked, pend := 0, 0
	for _, bk := range h.Bookings {
		if bk.Status == statement.Booked {
			booked++
		} else {
			pend++
		}
	}
	if booked != len(all.Booked) {
		t.Errorf("after fetching everything: %d booked cached, the bank has %d", booked, len(all.Booked))
	}
	if pend != pending {
		t.Errorf("pending entries %d after fetching older ones, want %d kept", pend, pending)
	}
	if limit := today.AddDays(-730 + 1); h.From.After(all.From) && h.From.After(limit) {
		t.Errorf("history starts %s, bank data from %s", h.From, all.From)
	}
	if _, tans := p.counts(); tans == tans0 {
		t.Error("older than 90 days was fetched without a TAN")
	}
	if err := b.FetchOlder(ctx, d.LoginID, giro, p); err == nil {
		t.Error("FetchOlder past the bank's storage did not fail")
	}
}

// TestWrongPINAskedAgain: a rejected PIN is asked again with the retry
// warning, and the right one then works.
func TestWrongPINAskedAgain(t *testing.T) {
	d, p, _ := testDemo(t, smsBank(demobank.DemoPIN), demobank.DemoPIN)
	ctx := ctxT(t)
	p.wrongPIN = 1
	if err := d.Backend.Sync(ctx, d.LoginID, p); err != nil {
		t.Fatal(err)
	}
	if len(p.pins) != 2 || p.pins[0].Retry || !p.pins[1].Retry {
		t.Fatalf("PIN requests %+v, want a first one and a retry", p.pins)
	}
	// The session keeps the PIN: no further prompt.
	if err := d.Backend.Sync(ctx, d.LoginID, p); err != nil {
		t.Fatal(err)
	}
	if len(p.pins) != 2 {
		t.Errorf("second sync asked for the PIN again (%d requests)", len(p.pins))
	}
}

// TestPINCancelled: cancelling the PIN prompt fails the sync without
// contacting the bank and without marking a sync error.
func TestPINCancelled(t *testing.T) {
	d, p, _ := testDemo(t, smsBank(demobank.DemoPIN), demobank.DemoPIN)
	ctx := ctxT(t)
	p.cancelPIN = true
	before := d.Bank.Requests()
	if err := d.Backend.Sync(ctx, d.LoginID, p); !errors.Is(err, ui.ErrCancelled) {
		t.Fatalf("sync: %v, want ErrCancelled", err)
	}
	if d.Bank.Requests() != before {
		t.Error("the bank was contacted without a PIN")
	}
	ls, _ := d.Backend.Logins(ctx)
	if ls[0].SyncError != "" {
		t.Errorf("sync error %q after a cancelled PIN", ls[0].SyncError)
	}
}

// TestSwitchMethod: choosing another method in the TAN dialog submits
// the operation again with the new method, which then sticks.
func TestSwitchMethod(t *testing.T) {
	opts := smsBank(demobank.DemoPIN)
	opts.ApproveAfter = -1
	d, p, _ := testDemo(t, opts, demobank.DemoPIN)
	ctx := ctxT(t)
	p.switchTo = demobank.MethodDecoupled
	p.approve = true
	if err := d.Backend.Sync(ctx, d.LoginID, p); err != nil {
		t.Fatalf("sync after switching: %v", err)
	}
	if len(p.statuses) == 0 {
		t.Fatal("the new (decoupled) method was never used")
	}
	opts2, err := d.Backend.TANMethods(d.LoginID)
	if err != nil {
		t.Fatal(err)
	}
	if opts2.Current != demobank.MethodDecoupled || len(opts2.Methods) < 2 {
		t.Errorf("TAN options after the switch: current %q, %d methods", opts2.Current, len(opts2.Methods))
	}
	v, _ := d.Backend.vault()
	key, _ := vault.ParseLoginKey(d.LoginID)
	set, _ := v.Login(key)
	if set.TANMethod != demobank.MethodDecoupled {
		t.Errorf("stored TAN method %q, want %s", set.TANMethod, demobank.MethodDecoupled)
	}
}

// TestPauseSyncOnQuitAndResume: quitting while the login TAN is awaited
// pauses the sync into the vault; the next start offers it, and resuming
// finishes the sync into the cache.
func TestPauseSyncOnQuitAndResume(t *testing.T) {
	d, p, logs := testDemo(t, smsBank(demobank.DemoPIN), demobank.DemoPIN)
	ctx := ctxT(t)
	p.quitTAN = true
	if err := d.Backend.Sync(ctx, d.LoginID, p); !errors.Is(err, ErrPaused) {
		t.Fatalf("sync: %v, want ErrPaused", err)
	}
	b := restart(t, d, logs)
	ls, _ := b.Logins(ctx)
	if !ls[0].HasPending {
		t.Error("login does not show the pending TAN")
	}
	pend, err := b.PendingTANs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(pend) != 1 || pend[0].LoginID != d.LoginID || pend[0].IsPayment || pend[0].Operation == "" || pend[0].Challenge.Operation == "" {
		t.Fatalf("pending TANs %+v", pend)
	}
	p2 := &person{bank: d.Bank, user: demobank.DemoUser, pin: demobank.DemoPIN}
	out, err := b.ResumeTAN(ctx, pend[0].ID, p2)
	if err != nil || out != nil {
		t.Fatalf("resume: %v, %v", out, err)
	}
	if pins, tans := p2.counts(); pins != 1 || tans != 1 {
		t.Errorf("resume asked %d PINs, %d TANs; want 1, 1", pins, tans)
	}
	ls, _ = b.Logins(ctx)
	if len(ls[0].Accounts) == 0 || ls[0].Accounts[0].Balance == nil || ls[0].HasPending {
		t.Fatalf("after resume: %+v", ls[0])
	}
	if pend, _ := b.PendingTANs(ctx); len(pend) != 0 {
		t.Errorf("still pending after resume: %+v", pend)
	}
	if _, err := b.ResumeTAN(ctx, d.LoginID, p2); err == nil {
		t.Error("a paused operation was resumed twice")
	}
}

// TestDecoupledPausedByClose: an operation waiting for an app approval
// when saldo closes is paused, not lost, and Close still returns promptly.
func TestDecoupledPausedByClose(t *testing.T) {
	opts := smsBank(demobank.DemoPIN)
	opts.ApproveAfter = -1
	d, p, logs := testDemo(t, opts, demobank.DemoPIN)
	ctx := ctxT(t)
	if err := d.Backend.SetTANMethod(d.LoginID, demobank.MethodDecoupled, ""); err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() { errc <- d.Backend.Sync(ctx, d.LoginID, p) }()
	for deadline := time.Now().Add(20 * time.Second); ; {
		p.mu.Lock()
		n := len(p.statuses)
		p.mu.Unlock()
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no decoupled wait started")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := d.Backend.Close(cctx); err != nil {
		t.Fatalf("close: %v", err)
	}
	if err := <-errc; !errors.Is(err, ErrPaused) {
		t.Fatalf("sync: %v, want ErrPaused", err)
	}
	b := restart(t, d, logs)
	pend, _ := b.PendingTANs(ctx)
	if len(pend) != 1 || pend[0].Challenge.Method.Code != demobank.MethodDecoupled {
		t.Fatalf("pending after close: %+v", pend)
	}
	p2 := &person{bank: d.Bank, user: demobank.DemoUser, pin: demobank.DemoPIN, approve: true}
	if _, err := b.ResumeTAN(ctx, pend[0].ID, p2); err != nil {
		t.Fatalf("resume: %v", err)
	}
	ls, _ := b.Logins(ctx)
	if len(ls[0].Accounts) == 0 {
		t.Fatal("resumed sync cached nothing")
	}
}

// TestDiscardPaused drops a paused operation.
func TestDiscardPaused(t *testing.T) {
	d, p, logs := testDemo(t, smsBank(demobank.DemoPIN), demobank.DemoPIN)
	ctx := ctxT(t)
	p.quitTAN = true
	if err := d.Backend.Sync(ctx, d.LoginID, p); !errors.Is(err, ErrPaused) {
		t.Fatalf("sync: %v", err)
	}
	b := restart(t, d, logs)
	if err := b.DiscardTAN(ctx, d.LoginID); err != nil {
		t.Fatal(err)
	}
	if pend, _ := b.PendingTANs(ctx); len(pend) != 0 {
		t.Fatalf("pending after discard: %+v", pend)
	}
	p2 := &person{bank: d.Bank, user: demobank.DemoUser, pin: demobank.DemoPIN}
	if err := b.Sync(ctx, d.LoginID, p2); err != nil {
		t.Fatalf("sync after discard: %v", err)
	}
}

// TestTANMethodsInsidePrompt: the TAN dialog asks for the methods while
// the operation waits in the prompt; the answer must come at once and
// list what the bank allows, even on the very first login.
func TestTANMethodsInsidePrompt(t *testing.T) {
	d, p, _ := testDemo(t, smsBank(demobank.DemoPIN), demobank.DemoPIN)
	ctx := ctxT(t)
	var got ui.TANOptions
	var gotErr error
	p.onTAN = func() {
		done := make(chan struct{})
		go func() {
			got, gotErr = d.Backend.TANMethods(d.LoginID)
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			gotErr = errors.New("TANMethods blocked inside the TAN prompt")
		}
	}
	if err := d.Backend.Sync(ctx, d.LoginID, p); err != nil {
		t.Fatal(err)
	}
	if gotErr != nil {
		t.Fatal(gotErr)
	}
	if len(got.Methods) != 2 || got.Current != demobank.MethodSMS {
		t.Errorf("TAN options inside the prompt: %d methods, current %q", len(got.Methods), got.Current)
	}
}

// TestResumeExpiredQueryRunsAfresh: when the bank has dropped a paused
// query's dialog, resuming runs the query again (a new challenge) instead
// of failing; only payments are never repeated.
func TestResumeExpiredQueryRunsAfresh(t *testing.T) {
	opts := smsBank(demobank.DemoPIN)
	opts.DialogTimeout = 300 * time.Millisecond
	d, p, logs := testDemo(t, opts, demobank.DemoPIN)
	ctx := ctxT(t)
	p.quitTAN = true
	if err := d.Backend.Sync(ctx, d.LoginID, p); !errors.Is(err, ErrPaused) {
		t.Fatalf("sync: %v", err)
	}
	time.Sleep(600 * time.Millisecond) // the bank forgets the dialog
	b := restart(t, d, logs)
	p2 := &person{bank: d.Bank, user: demobank.DemoUser, pin: demobank.DemoPIN}
	if _, err := b.ResumeTAN(ctx, d.LoginID, p2); err != nil {
		t.Fatalf("resume of an expired sync: %v", err)
	}
	if _, tans := p2.counts(); tans != 2 {
		t.Errorf("%d TAN prompts, want 2 (the expired one, then a new login)", tans)
	}
	ls, _ := b.Logins(ctx)
	if len(ls[0].Accounts) == 0 || ls[0].HasPending {
		t.Fatalf("after the fresh run: %+v", ls[0])
	}
}
