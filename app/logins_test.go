package app

import (
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"saldo/fints"
	"saldo/fints/bankdir"
	"saldo/fints/demobank"
	"saldo/fints/secret"
	"saldo/ui"
	"saldo/vault"
)

// emptyBackend is a fresh saldo with a new vault and a demo bank to add.
func emptyBackend(t *testing.T, bank demobank.Options) (*Backend, *demobank.Bank) {
	t.Helper()
	bk := demobank.New(bank)
	ctx, cancel := context.WithCancel(context.Background())
	if bk.Start(ctx) == "" {
		cancel()
		t.Fatal(bk.Err())
	}
	t.Cleanup(func() { cancel(); bk.Close() })
	b := New(Options{VaultPath: filepath.Join(t.TempDir(), "vault.db"), KDF: demoKDF, DemoURL: bk.URL()})
	if b.VaultExists() {
		t.Fatal("a vault exists before Unlock created one")
	}
	if err := b.Unlock(ctxT(t), secret.New("first passphrase"), true); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close(context.Background()) })
	return b, bk
}

func TestUnlock(t *testing.T) {
	b, _ := emptyBackend(t, demobank.Options{})
	ctx := ctxT(t)
	if !b.VaultExists() {
		t.Fatal("no vault after Unlock(create)")
	}
	path := b.opts.VaultPath
	if err := b.Close(ctx); err != nil {
		t.Fatal(err)
	}
	b2 := New(Options{VaultPath: path})
	if err := b2.Unlock(ctx, secret.New("not it"), false); !errors.Is(err, ui.ErrBadPassphrase) {
		t.Fatalf("wrong passphrase: %v, want ui.ErrBadPassphrase", err)
	}
	if _, err := b2.Logins(ctx); !errors.Is(err, ErrLocked) {
		t.Fatalf("Logins while locked: %v", err)
	}
	if err := b2.Unlock(ctx, secret.New("first passphrase"), false); err != nil {
		t.Fatal(err)
	}
	if ls, err := b2.Logins(ctx); err != nil || len(ls) != 0 {
		t.Fatalf("logins of a new vault: %v, %v", ls, err)
	}
	b2.Close(ctx)
	if err := New(Options{VaultPath: path}).Unlock(ctx, secret.New("x"), true); err == nil {
		t.Error("Unlock(create) over an existing vault succeeded")
	}
}

func TestSearchBanks(t *testing.T) {
	b := New(Options{DemoURL: "http://127.0.0.1:1/"})
	tests := []struct {
		query    string
		demo     bool // the demo bank comes first
		minCount int
	}{
		{"", true, 1},
		{"demo", true, 1},
		{demobank.BankCode, true, 1},
		{"Sparkasse", false, 5},
		{"10070000", false, 1},
	}
	for _, tt := range tests {
		got := b.SearchBanks(tt.query, 10)
		if len(got) < tt.minCount || len(got) > 10 {
			t.Errorf("%q: %d banks", tt.query, len(got))
			continue
		}
		if (got[0].BLZ == demobank.BankCode) != tt.demo {
			t.Errorf("%q: first is %s %s", tt.query, got[0].BLZ, got[0].Name)
		}
		if tt.demo && got[0].PinTanURL != "http://127.0.0.1:1/" {
			t.Errorf("demo entry URL %q", got[0].PinTanURL)
		}
	}
}

// TestAddLogin: the bank picker's demo entry is added with PIN and login
// TAN, stored, synced and listed; a second add is refused; a login the
// bank refuses leaves nothing behind.
func TestAddLogin(t *testing.T) {
	b, bank := emptyBackend(t, demobank.Options{HideTANs: true, Logins: []demobank.LoginOptions{
		{UserID: demobank.DemoUser, Methods: []string{demobank.MethodSMS}}}})
	ctx := ctxT(t)
	demo := b.SearchBanks("demo", 1)[0]
	p := &person{bank: bank, user: demobank.DemoUser, pin: demobank.DemoPIN}
	nl := ui.NewLogin{Bank: demo, URL: demo.PinTanURL, UserID: demobank.DemoUser}

	bad := &person{bank: bank, user: demobank.DemoUser, pin: "wrong"}
	if _, err := b.AddLogin(ctx, nl, bad); !errors.Is(err, fints.ErrWrongPIN) && !errors.Is(err, fints.ErrLocked) {
		t.Fatalf("AddLogin with a wrong PIN: %v", err)
	}
	if ls, _ := b.Logins(ctx); len(ls) != 0 {
		t.Fatalf("a refused login was stored: %+v", ls)
	}
	bank.Unlock(demobank.DemoUser)

	l, err := b.AddLogin(ctx, nl, p)
	if err != nil {
		t.Fatalf("AddLogin: %v", err)
	}
	if l.BankName != demobank.BankName || !l.Demo || len(l.Accounts) != 3 || l.LastSync.IsZero() {
		t.Fatalf("added login: %+v", l)
	}
	if _, tans := p.counts(); tans != 1 {
		t.Errorf("%d TANs for the first login, want 1", tans)
	}
	if _, err := b.AddLogin(ctx, nl, p); err == nil || !strings.Contains(err.Error(), "already") {
		t.Errorf("second AddLogin: %v", err)
	}
	opts, err := b.TANMethods(l.ID)
	if err != nil || len(opts.Methods) == 0 {
		t.Errorf("TAN methods of the new login: %+v, %v", opts, err)
	}
	for _, bad := range []ui.NewLogin{
		{Bank: demo, UserID: " "},
		{Bank: bankdir.Bank{BLZ: "123"}, UserID: "x", URL: "https://x.example/"},
		{Bank: bankdir.Bank{BLZ: "10070000"}, UserID: "x"},
	} {
		if _, err := b.AddLogin(ctx, bad, p); err == nil {
			t.Errorf("AddLogin(%+v) succeeded", bad)
		}
	}
	v, _ := b.vault()
	if _, err := v.Login(vault.NewLoginKey(demobank.BankCode, demobank.DemoUser, "")); err != nil {
		t.Errorf("the added login is not in the vault: %v", err)
	}
}

// TestExportFromView: the statement view's rows go to a new file in date
// order; an existing file is never overwritten.
func TestExportFromView(t *testing.T) {
	d, _, giro := syncedDemo(t, smsBank(demobank.DemoPIN))
	ctx := ctxT(t)
	h, err := d.Backend.History(ctx, d.LoginID, giro.Key())
	if err != nil {
		t.Fatal(err)
	}
	if f := d.Backend.ExportFormats(); len(f) != 4 || f[0] != "csv" {
		t.Errorf("formats %v", f)
	}
	path := filepath.Join(t.TempDir(), "out.csv")
	req := ui.ExportRequest{Format: "csv", Path: path, LoginID: d.LoginID, Account: giro, Bookings: h.Bookings[:10]}
	if err := d.Backend.Export(ctx, req); err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(path)
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(rows) != 11 {
		t.Fatalf("%d rows (%v), want header + 10", len(rows), err)
	}
	// Newest-first rows come out oldest first, each one once.
	seen := map[string]bool{}
	prev := ""
	for _, r := range rows[1:] {
		seen[r[0]] = true
		day := r[3]
		if day == "" {
			day = r[4]
		}
		if day < prev {
			t.Errorf("row %s dated %s after %s", r[0], day, prev)
		}
		prev = day
	}
	for _, bk := range h.Bookings[:10] {
		if !seen[bk.ID] {
			t.Errorf("booking %s missing from the export", bk.ID)
		}
	}
	if err := d.Backend.Export(ctx, req); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("export over an existing file: %v", err)
	}
	req.Format, req.Path = "yaml", path+".yaml"
	if err := d.Backend.Export(ctx, req); err == nil {
		t.Error("unknown format accepted")
	}
	if _, err := os.Stat(req.Path); !os.IsNotExist(err) {
		t.Error("a failed export left a file")
	}
}

// TestDemoBankAtItsOwnAddress: a demo-bank login whose URL is not the
// picker's placeholder talks to that URL (`saldo demo-bank` in another
// terminal, with its fault switches), not to a demo bank started inside
// saldo; the placeholder and this run's own demo bank stay in-process.
func TestDemoBankAtItsOwnAddress(t *testing.T) {
	bank := demobank.New(smsBank(demobank.DemoPIN))
	bctx, cancel := context.WithCancel(context.Background())
	if bank.Start(bctx) == "" {
		cancel()
		t.Fatal(bank.Err())
	}
	t.Cleanup(func() { cancel(); bank.Close() })
	b := New(Options{VaultPath: filepath.Join(t.TempDir(), "vault.db"), KDF: demoKDF}) // no DemoURL: a real vault
	ctx := ctxT(t)
	if err := b.Unlock(ctx, secret.New("first passphrase"), true); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close(context.Background()) })

	demo := b.SearchBanks("demo", 1)[0]
	if demo.PinTanURL != demoDirectoryURL {
		t.Fatalf("picker URL %q", demo.PinTanURL)
	}
	if hint := b.LoginHint(demo); !strings.Contains(hint, demobank.DemoUser) || !strings.Contains(hint, demobank.DemoPIN) {
		t.Errorf("demo hint %q lacks the published login", hint)
	}
	if hint := b.LoginHint(bankdir.Bank{BLZ: "37040044"}); hint != "" {
		t.Errorf("hint for a real bank: %q", hint)
	}

	// The person reads the TAN from the external bank: if saldo talked to
	// another bank, there would be none and the login would fail.
	p := &person{bank: bank, user: demobank.DemoUser, pin: demobank.DemoPIN}
	l, err := b.AddLogin(ctx, ui.NewLogin{Bank: demo, URL: bank.URL(), UserID: demobank.DemoUser}, p)
	if err != nil {
		t.Fatalf("AddLogin at %s: %v", bank.URL(), err)
	}
	if l.URL != bank.URL() || len(l.Accounts) != 3 {
		t.Fatalf("login %+v", l)
	}
	// People paid by online transfer (GVC 177) are in the address book.
	payees, err := b.Payees(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, py := range payees {
		found = found || py.Name == "Sören Kühn"
	}
	if !found {
		t.Errorf("address book %+v lacks Sören Kühn, paid by online transfer", payees)
	}
	b.mu.Lock()
	started := b.demo != nil
	b.mu.Unlock()
	if started {
		t.Error("an in-process demo bank was started for a login with its own address")
	}

	tests := []struct {
		url  string
		want bool
	}{
		{demoDirectoryURL, true},
		{"", true},
		{bank.URL(), false},
		{"https://fints.example.de/", false},
	}
	for _, tc := range tests {
		set := vault.LoginSettings{BankCode: demobank.BankCode, URL: tc.url}
		if got := b.inProcessDemo(set); got != tc.want {
			t.Errorf("inProcessDemo(%q) = %v, want %v", tc.url, got, tc.want)
		}
	}
	if b.inProcessDemo(vault.LoginSettings{BankCode: "37040044", URL: demoDirectoryURL}) {
		t.Error("a real bank counted as the demo")
	}
	if !New(Options{DemoURL: "http://127.0.0.1:1/"}).inProcessDemo(vault.LoginSettings{BankCode: demobank.BankCode, URL: "http://127.0.0.1:9/old-run"}) {
		t.Error("saldo --demo: a kept demo vault's old address must lead to this run's demo bank")
	}
}
