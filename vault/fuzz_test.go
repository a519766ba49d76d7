package vault

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"saldo/fints/statement"
)

// FuzzRecord feeds arbitrary bytes to the record decoder: it must return
// an error, never panic, and never accept a record it did not seal.
func FuzzRecord(f *testing.F) {
	k, _ := newKeys(bytes.Repeat([]byte{7}, keySize))
	ad := recordAD([][]byte{bucketLogins, []byte("x")}, keyState)
	good, _ := k.sealRecord([]byte("state blob"), ad)
	f.Add(good)
	f.Add([]byte{1})
	f.Add(append([]byte{2}, good[1:]...))
	f.Fuzz(func(t *testing.T, rec []byte) {
		// Seeds are sealed with random nonces in each fuzz worker, so the
		// test is on content: only "state blob" was ever sealed.
		plain, err := k.openRecord(rec, ad)
		if err == nil && string(plain) != "state blob" {
			t.Fatalf("accepted a record it did not seal: %q", plain)
		}
	})
}

// FuzzHeader feeds arbitrary bytes to the header decoder.
func FuzzHeader(f *testing.F) {
	h := &header{}
	h.wrap(pass("p"), testKDF, make([]byte, keySize))
	hb, _ := h.encode()
	f.Add(hb)
	f.Add([]byte(`{"magic":"saldo-vault","format":1,"kdf":{"time":4000000000,"memory_kib":4000000000,"threads":255}}`))
	f.Add([]byte("null"))
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := decodeHeader(b)
		if err != nil {
			return
		}
		if h.KDF.validate() != nil || len(h.Salt) < saltSize {
			t.Fatalf("accepted an invalid header: %+v", h)
		}
	})
}

// FuzzVaultFile opens mutated copies of the committed fixture vault and
// reads everything: damage must come back as errors, never as a panic.
func FuzzVaultFile(f *testing.F) {
	raw, err := os.ReadFile(fixture)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw)
	f.Add(raw[:len(raw)/2])
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "v.db")
		os.WriteFile(path, data, 0o600)
		v, err := Open(path, pass(testPass))
		if err != nil {
			return
		}
		defer v.Close()
		list, _ := v.Logins()
		for _, s := range list {
			if s.Err != nil {
				if !errors.Is(s.Err, ErrDamaged) {
					t.Fatalf("login error is not a damage error: %v", s.Err)
				}
				continue
			}
			v.State(s.Key)
			v.Accounts(s.Key)
			v.Balances(s.Key)
			v.Recipients(s.Key)
			v.Bookings(s.Key, acctA, statement.Date{}, statement.Date{})
			v.Orders(s.Key)
			v.TakePaused(s.Key)
		}
		v.PendingOrders()
	})
}
