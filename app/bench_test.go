package app

import (
	"context"
	"log/slog"
	"testing"

	"saldo/fints"
	"saldo/fints/demobank"
	"saldo/fints/statement"
	"saldo/vault"
)

// big100k is a backend whose vault caches the demo bank's 100,000-booking
// business account, seeded straight from the ledger (downloading it page
// by page is the engine's benchmark, not this one).
func big100k(b *testing.B) (*Backend, string, string) {
	b.Helper()
	ctx := context.Background()
	d, err := StartDemo(ctx, DemoOptions{UserID: demobank.DemoUser100k, Dir: b.TempDir(), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close(context.Background()) })
	v, _ := d.Backend.vault()
	key, _ := vault.ParseLoginKey(d.LoginID)
	accts, err := d.Bank.Ledger().Accounts(demobank.DemoUser100k)
	if err != nil {
		b.Fatal(err)
	}
	a := accts[0]
	rng, err := d.Bank.Ledger().Bookings(a.IBAN, statement.Date{}, d.Bank.Ledger().Today())
	if err != nil {
		b.Fatal(err)
	}
	statement.AssignIDs(a.IBAN, rng.Booked)
	if err := v.PutAccounts(key, []fints.Account{{IBAN: a.IBAN, BIC: a.BIC, Number: a.Number, BankCode: a.BankCode, Currency: a.Currency, Owner: a.Owner, Product: a.Product}}); err != nil {
		b.Fatal(err)
	}
	if _, err := v.MergeBookings(key, a.IBAN, rng.Booked, rng.Pending); err != nil {
		b.Fatal(err)
	}
	if len(rng.Booked) < demobank.BigBookings {
		b.Fatalf("only %d bookings", len(rng.Booked))
	}
	return d.Backend, d.LoginID, a.IBAN
}

// BenchmarkHistory100k measures opening the statement of an account with
// 100,000 cached bookings: the vault read, decryption and reordering.
func BenchmarkHistory100k(b *testing.B) {
	be, login, iban := big100k(b)
	ctx := context.Background()
	b.ResetTimer()
	n := 0
	for b.Loop() {
		h, err := be.History(ctx, login, iban)
		if err != nil {
			b.Fatal(err)
		}
		n = len(h.Bookings)
	}
	b.ReportMetric(float64(n), "bookings")
}

// BenchmarkLogins measures the start screen's cache read.
func BenchmarkLogins(b *testing.B) {
	be, _, _ := big100k(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := be.Logins(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWarmSync measures a sync of the demo login in its standing
// dialog after the first one: requests to the bank and time per sync.
func BenchmarkWarmSync(b *testing.B) {
	ctx := context.Background()
	d, err := StartDemo(ctx, DemoOptions{Bank: demobank.Options{Logins: []demobank.LoginOptions{{UserID: demobank.DemoUser, NoLoginSCA: true}}},
		Dir: b.TempDir(), PIN: demobank.DemoPIN, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close(context.Background())
	p := &person{bank: d.Bank, user: demobank.DemoUser, pin: demobank.DemoPIN}
	if err := d.Backend.Sync(ctx, d.LoginID, p); err != nil {
		b.Fatal(err)
	}
	before := d.Bank.Requests()
	b.ResetTimer()
	syncs := 0
	for b.Loop() {
		if err := d.Backend.Sync(ctx, d.LoginID, p); err != nil {
			b.Fatal(err)
		}
		syncs++
	}
	b.ReportMetric(float64(d.Bank.Requests()-before)/float64(syncs), "requests/sync")
}
