package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
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

const testPass = "correct horse battery"

// vaultFeeder is stdin for a vault command: the passphrase, the PIN, then
// each TAN as the bank issues it.
func vaultFeeder(bank *demobank.Bank, user, pin string) io.Reader {
	r, w := io.Pipe()
	go func() {
		fmt.Fprintln(w, testPass)
		fmt.Fprintln(w, pin)
		_, seen := bank.LastTAN(user)
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			tan, ref := bank.LastTAN(user)
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

func newTestVault(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "vault.db")
	_, errs, code := runCmd(t, strings.NewReader(testPass+"\n"), "vault", "init", "--vault", path, "--kdf-memory", "8", "--unlock-time", "1ms")
	if code != 0 {
		t.Fatalf("vault init: %s", errs)
	}
	return path
}

func openTestVault(t *testing.T, path string) *vault.Vault {
	t.Helper()
	v, err := vault.Open(path, secret.New(testPass))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v
}

// TestBankCommandsUseVault: the first command adds the login to the vault
// (with the login TAN); later ones name it (or pick the only one), need no
// TAN because the state comes from the vault, and fill the app's cache.
func TestBankCommandsUseVault(t *testing.T) {
	bank := startDemo(t, demobank.Options{HideTANs: true, Logins: []demobank.LoginOptions{{UserID: demobank.DemoUser, Methods: []string{demobank.MethodSMS}}}})
	path := newTestVault(t)
	accounts, _ := bank.Ledger().Accounts(demobank.DemoUser)

	out, errs, code := runCmd(t, vaultFeeder(bank, demobank.DemoUser, demobank.DemoPIN), "accounts", "--vault", path,
		"--url", bank.URL(), "--blz", demobank.BankCode, "--user", demobank.DemoUser, "--pin-stdin")
	if code != 0 || !strings.Contains(out, accounts[0].IBAN) {
		t.Fatalf("accounts: exit %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(errs, "needs a TAN") {
		t.Errorf("the first login asked no TAN: %s", errs)
	}

	login := demobank.BankCode + "/" + demobank.DemoUser
	out, errs, code = runCmd(t, vaultFeeder(bank, demobank.DemoUser, demobank.DemoPIN), "balance", login, "--vault", path, "--pin-stdin", "--json")
	if code != 0 {
		t.Fatalf("balance: exit %d\n%s", code, errs)
	}
	if strings.Contains(errs, "needs a TAN") {
		t.Errorf("the state from the vault did not spare the login TAN: %s", errs)
	}
	var bals []fints.Balance
	if err := json.Unmarshal([]byte(out), &bals); err != nil || len(bals) != len(accounts) {
		t.Fatalf("balance output: %v\n%s", err, out)
	}

	// No login named: the only one in the vault.
	out, errs, code = runCmd(t, vaultFeeder(bank, demobank.DemoUser, demobank.DemoPIN), "transactions", "--vault", path, "--pin-stdin", "--json",
		"--account", accounts[0].IBAN)
	if code != 0 {
		t.Fatalf("transactions: exit %d\n%s", code, errs)
	}
	var sts []struct {
		Account string
		Booked  []statement.Booking
		Pending []statement.Booking
	}
	if err := json.Unmarshal([]byte(out), &sts); err != nil || len(sts) != 1 {
		t.Fatalf("transactions output: %v\n%s", err, out)
	}

	v := openTestVault(t, path)
	key := vault.NewLoginKey(demobank.BankCode, demobank.DemoUser, "")
	set, err := v.Login(key)
	if err != nil || set.URL != bank.URL() {
		t.Fatalf("stored login: %+v, %v", set, err)
	}
	cached, _ := v.Accounts(key)
	if len(cached) != len(accounts) {
		t.Errorf("%d accounts cached, want %d", len(cached), len(accounts))
	}
	if b, err := v.Balance(key, accounts[1].IBAN); err != nil || b.Booked.Amount.Cmp(bals[1].Booked.Amount) != 0 {
		t.Errorf("cached balance %+v, %v; want %s", b, err, bals[1].Booked.Amount)
	}
	list, err := v.Bookings(key, accounts[0].IBAN, statement.Date{}, statement.Date{})
	if err != nil || len(list) != len(sts[0].Booked)+len(sts[0].Pending) {
		t.Errorf("%d bookings cached (%v), the command printed %d + %d", len(list), err, len(sts[0].Booked), len(sts[0].Pending))
	}
	if state, err := v.State(key); err != nil || len(state) == 0 {
		t.Errorf("no state saved: %v", err)
	}
	v.Close()

	// saldo export reads the cached bookings back.
	out, errs, code = runCmd(t, strings.NewReader(testPass+"\n"), "export", "--vault", path, "--login", login,
		"--account", accounts[0].IBAN, "--format", "csv")
	if code != 0 {
		t.Fatalf("export: exit %d\n%s", code, errs)
	}
	rows := strings.Split(strings.TrimSpace(out), "\n")
	if len(rows) != len(list)+1 {
		t.Errorf("export wrote %d rows, want %d bookings and a header", len(rows)-1, len(list))
	}
	for _, b := range list {
		if !strings.Contains(out, b.ID) {
			t.Fatalf("booking %s missing from the export", b.ID)
		}
	}
	out, errs, code = runCmd(t, strings.NewReader(testPass+"\n"), "export", "--vault", path, "--login", login, "--format", "hledger")
	if code != 0 || !strings.Contains(out, "= ") {
		t.Errorf("hledger export without the balance anchor: exit %d %s\n%.400s", code, errs, out)
	}
	checkLedger(t, "hledger", out, "-f", "%s", "check")
	out, errs, code = runCmd(t, strings.NewReader(testPass+"\n"), "export", "--vault", path, "--login", login, "--format", "beancount")
	if code != 0 {
		t.Fatalf("beancount export: exit %d %s", code, errs)
	}
	checkLedger(t, "bean-check", out, "%s")
	_, errs, code = runCmd(t, strings.NewReader(testPass+"\n"), "export", "--vault", path, "--login", login, "some.sta")
	if code != 2 || !strings.Contains(errs, "not both") {
		t.Errorf("files and --login: exit %d, %s", code, errs)
	}
}

func TestBankCommandsVaultErrors(t *testing.T) {
	path := newTestVault(t)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"accounts", "--vault", path, "nosuch", "--pin-stdin"}, 1, "no login"},
		{[]string{"accounts", "--vault", path, "--pin-stdin"}, 2, "no logins yet"},
		{[]string{"accounts", "--vault", path, "--blz", "70066000", "--user", "x", "--pin-stdin"}, 2, "--url"},
		{[]string{"accounts", "--vault", path, "--blz", "70066000", "--pin-stdin"}, 2, "both"},
		{[]string{"balance", "--no-vault", "some-login"}, 2, "needs the vault"},
		{[]string{"balance", "--vault", path, "a", "b"}, 2, "at most one"},
		{[]string{"balance", "--vault", filepath.Join(t.TempDir(), "none.db"), "--pin-stdin"}, 1, "no vault"},
	}
	for _, tt := range tests {
		_, errs, code := runCmd(t, strings.NewReader(testPass+"\n"), tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d mentioning %q", tt.args[:2], code, errs, tt.code, tt.want)
		}
	}
	_, errs, code := runCmd(t, strings.NewReader("wrong passphrase\n"), "accounts", "--vault", path)
	if code != 1 || !strings.Contains(errs, "wrong passphrase") {
		t.Errorf("wrong passphrase: exit %d, %s", code, errs)
	}
}

// checkLedger runs an outside ledger tool over text: the opening balance
// and balance assertions derived from the vault must hold. Without the
// tool the check is skipped on a developer machine and fails in CI.
func checkLedger(t *testing.T, tool, text string, args ...string) {
	t.Helper()
	bin, err := exec.LookPath(tool)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not installed (CI must run: apt-get install -y hledger beancount)", tool)
		}
		t.Skipf("%s is not installed", tool)
	}
	file := filepath.Join(t.TempDir(), "ledger")
	if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	for i, a := range args {
		if a == "%s" {
			args[i] = file
		}
	}
	if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
		t.Errorf("%s rejects the vault export: %v\n%s", tool, err, out)
	}
}
