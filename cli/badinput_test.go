package cli

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"saldo/fints"
	"saldo/fints/demobank"
	"saldo/fints/secret"
	"saldo/fints/statement"
	"saldo/vault"
)

// A demanding user's mistakes on the command line, each pinned to a
// message that says what was wrong and what to do. None may show Go's
// own wording, a stack, or (after a usage error) the whole flag list.

// badInput is one mistaken command line.
type badInput struct {
	name  string
	args  []string
	stdin string
	code  int
	want  []string // all must appear on stderr
}

// goInternals are texts of Go's packages that must not reach the person.
var goInternals = []string{
	"flag provided but not defined", "flag needs an argument", "parse error", "strconv.",
	"dial tcp", "panic", "goroutine ", "usage: usage", "-account string", "Usage of ",
	".saldo-export-", "file size too small",
}

func runBadInputs(t *testing.T, tests []badInput) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, code := runCmd(t, strings.NewReader(tt.stdin), tt.args...)
			if code != tt.code {
				t.Errorf("%v: exit %d, want %d\nstdout: %s\nstderr: %s", tt.args, code, tt.code, out, errs)
			}
			for _, w := range tt.want {
				if !strings.Contains(errs, w) {
					t.Errorf("%v: stderr lacks %q:\n%s", tt.args, w, errs)
				}
			}
			for _, bad := range goInternals {
				if strings.Contains(errs, bad) {
					t.Errorf("%v: stderr shows %q:\n%s", tt.args, bad, errs)
				}
			}
			if tt.code == 2 && strings.Count(errs, "\n") > 5 {
				t.Errorf("%v: a usage error should be a few lines, got:\n%s", tt.args, errs)
			}
		})
	}
}

// TestBadCommandLines: unknown commands and flags, missing and wrong
// flag values.
func TestBadCommandLines(t *testing.T) {
	runBadInputs(t, []badInput{
		{name: "unknown command", args: []string{"acount"}, code: 2,
			want: []string{`unknown command "acount"`, "did you mean 'accounts'?", "saldo help"}},
		{name: "help for an unknown command", args: []string{"help", "nosuch"}, code: 2,
			want: []string{`unknown command "nosuch"`}},
		{name: "unknown flag", args: []string{"accounts", "--frob"}, code: 2,
			want: []string{"saldo accounts: unknown flag --frob\n", "usage: saldo accounts ", "Run 'saldo help accounts'"}},
		{name: "command as a flag", args: []string{"--balance"}, code: 2,
			want: []string{"balance is a command, written without dashes: saldo balance"}},
		{name: "flag prefix", args: []string{"balance", "--pin"}, code: 2,
			want: []string{"unknown flag --pin (did you mean --pin-stdin?)"}},
		{name: "flag typo", args: []string{"transfer", "--amout", "5"}, code: 2,
			want: []string{"unknown flag --amout (did you mean --amount?)"}},
		{name: "flag after a file", args: []string{"import", "x.sta", "--bogus"}, code: 2,
			want: []string{"saldo import: unknown flag --bogus"}},
		{name: "flag after a vault command", args: []string{"vault", "list", "--frob"}, code: 2,
			want: []string{"saldo vault: unknown flag --frob"}},
		{name: "missing value", args: []string{"accounts", "--url"}, code: 2,
			want: []string{"--url needs a value"}},
		{name: "duration", args: []string{"accounts", "--timeout", "abc"}, code: 2,
			want: []string{`--timeout "abc": want a duration such as 90s, 5m or 1h30m`}},
		{name: "number", args: []string{"vault", "list", "--passphrase-fd", "x"}, code: 2,
			want: []string{`--passphrase-fd "x": want a whole number`}},
		{name: "unsigned number", args: []string{"demo-bank", "--seed", "-1"}, code: 2,
			want: []string{`--seed "-1": want a whole number of 0 or more`}},
		{name: "switch with a value", args: []string{"accounts", "--json=maybe"}, code: 2,
			want: []string{`--json "maybe": a switch takes no value`}},
		{name: "three dashes", args: []string{"transfer", "---x"}, code: 2,
			want: []string{`"---x" is not a flag`}},
		{name: "missing login flags", args: []string{"accounts", "--no-vault"}, code: 2,
			want: []string{"saldo accounts: --url, --blz, --user required\n"}},
		{name: "vault subcommand", args: []string{"vault", "frob"}, code: 2,
			want: []string{`unknown vault command "frob"`}},
	})
	// -h after a positional argument is help, not an error.
	out, errs, code := runCmd(t, strings.NewReader(""), "import", "x.sta", "-h")
	if code != 0 || !strings.Contains(out, "usage: saldo import") || errs != "" {
		t.Errorf("import x -h: exit %d\n%s%s", code, out, errs)
	}
}

// TestBadBankFlags: mistakes in the bank commands' flags are found
// before the PIN is read (stdin is empty: a PIN prompt would fail
// differently) and without a request to the bank.
func TestBadBankFlags(t *testing.T) {
	bank := startDemo(t, demobank.Options{})
	login := func(cmd string, more ...string) []string {
		return append([]string{cmd, "--no-vault", "--url", bank.URL(), "--blz", demobank.BankCode, "--user", demobank.DemoUser, "--pin-stdin"}, more...)
	}
	future := statement.Today().AddDays(3).String()
	dir := t.TempDir()
	garbageState := filepath.Join(dir, "state.json")
	os.WriteFile(garbageState, []byte("garbage"), 0o600)
	runBadInputs(t, []badInput{
		{name: "state not saldo's", args: login("balance", "--state", garbageState), stdin: "12345\n", code: 1,
			want: []string{"--state " + garbageState + " cannot be used: it is not a state file written by saldo"}},
		{name: "state is a directory", args: login("balance", "--state", dir), code: 1,
			want: []string{"--state " + dir + " is a directory"}},
		{name: "state in a missing folder", args: login("balance", "--state", filepath.Join(dir, "no", "st")), code: 1,
			want: []string{"the folder " + filepath.Join(dir, "no") + " does not exist"}},
		{name: "trace in a missing folder", args: login("balance", "--trace", filepath.Join(dir, "no", "t.txt")), code: 1,
			want: []string{"--trace " + filepath.Join(dir, "no", "t.txt") + ": the folder"}},
		{name: "short BLZ", args: []string{"balance", "--no-vault", "--url", bank.URL(), "--blz", "7006600", "--user", "demo", "--pin-stdin"}, code: 2,
			want: []string{`--blz "7006600": a German bank code (Bankleitzahl) has 8 digits`}},
		{name: "BLZ with letters", args: []string{"balance", "--no-vault", "--url", bank.URL(), "--blz", "7006600X", "--user", "demo", "--pin-stdin"}, code: 2,
			want: []string{`--blz "7006600X"`}},
		{name: "zero timeout", args: login("balance", "--timeout", "0s"), code: 2,
			want: []string{"--timeout 0s: give a time limit above zero"}},
		{name: "negative timeout", args: login("balance", "--timeout", "-5s"), code: 2,
			want: []string{"--timeout -5s"}},
		{name: "TAN method not a code", args: login("balance", "--tan-method", "SMS"), code: 2,
			want: []string{`--tan-method "SMS": give the bank's three-digit code`}},
		{name: "month 13", args: login("transactions", "--from", "2026-13-01"), code: 2,
			want: []string{`--from "2026-13-01" is not a date: write it as YYYY-MM-DD`}},
		{name: "German date", args: login("transactions", "--to", "01.03.2026"), code: 2,
			want: []string{`--to "01.03.2026" is not a date`}},
		{name: "from after to", args: login("transactions", "--from", "2026-03-01", "--to", "2026-02-01"), code: 2,
			want: []string{"--to 2026-02-01 is before --from 2026-03-01"}},
		{name: "to before the default from", args: login("transactions", "--to", "2020-01-01"), code: 2,
			want: []string{"--to 2020-01-01 is before the default first day", "give --from as well"}},
		{name: "from in the future", args: login("transactions", "--from", future), code: 2,
			want: []string{"--from " + future + " is in the future", "no bookings yet"}},
		{name: "blank PIN", args: login("balance"), stdin: "   \n", code: 1,
			want: []string{"the first line of stdin (the PIN) is empty; nothing was sent to the bank"}},
		{name: "no PIN", args: login("balance"), stdin: "", code: 1,
			want: []string{"reading the PIN", "with --pin-stdin the first line of stdin is the PIN"}},
	})
	if n := bank.Requests(); n != 0 {
		t.Errorf("the bank got %d requests for command lines that were wrong", n)
	}
}

// TestBadBankAddress: an address where no FinTS server answers says so,
// and the PIN goes nowhere.
func TestBadBankAddress(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String() + "/fints"
	l.Close()
	web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "Unsupported method ('POST')", http.StatusNotImplemented)
	}))
	defer web.Close()
	login := func(url string) []string {
		return []string{"accounts", "--no-vault", "--url", url, "--blz", demobank.BankCode, "--user", demobank.DemoUser, "--pin-stdin"}
	}
	runBadInputs(t, []badInput{
		{name: "public plain http", args: login("http://example.com/fints"), stdin: "12345\n", code: 1,
			want: []string{"saldo accounts: bank URL \"http://example.com/fints\" uses plain http to a non-loopback host; FinTS needs https"}},
		{name: "garbage", args: login("ht!tp://::garbage"), stdin: "12345\n", code: 1,
			want: []string{"is not an absolute URL like https://"}},
		{name: "nothing listens", args: login(closed), stdin: "12345\n", code: 1,
			want: []string{"could not reach the bank: connection refused", "check the address"}},
		{name: "a web server", args: login(web.URL + "/"), stdin: "12345\n", code: 1,
			want: []string{"answered HTTP 501", "is this the bank's FinTS address?"}},
	})
}

// TestTANMethodNotOffered: with the bank's methods known from the state
// file, a method it does not offer is refused before the PIN, listing
// the offered ones; on first contact it is a warning after the command.
func TestTANMethodNotOffered(t *testing.T) {
	bank := startDemo(t, demobank.Options{Logins: []demobank.LoginOptions{{UserID: demobank.DemoUser, Methods: []string{demobank.MethodSMS}, NoLoginSCA: true}}})
	state := filepath.Join(t.TempDir(), "state")
	args := func(more ...string) []string {
		return append([]string{"accounts", "--no-vault", "--url", bank.URL(), "--blz", demobank.BankCode, "--user", demobank.DemoUser, "--pin-stdin", "--state", state}, more...)
	}
	_, errs, code := runCmd(t, strings.NewReader(demobank.DemoPIN+"\n"), args("--tan-method", "900")...)
	if code != 0 || !strings.Contains(errs, "warning: --tan-method 900 is not offered by this bank for this login") || !strings.Contains(errs, "it offers 942") {
		t.Errorf("first contact: exit %d, %s", code, errs)
	}
	reqs := bank.Requests()
	runBadInputs(t, []badInput{
		{name: "known methods", args: args("--tan-method", "900"), stdin: "", code: 2,
			want: []string{"--tan-method 900: this bank does not offer it for this login; it offers 942"}},
	})
	if bank.Requests() != reqs {
		t.Error("the refused --tan-method still reached the bank")
	}
}

// TestBadTransfers: every problem of a typed transfer is found before the
// PIN (stdin is empty) and names the flag.
func TestBadTransfers(t *testing.T) {
	bank := startDemo(t, demobank.Options{})
	order := func(amount string, more ...string) []string {
		return append([]string{"transfer", "--no-vault", "--url", bank.URL(), "--blz", demobank.BankCode, "--user", demobank.DemoUser,
			"--pin-stdin", "--from", "DE91700660001001234567", "--to", "DE89370400440532013000", "--name", "Erika Mustermann", "--amount", amount}, more...)
	}
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.json")
	os.WriteFile(garbage, []byte("{not json"), 0o600)
	resume := func(file string) []string {
		return []string{"transfer", "--no-vault", "--url", bank.URL(), "--blz", demobank.BankCode, "--user", demobank.DemoUser, "--pin-stdin", "--resume", file}
	}
	past := statement.Today().AddDays(-2).String()
	runBadInputs(t, []badInput{
		{name: "check digit", args: []string{"transfer", "--no-vault", "--url", bank.URL(), "--blz", "1", "--user", "u", "--from", "DE91700660001001234567",
			"--to", "DE89370400440532013001", "--name", "E", "--amount", "1"}, code: 2,
			want: []string{"--to: invalid IBAN: check digits of DE89 3704 0044 0532 0130 01 do not match"}},
		{name: "zero", args: order("0"), code: 2, want: []string{`--amount "0": the amount must be more than 0`}},
		{name: "negative", args: order("-5"), code: 2, want: []string{"cannot be negative"}},
		{name: "thousands separator", args: order("1,234.5"), code: 2, want: []string{"without a thousands separator, e.g. 1234.50"}},
		{name: "German thousands", args: order("1.234"), code: 2, want: []string{"at most two decimals (cents); for 1234 euros leave out the separator"}},
		{name: "too many decimals", args: order("0.001"), code: 2, want: []string{`--amount "0.001": euro amounts have at most two decimals (cents)` + "\n"}},
		{name: "too large", args: order("1000000000"), code: 2, want: []string{"above the SEPA maximum of 999999999.99"}},
		{name: "overflow", args: order("99999999999999999999"), code: 2, want: []string{"above the SEPA maximum"}},
		{name: "currency sign", args: order("€5"), code: 2, want: []string{"not an amount; write euros and cents like 12.34"}},
		{name: "long purpose", args: order("1", "--purpose", strings.Repeat("x", 200)), code: 2,
			want: []string{"--purpose: 200 characters", "at most 140 allowed"}},
		{name: "emoji in the name", args: order("1", "--name", "Erika 😀"), code: 2,
			want: []string{"--name: character not allowed: '😀'", "replace or remove it"}},
		{name: "several at once", args: order("1", "--bic", "XXXX", "--end-to-end", strings.Repeat("e", 40)), code: 2,
			want: []string{"--bic: invalid BIC", "--end-to-end: invalid SEPA identifier"}},
		{name: "date in the past", args: order("1", "--date", past), code: 2,
			want: []string{"--date " + past + " is in the past", "leave --date out to pay now"}},
		{name: "to itself", args: []string{"transfer", "--no-vault", "--url", bank.URL(), "--blz", demobank.BankCode, "--user", demobank.DemoUser,
			"--from", "DE91700660001001234567", "--to", "de91 7006 6000 1001 2345 67", "--name", "Max", "--amount", "1"}, code: 2,
			want: []string{"--to is the ordering account itself (--from)"}},
		{name: "pause in a missing folder", args: order("1", "--pause", filepath.Join(dir, "no", "p.json")), code: 2,
			want: []string{"--pause " + filepath.Join(dir, "no", "p.json") + ": the folder " + filepath.Join(dir, "no") + " does not exist"}},
		{name: "instant with date", args: order("1", "--instant", "--date", "2030-01-01"), code: 2,
			want: []string{"--instant and --date exclude each other"}},
		{name: "resume: no file", args: resume(filepath.Join(dir, "nope.json")), code: 1,
			want: []string{"no paused transfer at", "resumed only once"}},
		{name: "resume: a directory", args: resume(dir), code: 1,
			want: []string{"is a directory: name the file that saldo transfer --pause wrote"}},
		{name: "resume: garbage", args: resume(garbage), code: 1,
			want: []string{"is not a paused transfer written by saldo transfer --pause"}},
	})
	if n := bank.Requests(); n != 0 {
		t.Errorf("the bank got %d requests for transfers that were wrong", n)
	}
	if _, err := os.Stat(garbage); err != nil {
		t.Errorf("a file that is not a paused transfer was consumed: %v", err)
	}
}

// TestBadStatementFiles: import and export name the file and what is
// wrong with it, and where --out cannot be written.
func TestBadStatementFiles(t *testing.T) {
	dir := t.TempDir()
	good := "../testdata/corpus/mt940/wolph_ASNB_mt940.sta"
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	random := make([]byte, 3000)
	rand.Read(random)
	empty := write("empty.sta", nil)
	binary := write("binary.dat", random)
	// Cut inside the last statement, after its :60F: and before its :62F:.
	cut := strings.LastIndex(string(data), ":62F:")
	truncated := write("truncated.sta", data[:cut])
	camt, err := os.ReadFile("../testdata/corpus/camt/genkgo_camt052.v2.xml")
	if err != nil {
		t.Fatal(err)
	}
	broken := write("broken.xml", camt[:len(camt)/2])
	missing := filepath.Join(dir, "missing.sta")
	for _, cmd := range []string{"import", "export"} {
		runBadInputs(t, []badInput{
			{name: cmd + " missing", args: []string{cmd, missing}, code: 1, want: []string{missing + ": no such file"}},
			{name: cmd + " directory", args: []string{cmd, dir}, code: 1, want: []string{dir + " is a directory: name the statement files in it"}},
			{name: cmd + " empty", args: []string{cmd, empty}, code: 1, want: []string{empty + ": the file is empty"}},
			{name: cmd + " binary", args: []string{cmd, binary}, code: 1, want: []string{binary + ": not a statement file"}},
			{name: cmd + " broken camt", args: []string{cmd, broken}, code: 1, want: []string{broken + ": camt: malformed XML"}},
			{name: cmd + " truncated MT940", args: []string{cmd, truncated}, code: 0,
				want: []string{"warning: " + truncated + ": statement 31", "ends without a closing balance (:62F:): the file may be cut off"}},
		})
	}
	outDir := filepath.Join(dir, "out")
	os.Mkdir(outDir, 0o700)
	runBadInputs(t, []badInput{
		{name: "unknown format", args: []string{"export", "--format", "xml", good}, code: 2,
			want: []string{`unknown export format "xml": choose one of csv, json, hledger, beancount`}},
		{name: "out in a missing folder", args: []string{"export", "--out", filepath.Join(dir, "no", "x.csv"), good}, code: 1,
			want: []string{"the folder " + filepath.Join(dir, "no") + " does not exist"}},
		{name: "out is a directory", args: []string{"export", "--out", outDir, good}, code: 1,
			want: []string{"--out " + outDir + " is a directory: name a file in it"}},
		{name: "out below a file", args: []string{"export", "--out", filepath.Join(empty, "x.csv"), good}, code: 1,
			want: []string{empty + " is a file, not a folder"}},
	})
}

// TestBadVaultFiles: a --vault that is not a vault is said before the
// passphrase is read (stdin is empty here).
func TestBadVaultFiles(t *testing.T) {
	dir := t.TempDir()
	random := make([]byte, 5000)
	rand.Read(random)
	notVault := filepath.Join(dir, "random.db")
	os.WriteFile(notVault, random, 0o600)
	existing := newCLIVault(t)
	runBadInputs(t, []badInput{
		{name: "random bytes", args: []string{"vault", "list", "--vault", notVault}, code: 1,
			want: []string{notVault + " is not a saldo vault"}},
		{name: "a directory", args: []string{"vault", "list", "--vault", dir}, code: 1,
			want: []string{"the vault path " + dir + " is a directory: name the vault file"}},
		{name: "bank command on random bytes", args: []string{"balance", "--vault", notVault}, code: 1,
			want: []string{notVault + " is not a saldo vault"}},
		{name: "missing", args: []string{"vault", "list", "--vault", filepath.Join(dir, "none", "v.db")}, code: 1,
			want: []string{"no vault at", "create one with 'saldo vault init'"}},
		{name: "init over a vault", args: []string{"vault", "init", "--vault", existing}, code: 1,
			want: []string{"a vault already exists at " + existing, "never writes over one"}},
		{name: "init over another file", args: []string{"vault", "init", "--vault", notVault}, code: 1,
			want: []string{notVault + " already exists and is not a saldo vault"}},
		{name: "init on a directory", args: []string{"vault", "init", "--vault", dir}, code: 1,
			want: []string{"is a directory: name the new vault file"}},
		{name: "unlock time", args: []string{"vault", "init", "--vault", filepath.Join(dir, "new.db"), "--unlock-time", "-1s"}, code: 2,
			want: []string{"--unlock-time -1s: give a time above zero"}},
		{name: "wrong passphrase", args: []string{"vault", "list", "--vault", existing}, stdin: "not it\n", code: 1,
			want: []string{"wrong passphrase for this vault"}},
	})
	if got, _ := os.ReadFile(notVault); string(got) != string(random) {
		t.Error("a file that is not a vault was changed")
	}
}

// TestBadUIStart: the terminal app's start refuses a wrong --vault,
// --log or --trace, and redirected input, in words.
func TestBadUIStart(t *testing.T) {
	dir := t.TempDir()
	random := filepath.Join(dir, "random.db")
	os.WriteFile(random, []byte("not a vault at all, just some text that is long enough"), 0o600)
	runBadInputs(t, []badInput{
		{name: "vault is a directory", args: []string{"--vault", dir}, code: 1,
			want: []string{"saldo ui: the vault path " + dir + " is a directory"}},
		{name: "vault is another file", args: []string{"ui", "--vault", random}, code: 1,
			want: []string{random + " is not a saldo vault"}},
		{name: "log in a missing folder", args: []string{"--demo", "--log", filepath.Join(dir, "no", "x.log")}, code: 1,
			want: []string{"--log " + filepath.Join(dir, "no", "x.log") + ": the folder " + filepath.Join(dir, "no") + " does not exist"}},
		{name: "trace is a directory", args: []string{"--demo", "--trace", dir}, code: 1,
			want: []string{"--trace " + dir + " is a directory: name a file"}},
	})
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	err = needTerminal(&Env{Stdin: r, Stdout: w})
	if err == nil || !strings.Contains(err.Error(), "needs a terminal, but its input is redirected") {
		t.Errorf("needTerminal(pipe) = %v", err)
	}
}

// TestBadExportLogin: an --account that matches none of the login's
// accounts is an error naming the ones there are, also when another
// --account matches (a typo must not quietly leave an account out).
func TestBadExportLogin(t *testing.T) {
	path := newCLIVault(t)
	v, err := vault.Open(path, secret.New("secret one"))
	if err != nil {
		t.Fatal(err)
	}
	k := vault.NewLoginKey("12030000", "alice", "")
	v.PutLogin(vault.LoginSettings{BankCode: "12030000", UserID: "alice", URL: "https://x.example/"})
	v.PutAccounts(k, []fints.Account{{IBAN: "DE02120300000000202051", Number: "202051"}})
	v.Close()
	base := []string{"export", "--vault", path, "--login", "12030000/alice"}
	runBadInputs(t, []badInput{
		{name: "unknown account", args: append(base, "--account", "DE00BOGUS"), stdin: "secret one\n", code: 1,
			want: []string{`12030000/alice has no account "DE00BOGUS"; its accounts are DE02120300000000202051`}},
		{name: "one of two unknown", args: append(base, "--account", "202051", "--account", "DE00BOGUS"), stdin: "secret one\n", code: 1,
			want: []string{`has no account "DE00BOGUS"`}},
		{name: "empty account", args: append(base, "--account", ""), code: 2,
			want: []string{`--account "": empty: give an IBAN or account number`}},
	})
}

// TestTransferFromForeignAccount: --from that is not one of the login's
// accounts is named as such (the engine only knows the holder's name is
// missing), and nothing is paid.
func TestTransferFromForeignAccount(t *testing.T) {
	bank := startDemo(t, demobank.Options{Logins: []demobank.LoginOptions{{UserID: demobank.DemoUser, Methods: []string{demobank.MethodSMS}, NoLoginSCA: true}}})
	accts, _ := bank.Ledger().Accounts(demobank.DemoUser)
	runBadInputs(t, []badInput{
		{name: "foreign --from", args: []string{"transfer", "--no-vault", "--url", bank.URL(), "--blz", demobank.BankCode, "--user", demobank.DemoUser, "--pin-stdin",
			"--from", "DE89370400440532013000", "--to", accts[0].IBAN, "--name", "Max Mustermann", "--amount", "1"}, stdin: demobank.DemoPIN + "\n", code: 1,
			want: []string{"--from DE89370400440532013000 is not an account of this login; nothing was sent. Its accounts are " + accts[0].IBAN}},
	})
}

// TestBadDemoBankListen: a port out of range or in use is said plainly.
func TestBadDemoBankListen(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	runBadInputs(t, []badInput{
		{name: "port out of range", args: []string{"demo-bank", "--listen", "127.0.0.1:99999"}, code: 2,
			want: []string{"--listen 127.0.0.1:99999: the port must be a number from 0 to 65535"}},
		{name: "port in use", args: []string{"demo-bank", "--listen", l.Addr().String()}, code: 1,
			want: []string{"--listen " + l.Addr().String() + ": the port is in use by another program", "--listen 127.0.0.1:0"}},
		{name: "public address", args: []string{"demo-bank", "--listen", "0.0.0.0:8080"}, code: 2,
			want: []string{"is not a loopback address"}},
	})
}

// TestBadAnswers: an empty TAN line and a --timeout that runs out while
// waiting are said in words, not as Go's context errors.
func TestBadAnswers(t *testing.T) {
	sms := startDemo(t, demobank.Options{Logins: []demobank.LoginOptions{{UserID: demobank.DemoUser, Methods: []string{demobank.MethodSMS}}}})
	app := startDemo(t, demobank.Options{ApproveAfter: -1, Logins: []demobank.LoginOptions{{UserID: demobank.DemoUser, Methods: []string{demobank.MethodDecoupled}}}})
	login := func(bank *demobank.Bank, more ...string) []string {
		return append([]string{"balance", "--no-vault", "--url", bank.URL(), "--blz", demobank.BankCode, "--user", demobank.DemoUser, "--pin-stdin"}, more...)
	}
	runBadInputs(t, []badInput{
		{name: "empty TAN", args: login(sms), stdin: demobank.DemoPIN + "\n\n", code: 1,
			want: []string{"needs a TAN", "no TAN given (an empty line on stdin); nothing was sent"}},
		{name: "approval never comes", args: login(app, "--timeout", "1s"), stdin: demobank.DemoPIN + "\n", code: 1,
			want: []string{"the command's time limit ran out (--timeout 1s"}},
	})
	for _, s := range []string{"context deadline exceeded", "context canceled"} {
		_, errs, _ := runCmd(t, strings.NewReader(demobank.DemoPIN+"\n"), login(app, "--timeout", "1s")...)
		if strings.Contains(errs, s) {
			t.Errorf("timeout message shows %q: %s", s, errs)
		}
	}
}

// TestInterrupted: Ctrl+C while the command waits for a TAN says
// "interrupted", not Go's "context canceled".
func TestInterrupted(t *testing.T) {
	bank := startDemo(t, demobank.Options{Logins: []demobank.LoginOptions{{UserID: demobank.DemoUser, Methods: []string{demobank.MethodSMS}}}})
	r, w := io.Pipe()
	defer w.Close()
	go fmt.Fprintln(w, demobank.DemoPIN) // then nothing: the TAN never comes
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out bytes.Buffer
	errb := &syncBuffer{}
	env := &Env{Stdin: r, Stdout: &out, Stderr: errb, Getenv: func(string) string { return "" }}
	go func() {
		for !strings.Contains(errb.String(), "TAN: ") {
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
	}()
	code := Run(ctx, env, []string{"balance", "--no-vault", "--url", bank.URL(), "--blz", demobank.BankCode, "--user", demobank.DemoUser, "--pin-stdin"})
	if code != 1 || !strings.Contains(errb.String(), "reading the TAN: interrupted") || strings.Contains(errb.String(), "context canceled") {
		t.Errorf("exit %d: %s", code, errb.String())
	}
}
