package camt

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"saldo/fints/money"
	"saldo/fints/statement"
)

func bal(amount string, d statement.Date) *statement.Balance {
	return &statement.Balance{Amount: money.MustParse(amount), Currency: "EUR", Date: d}
}

// demoStatement exercises every field the writer carries.
func demoStatement() statement.Statement {
	d := statement.NewDate
	return statement.Statement{
		Account: "DE87123456781234567890", Currency: "EUR", Number: "2025-014",
		Owner: "Max Mustermann", BIC: "TESTDEFFXXX", Info: "Umsaetze & Salden <Test>",
		Opening: bal("1548.42", d(2025, 1, 13)), Closing: bal("-1523.42", d(2025, 1, 14)),
		Available: bal("2000", d(2025, 1, 14)),
		Forward:   []statement.Balance{*bal("1900", d(2025, 1, 20)), *bal("1800", d(2025, 1, 21))},
		Bookings: []statement.Booking{
			{Status: statement.Booked, BookingDate: d(2025, 1, 14), ValueDate: d(2025, 1, 14),
				Amount: money.MustParse("-25.00"), Currency: "EUR",
				CounterpartyName: "Erika Beispiel", CounterpartyIBAN: "DE21123456780000012345", CounterpartyBIC: "GENODEM1MEN",
				Purpose: "Rechnung 4711 & Co", PostingText: "ONLINE-UEBERWEISUNG", EndToEndRef: "E2E-1", CustomerRef: "INSTR-1",
				BankRef: "0011234", GVC: "177", PrimaNota: "9310", GVCExtension: "000", TypeCode: "PMNT/ICDT/ESCT",
				PurposeCode: "GDDS", UltimateCreditor: "Erikas Firma"},
			{Status: statement.Booked, BookingDate: d(2025, 1, 14), ValueDate: d(2025, 1, 15),
				Amount: money.MustParse("2500.12345"), Currency: "EUR",
				CounterpartyName: "Arbeitgeber AG", CounterpartyIBAN: "DE02120300000000202051", CounterpartyBIC: "BYLADEM1001",
				Purpose: strings.Repeat("Gehalt Januar 2025 Personalnummer 4711 ", 5) + "Ende",
				GVC:     "153", GVCExtension: "00931", TypeCode: "NTRF", UltimateDebtor: "Konzernmutter SE", PurposeCode: "SALA"},
			{Status: statement.Booked, BookingDate: d(2025, 1, 14), Amount: money.MustParse("49.90"), Currency: "EUR",
				Reversal: true, CounterpartyName: "Streaming GmbH", CreditorID: "DE98ZZZ09999999999", MandateRef: "M-778",
				EndToEndRef: "E2E-STREAM", TypeCode: "PMNT/RDDT/UPDD", GVC: "109"},
			{Status: statement.Booked, BookingDate: d(2025, 1, 14), Amount: money.MustParse("-3.20"), Currency: "EUR",
				CounterpartyName: "Kiosk", CounterpartyBIC: "12345678", TypeCode: "Z04"},
			{Status: statement.Info, Amount: money.Zero, Currency: "EUR", PostingText: "Hinweis"},
		},
	}
}

// afterRoundTrip is what the parser reports back for st: the parts camt
// cannot carry (Extra, running balances) are gone, and Rpt/Id stands in for
// an empty Number.
func afterRoundTrip(st statement.Statement, msgID string) statement.Statement {
	out := st
	out.Bookings = append([]statement.Booking(nil), st.Bookings...)
	for i := range out.Bookings {
		out.Bookings[i].Extra, out.Bookings[i].RunningBalance = "", nil
	}
	if out.Number == "" {
		out.Number = msgID
	}
	return out
}

func TestWrite052RoundTrip(t *testing.T) {
	created := time.Date(2025, 1, 15, 10, 15, 4, 0, time.FixedZone("CET", 3600))
	for _, version := range []string{"02", "08"} {
		t.Run(version, func(t *testing.T) {
			st := demoStatement()
			var buf bytes.Buffer
			if err := Write052(&buf, version, st, "CAMT-20250115-0001", created); err != nil {
				t.Fatal(err)
			}
			doc, err := ParseDocument(buf.Bytes())
			if err != nil {
				t.Fatalf("%v\n%s", err, buf.String())
			}
			if doc.Namespace != "urn:iso:std:iso:20022:tech:xsd:camt.052.001."+version || doc.Kind != "camt.052" ||
				doc.MsgID != "CAMT-20250115-0001" || doc.Created != "2025-01-15T10:15:04+01:00" {
				t.Fatalf("header: %+v", doc)
			}
			got := doc.Reports[0].Statement
			want := afterRoundTrip(st, "")
			if !reflect.DeepEqual(got, want) {
				for i := range want.Bookings {
					if i < len(got.Bookings) && !reflect.DeepEqual(got.Bookings[i], want.Bookings[i]) {
						t.Errorf("booking %d:\n got %+v\nwant %+v", i, got.Bookings[i], want.Bookings[i])
					}
				}
				got.Bookings, want.Bookings = nil, nil
				t.Fatalf("statement:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestWrite052VersionForms(t *testing.T) {
	st := demoStatement()
	created := time.Date(2025, 1, 15, 10, 15, 4, 0, time.UTC)
	var v2, v8 bytes.Buffer
	if err := Write052(&v2, "02", st, "M1", created); err != nil {
		t.Fatal(err)
	}
	if err := Write052(&v8, "08", st, "M1", created); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<Sts>BOOK</Sts>", "<Cdtr><Nm>Erika Beispiel</Nm>", "<BIC>TESTDEFFXXX</BIC>",
		"<Prtry><Cd>NMSC+177+9310+000</Cd><Issr>DK</Issr></Prtry>", "Umsaetze &amp; Salden &lt;Test&gt;",
		"<ClrSysMmbId><MmbId>12345678</MmbId></ClrSysMmbId>", "<Amt Ccy=\"EUR\">1523.42</Amt><CdtDbtInd>DBIT</CdtDbtInd>"} {
		if !strings.Contains(v2.String(), want) {
			t.Errorf(".02 lacks %s", want)
		}
	}
	for _, want := range []string{"<Sts><Cd>BOOK</Cd></Sts>", "<Cdtr><Pty><Nm>Erika Beispiel</Nm>", "<BICFI>TESTDEFFXXX</BICFI>",
		"<UltmtDbtr><Pty><Nm>Konzernmutter SE</Nm></Pty></UltmtDbtr>", "<Sts><Cd>INFO</Cd></Sts>"} {
		if !strings.Contains(v8.String(), want) {
			t.Errorf(".08 lacks %s", want)
		}
	}
	if strings.Contains(v8.String(), "<BIC>") || strings.Contains(v2.String(), "<Pty>") {
		t.Error("version forms mixed")
	}
	// Schema order inside an entry.
	s := v8.String()
	entry := s[strings.Index(s, "<Ntry>"):strings.Index(s, "</Ntry>")]
	last := -1
	for _, tag := range []string{"<Amt ", "<CdtDbtInd>", "<Sts>", "<BookgDt>", "<ValDt>", "<AcctSvcrRef>", "<BkTxCd>",
		"<NtryDtls>", "<Refs>", "<RltdPties>", "<RltdAgts>", "<Purp>", "<RmtInf>", "<AddtlNtryInf>"} {
		i := strings.Index(entry, tag)
		if i <= last {
			t.Fatalf("%s out of schema order in %s", tag, entry)
		}
		last = i
	}
}

func TestWrite052PendingOnly(t *testing.T) {
	st := statement.Statement{Account: "DE87123456781234567890", Currency: "EUR", Pending: true,
		Bookings: []statement.Booking{
			{Status: statement.Pending, ValueDate: statement.NewDate(2025, 1, 16), Amount: money.MustParse("-12.99"),
				CounterpartyName: "Online Shop", Purpose: "Bestellung 1"},
			{Status: statement.Pending, Amount: money.MustParse("-4.50"), PostingText: "KARTENZAHLUNG"},
		}}
	for _, v := range []string{"02", "08"} {
		var buf bytes.Buffer
		if err := Write052(&buf, v, st, "PEND-1", time.Date(2025, 1, 16, 8, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(buf.String(), "BOOK") || strings.Contains(buf.String(), "<Bal>") {
			t.Fatalf("%s pending doc: %s", v, buf.String())
		}
		sts, err := Parse(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		got := sts[0]
		if !got.Pending || len(got.Bookings) != 2 || got.Number != "PEND-1" {
			t.Fatalf("%s: %+v", v, got)
		}
		for i, b := range got.Bookings {
			if b.Status != statement.Pending || b.Currency != "EUR" || b.Amount != st.Bookings[i].Amount {
				t.Errorf("%s booking %d: %+v", v, i, b)
			}
		}
	}
}

func TestWrite052DefaultsAndErrors(t *testing.T) {
	created := time.Date(2025, 1, 15, 10, 0, 0, 0, time.UTC)
	st := statement.Statement{Account: "1234567890", Currency: "EUR", Closing: &statement.Balance{Amount: money.MustParse("5")}}
	var buf bytes.Buffer
	if err := Write052(&buf, "08", st, "M", created); err != nil {
		t.Fatal(err)
	}
	sts, err := Parse(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	// A national account number travels as Othr/Id; an undated balance gets
	// the creation day.
	if sts[0].Account != "1234567890" || sts[0].Closing.Date != statement.NewDate(2025, 1, 15) || sts[0].Closing.Currency != "EUR" {
		t.Fatalf("defaults: %+v", sts[0])
	}
	tests := []struct {
		name    string
		version string
		st      statement.Statement
		msgID   string
		want    string
	}{
		{"version", "05", st, "M", "only \"02\" and \"08\""},
		{"msg id", "02", st, "", "message id"},
		{"long msg id", "02", st, strings.Repeat("x", 36), "message id"},
		{"account", "02", statement.Statement{}, "M", "no account"},
		{"currency", "02", statement.Statement{Account: "X", Bookings: []statement.Booking{{Amount: money.MustParse("1")}}}, "M", "booking 1: no currency"},
		{"balance currency", "02", statement.Statement{Account: "X", Opening: &statement.Balance{}}, "M", "PRCD balance has no currency"},
	}
	for _, tt := range tests {
		if err := Write052(&bytes.Buffer{}, tt.version, tt.st, tt.msgID, created); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestSplitText(t *testing.T) {
	long := strings.Repeat("abcdefghij ", 30)
	lines := splitText(strings.TrimSpace(long), 140)
	if strings.Join(lines, " ") != strings.TrimSpace(long) {
		t.Fatal("split lost text")
	}
	for _, l := range lines {
		if len([]rune(l)) > 140 {
			t.Fatalf("line of %d runes", len([]rune(l)))
		}
	}
	hard := splitText(strings.Repeat("ü", 300), 140)
	if len(hard) != 3 || len([]rune(hard[0])) != 140 {
		t.Fatalf("hard split: %d lines", len(hard))
	}
}
