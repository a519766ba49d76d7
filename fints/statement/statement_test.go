package statement

import (
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"strings"
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

func BenchmarkAssignIDs(b *testing.B) {
	bookings := make([]Booking, 10000)
	for i := range bookings {
		bookings[i] = Booking{BookingDate: NewDate(2025, 1, 1+i%28), ValueDate: NewDate(2025, 1, 1+i%28),
			Amount: money.FromCents(int64(-i * 7)), Currency: "EUR", CounterpartyIBAN: "DE02120300000000202051",
			Purpose: "Rechnung Nr. 4711 vom Januar", EndToEndRef: "E2E-1", BankRef: "0011234"}
	}
	b.ReportAllocs()
	for b.Loop() {
		AssignIDs("DE87123456781234567890", bookings)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/10k")
}

// TestIDFormatIsStable pins the ID of one booking: IDs are persisted in
// vaults and users' ledgers, so a change here duplicates their entries.
func TestIDFormatIsStable(t *testing.T) {
	b := []Booking{{BookingDate: NewDate(2025, 1, 15), ValueDate: NewDate(2025, 1, 14),
		Amount: money.MustParse("-25.00"), Currency: "EUR", CounterpartyIBAN: "de21 1234 5678 0000 0123 45",
		Purpose: "  Rechnung   4711 ", EndToEndRef: "E2E", BankRef: "0011234"}}
	AssignIDs("DE87123456781234567890", b)
	key := "DE87123456781234567890\x1fbooked\x1f2025-01-15\x1f2025-01-14\x1f-25.00\x1fEUR\x1fDE21123456780000012345\x1fRechnung 4711\x1fE2E\x1f0011234\x000"
	sum := sha256.Sum256([]byte(key))
	want := "b" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:15]))
	if b[0].ID != want {
		t.Fatalf("id = %s, want %s", b[0].ID, want)
	}
}

// A statement file names the account "BLZ/number", the bank's UPD by IBAN:
// both must give the same booking IDs.
func TestIDsSameForBLZAndIBAN(t *testing.T) {
	mk := func() []Booking {
		return []Booking{{BookingDate: NewDate(2025, 1, 15), Amount: money.MustParse("-25"), Currency: "EUR", Purpose: "x"}}
	}
	a, b, c := mk(), mk(), mk()
	AssignIDs("DE87123456781234567890", a)
	AssignIDs("12345678/1234567890", b)
	AssignIDs("12345678/1234567890EUR", c)
	if a[0].ID != b[0].ID || a[0].ID != c[0].ID {
		t.Fatalf("ids differ: %s %s %s", a[0].ID, b[0].ID, c[0].ID)
	}
	d := mk()
	AssignIDs("12345678/999", d) // short account numbers are zero-padded
	e := mk()
	AssignIDs("DE37123456780000000999", e)
	if d[0].ID != e[0].ID {
		t.Fatalf("padded account: %s vs %s", d[0].ID, e[0].ID)
	}
	if iban, ok := germanIBAN("12345678/1234567890"); !ok || iban != "DE87123456781234567890" {
		t.Fatalf("germanIBAN = %q %v", iban, ok)
	}
	for _, s := range []string{"1234567/1", "12345678/", "ABCDEFGH/1", "12345678/12345678901", "NL91ABNA0417164300"} {
		if _, ok := germanIBAN(s); ok {
			t.Errorf("germanIBAN(%q) accepted", s)
		}
	}
}
