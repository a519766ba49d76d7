package vault

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"saldo/fints"
	"saldo/fints/statement"
)

var update = flag.Bool("update", false, "rewrite testdata/v1.vault")

const fixture = "testdata/v1.vault"

// fixtureBookings is what the fixture vault holds for alice's account.
func fixtureBookings() []statement.Booking {
	return []statement.Booking{
		booking(day(2025, 2, 27), "-3.20", "coffee"),
		booking(day(2025, 2, 27), "-3.20", "coffee"),
		booking(day(2025, 3, 1), "2500.00", "salary"),
	}
}

func writeFixture(t *testing.T, path string) {
	os.Remove(path)
	v, err := Create(path, pass(testPass), testKDF)
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(path + ".lock")
	defer v.Close()
	a := addLogin(t, v, "12030000", "alice", "DKB")
	b := addLogin(t, v, "50010517", "bob", "ING")
	v.PutState(a, []byte("alice engine state"))
	v.PutPaused(b, []byte("bob paused dialog"))
	v.PutAccounts(a, []fints.Account{{IBAN: acctA, Currency: "EUR"}})
	v.MergeBookings(a, acctA, fixtureBookings(), []statement.Booking{pendingBooking(day(2025, 3, 4), "-9.99", "pending")})
	id, _ := v.PrepareOrder(a, transfer("Max", "DE89370400440532013000", "5.00"))
	v.MarkSent(id)
}

// TestFormatV1Fixture opens a vault written by format 1 and committed to
// the repository: later versions of saldo must keep reading it.
func TestFormatV1Fixture(t *testing.T) {
	if *update {
		writeFixture(t, fixture)
	}
	raw, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "v1.vault")
	os.WriteFile(path, raw, 0o600)
	v, err := Open(path, pass(testPass))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	a, b := NewLoginKey("12030000", "alice", ""), NewLoginKey("50010517", "bob", "")
	if s, err := v.State(a); err != nil || string(s) != "alice engine state" {
		t.Errorf("State = %q, %v", s, err)
	}
	list, err := v.Logins()
	if err != nil || len(list) != 2 || !list[1].Paused {
		t.Errorf("Logins = %+v, %v", list, err)
	}
	got, err := v.Bookings(a, acctA, statement.Date{}, statement.Date{})
	want := fixtureBookings()
	statement.AssignIDs(acctA, want)
	if err != nil || len(got) != 4 || !reflect.DeepEqual(got[:3], want) {
		t.Errorf("Bookings = %+v, %v", got, err)
	}
	if p, err := v.PendingOrders(); err != nil || len(p) != 1 {
		t.Errorf("PendingOrders = %+v, %v", p, err)
	}
	if blob, err := v.TakePaused(b); err != nil || string(blob) != "bob paused dialog" {
		t.Errorf("TakePaused = %q, %v", blob, err)
	}
}
