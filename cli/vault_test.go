package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"saldo/fints"
	"saldo/fints/money"
	"saldo/fints/secret"
	"saldo/vault"
)

// runVault runs `saldo vault args...` with stdin and returns the exit code
// and what was printed.
func runVault(t *testing.T, stdin string, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut,
		Getenv: func(k string) string { return env[k] }}
	code := Run(context.Background(), e, append([]string{"vault"}, args...))
	return code, out.String(), errOut.String()
}

// cheap Argon2id for tests: 1 MiB, one pass.
var cheapKDF = []string{"--kdf-memory", "1", "--unlock-time", "1ns"}

func newCLIVault(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data", "vault.db")
	code, out, errOut := runVault(t, "secret one\n", nil, append([]string{"init", "--vault", path}, cheapKDF...)...)
	if code != 0 || !strings.Contains(out, "Created "+path) {
		t.Fatalf("init = %d %q %q", code, out, errOut)
	}
	return path
}

func TestVaultInitAndList(t *testing.T) {
	path := newCLIVault(t)
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("vault file: %v %v", st, err)
	}
	v, err := vault.Open(path, secret.New("secret one"))
	if err != nil {
		t.Fatal(err)
	}
	v.PutLogin(vault.LoginSettings{Name: "DKB", BankCode: "12030000", UserID: "alice", URL: "https://x"})
	k := vault.NewLoginKey("12030000", "alice", "")
	v.PutAccounts(k, []fints.Account{{IBAN: "DE02120300000000202051"}})
	id, _ := v.PrepareOrder(k, fints.Transfer{ToName: "Max", ToIBAN: "DE89370400440532013000", Amount: money.MustParse("5"), Currency: "EUR"})
	v.MarkSent(id)
	v.Close()

	// The path may come from $SALDO_VAULT instead of --vault.
	code, out, errOut := runVault(t, "secret one\n", map[string]string{"SALDO_VAULT": path}, "list")
	if code != 0 {
		t.Fatalf("list = %d %q", code, errOut)
	}
	for _, want := range []string{"12030000/alice", "DKB", "warning: transfer of 5.00 EUR to Max"} {
		if !strings.Contains(out, want) {
			t.Errorf("list output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "never") {
		t.Errorf("a synced login shows as never synced:\n%s", out)
	}
}

func TestVaultWrongPassphrase(t *testing.T) {
	path := newCLIVault(t)
	code, _, errOut := runVault(t, "nope\n", nil, "list", "--vault", path)
	if code != 1 || !strings.Contains(errOut, "wrong passphrase") {
		t.Fatalf("list with a wrong passphrase = %d %q", code, errOut)
	}
	code, _, errOut = runVault(t, "", nil, "list", "--vault", path)
	if code != 1 || !strings.Contains(errOut, "no passphrase given") {
		t.Fatalf("list without a passphrase = %d %q", code, errOut)
	}
}

func TestVaultPasswd(t *testing.T) {
	path := newCLIVault(t)
	code, out, errOut := runVault(t, "secret one\nsecret two\n", nil, "passwd", "--vault", path)
	if code != 0 || !strings.Contains(out, "Passphrase changed") {
		t.Fatalf("passwd = %d %q %q", code, out, errOut)
	}
	if code, _, _ := runVault(t, "secret one\n", nil, "list", "--vault", path); code == 0 {
		t.Error("the old passphrase still opens the vault")
	}
	if code, _, errOut := runVault(t, "secret two\n", nil, "list", "--vault", path); code != 0 {
		t.Errorf("the new passphrase does not open the vault: %s", errOut)
	}
	code, _, errOut = runVault(t, "secret two\n\n", nil, "passwd", "--vault", path)
	if code != 1 || !strings.Contains(errOut, "empty") {
		t.Errorf("passwd to an empty passphrase = %d %q", code, errOut)
	}
}

func TestVaultPassphraseFD(t *testing.T) {
	path := newCLIVault(t)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	fmt.Fprintln(w, "secret one")
	w.Close()
	code, _, errOut := runVault(t, "this is stdin, not the passphrase\n", nil, "list", "--vault", path, "--passphrase-fd", strconv.Itoa(int(r.Fd())))
	if code != 0 {
		t.Fatalf("list with --passphrase-fd = %d %q", code, errOut)
	}
}

func TestVaultNoPassphraseFlag(t *testing.T) {
	path := newCLIVault(t)
	if code, _, _ := runVault(t, "", nil, "list", "--vault", path, "--passphrase", "secret one"); code != 2 {
		t.Errorf("a passphrase flag was accepted (exit %d)", code)
	}
}

func TestVaultRemove(t *testing.T) {
	path := newCLIVault(t)
	v, _ := vault.Open(path, secret.New("secret one"))
	v.PutLogin(vault.LoginSettings{Name: "DKB", BankCode: "12030000", UserID: "alice"})
	v.PutLogin(vault.LoginSettings{Name: "ING", BankCode: "50010517", UserID: "bob"})
	bob := vault.NewLoginKey("50010517", "bob", "")
	id, _ := v.PrepareOrder(bob, fints.Transfer{ToName: "Max", ToIBAN: "DE89370400440532013000", Amount: money.MustParse("5"), Currency: "EUR"})
	v.MarkSent(id)
	v.Close()

	tests := []struct {
		args     []string
		wantCode int
		wantErr  string
	}{
		{[]string{"remove"}, 2, "name one login"},
		{[]string{"remove", "nobody"}, 1, "no login"},
		{[]string{"remove", "dkb"}, 0, ""},                    // by display name
		{[]string{"remove", "12030000/alice"}, 1, "no login"}, // already gone
		{[]string{"remove", "50010517/bob"}, 1, "without a final answer"},
		{[]string{"remove", "--force", "50010517/bob"}, 0, ""},
	}
	for _, tc := range tests {
		code, _, errOut := runVault(t, "secret one\n", nil, append(append([]string(nil), tc.args...), "--vault", path)...)
		if code != tc.wantCode || !strings.Contains(errOut, tc.wantErr) {
			t.Errorf("%v = %d %q; want %d %q", tc.args, code, errOut, tc.wantCode, tc.wantErr)
		}
	}
}

func TestVaultInUse(t *testing.T) {
	path := newCLIVault(t)
	v, err := vault.Open(path, secret.New("secret one"))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	code, _, errOut := runVault(t, "secret one\n", nil, "list", "--vault", path)
	if code != 1 || !strings.Contains(errOut, "vault in use by process "+strconv.Itoa(os.Getpid())) {
		t.Fatalf("list of a vault in use = %d %q", code, errOut)
	}
}

func TestVaultUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"frobnicate"}, {"list", "extra"}} {
		if code, _, _ := runVault(t, "", nil, args...); code != 2 {
			t.Errorf("vault %v: exit %d, want 2", args, code)
		}
	}
	code, _, errOut := runVault(t, "x\n", nil, "list", "--vault", filepath.Join(t.TempDir(), "none.db"))
	if code != 1 || !strings.Contains(errOut, "saldo vault init") {
		t.Errorf("list of a missing vault = %d %q", code, errOut)
	}
}
