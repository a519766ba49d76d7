package vault

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"saldo/fints"
	"saldo/fints/statement"
)

// rawRecord returns a copy of the stored bytes at bucket path / key.
func rawRecord(t *testing.T, v *Vault, path [][]byte, key []byte) []byte {
	t.Helper()
	var out []byte
	v.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(path[0])
		for _, p := range path[1:] {
			b = b.Bucket(p)
		}
		out = bytes.Clone(b.Get(key))
		return nil
	})
	if out == nil {
		t.Fatalf("no record at %q/%q", path, key)
	}
	return out
}

// flipInFile finds rec in the file and flips one byte in its middle.
func flipInFile(t *testing.T, path string, rec []byte) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Copy-on-write leaves stale copies in freed pages; flip them all.
	n := 0
	for off := 0; ; n++ {
		i := bytes.Index(raw[off:], rec)
		if i < 0 {
			break
		}
		raw[off+i+len(rec)/2] ^= 0x40
		off += i + len(rec)
	}
	if n == 0 {
		t.Fatal("record not found in the file")
	}
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
}

type damageFixture struct {
	path       string
	alice, bob LoginKey
	records    map[string][]byte // label → stored bytes, captured before closing
	orderID    string
}

const acctA = "DE02120300000000202051"

func newDamageFixture(t *testing.T) *damageFixture {
	v, path := newVault(t)
	f := &damageFixture{path: path, records: map[string][]byte{}}
	f.alice = addLogin(t, v, "12030000", "alice", "DKB")
	f.bob = addLogin(t, v, "50010517", "bob", "ING")
	for _, k := range []LoginKey{f.alice, f.bob} {
		v.PutState(k, []byte("state of "+k.String()))
		v.MergeBookings(k, acctA, []statement.Booking{booking(day(2025, 3, 3), "-1.00", "x"), booking(day(2025, 4, 3), "-2.00", "y")}, nil)
	}
	f.orderID, _ = v.PrepareOrder(f.alice, transfer("Z", "DE89370400440532013000", "1.00"))
	v.MarkSent(f.orderID)
	id2, _ := v.PrepareOrder(f.bob, transfer("Z", "DE89370400440532013000", "1.00"))
	v.MarkSent(id2)

	la := v.keys.nameOf("login", f.alice.String())
	login := [][]byte{bucketLogins, la}
	f.records["state"] = rawRecord(t, v, login, keyState)
	f.records["settings"] = rawRecord(t, v, login, keySettings)
	f.records["chunk"] = rawRecord(t, v, [][]byte{bucketLogins, la, bucketBook, v.keys.nameOf("account", acctA)}, v.monthKey("2025-03"))
	oid, _ := hexID(f.orderID)
	f.records["order"] = rawRecord(t, v, [][]byte{bucketOrders}, oid)
	f.records["header"] = rawRecord(t, v, [][]byte{bucketMeta}, keyHeader)
	v.Close()
	return f
}

func hexID(s string) ([]byte, error) {
	b := make([]byte, 16)
	_, err := bytesFromHex(b, s)
	return b, err
}

func bytesFromHex(dst []byte, s string) (int, error) {
	const digits = "0123456789abcdef"
	for i := range dst {
		hi, lo := strings.IndexByte(digits, s[2*i]), strings.IndexByte(digits, s[2*i+1])
		if hi < 0 || lo < 0 {
			return i, errors.New("bad hex")
		}
		dst[i] = byte(hi<<4 | lo)
	}
	return len(dst), nil
}

func assertDamage(t *testing.T, err error, mustName ...string) {
	t.Helper()
	var de *DamageError
	if !errors.As(err, &de) {
		t.Fatalf("error %v is not a *DamageError", err)
	}
	for _, s := range mustName {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not name %q", err, s)
		}
	}
}

func TestFlippedByte(t *testing.T) {
	tests := []struct {
		record string
		check  func(t *testing.T, f *damageFixture, v *Vault)
	}{
		{"state", func(t *testing.T, f *damageFixture, v *Vault) {
			_, err := v.State(f.alice)
			assertDamage(t, err, "state", "12030000/alice")
			if s, err := v.State(f.bob); err != nil || string(s) != "state of 50010517/bob" {
				t.Errorf("other login: %q %v", s, err)
			}
			// A sync rewrites the damaged record.
			if err := v.PutState(f.alice, []byte("fresh")); err != nil {
				t.Fatal(err)
			}
			if s, err := v.State(f.alice); err != nil || string(s) != "fresh" {
				t.Errorf("after rewrite: %q %v", s, err)
			}
		}},
		{"settings", func(t *testing.T, f *damageFixture, v *Vault) {
			list, err := v.Logins()
			if err != nil || len(list) != 2 {
				t.Fatalf("Logins = %+v, %v", list, err)
			}
			var bad, good int
			for _, s := range list {
				if s.Err != nil {
					bad++
					assertDamage(t, s.Err, "settings", "#"+s.ID[:8])
					if err := v.RemoveLoginID(s.ID); err != nil {
						t.Errorf("RemoveLoginID: %v", err)
					}
				} else if s.Key == f.bob {
					good++
				}
			}
			if bad != 1 || good != 1 {
				t.Errorf("bad=%d good=%d", bad, good)
			}
			if _, err := v.Login(f.alice); !errors.Is(err, ErrUnknownLogin) {
				t.Errorf("damaged login not removed: %v", err)
			}
		}},
		{"chunk", func(t *testing.T, f *damageFixture, v *Vault) {
			_, err := v.Bookings(f.alice, acctA, statement.Date{}, statement.Date{})
			assertDamage(t, err, "bookings 2025-03", "12030000/alice")
			if got, err := v.Bookings(f.alice, acctA, day(2025, 4, 1), statement.Date{}); err != nil || len(got) != 1 {
				t.Errorf("undamaged month: %d %v", len(got), err)
			}
			if got, err := v.Bookings(f.bob, acctA, statement.Date{}, statement.Date{}); err != nil || len(got) != 2 {
				t.Errorf("other login: %d %v", len(got), err)
			}
			res, err := v.MergeBookings(f.alice, acctA, []statement.Booking{booking(day(2025, 3, 3), "-1.00", "x")}, nil)
			if err != nil || len(res.Rewritten) != 1 || res.Rewritten[0] != "2025-03" {
				t.Errorf("merge over damage = %+v, %v", res, err)
			}
			if got, err := v.Bookings(f.alice, acctA, statement.Date{}, statement.Date{}); err != nil || len(got) != 2 {
				t.Errorf("after resync: %d %v", len(got), err)
			}
		}},
		{"order", func(t *testing.T, f *damageFixture, v *Vault) {
			p, err := v.PendingOrders()
			assertDamage(t, err, "order "+f.orderID)
			if len(p) != 1 || p[0].Login != f.bob {
				t.Errorf("readable orders lost: %+v", p)
			}
			if err := v.MarkOutcome(f.orderID, fints.Outcome{State: fints.Executed}); !errors.Is(err, ErrDamaged) {
				t.Errorf("MarkOutcome on damaged order = %v", err)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.record, func(t *testing.T) {
			f := newDamageFixture(t)
			flipInFile(t, f.path, f.records[tc.record])
			v, err := Open(f.path, pass(testPass))
			if err != nil {
				t.Fatalf("Open after a flipped %s byte: %v", tc.record, err)
			}
			defer v.Close()
			tc.check(t, f, v)
		})
	}
}

func TestFlippedHeaderIsNotWrongPassphrase(t *testing.T) {
	f := newDamageFixture(t)
	hdr := f.records["header"]
	// Flip a byte inside the wrapped key's base64 (the checksum must catch it).
	i := bytes.Index(hdr, []byte(`"wrapped_key":"`)) + len(`"wrapped_key":"`) + 5
	raw, _ := os.ReadFile(f.path)
	for off := 0; ; {
		j := bytes.Index(raw[off:], hdr)
		if j < 0 {
			break
		}
		at := off + j + i
		raw[at] = map[bool]byte{true: 'A', false: 'B'}[raw[at] != 'A']
		off += j + len(hdr)
	}
	os.WriteFile(f.path, raw, 0o600)
	_, err := Open(f.path, pass(testPass))
	if errors.Is(err, ErrWrongPassphrase) {
		t.Fatal("a damaged header was reported as a wrong passphrase")
	}
	assertDamage(t, err, "header")
}

// TestSwappedRecords moves sealed records between logins and places: the
// associated data must make each of them fail.
func TestSwappedRecords(t *testing.T) {
	v, _ := newVault(t)
	a := addLogin(t, v, "12030000", "alice", "DKB")
	b := addLogin(t, v, "50010517", "bob", "ING")
	v.PutState(a, []byte("alice state"))
	v.PutState(b, []byte("bob state"))
	v.PutPaused(a, []byte("alice paused"))
	la, lb := v.keys.nameOf("login", a.String()), v.keys.nameOf("login", b.String())
	move := func(fromLogin, fromKey, toLogin, toKey []byte) {
		v.db.Update(func(tx *bolt.Tx) error {
			src := tx.Bucket(bucketLogins).Bucket(fromLogin).Get(fromKey)
			return tx.Bucket(bucketLogins).Bucket(toLogin).Put(toKey, bytes.Clone(src))
		})
	}
	move(la, keyState, lb, keyState) // alice's state into bob's login
	if _, err := v.State(b); !errors.Is(err, ErrDamaged) {
		t.Errorf("state swapped between logins was accepted: %v", err)
	}
	move(la, keyPaused, la, keyState) // paused dialog passed off as state
	if _, err := v.State(a); !errors.Is(err, ErrDamaged) {
		t.Errorf("record swapped between keys was accepted: %v", err)
	}
	// A damaged paused dialog is reported once and removed: it can never
	// be resumed, and it must not block the next pause.
	move(lb, keyState, la, keyPaused)
	if _, err := v.TakePaused(a); !errors.Is(err, ErrDamaged) {
		t.Errorf("TakePaused of a foreign record = %v", err)
	}
	if _, err := v.TakePaused(a); !errors.Is(err, ErrNotFound) {
		t.Errorf("damaged paused dialog was kept: %v", err)
	}
}

// TestTruncatedFile cuts the file at many points: Open must never panic;
// it fails with a damage error or opens read-only, and then every read
// either works or names the damage.
func TestTruncatedFile(t *testing.T) {
	v, path := newVault(t)
	var keys []LoginKey
	for i := range 12 {
		k := addLogin(t, v, "1203000"+string(rune('0'+i%10)), "user"+string(rune('a'+i)), "Bank")
		keys = append(keys, k)
		var list []statement.Booking
		for j := range 300 {
			list = append(list, booking(day(2024, 1, 1).AddDays(j), "-1.00", strings.Repeat("purpose ", 10)))
		}
		v.MergeBookings(k, acctA, list, nil)
		v.PutState(k, bytes.Repeat([]byte{byte(i)}, 3000))
	}
	var used int64
	v.db.View(func(tx *bolt.Tx) error { used = tx.Size(); return nil })
	v.Close()
	full, _ := os.ReadFile(path)
	sawReadOnly, sawIntact := false, false
	cuts := []int{len(full) - 4096, int(used)}
	for c := int(used) - 4096; c >= 8192 && len(cuts) < 40; c -= 4096 * 7 {
		cuts = append(cuts, c)
	}
	for i, cut := range cuts {
		// A fresh file each time, as restoring a file would make.
		path := fmt.Sprintf("%s.%d", path, i)
		os.WriteFile(path, full[:cut], 0o600)
		func() {
			v, err := Open(path, pass(testPass))
			t.Logf("cut %d/%d: %v", cut, len(full), err)
			if err != nil {
				assertDamage(t, err)
				return
			}
			defer v.Close()
			// bbolt grows the file ahead of use: cutting only unused space
			// loses nothing, and then the vault must be whole and writable.
			writable := v.ReadOnly() == nil
			if !writable {
				sawReadOnly = true
				if err := v.PutState(keys[0], []byte("x")); !errors.Is(err, ErrReadOnly) {
					t.Errorf("write to a truncated vault = %v", err)
				}
			}
			list, err := v.Logins()
			if err != nil {
				assertDamage(t, err)
			}
			if writable && len(list) != len(keys) {
				t.Errorf("cut at %d opened writable with %d of %d logins", cut, len(list), len(keys))
			}
			readable := 0
			defer func() { t.Logf("cut %d: %d of %d logins listed, %d readable", cut, len(list), len(keys), readable) }()
			for _, s := range list {
				if s.Err != nil {
					assertDamage(t, s.Err)
					continue
				}
				_, err1 := v.State(s.Key)
				_, err2 := v.Bookings(s.Key, acctA, statement.Date{}, statement.Date{})
				for _, err := range []error{err1, err2} {
					if err != nil && writable {
						t.Errorf("cut at %d opened writable but %v: %v", cut, s.Key, err)
					} else if err != nil {
						assertDamage(t, err)
					}
				}
				if err1 == nil && err2 == nil {
					readable++
					sawIntact = sawIntact || !writable
				}
			}
		}()
	}
	if !sawReadOnly || !sawIntact {
		t.Errorf("no truncation left a readable login (read-only %v, intact %v)", sawReadOnly, sawIntact)
	}
}
