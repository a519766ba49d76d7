package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"saldo/fints"
	"saldo/fints/demobank"
	"saldo/fints/money"
	"saldo/vault"
)

// The transfer command against the demo bank: stdin carries the PIN, the
// answers to the payee question and the TANs (read through the bank's test
// hook as soon as it issues them, as a person reads the SMS).

const transferPIN = "Tq9-canary"

func transferBank(t *testing.T, opts demobank.Options) *demobank.Bank {
	t.Helper()
	opts.Logins = []demobank.LoginOptions{{UserID: demobank.DemoUser, PIN: transferPIN, Methods: []string{demobank.MethodSMS}, NoLoginSCA: true}}
	return startDemo(t, opts)
}

// answers is stdin: the given lines at once, then each new TAN.
func answers(bank *demobank.Bank, lines ...string) io.Reader {
	r, w := io.Pipe()
	go func() {
		for _, l := range lines {
			fmt.Fprintln(w, l)
		}
		_, seen := bank.LastTAN(demobank.DemoUser)
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			tan, ref := bank.LastTAN(demobank.DemoUser)
			if tan != "" && ref != seen {
				seen = ref
				if _, err := fmt.Fprintln(w, tan); err != nil {
					return
				}
			}
		}
		w.Close()
	}()
	return r
}

// runTransfer runs saldo with a private cache directory (the resume guard).
func runTransfer(t *testing.T, cache string, stdin io.Reader, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdin: stdin, Stdout: &out, Stderr: &errb, Getenv: func(k string) string {
		if k == "XDG_CACHE_HOME" {
			return cache
		}
		return ""
	}}
	code := Run(context.Background(), env, args)
	return out.String(), errb.String(), code
}

func bankArgs(bank *demobank.Bank, more ...string) []string {
	return append([]string{"transfer", "--no-vault", "--url", bank.URL(), "--blz", demobank.BankCode,
		"--user", demobank.DemoUser, "--pin-stdin", "--product-id", "SALDOTEST"}, more...)
}

func orderArgs(bank *demobank.Bank, name, iban, amount string, more ...string) []string {
	accts, _ := bank.Ledger().Accounts(demobank.DemoUser)
	return bankArgs(bank, append([]string{"--from", accts[0].IBAN, "--to", iban, "--name", name, "--amount", amount,
		"--purpose", "CLI test"}, more...)...)
}

func erikaIBAN() string {
	for _, p := range demobank.KnownPayees() {
		if p.Name == "Erika Mustermann" {
			return p.IBAN
		}
	}
	return ""
}

// debitsOf counts today's debits of the Girokonto with the amount.
func debitsOf(t *testing.T, bank *demobank.Bank, amount string) int {
	t.Helper()
	accts, _ := bank.Ledger().Accounts(demobank.DemoUser)
	today := bank.Ledger().Today()
	r, err := bank.Ledger().Bookings(accts[0].IBAN, today, today)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, b := range r.Booked {
		if b.Amount == money.MustParse(amount).Neg() {
			n++
		}
	}
	return n
}

func TestTransferCommand(t *testing.T) {
	bank := transferBank(t, demobank.Options{})
	cache := t.TempDir()

	t.Run("match", func(t *testing.T) {
		out, errs, code := runTransfer(t, cache, answers(bank, transferPIN), orderArgs(bank, "Erika Mustermann", erikaIBAN(), "11.11")...)
		if code != 0 || !strings.Contains(out, "executed") || !strings.Contains(out, "Payee check: match") || !strings.Contains(errs, "needs a TAN") {
			t.Fatalf("exit %d\nout: %s\nerr: %s", code, out, errs)
		}
		if strings.Contains(errs, "Payee check by the bank") {
			t.Error("asked about a full match")
		}
		if strings.Contains(out+errs, transferPIN) {
			t.Error("the PIN was printed")
		}
		if debitsOf(t, bank, "11.11") != 1 {
			t.Fatal("not booked once")
		}
	})
	t.Run("close match released", func(t *testing.T) {
		out, errs, code := runTransfer(t, cache, answers(bank, transferPIN, "yes"), orderArgs(bank, "Erika Musterman", erikaIBAN(), "12.12", "--json")...)
		var o cliOutcome
		if code != 0 || json.Unmarshal([]byte(out), &o) != nil || o.State != "executed" || o.Payee == nil ||
			o.Payee.Result != "close match" || o.Payee.SuggestedName != "Erika Mustermann" {
			t.Fatalf("exit %d\nout: %s\nerr: %s", code, out, errs)
		}
		if !strings.Contains(errs, `close match – the account holder is "Erika Mustermann"`) || !strings.Contains(errs, "Release the transfer anyway?") {
			t.Errorf("payee question not shown: %s", errs)
		}
		if debitsOf(t, bank, "12.12") != 1 {
			t.Fatal("not booked once")
		}
	})
	t.Run("no match declined", func(t *testing.T) {
		out, errs, code := runTransfer(t, cache, answers(bank, transferPIN, "no"), orderArgs(bank, "Hans Wurst", erikaIBAN(), "13.13")...)
		if code != 1 || !strings.Contains(errs, "not sent") || !strings.Contains(errs, "nothing was paid") || strings.Contains(errs, "needs a TAN") {
			t.Fatalf("exit %d\nout: %s\nerr: %s", code, out, errs)
		}
		if debitsOf(t, bank, "13.13") != 0 {
			t.Fatal("booked")
		}
	})
	t.Run("insufficient funds", func(t *testing.T) {
		out, errs, code := runTransfer(t, cache, answers(bank, transferPIN), orderArgs(bank, "Erika Mustermann", erikaIBAN(), "999999.00")...)
		if code != 1 || !strings.Contains(out, "rejected") || !strings.Contains(out, "9230") || !strings.Contains(errs, "the bank rejected the transfer") {
			t.Fatalf("exit %d\nout: %s\nerr: %s", code, out, errs)
		}
	})
	t.Run("scheduled", func(t *testing.T) {
		day := bank.Ledger().Today().AddDays(5)
		out, errs, code := runTransfer(t, cache, answers(bank, transferPIN), orderArgs(bank, "Erika Mustermann", erikaIBAN(), "14.14", "--date", day.String())...)
		if code != 0 || !strings.Contains(out, "scheduled transfer") || !strings.Contains(out, "Bank reference: TRM") {
			t.Fatalf("exit %d\nout: %s\nerr: %s", code, out, errs)
		}
	})
	t.Run("instant", func(t *testing.T) {
		out, errs, code := runTransfer(t, cache, answers(bank, transferPIN), orderArgs(bank, "Erika Mustermann", erikaIBAN(), "15.15", "--instant")...)
		if code != 0 || !strings.Contains(out, "instant transfer") || debitsOf(t, bank, "15.15") != 1 {
			t.Fatalf("exit %d\nout: %s\nerr: %s", code, out, errs)
		}
	})
}

// TestTransferCommandPauseResume splits a transfer across two runs: the
// first stops at the TAN prompt and writes the file, the second sends the
// TAN. The file is consumed; a second resume, and a copy of the file, are
// refused; the ledger has the booking once.
func TestTransferCommandPauseResume(t *testing.T) {
	bank := transferBank(t, demobank.Options{})
	cache, dir := t.TempDir(), t.TempDir()
	file := filepath.Join(dir, "paused.json")
	out, errs, code := runTransfer(t, cache, strings.NewReader(transferPIN+"\n"), orderArgs(bank, "Erika Mustermann", erikaIBAN(), "21.21", "--pause", file)...)
	if code != 0 || !strings.Contains(out, "Paused, waiting for the TAN") || !strings.Contains(errs, "needs a TAN") {
		t.Fatalf("pause: exit %d\nout: %s\nerr: %s", code, out, errs)
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte(transferPIN)) {
		t.Fatal("the paused file holds the PIN")
	}
	if fi, _ := os.Stat(file); fi.Mode().Perm() != 0o600 {
		t.Errorf("paused file mode %v, want 0600", fi.Mode().Perm())
	}
	copyFile := filepath.Join(dir, "copy.json")
	if err := os.WriteFile(copyFile, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	if debitsOf(t, bank, "21.21") != 0 {
		t.Fatal("booked before the TAN")
	}
	// The same file is not overwritten by another pause.
	if err := os.WriteFile(filepath.Join(dir, "taken.json"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := runTransfer(t, cache, strings.NewReader(transferPIN+"\n"), orderArgs(bank, "Erika Mustermann", erikaIBAN(), "21.21",
		"--pause", filepath.Join(dir, "taken.json"))...); code != 2 || !strings.Contains(errs, "exists") {
		t.Errorf("pause over an existing file: exit %d %s", code, errs)
	}

	tan, _ := bank.LastTAN(demobank.DemoUser)
	out, errs, code = runTransfer(t, cache, strings.NewReader(transferPIN+"\n"+tan+"\n"), bankArgs(bank, "--resume", file)...)
	if code != 0 || !strings.Contains(out, "executed") || !strings.Contains(errs, "Resuming: transfer of 21,21 EUR to Erika Mustermann") {
		t.Fatalf("resume: exit %d\nout: %s\nerr: %s", code, out, errs)
	}
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Error("the paused file was not consumed")
	}
	if debitsOf(t, bank, "21.21") != 1 {
		t.Fatal("not booked once")
	}

	_, errs, code = runTransfer(t, cache, strings.NewReader(transferPIN+"\n"+tan+"\n"), bankArgs(bank, "--resume", file)...)
	if code != 1 || !strings.Contains(errs, "resumed already") {
		t.Errorf("second resume: exit %d %s", code, errs)
	}
	_, errs, code = runTransfer(t, cache, strings.NewReader(transferPIN+"\n"+tan+"\n"), bankArgs(bank, "--resume", copyFile)...)
	if code != 1 || !strings.Contains(errs, "already resumed") {
		t.Errorf("resume of a copy: exit %d %s", code, errs)
	}
	if debitsOf(t, bank, "21.21") != 1 {
		t.Fatal("booked twice")
	}

	// Paused at the payee question: the resume asks it and then the TAN.
	file = filepath.Join(dir, "payee.json")
	out, errs, code = runTransfer(t, cache, strings.NewReader(transferPIN+"\n"), orderArgs(bank, "Erika Musterman", erikaIBAN(), "22.22", "--pause", file, "--json")...)
	var paused map[string]string
	if code != 0 || json.Unmarshal([]byte(out), &paused) != nil || paused["waiting_for"] != "the payee confirmation" || strings.Contains(errs, "needs a TAN") {
		t.Fatalf("pause at the payee: exit %d\nout: %s\nerr: %s", code, out, errs)
	}
	out, errs, code = runTransfer(t, cache, answers(bank, transferPIN, "yes"), bankArgs(bank, "--resume", file)...)
	if code != 0 || !strings.Contains(out, "executed") || !strings.Contains(errs, "Release the transfer anyway?") || debitsOf(t, bank, "22.22") != 1 {
		t.Fatalf("resume at the payee: exit %d\nout: %s\nerr: %s", code, out, errs)
	}
}

// TestTransferCommandVaultJournal: with the vault the order is journaled
// (prepared, sent, outcome), as the app does.
func TestTransferCommandVaultJournal(t *testing.T) {
	bank := transferBank(t, demobank.Options{HideTANs: true})
	path := newTestVault(t)
	cache := t.TempDir()
	_, errs, code := runTransfer(t, cache, answers(bank, testPass, transferPIN), "accounts", "--vault", path,
		"--url", bank.URL(), "--blz", demobank.BankCode, "--user", demobank.DemoUser, "--pin-stdin")
	if code != 0 {
		t.Fatalf("accounts: %s", errs)
	}
	accts, _ := bank.Ledger().Accounts(demobank.DemoUser)
	out, errs, code := runTransfer(t, cache, answers(bank, testPass, transferPIN), "transfer", "--vault", path, "--pin-stdin",
		"--from", accts[0].IBAN, "--to", erikaIBAN(), "--name", "Erika Mustermann", "--amount", "31.31")
	if code != 0 || !strings.Contains(out, "executed") {
		t.Fatalf("transfer: exit %d\n%s\n%s", code, out, errs)
	}
	v := openTestVault(t, path)
	orders, err := v.Orders(vault.NewLoginKey(demobank.BankCode, demobank.DemoUser, ""))
	if err != nil || len(orders) != 1 {
		t.Fatalf("journal = %+v, %v", orders, err)
	}
	o := orders[0]
	if o.State != vault.OrderExecuted || o.Outcome == nil || o.Outcome.State != fints.Executed || o.Transfer.Amount != money.MustParse("31.31") || o.Sent.IsZero() {
		t.Errorf("journal entry = %+v", o)
	}
}

func TestTransferCommandUsage(t *testing.T) {
	bank := transferBank(t, demobank.Options{})
	cache := t.TempDir()
	cases := []struct {
		args []string
		want string
	}{
		{bankArgs(bank, "--to", erikaIBAN()), "--from, --name, --amount required"},
		{orderArgs(bank, "X", erikaIBAN(), "12.345"), "at most two decimals"},
		{orderArgs(bank, "X", erikaIBAN(), "-5"), "cannot be negative"},
		{orderArgs(bank, "X", "DE00123", "5"), "--to"},
		{orderArgs(bank, "X", erikaIBAN(), "5", "--instant", "--date", "2030-01-01"), "exclude each other"},
		{orderArgs(bank, "X", erikaIBAN(), "5", "--date", "01.01.2030"), "--date"},
		{bankArgs(bank, "--resume", "f", "--pause", "g"), "exclude each other"},
		{bankArgs(bank, "--resume", "f", "--amount", "5"), "leave out"},
	}
	for _, tc := range cases {
		_, errs, code := runTransfer(t, cache, strings.NewReader(""), tc.args...)
		if code != 2 || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, %s; want usage error with %q", tc.args[len(tc.args)-4:], code, errs, tc.want)
		}
	}
	// Not a paused transfer: refused with what it is not, before anything is sent.
	junk := filepath.Join(t.TempDir(), "junk.json")
	os.WriteFile(junk, []byte(`{"format":"other"}`), 0o600)
	reqs := bank.Requests()
	_, errs, code := runTransfer(t, cache, strings.NewReader(transferPIN+"\n"), bankArgs(bank, "--resume", junk)...)
	if code != 1 || !strings.Contains(errs, "is not a paused transfer") || bank.Requests() != reqs {
		t.Errorf("junk resume: exit %d %s", code, errs)
	}
}
