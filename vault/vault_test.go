package vault

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"saldo/fints"
	"saldo/fints/money"
	"saldo/fints/statement"
)

func TestCreateOpenRoundTrip(t *testing.T) {
	v, path := newVault(t)
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("vault file mode %v, want 0600", st.Mode().Perm())
	}
	if dst, _ := os.Stat(filepath.Dir(path)); dst.Mode().Perm() != 0o700 {
		t.Errorf("vault dir mode %v, want 0700", dst.Mode().Perm())
	}
	k := addLogin(t, v, "12030000", "alice", "DKB")
	if err := v.PutState(k, []byte("engine state v1")); err != nil {
		t.Fatal(err)
	}
	v = reopen(t, v, path)
	got, err := v.State(k)
	if err != nil || string(got) != "engine state v1" {
		t.Fatalf("State after reopen = %q, %v", got, err)
	}
	s, err := v.Login(k)
	if err != nil {
		t.Fatal(err)
	}
	want := settings("12030000", "alice", "DKB")
	want.Version = 1
	if s != want {
		t.Errorf("Login = %+v, want %+v", s, want)
	}
	if v.KDF() != testKDF {
		t.Errorf("KDF = %v, want %v", v.KDF(), testKDF)
	}
}

func TestCreateRefusesExisting(t *testing.T) {
	v, path := newVault(t)
	v.Close()
	if _, err := Create(path, pass("x"), testKDF); !errors.Is(err, ErrExists) {
		t.Fatalf("Create over existing = %v, want ErrExists", err)
	}
	if _, err := Open(path, pass(testPass)); err != nil {
		t.Fatalf("existing vault no longer opens: %v", err)
	}
	left, _ := filepath.Glob(path + ".new-*")
	if len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o600)
	tests := []struct {
		name string
		path string
		want error
	}{
		{"missing file", filepath.Join(dir, "nope.db"), os.ErrNotExist},
		{"empty file", empty, ErrDamaged},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Open(tc.path, pass(testPass))
			if !errors.Is(err, tc.want) {
				t.Fatalf("Open = %v, want %v", err, tc.want)
			}
		})
	}
	if st, _ := os.Stat(empty); st.Size() != 0 {
		t.Errorf("Open wrote %d bytes into an empty file", st.Size())
	}
}

func TestWrongPassphraseChangesNothing(t *testing.T) {
	v, path := newVault(t)
	k := addLogin(t, v, "12030000", "alice", "DKB")
	v.Close()
	before, _ := os.ReadFile(path)
	for range 3 {
		_, err := Open(path, pass("wrong"))
		if !errors.Is(err, ErrWrongPassphrase) {
			t.Fatalf("Open with wrong passphrase = %v", err)
		}
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("a wrong passphrase changed the file")
	}
	v2, err := Open(path, pass(testPass)) // the lock was released: retry works
	if err != nil {
		t.Fatalf("retry with the right passphrase: %v", err)
	}
	defer v2.Close()
	if _, err := v2.Login(k); err != nil {
		t.Fatal(err)
	}
}

func TestChangePassphrase(t *testing.T) {
	v, path := newVault(t)
	k := addLogin(t, v, "12030000", "alice", "DKB")
	v.PutState(k, []byte("state"))
	if err := v.ChangePassphrase(pass("not it"), pass("new secret"), KDFParams{}); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("change with wrong old passphrase = %v", err)
	}
	newKDF := KDFParams{Time: 2, MemoryKiB: 128, Threads: 1}
	var oldWrapped []byte
	v.db.View(func(tx *bolt.Tx) error {
		var h header
		json.Unmarshal(tx.Bucket(bucketMeta).Get(keyHeader), &h)
		oldWrapped = h.WrappedKey
		return nil
	})
	if err := v.ChangePassphrase(pass(testPass), pass("new secret"), newKDF); err != nil {
		t.Fatal(err)
	}
	if got, err := v.State(k); err != nil || string(got) != "state" {
		t.Fatalf("vault unusable right after the change: %q %v", got, err)
	}
	v.Close()
	raw, _ := os.ReadFile(path)
	b64 := base64.StdEncoding.EncodeToString(oldWrapped)
	if bytes.Contains(raw, []byte(b64)) {
		t.Error("the key wrapped under the old passphrase is still in the file")
	}
	if left, _ := filepath.Glob(path + ".compact-*"); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	if _, err := Open(path, pass(testPass)); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("old passphrase still opens: %v", err)
	}
	v2, err := Open(path, pass("new secret"))
	if err != nil {
		t.Fatal(err)
	}
	defer v2.Close()
	if v2.KDF() != newKDF {
		t.Errorf("KDF = %v, want %v", v2.KDF(), newKDF)
	}
	if got, err := v2.State(k); err != nil || string(got) != "state" {
		t.Fatalf("records unreadable after passphrase change: %q %v", got, err)
	}
}

func TestClosedVault(t *testing.T) {
	v, _ := newVault(t)
	k := addLogin(t, v, "12030000", "alice", "DKB")
	v.Close()
	if _, err := v.State(k); !errors.Is(err, ErrClosed) {
		t.Fatalf("State after Close = %v", err)
	}
	if v.keys != nil || v.dataKey != nil {
		t.Error("keys kept after Close")
	}
	if err := v.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

func TestLogins(t *testing.T) {
	v, _ := newVault(t)
	a := addLogin(t, v, "12030000", "alice", "DKB")
	b := addLogin(t, v, "50010517", "bob", "ING")
	c := NewLoginKey("12030000", "alice", "alice") // same login, customer ID = user ID
	if c != a {
		t.Fatalf("NewLoginKey did not normalise: %v vs %v", c, a)
	}
	clock := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	now = func() time.Time { return clock }
	defer func() { now = func() time.Time { return time.Now().UTC() } }()
	if err := v.PutAccounts(a, []fints.Account{{IBAN: "DE02120300000000202051"}}); err != nil {
		t.Fatal(err)
	}
	v.PutPaused(b, []byte("dialog"))
	list, err := v.Logins()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Key != a || list[1].Key != b {
		t.Fatalf("Logins = %+v", list)
	}
	if !list[0].LastSync.Equal(clock) || !list[1].LastSync.IsZero() {
		t.Errorf("LastSync = %v / %v", list[0].LastSync, list[1].LastSync)
	}
	if list[0].Paused || !list[1].Paused {
		t.Errorf("Paused = %v / %v", list[0].Paused, list[1].Paused)
	}
	if err := v.RemoveLogin(a); err != nil {
		t.Fatal(err)
	}
	if err := v.RemoveLogin(a); !errors.Is(err, ErrUnknownLogin) {
		t.Fatalf("second RemoveLogin = %v", err)
	}
	if _, err := v.State(a); !errors.Is(err, ErrUnknownLogin) {
		t.Fatalf("State of removed login = %v", err)
	}
	list, _ = v.Logins()
	if len(list) != 1 || list[0].Key != b {
		t.Fatalf("Logins after remove = %+v", list)
	}
}

func TestParseLoginKey(t *testing.T) {
	tests := []struct {
		in      string
		want    LoginKey
		wantErr bool
	}{
		{"12030000/alice", LoginKey{"12030000", "alice", ""}, false},
		{"12030000/alice/K123", LoginKey{"12030000", "alice", "K123"}, false},
		{"12030000/alice/alice", LoginKey{"12030000", "alice", ""}, false},
		{"12030000", LoginKey{}, true},
		{"/alice", LoginKey{}, true},
		{"a/b/c/d", LoginKey{}, true},
	}
	for _, tc := range tests {
		got, err := ParseLoginKey(tc.in)
		if (err != nil) != tc.wantErr || (!tc.wantErr && got != tc.want) {
			t.Errorf("ParseLoginKey(%q) = %v, %v", tc.in, got, err)
		}
		if !tc.wantErr && got.String() != NewLoginKey(tc.want.BankCode, tc.want.UserID, tc.want.CustomerID).String() {
			t.Errorf("String round trip of %q = %q", tc.in, got.String())
		}
	}
}

func TestStateAndPaused(t *testing.T) {
	v, _ := newVault(t)
	k := addLogin(t, v, "12030000", "alice", "DKB")
	unknown := NewLoginKey("99999999", "x", "")
	if _, err := v.State(k); !errors.Is(err, ErrNotFound) {
		t.Fatalf("State before any = %v", err)
	}
	if err := v.PutState(unknown, []byte("x")); !errors.Is(err, ErrUnknownLogin) {
		t.Fatalf("PutState for unknown login = %v", err)
	}
	v.PutState(k, []byte("one"))
	v.PutState(k, []byte("two"))
	if got, _ := v.State(k); string(got) != "two" {
		t.Fatalf("State = %q, want the replacement", got)
	}
	if _, err := v.TakePaused(k); !errors.Is(err, ErrNotFound) {
		t.Fatalf("TakePaused with none = %v", err)
	}
	v.PutPaused(k, []byte("first"))
	v.PutPaused(k, []byte("second")) // at most one
	if peek, err := v.Paused(k); err != nil || string(peek) != "second" {
		t.Fatalf("Paused = %q, %v", peek, err)
	}
	got, err := v.TakePaused(k)
	if err != nil || string(got) != "second" {
		t.Fatalf("TakePaused = %q, %v", got, err)
	}
	if _, err := v.TakePaused(k); !errors.Is(err, ErrNotFound) {
		t.Fatalf("paused dialog resumed twice: %v", err)
	}
}

func TestAccountsAndBalances(t *testing.T) {
	v, path := newVault(t)
	k := addLogin(t, v, "12030000", "alice", "DKB")
	accts := []fints.Account{
		{IBAN: "DE02120300000000202051", Currency: "EUR", Owner: "Alice", Jobs: []string{"HKSAL", "HKCCS"}},
		{BankCode: "12030000", Number: "1234567"},
	}
	if err := v.PutAccounts(k, accts); err != nil {
		t.Fatal(err)
	}
	avail := money.MustParse("1500.00")
	bal := fints.Balance{Account: accts[0].Key(), Booked: statement.Balance{Amount: money.MustParse("1234.56"), Currency: "EUR", Date: day(2025, 3, 1)}, Available: &avail}
	bal2 := fints.Balance{Account: accts[1].Key(), Booked: statement.Balance{Amount: money.MustParse("-7.00"), Currency: "EUR", Date: day(2025, 3, 1)}}
	v.PutBalance(k, bal)
	v.PutBalance(k, bal2)
	v = reopen(t, v, path)
	gotA, err := v.Accounts(k)
	if err != nil || !reflect.DeepEqual(gotA, accts) {
		t.Fatalf("Accounts = %+v, %v", gotA, err)
	}
	gotB, err := v.Balance(k, accts[0].Key())
	if err != nil || !reflect.DeepEqual(gotB, bal) {
		t.Fatalf("Balance = %+v, %v", gotB, err)
	}
	all, err := v.Balances(k)
	if err != nil || len(all) != 2 {
		t.Fatalf("Balances = %+v, %v", all, err)
	}
	if _, err := v.Balance(k, "DE00"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Balance of unknown account = %v", err)
	}
}

// TestNoClearTextInFile checks that names, IBANs, purposes and blobs never
// reach the file in clear: only ciphertext and opaque names.
func TestNoClearTextInFile(t *testing.T) {
	v, path := newVault(t)
	k := addLogin(t, v, "12030000", "alice-login", "My DKB")
	v.PutState(k, []byte("SYSTEMID-4711"))
	v.PutAccounts(k, []fints.Account{{IBAN: "DE02120300000000202051"}})
	v.MergeBookings(k, "DE02120300000000202051", []statement.Booking{booking(day(2025, 3, 3), "-12.34", "Wocheneinkauf Markthalle")}, nil)
	id, _ := v.PrepareOrder(k, transfer("Vermieterin Weber", "DE89370400440532013000", "750.00"))
	v.MarkSent(id)
	v.MarkOutcome(id, fints.Outcome{State: fints.Executed})
	v.Close()
	raw, _ := os.ReadFile(path)
	for _, s := range []string{"12030000", "alice-login", "My DKB", "SYSTEMID-4711", "DE02120300000000202051",
		"Wocheneinkauf", "REWE", "Vermieterin", "DE89370400440532013000", "2025-03", "banking.example"} {
		if bytes.Contains(raw, []byte(s)) {
			t.Errorf("%q appears in clear in the vault file", s)
		}
	}
}

// TestConcurrentUse runs readers and writers at once (meant for -race).
func TestConcurrentUse(t *testing.T) {
	v, _ := newVault(t)
	k := addLogin(t, v, "12030000", "alice", "DKB")
	done := make(chan error, 8)
	for g := range 4 {
		go func() {
			for i := range 20 {
				if _, err := v.MergeBookings(k, acctA, []statement.Booking{booking(day(2025, 1, 1+i), "-1.00", "g")}, nil); err != nil {
					done <- err
					return
				}
				if err := v.PutState(k, []byte{byte(g), byte(i)}); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
		go func() {
			for range 20 {
				if _, err := v.Bookings(k, acctA, statement.Date{}, statement.Date{}); err != nil {
					done <- err
					return
				}
				if _, err := v.Logins(); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := v.Bookings(k, acctA, statement.Date{}, statement.Date{}); len(got) != 20 {
		t.Errorf("%d bookings after concurrent identical merges, want 20", len(got))
	}
}
