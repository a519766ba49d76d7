package vault

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"saldo/fints"
	"saldo/fints/money"
	"saldo/fints/statement"
)

// storedRecord is one sealed record as it lies in the file.
type storedRecord struct {
	path  [][]byte
	key   []byte
	value []byte
}

// allRecords lists every record below the root buckets except the
// clear-text header (TestFlippedHeaderIsNotWrongPassphrase covers it).
func allRecords(t *testing.T, v *Vault) []storedRecord {
	t.Helper()
	var out []storedRecord
	var walk func(path [][]byte, b *bolt.Bucket)
	walk = func(path [][]byte, b *bolt.Bucket) {
		b.ForEach(func(k, val []byte) error {
			if val == nil {
				walk(append(append([][]byte(nil), path...), bytes.Clone(k)), b.Bucket(k))
				return nil
			}
			out = append(out, storedRecord{path: path, key: bytes.Clone(k), value: bytes.Clone(val)})
			return nil
		})
	}
	v.db.View(func(tx *bolt.Tx) error {
		for _, root := range [][]byte{bucketLogins, bucketOrders} {
			walk([][]byte{root}, tx.Bucket(root))
		}
		return nil
	})
	return out
}

// fillLogin gives a login one record of every kind.
func fillLogin(t *testing.T, v *Vault, k LoginKey) {
	t.Helper()
	steps := []error{
		v.PutState(k, []byte("state of "+k.String())),
		v.PutPaused(k, []byte("paused dialog of "+k.String())),
		v.PutAccounts(k, []fints.Account{{IBAN: acctA, Currency: "EUR"}}),
		v.PutBalance(k, fints.Balance{Account: acctA, Booked: statement.Balance{Amount: money.MustParse("12.34"), Currency: "EUR", Date: day(2025, 4, 3)}}),
		v.PutRecipient(k, Recipient{Name: "Erika", IBAN: "DE89370400440532013000"}),
	}
	_, err := v.MergeBookings(k, acctA, []statement.Booking{booking(day(2025, 3, 3), "-1.00", "x"), booking(day(2025, 4, 3), "-2.00", "y")},
		[]statement.Booking{pendingBooking(day(2025, 4, 4), "-3.00", "z")})
	steps = append(steps, err)
	id, err := v.PrepareOrder(k, transfer("Z", "DE89370400440532013000", "1.00"))
	steps = append(steps, err, v.MarkSent(id))
	for i, err := range steps {
		if err != nil {
			t.Fatalf("filling %s, step %d: %v", k, i, err)
		}
	}
}

// readAll reads everything the vault holds for a login, TakePaused last
// (it consumes the paused dialog). Values are formatted so that two reads
// compare as strings.
func readAll(v *Vault, k LoginKey) (map[string]string, map[string]error) {
	vals, errs := map[string]string{}, map[string]error{}
	note := func(name string, val any, err error) {
		vals[name], errs[name] = fmt.Sprintf("%+v", val), err
	}
	s, err := v.Login(k)
	note("settings", s, err)
	st, err := v.State(k)
	note("state", string(st), err)
	accts, err := v.Accounts(k)
	note("accounts", accts, err)
	bal, err := v.Balance(k, acctA)
	note("balance", bal, err)
	bals, err := v.Balances(k)
	note("balances", bals, err)
	rs, err := v.Recipients(k)
	note("recipients", rs, err)
	bs, err := v.Bookings(k, acctA, statement.Date{}, statement.Date{})
	note("bookings", bs, err)
	april, err := v.Bookings(k, acctA, day(2025, 4, 1), statement.Date{})
	note("bookings from April", april, err)
	first, last, n, err := v.BookingSpan(k, acctA)
	note("span", []any{first, last, n}, err)
	os, err := v.Orders(k)
	var ids []string
	for _, o := range os {
		ids = append(ids, o.ID+" "+o.State.String())
	}
	note("orders", ids, err)
	p, err := v.TakePaused(k)
	note("paused", string(p), err)
	return vals, errs
}

// TestFlippedByteAnyRecord flips one byte of every record of a vault with
// two logins, one record at a time. The vault must open, nothing may
// panic, every failing read must be a *DamageError that names the login
// (or the order), and the other login must read exactly as before. Two
// records heal without an error, because nothing is lost: the month index
// is rebuilt from the month records, and a lost last-sync time only shows
// as "never".
func TestFlippedByteAnyRecord(t *testing.T) {
	v, path := newVault(t)
	alice := addLogin(t, v, "12030000", "alice", "DKB")
	bob := addLogin(t, v, "50010517", "bob", "ING")
	fillLogin(t, v, alice)
	fillLogin(t, v, bob)
	owner := map[string]LoginKey{
		string(v.keys.nameOf("login", alice.String())): alice,
		string(v.keys.nameOf("login", bob.String())):   bob,
	}
	records := allRecords(t, v)
	if len(records) < 2*11+2 {
		t.Fatalf("only %d records: the fixture lacks some kind", len(records))
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	clean, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	base := map[LoginKey]map[string]string{}
	for _, k := range []LoginKey{alice, bob} {
		v := openCopy(t, clean, "clean", nil)
		vals, errs := readAll(v, k)
		for name, err := range errs {
			if err != nil {
				t.Fatalf("undamaged %s of %s: %v", name, k, err)
			}
		}
		base[k] = vals
		v.Close()
	}

	for i, rec := range records {
		// Where the record lies: logins/<login>/<record>,
		// logins/<login>/balances/<account>,
		// logins/<login>/bookings/<account>/<i|p|m…>, or orders/<id>.
		var who LoginKey
		isLogin := bytes.Equal(rec.path[0], bucketLogins)
		kind := "order"
		switch {
		case isLogin && len(rec.path) == 2:
			kind = string(rec.key)
		case isLogin && len(rec.path) == 3:
			kind = string(rec.path[2])
		case isLogin:
			kind = "bookings-" + string(rec.key[:1])
		}
		if isLogin {
			who = owner[string(rec.path[1])]
		}
		name := fmt.Sprintf("%02d-%s-%s", i, kind, who.UserID)
		t.Run(name, func(t *testing.T) {
			v := openCopy(t, clean, name, rec.value)
			defer v.Close()

			list, err := v.Logins()
			if err != nil || len(list) != 2 {
				t.Fatalf("Logins = %d, %v", len(list), err)
			}
			for _, l := range list {
				if l.Err != nil && (kind != "settings" || !errors.Is(l.Err, ErrDamaged)) {
					t.Errorf("login list: %v", l.Err)
				}
			}
			damageSeen := false
			for _, k := range []LoginKey{alice, bob} {
				affected := !isLogin || k == who
				vals, errs := readAll(v, k)
				for what, err := range errs {
					switch {
					case err == nil && vals[what] != base[k][what]:
						t.Errorf("%s of %s changed without an error:\n got %s\nwant %s", what, k, vals[what], base[k][what])
					case err == nil:
					case !affected:
						t.Errorf("%s of the undamaged login %s: %v", what, k, err)
					case !errors.Is(err, ErrDamaged):
						t.Errorf("%s of %s: %v is not a damage error", what, k, err)
					case isLogin && !strings.Contains(err.Error(), k.String()):
						t.Errorf("%s of %s: %q does not name the login", what, k, err)
					case !isLogin && !strings.Contains(err.Error(), "order "):
						t.Errorf("%s: %q does not name the order", what, err)
					default:
						damageSeen = true
					}
				}
			}
			if !damageSeen && kind != "bookings-i" && kind != "status" {
				t.Errorf("a flipped %s record went unreported", kind)
			}
		})
	}
}

// openCopy writes data to a fresh vault file, flips a byte in every copy
// of the record rec there (none if nil), and opens it.
func openCopy(t *testing.T, data []byte, name string, rec []byte) *Vault {
	t.Helper()
	path := filepath.Join(t.TempDir(), name+".db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if rec != nil {
		flipInFile(t, path, rec)
	}
	v, err := Open(path, pass(testPass))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if ro := v.ReadOnly(); ro != nil {
		t.Fatalf("a flipped record made the file read-only: %v", ro)
	}
	return v
}
