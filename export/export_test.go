package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"saldo/fints/money"
	"saldo/fints/statement"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/export")

const goldenDir = "../testdata/export"

// golden compares got with testdata/export/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join(goldenDir, name)
	if *update {
		if err := os.MkdirAll(goldenDir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./export -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func day(m time.Month, d int) statement.Date { return statement.NewDate(2025, m, d) }

func bal(a string, d statement.Date) *statement.Balance {
	return &statement.Balance{Amount: money.MustParse(a), Currency: "EUR", Date: d}
}

// fixture gives two downloads: the first and second statement of one
// account overlap by one booking; a second account has a reversal, a
// closing balance that does not add up, and a pending report. The text
// has everything the formats must escape.
func fixture() [][]statement.Statement {
	coffee := statement.Booking{
		BookingDate: day(1, 14), ValueDate: day(1, 14), Amount: money.MustParse("-3.20"),
		CounterpartyName: "Café \"Zur Post\"; Inh. A|B", Purpose: "Kaffee, 2x",
	}
	rent := statement.Booking{
		BookingDate: day(1, 15), ValueDate: day(1, 15), Amount: money.MustParse("-800"),
		CounterpartyName: "Hausverwaltung", CounterpartyIBAN: "DE44123456789876543210",
		Purpose: "=Miete Januar", EndToEndRef: "MIETE-2025-01", GVC: "117", BankRef: "0011235",
	}
	salary := statement.Booking{
		BookingDate: day(1, 16), ValueDate: day(1, 15), Amount: money.MustParse("2500"),
		CounterpartyName: "Musterfirma GmbH", Purpose: "Gehalt Januar", PostingText: "LOHN/GEHALT", GVC: "153",
	}
	first := []statement.Statement{{
		Account: "DE87123456781234567890", Currency: "EUR", Number: "1",
		Opening: bal("1548.42", day(1, 13)), Closing: bal("742.02", day(1, 15)),
		Bookings: []statement.Booking{coffee, coffee, rent}, // two identical coffees stay two
	}}
	second := []statement.Statement{{
		Account: "DE87123456781234567890", Currency: "EUR", Number: "2",
		Opening: bal("1542.02", day(1, 14)), Closing: bal("3242.02", day(1, 16)),
		Bookings: []statement.Booking{rent, salary}, // rent again: the overlap
	}, {
		Account: "12345678/0001234567", Currency: "EUR", Number: "7",
		// The bank's closing does not add up: no assertion may be written.
		Opening: bal("10", day(1, 13)), Closing: bal("99", day(1, 14)),
		Bookings: []statement.Booking{{
			BookingDate: day(1, 14), ValueDate: day(1, 14), Amount: money.MustParse("5.5"),
			Reversal: true, Purpose: "Storno", GVC: "899",
		}},
	}, {
		Account: "12345678/0001234567", Currency: "EUR", Pending: true,
		Bookings: []statement.Booking{{
			Status: statement.Pending, BookingDate: day(1, 17), ValueDate: day(1, 17),
			Amount: money.MustParse("-49.99"), CounterpartyName: "Mobilfunk AG", Purpose: "Vormerkung",
		}},
	}}
	return [][]statement.Statement{first, second}
}

func TestFromStatements(t *testing.T) {
	accts := FromStatements(fixture()...)
	if len(accts) != 2 {
		t.Fatalf("%d accounts", len(accts))
	}
	a := accts[0]
	if a.Account != "DE87123456781234567890" || a.Currency != "EUR" {
		t.Errorf("account %+v", a)
	}
	// coffee, coffee, rent (once: the overlap merges), salary
	if len(a.Bookings) != 4 {
		t.Fatalf("%d bookings, want 4", len(a.Bookings))
	}
	if a.Bookings[0].ID == a.Bookings[1].ID || a.Bookings[0].ID == "" {
		t.Error("identical coffees share an ID")
	}
	if a.Opening == nil || a.Opening.Amount.String() != "1548.42" {
		t.Errorf("opening %+v, want the earliest statement's", a.Opening)
	}
	if len(a.Balances) != 2 || a.Balances[1].Amount.String() != "3242.02" {
		t.Errorf("balances %+v", a.Balances)
	}
	b := accts[1]
	if len(b.Bookings) != 2 || b.Bookings[1].Status != statement.Pending || b.Bookings[1].ID[0] != 'p' {
		t.Errorf("pending booking: %+v", b.Bookings)
	}

	// Exporting again from the same data gives the same IDs; so does
	// exporting only the second download.
	again := FromStatements(fixture()...)
	for i := range a.Bookings {
		if again[0].Bookings[i].ID != a.Bookings[i].ID {
			t.Errorf("booking %d: ID changed between exports", i)
		}
	}
	only := FromStatements(fixture()[1])
	if only[0].Bookings[0].ID != a.Bookings[2].ID {
		t.Error("the rent got another ID in a different download")
	}
}

func TestBetween(t *testing.T) {
	a := FromStatements(fixture()...)[0]
	got := a.Between(day(1, 16), statement.Date{})
	if len(got.Bookings) != 1 || got.Bookings[0].Purpose != "Gehalt Januar" {
		t.Fatalf("bookings %+v", got.Bookings)
	}
	// From the 16th: the bank's closing balance of the 15th is the start.
	if got.Opening == nil || got.Opening.Amount.String() != "742.02" || got.Opening.Date != day(1, 15) {
		t.Errorf("opening %+v", got.Opening)
	}
	if len(got.Balances) != 1 {
		t.Errorf("balances %+v", got.Balances)
	}
	mid := a.Between(day(1, 15), day(1, 15))
	if len(mid.Bookings) != 1 || mid.Opening.Amount.String() != "1542.02" || len(mid.Balances) != 1 {
		t.Errorf("15th only: %+v opening %+v", mid.Bookings, mid.Opening)
	}
	all := a.Between(statement.Date{}, statement.Date{})
	if len(all.Bookings) != 4 || all.Opening != a.Opening {
		t.Error("open range changed the data")
	}
}

func TestGolden(t *testing.T) {
	accts := FromStatements(fixture()...)
	for _, f := range Formats() {
		var buf bytes.Buffer
		if err := Write(&buf, f, accts); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		golden(t, "fixture."+string(f), buf.Bytes())
	}
}

func TestCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, FromStatements(fixture()...)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "\r\n") {
		t.Error("CSV lines do not end in CRLF")
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("not valid CSV: %v", err)
	}
	if len(rows) != 7 || strings.Join(rows[0], ",") != strings.Join(csvHeader, ",") {
		t.Fatalf("%d rows, header %v", len(rows), rows[0])
	}
	coffee := rows[1]
	if coffee[7] != "Café \"Zur Post\"; Inh. A|B" || coffee[5] != "-3.20" {
		t.Errorf("coffee row %q", coffee)
	}
	if rows[3][10] != "'=Miete Januar" {
		t.Errorf("formula not defused: %q", rows[3][10])
	}
}

func TestJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, FromStatements(fixture()...)); err != nil {
		t.Fatal(err)
	}
	var got []struct {
		Account string `json:"account"`
		statement.Booking
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("not valid JSON: %v", err)
	}
	if len(got) != 6 || got[0].Account != "DE87123456781234567890" || got[0].Amount.String() != "-3.20" || got[0].ID == "" {
		t.Errorf("%+v", got)
	}
	if !strings.Contains(buf.String(), `"amount": "-3.20"`) {
		t.Error("amount not written as a string")
	}
	var empty bytes.Buffer
	if err := WriteJSON(&empty, nil); err != nil || strings.TrimSpace(empty.String()) != "[]" {
		t.Errorf("empty export: %q %v", empty.String(), err)
	}
}

func TestLedgerAccount(t *testing.T) {
	tests := map[string]string{
		"DE87123456781234567890":   "Assets:Bank:DE87123456781234567890",
		"12345678/1234567890":      "Assets:Bank:12345678-1234567890",
		"nl91abna0417164300":       "Assets:Bank:Nl91abna0417164300",
		"  Konto: Müller & Söhne ": "Assets:Bank:Konto-M-ller-S-hne",
		"":                         "Assets:Bank:Unknown",
		"///":                      "Assets:Bank:Unknown",
	}
	for in, want := range tests {
		if got := LedgerAccount(in); got != want {
			t.Errorf("LedgerAccount(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"csv": CSV, "JSON": JSON, "hledger": Hledger, "ledger": Hledger, "beancount": Beancount, " bean ": Beancount} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseFormat("xlsx"); err == nil || !strings.Contains(err.Error(), "csv, json, hledger, beancount") {
		t.Errorf("unknown format: %v", err)
	}
	if err := Write(&bytes.Buffer{}, "xlsx", nil); err == nil {
		t.Error("Write accepted an unknown format")
	}
}

func TestLedgerUnbookable(t *testing.T) {
	noDate := []Account{{Account: "X", Currency: "EUR", Bookings: []statement.Booking{{Amount: money.MustParse("1")}}}}
	noCur := []Account{{Account: "X", Bookings: []statement.Booking{{BookingDate: day(1, 1), Amount: money.MustParse("1")}}}}
	// A booking a ledger cannot hold is named in a comment, not dropped
	// silently, and does not spoil the rest of the file.
	for _, f := range []Format{Hledger, Beancount} {
		for want, accts := range map[string][]Account{"it has no date": noDate, "it has no currency": noCur} {
			var buf bytes.Buffer
			if err := Write(&buf, f, accts); err != nil {
				t.Errorf("%s: %v", f, err)
			}
			if !strings.Contains(buf.String(), "; booking b") || !strings.Contains(buf.String(), want) {
				t.Errorf("%s: no comment %q:\n%s", f, want, buf.String())
			}
		}
	}
}

// TestLedgerNameCollision: two bank accounts that reduce to one name get
// separate ledger accounts.
func TestLedgerNameCollision(t *testing.T) {
	accts := []Account{
		{Account: "1/2", Currency: "EUR", Bookings: []statement.Booking{{BookingDate: day(1, 1), Amount: money.MustParse("1")}}},
		{Account: "1-2", Currency: "EUR", Bookings: []statement.Booking{{BookingDate: day(1, 1), Amount: money.MustParse("2")}}},
	}
	var buf bytes.Buffer
	if err := WriteHledger(&buf, accts); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "Assets:Bank:1-2  1.00 EUR") || !strings.Contains(buf.String(), "Assets:Bank:1-2-2  2.00 EUR") {
		t.Errorf("names collide:\n%s", buf.String())
	}
}
