package statement

import (
	"encoding/json"
	"testing"
	"time"

	"saldo/fints/money"
)

func TestDate(t *testing.T) {
	d, err := ParseDate("20250115")
	if err != nil || d != NewDate(2025, time.January, 15) {
		t.Fatalf("ParseDate compact: %v %v", d, err)
	}
	if d.String() != "2025-01-15" || d.Compact() != "20250115" {
		t.Fatalf("format: %s %s", d, d.Compact())
	}
	if d.AddDays(17) != NewDate(2025, time.February, 1) {
		t.Fatalf("AddDays: %s", d.AddDays(17))
	}
	if !d.Before(d.AddDays(1)) || d.After(d) || d.Compare(d) != 0 {
		t.Fatal("ordering")
	}
	if _, err := ParseDate("2025-13-01"); err == nil {
		t.Fatal("month 13 accepted")
	}
	if z, err := ParseDate(""); err != nil || !z.IsZero() || z.String() != "" {
		t.Fatal("zero date")
	}
}

func TestAssignIDsStableAndDistinct(t *testing.T) {
	coffee := Booking{BookingDate: NewDate(2025, 3, 1), ValueDate: NewDate(2025, 3, 1),
		Amount: money.MustParse("-3.20"), Currency: "EUR", CounterpartyName: "Cafe", Purpose: "Kaffee"}
	a := []Booking{coffee, coffee, {BookingDate: NewDate(2025, 3, 2), Amount: money.MustParse("100"), Currency: "EUR"}}
	b := []Booking{coffee, coffee, a[2]}
	b[0].PostingText = "KARTENZAHLUNG" // reworded posting text must not change identity
	AssignIDs("DE87 1234 5678 1234 5678 90", a)
	AssignIDs("DE87123456781234567890", b)
	for i := range a {
		if a[i].ID == "" || a[i].ID != b[i].ID {
			t.Fatalf("booking %d: ids %q vs %q", i, a[i].ID, b[i].ID)
		}
	}
	if a[0].ID == a[1].ID {
		t.Fatal("identical bookings got the same id")
	}
	other := []Booking{coffee}
	AssignIDs("DE02120300000000202051", other)
	if other[0].ID == a[0].ID {
		t.Fatal("same booking on another account got the same id")
	}
	pend := []Booking{coffee}
	pend[0].Status = Pending
	AssignIDs("DE87123456781234567890", pend)
	if pend[0].ID[0] != 'p' || a[0].ID[0] != 'b' {
		t.Fatalf("prefixes: %q %q", pend[0].ID, a[0].ID)
	}
}

func TestBookingJSON(t *testing.T) {
	bal := money.MustParse("10.5")
	b := Booking{Status: Pending, BookingDate: NewDate(2025, 1, 2), Amount: money.MustParse("-1"), Currency: "EUR", RunningBalance: &bal}
	data, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	var back Booking
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if back.Status != Pending || back.BookingDate != b.BookingDate || back.Amount != b.Amount || back.RunningBalance.Cmp(bal) != 0 {
		t.Fatalf("round trip: %s -> %+v", data, back)
	}
}
