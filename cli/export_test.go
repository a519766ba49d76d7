package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"saldo/export"
	"saldo/fints/money"
	"saldo/fints/statement"
)

func TestExportFormats(t *testing.T) {
	file := filepath.Join(corpus, "mt940", "consorsbank_hikaz_phpfints.sta")
	// CSV is the default, to standard output.
	out, errOut, code := runStatementCmd(t, "export", file)
	if code != 0 {
		t.Fatalf("csv: exit %d: %s", code, errOut)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 4 || rows[0][0] != "id" || rows[1][5] != "-2.80" || rows[2][7] != "LOGPAY FINANCIAL SERVICES GMBH" {
		t.Fatalf("csv: %v %q", err, rows)
	}

	out, _, code = runStatementCmd(t, "export", "--format", "json", file)
	var js []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &js) != nil || len(js) != 3 || js[0]["id"] != rows[1][0] {
		t.Fatalf("json: exit %d, %q", code, out)
	}

	// Ledgers to a file; flags may follow the file names.
	dir := t.TempDir()
	for _, f := range []string{"hledger", "beancount"} {
		dst := filepath.Join(dir, "out."+f)
		_, errOut, code := runStatementCmd(t, "export", file, "--format", f, "--out", dst)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", f, code, errOut)
		}
		if !strings.Contains(errOut, "exported 3 bookings of 1 accounts to "+dst) {
			t.Errorf("%s: stderr %q", f, errOut)
		}
		data, err := os.ReadFile(dst)
		if err != nil {
			t.Fatal(err)
		}
		// The same booking IDs in every format.
		if !strings.Contains(string(data), rows[1][0]) {
			t.Errorf("%s lacks the booking ID %s", f, rows[1][0])
		}
		if fi, _ := os.Stat(dst); fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", f, fi.Mode().Perm())
		}
	}
}

// TestExportMergesAndFilters: two overlapping downloads give each booking
// once; --from/--to keep a range with the opening balance moved to it.
func TestExportMergesAndFilters(t *testing.T) {
	file := filepath.Join(corpus, "mt940", "jejik_sparkasse_interim_balance.sta")
	sub := filepath.Join(corpus, "mt940", "jejik_sparkasse.sta") // the same two bookings again
	out, errOut, code := runStatementCmd(t, "export", "--format", "hledger", file, sub)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if n := strings.Count(out, "Expenses:Unknown  20.00 EUR"); n != 2 {
		t.Errorf("%d bookings, want 2 (overlap merged):\n%s", n, out)
	}
	out, errOut, code = runStatementCmd(t, "export", "--format", "hledger", "--from", "2019-02-19", "--to", "2019-02-19", file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.Count(out, "Expenses:Unknown  ") != 1 || !strings.Contains(out, "2019-02-18 * opening balance per bank statement\n    Assets:Bank:87052000-123456789  = 174.57 EUR") {
		t.Errorf("range export:\n%s", out)
	}
	if !strings.Contains(out, "0 EUR = 154.57 EUR") {
		t.Errorf("closing assertion missing:\n%s", out)
	}
}

func TestExportErrors(t *testing.T) {
	file := filepath.Join(corpus, "mt940", "jejik_lbbw.sta")
	dir := t.TempDir()
	existing := filepath.Join(dir, "keep.journal")
	os.WriteFile(existing, []byte("old content"), 0o600)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"export"}, 2, "name at least one statement file"},
		{[]string{"export", "--format", "xlsx", file}, 2, `unknown export format "xlsx": choose one of csv, json, hledger, beancount`},
		{[]string{"export", "--from", "2025-13-01", file}, 2, "--from"},
		{[]string{"export", "--from", "2025-02-01", "--to", "2025-01-01", file}, 2, "--to 2025-01-01 is before --from 2025-02-01"},
		{[]string{"export", filepath.Join(dir, "nope.sta")}, 1, "no such file"},
		{[]string{"export", "--out", filepath.Join(dir, "no", "such", "dir.csv"), file}, 1, "does not exist"},
		// A failing input leaves an existing output untouched.
		{[]string{"export", "--out", existing, file, filepath.Join(dir, "nope.sta")}, 1, "no such file"},
	}
	for _, tt := range tests {
		_, errOut, code := runStatementCmd(t, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tt.args, code, errOut, tt.code, tt.want)
		}
	}
	if data, _ := os.ReadFile(existing); string(data) != "old content" {
		t.Errorf("existing output changed: %q", data)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".saldo-export-*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// fakeSource stands in for the vault, the source still to come.
type fakeSource struct {
	accts []export.Account
	err   error
}

func (f fakeSource) Accounts(context.Context) ([]export.Account, error) { return f.accts, f.err }

func TestExportFromSource(t *testing.T) {
	src := fakeSource{accts: []export.Account{{
		Account: "DE02120300000000202051", Currency: "EUR",
		Bookings: []statement.Booking{
			{BookingDate: statement.NewDate(2025, 3, 1), Amount: money.MustParse("-9.99"), Purpose: "Abo"},
			{BookingDate: statement.NewDate(2025, 3, 2), Amount: money.MustParse("-1"), Status: statement.Pending},
		},
	}}}
	dst := filepath.Join(t.TempDir(), "x.beancount")
	var out, errOut strings.Builder
	env := &Env{Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
	if err := runExport(context.Background(), env, src, export.Beancount, dst, statement.Date{}, statement.Date{}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(dst)
	if !strings.Contains(string(data), `2025-03-01 * "Abo"`) || strings.Contains(string(data), "2025-03-02") {
		t.Errorf("ledger:\n%s", data)
	}
	if !strings.Contains(errOut.String(), "1 pending bookings are left out") {
		t.Errorf("stderr %q", errOut.String())
	}
	boom := errors.New("vault locked")
	if err := runExport(context.Background(), env, fakeSource{err: boom}, export.CSV, "", statement.Date{}, statement.Date{}); !errors.Is(err, boom) {
		t.Errorf("source error: %v", err)
	}
}
