package fints_test

import (
	"context"
	"testing"

	"saldo/fints"
	"saldo/fints/demobank"
	"saldo/fints/statement"
)

// TestE2EColdLoginAndStatements: a first contact (no state) synchronises,
// logs in with SCA (SMS-TAN), lists the accounts, and downloads two years
// of bookings across all touchdown pages in a standing dialog.
func TestE2EColdLoginAndStatements(t *testing.T) {
	bank := startBank(t, demobank.Options{Logins: smsLogin(false)})
	p := &bankPrompter{bank: bank, user: demobank.DemoUser}
	c, err := fints.New(config(bank, demobank.DemoUser, p))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := c.Open(ctx); err != nil {
		t.Fatal(err)
	}
	if p.prompts() != 1 || p.challenges[0].Operation != "Login" {
		t.Fatalf("login prompts = %+v, want one Login challenge", p.challenges)
	}
	accounts, err := c.Accounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := bank.Ledger().Accounts(demobank.DemoUser)
	if len(accounts) != len(want) {
		t.Fatalf("accounts = %+v, want %d", accounts, len(want))
	}
	for i, a := range accounts {
		if a.IBAN != want[i].IBAN || a.BIC != want[i].BIC || a.Number != want[i].Number {
			t.Errorf("account %d = %+v, want %+v", i, a, want[i])
		}
	}
	today := bank.Ledger().Today()
	from := today.AddDays(-700)
	sts, err := c.Transactions(ctx, from, today, accounts[0])
	if err != nil {
		t.Fatal(err)
	}
	rng, _ := bank.Ledger().Bookings(accounts[0].IBAN, from, today)
	if len(sts) != 1 || len(sts[0].Booked) != len(rng.Booked) || len(sts[0].Pending) != len(rng.Pending) {
		t.Fatalf("got %d booked / %d pending, want %d / %d", len(sts[0].Booked), len(sts[0].Pending), len(rng.Booked), len(rng.Pending))
	}
	if sts[0].Pages < 2 {
		t.Errorf("pages = %d, want several (touchdown)", sts[0].Pages)
	}
	for i, b := range sts[0].Booked {
		w := rng.Booked[i]
		if b.Amount != w.Amount || b.BookingDate != w.BookingDate {
			t.Fatalf("booking %d = %s %s, want %s %s", i, b.BookingDate, b.Amount, w.BookingDate, w.Amount)
		}
	}
	if err := c.Close(ctx); err != nil {
		t.Fatal(err)
	}
	_ = statement.Date{}
}
