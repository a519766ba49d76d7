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

	"saldo/fints/demobank"
	"saldo/fints/statement"
)

// startDemo serves a demo bank for the command tests.
func startDemo(t *testing.T, opts demobank.Options) *demobank.Bank {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	b := demobank.New(opts)
	if b.Start(ctx) == "" {
		cancel()
		t.Fatal(b.Err())
	}
	t.Cleanup(func() { cancel(); b.Close() })
	return b
}

// tanFeeder is stdin for a command: the PIN first, then each TAN as soon
// as the bank has issued a new one (read through the bank's test hook,
// as a person would read the SMS).
func tanFeeder(bank *demobank.Bank, user, pin string) io.Reader {
	r, w := io.Pipe()
	go func() {
		fmt.Fprintln(w, pin)
		seen := ""
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			tan, ref := bank.LastTAN(user)
			if tan != "" && ref != seen {
				seen = ref
				if _, err := fmt.Fprintln(w, tan); err != nil {
					return
				}
			}
			time.Sleep(5 * time.Millisecond)
		}
		w.Close()
	}()
	return r
}

func runCmd(t *testing.T, stdin io.Reader, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdin: stdin, Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	code := Run(context.Background(), env, args)
	return out.String(), errb.String(), code
}

// TestTransactionsCommand runs `saldo transactions --json` against the demo
// bank: the login needs a TAN, the two-year range needs another one and
// spans many pages; every account's bookings must come back.
func TestTransactionsCommand(t *testing.T) {
	bank := startDemo(t, demobank.Options{Logins: []demobank.LoginOptions{{UserID: demobank.DemoUser, Methods: []string{demobank.MethodSMS}}}})
	dir := t.TempDir()
	state := filepath.Join(dir, "state.json")
	trace := filepath.Join(dir, "trace.txt")
	today := bank.Ledger().Today()
	from := today.AddDays(-700)
	out, errs, code := runCmd(t, tanFeeder(bank, demobank.DemoUser, demobank.DemoPIN), "transactions",
		"--url", bank.URL(), "--blz", demobank.BankCode, "--user", demobank.DemoUser, "--pin-stdin",
		"--product-id", "SALDOTEST", "--json", "--from", from.String(), "--state", state, "--trace", trace)
	if code != 0 {
		t.Fatalf("exit %d\nstderr: %s", code, errs)
	}
	var got []struct {
		Account string
		Pages   int
		Booked  []statement.Booking
		Pending []statement.Booking
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	accounts, _ := bank.Ledger().Accounts(demobank.DemoUser)
	if len(got) != len(accounts) {
		t.Fatalf("%d accounts in the output, want %d", len(got), len(accounts))
	}
	pages := 0
	for i, a := range accounts {
		rng, _ := bank.Ledger().Bookings(a.IBAN, from, today)
		if got[i].Account != a.IBAN || len(got[i].Booked) != len(rng.Booked) || len(got[i].Pending) != len(rng.Pending) {
			t.Errorf("%s: %d booked / %d pending, want %d / %d", a.IBAN, len(got[i].Booked), len(got[i].Pending), len(rng.Booked), len(rng.Pending))
		}
		pages += got[i].Pages
	}
	if pages <= len(accounts) {
		t.Errorf("only %d pages for %d accounts: touchdown not exercised", pages, len(accounts))
	}
	if !strings.Contains(errs, "needs a TAN") {
		t.Errorf("no TAN prompt on stderr: %s", errs)
	}
	st, err := os.ReadFile(state)
	if err != nil || strings.Contains(string(st), demobank.DemoPIN+`"`) || !strings.Contains(string(st), "system_id") {
		t.Errorf("state file: %v %s", err, st)
	}
	tr, _ := os.ReadFile(trace)
	if !strings.Contains(string(tr), "HKCAZ") || strings.Contains(string(tr), accounts[0].IBAN) {
		t.Error("trace missing or not redacted")
	}

	// Warm: the state file spares the TAN at login; accounts and balance.
	out, errs, code = runCmd(t, strings.NewReader(demobank.DemoPIN+"\n"), "accounts",
		"--url", bank.URL(), "--blz", demobank.BankCode, "--user", demobank.DemoUser, "--pin-stdin", "--state", state, "--product-id", "SALDOTEST")
	if code != 0 || !strings.Contains(out, accounts[0].IBAN) || !strings.Contains(out, accounts[0].Product) {
		t.Errorf("accounts: exit %d\n%s\n%s", code, out, errs)
	}
	out, errs, code = runCmd(t, strings.NewReader(demobank.DemoPIN+"\n"), "balance", "--json",
		"--url", bank.URL(), "--blz", demobank.BankCode, "--user", demobank.DemoUser, "--pin-stdin", "--state", state,
		"--account", accounts[1].IBAN, "--product-id", "SALDOTEST")
	bi, _ := bank.Ledger().Balance(accounts[1].IBAN)
	if code != 0 || !strings.Contains(out, `"account": "`+accounts[1].IBAN+`"`) || !strings.Contains(out, bi.Booked.Amount.String()) {
		t.Errorf("balance: exit %d\n%s\n%s", code, out, errs)
	}
}

func TestBankCommandUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"balance", "--no-vault", "--blz", "12345678", "--user", "u", "--pin-stdin"}, 2, "--url"},
		{[]string{"accounts", "--no-vault", "--url", "http://example.com/", "--blz", "12345678", "--user", "u", "--pin-stdin"}, 1, "plain http"},
		{[]string{"transactions", "--no-vault", "--url", "https://x.example/", "--blz", "12345678", "--user", "u", "--from", "2025-13-01"}, 2, "--from"},
		{[]string{"transactions", "--no-vault", "--url", "https://x.example/", "--blz", "12345678", "--user", "u", "--from", "2025-02-01", "--to", "2025-01-01"}, 2, "before"},
		{[]string{"accounts", "--no-vault", "--url", "https://x.example/", "--blz", "12345678", "--user", "u"}, 2, "--pin-stdin"},
		{[]string{"accounts", "--no-vault", "--url", "https://x.example/", "--blz", "12345678", "--user", "u", "--pin-stdin"}, 1, "PIN"},
	}
	for _, tt := range tests {
		_, errs, code := runCmd(t, strings.NewReader(""), tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d mentioning %q", tt.args, code, errs, tt.code, tt.want)
		}
	}
}
