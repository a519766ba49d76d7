package fints_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"saldo/fints"
	"saldo/fints/demobank"
)

// warmSync restores state, opens the standing dialog, syncs every account
// and closes, returning the HTTP requests it took.
func warmSync(tb testing.TB, bank *demobank.Bank, state []byte) (*fints.SyncResult, int64) {
	tb.Helper()
	p := &bankPrompter{bank: bank, user: demobank.DemoUser}
	cfg := config(bank, demobank.DemoUser, p)
	cfg.State = state
	c, err := fints.New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	ctx := context.Background()
	if err := c.Open(ctx); err != nil {
		tb.Fatal(err)
	}
	res, err := c.Sync(ctx, bank.Ledger().Today().AddDays(-fints.SyncWindow))
	if err != nil {
		tb.Fatal(err)
	}
	if err := c.Close(ctx); err != nil {
		tb.Fatal(err)
	}
	if p.prompts() != 0 {
		tb.Fatalf("warm sync asked for %d TANs", p.prompts())
	}
	return res, c.Stats().Requests
}

// TestE2EWarmSyncRequests: with a restored blob the whole sync (init,
// balances and 90 days of bookings of every account, end) takes 3 HTTP
// requests.
func TestE2EWarmSyncRequests(t *testing.T) {
	bank := startBank(t, demobank.Options{Logins: smsLogin(false)})
	state := loggedIn(t, bank, &bankPrompter{bank: bank, user: demobank.DemoUser}, "")
	before := bank.Requests()
	res, n := warmSync(t, bank, state)
	if n > 3 || bank.Requests()-before != n {
		t.Errorf("warm sync took %d requests (bank saw %d), want ≤ 3", n, bank.Requests()-before)
	}
	accounts, _ := bank.Ledger().Accounts(demobank.DemoUser)
	if len(res.Balances) != len(accounts) || len(res.Statements) != len(accounts) || len(res.Failures) != 0 {
		t.Fatalf("sync: %d balances, %d statements, failures %v; want %d accounts", len(res.Balances), len(res.Statements), res.Failures, len(accounts))
	}
	for i, a := range accounts {
		bi, _ := bank.Ledger().Balance(a.IBAN)
		if res.Balances[i].Account != a.IBAN || res.Balances[i].Booked.Amount != bi.Booked.Amount {
			t.Errorf("balance %s = %+v, want %v", a.IBAN, res.Balances[i], bi.Booked.Amount)
		}
		today := bank.Ledger().Today()
		rng, _ := bank.Ledger().Bookings(a.IBAN, today.AddDays(-fints.SyncWindow), today)
		if got := res.Statements[i]; got.Account != a.IBAN || len(got.Booked) != len(rng.Booked) || len(got.Pending) != len(rng.Pending) {
			t.Errorf("statements %s: %d/%d, want %d/%d", a.IBAN, len(got.Booked), len(got.Pending), len(rng.Booked), len(rng.Pending))
		}
	}
}

// BenchmarkWarmSync prints the request count of a warm sync of the demo
// login (target ≤ 3; python-fints needs 1+1+N·(1+pages)+1).
func BenchmarkWarmSync(b *testing.B) {
	bank := startBank(b, demobank.Options{Logins: smsLogin(false)})
	p := &bankPrompter{bank: bank, user: demobank.DemoUser}
	cfg := config(bank, demobank.DemoUser, p)
	c, _ := fints.New(cfg)
	if _, err := c.Accounts(context.Background()); err != nil {
		b.Fatal(err)
	}
	state := c.Deconstruct(true)
	var total int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_, n := warmSync(b, bank, state)
		total += n
	}
	b.ReportMetric(float64(total)/float64(b.N), "requests/sync")
}

// TestE2EStandingDialogReopens: a dialog the bank drops (9800) is
// re-opened transparently by the next operation.
func TestE2EStandingDialogReopens(t *testing.T) {
	bank := startBank(t, demobank.Options{Logins: smsLogin(false)})
	p := &bankPrompter{bank: bank, user: demobank.DemoUser}
	cfg := warmConfig(t, bank, p)
	c, _ := fints.New(cfg)
	ctx := context.Background()
	if err := c.Open(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Balances(ctx); err != nil {
		t.Fatal(err)
	}
	bank.SetFaults(demobank.Faults{Abort: 1})
	bs, err := c.Balances(ctx)
	if err != nil || len(bs) == 0 {
		t.Fatalf("after abort: %v, %v", bs, err)
	}
	if err := c.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if n := bank.OpenDialogs(); n != 0 {
		t.Errorf("%d dialogs left open at the bank", n)
	}
}

// TestE2EResync: 9391 makes the engine fetch a new system ID once.
func TestE2EResync(t *testing.T) {
	bank := startBank(t, demobank.Options{Logins: smsLogin(true)})
	p := &bankPrompter{bank: bank, user: demobank.DemoUser}
	cfg := warmConfig(t, bank, p)
	c, _ := fints.New(cfg)
	old := c.SystemID()
	bank.SetFaults(demobank.Faults{Resync: true})
	if _, err := c.Balances(context.Background()); err != nil {
		t.Fatal(err)
	}
	if c.SystemID() == old || c.SystemID() == "" {
		t.Errorf("system ID %q not renewed (was %q)", c.SystemID(), old)
	}
}

// TestE2EWrongPINStops: after the bank rejects the PIN the engine sends
// nothing more with it until a new one is set.
func TestE2EWrongPINStops(t *testing.T) {
	bank := startBank(t, demobank.Options{Logins: smsLogin(true)})
	p := &bankPrompter{bank: bank, user: demobank.DemoUser}
	cfg := warmConfig(t, bank, p)
	cfg.PIN = fintsSecret("99999")
	c, _ := fints.New(cfg)
	_, err := c.Balances(context.Background())
	if !errors.Is(err, fints.ErrWrongPIN) {
		t.Fatalf("err = %v, want ErrWrongPIN", err)
	}
	before := bank.Requests()
	_, err = c.Balances(context.Background())
	if !errors.Is(err, fints.ErrWrongPIN) || bank.Requests() != before {
		t.Fatalf("second attempt: err = %v, %d requests sent", err, bank.Requests()-before)
	}
	c.SetPIN(fintsSecret(demobank.DemoPIN))
	if _, err := c.Balances(context.Background()); err != nil {
		t.Fatalf("with the right PIN: %v", err)
	}
}

func TestE2ELocked(t *testing.T) {
	bank := startBank(t, demobank.Options{Logins: smsLogin(true)})
	bank.SetFaults(demobank.Faults{Lock: []string{demobank.DemoUser}})
	c, _ := fints.New(config(bank, demobank.DemoUser, &bankPrompter{bank: bank, user: demobank.DemoUser}))
	_, err := c.Accounts(context.Background())
	if !errors.Is(err, fints.ErrLocked) {
		t.Fatalf("err = %v, want ErrLocked", err)
	}
}

// TestE2ELostAnswer: the bank processed a query but the answer got lost;
// the engine opens a new dialog and repeats the query (queries only).
func TestE2ELostAnswer(t *testing.T) {
	bank := startBank(t, demobank.Options{Logins: smsLogin(true)})
	p := &bankPrompter{bank: bank, user: demobank.DemoUser}
	cfg := warmConfig(t, bank, p)
	c, _ := fints.New(cfg)
	ctx := context.Background()
	if err := c.Open(ctx); err != nil {
		t.Fatal(err)
	}
	bank.SetFaults(demobank.Faults{DropAfter: 1})
	if _, err := c.Balances(ctx); err != nil {
		t.Fatalf("after a lost answer: %v", err)
	}
	c.Close(ctx)
}

// TestE2EOldStatementsAllAccounts: statements older than 90 days need a
// TAN per job; the bank challenges the batched jobs at once, so the
// engine sends them again one per message and completes each.
func TestE2EOldStatementsAllAccounts(t *testing.T) {
	bank := startBank(t, demobank.Options{HideTANs: true, Logins: smsLogin(false)})
	p := &bankPrompter{bank: bank, user: demobank.DemoUser}
	cfg := warmConfig(t, bank, p)
	c, _ := fints.New(cfg)
	ctx := context.Background()
	today := bank.Ledger().Today()
	before := p.prompts()
	sts, err := c.Transactions(ctx, today.AddDays(-300), today)
	if err != nil {
		t.Fatal(err)
	}
	accounts, _ := bank.Ledger().Accounts(demobank.DemoUser)
	if len(sts) != len(accounts) || p.prompts()-before != len(accounts) {
		t.Fatalf("%d statements, %d TAN prompts; want %d each", len(sts), p.prompts()-before, len(accounts))
	}
	for i, a := range accounts {
		rng, _ := bank.Ledger().Bookings(a.IBAN, today.AddDays(-300), today)
		if len(sts[i].Booked) != len(rng.Booked) {
			t.Errorf("%s: %d booked, want %d", a.IBAN, len(sts[i].Booked), len(rng.Booked))
		}
	}
	if !bytes.Contains(c.Deconstruct(false), []byte(`"no_multi_tan":true`)) {
		t.Error("the fallback is not remembered in the state")
	}
}
