package fakebackend

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"saldo/fints/secret"
	"saldo/fints/sepa"
	"saldo/fints/statement"
	"saldo/ui"
)

func TestPartiesHaveValidIBANs(t *testing.T) {
	for _, p := range parties {
		if err := sepa.ValidateIBAN(p.iban); err != nil {
			t.Errorf("%s: %v", p.name, err)
		}
	}
}

func TestBookingsAreDeterministic(t *testing.T) {
	today := statement.NewDate(2025, 3, 14)
	a, b := makeBookings(3, 500, today, "X"), makeBookings(3, 500, today, "X")
	if !reflect.DeepEqual(a, b) || len(a) != 500 {
		t.Fatal("same seed, different bookings")
	}
	ids := map[string]bool{}
	for i, bk := range a {
		if ids[bk.ID] {
			t.Fatalf("duplicate ID at %d", i)
		}
		ids[bk.ID] = true
		if i > 0 && bk.BookingDate.After(a[i-1].BookingDate) {
			t.Fatalf("not newest first at %d", i)
		}
	}
}

func TestUnlockAndExport(t *testing.T) {
	now := func() time.Time { return time.Date(2025, 3, 14, 10, 0, 0, 0, time.UTC) }
	b := New(Options{Passphrase: "pw", Now: now})
	ctx := context.Background()
	if _, err := b.Logins(ctx); err == nil {
		t.Fatal("logins readable while locked")
	}
	h, err := func() (ui.History, error) {
		if err := b.Unlock(ctx, secretOf("pw"), false); err != nil {
			return ui.History{}, err
		}
		return b.History(ctx, "demo", "DE02120300000000202051")
	}()
	if err != nil || len(h.Bookings) != 242 {
		t.Fatalf("history: %d, %v", len(h.Bookings), err)
	}
	path := filepath.Join(t.TempDir(), "x.csv")
	req := ui.ExportRequest{Format: "csv", Path: path, Bookings: h.Bookings[:3]}
	if err := b.Export(ctx, req); err != nil {
		t.Fatal(err)
	}
	if err := b.Export(ctx, req); err == nil {
		t.Fatal("export overwrote a file")
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("export file: %v %v", st, err)
	}
}

func secretOf(s string) secret.Value { return secret.New(s) }
