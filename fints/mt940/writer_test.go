package mt940

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"saldo/fints/money"
	"saldo/fints/statement"
)

func sampleStatement() statement.Statement {
	d := statement.NewDate
	op := statement.Balance{Amount: money.MustParse("1548.42"), Currency: "EUR", Date: d(2025, 12, 30)}
	cl := statement.Balance{Amount: money.MustParse("-20.58"), Currency: "EUR", Date: d(2026, 1, 2)}
	return statement.Statement{
		Account: "DE87123456781234567890", Currency: "EUR", Number: "00001/001",
		Opening: &op, Closing: &cl, Available: &cl,
		Forward: []statement.Balance{{Amount: money.MustParse("100"), Currency: "EUR", Date: d(2026, 1, 5)}},
		Info:    "Kontoauszug Nr. 1 - Fragen? Rufen Sie uns an: 0800 123456." + strings.Repeat(" Zeilenumbruch-Test", 5),
		Bookings: []statement.Booking{{
			BookingDate: d(2025, 12, 31), ValueDate: d(2025, 12, 31), Amount: money.MustParse("-25"),
			CounterpartyName: "Erika Beispiel", CounterpartyIBAN: "DE21123456780000012345", CounterpartyBIC: "TESTDEFFXXX",
			Purpose:     "Rechnung 4711 vom 12.12.2025 für Gärtnerarbeiten, Kunden-Nr. 99 - bitte nicht vergessen: danke",
			PostingText: "ONLINE-UEBERWEISUNG", EndToEndRef: "E2E-2025-12-31-0001-XYZ-abcdefghijkl", GVC: "177",
			GVCExtension: "000", PrimaNota: "9310", TypeCode: "NTRF", BankRef: "0011234",
		}, {
			// Entry date in the next year, reversal of a debit (money back).
			BookingDate: d(2026, 1, 2), ValueDate: d(2025, 12, 30), Amount: money.MustParse("49.99"), Reversal: true,
			CounterpartyName: "Mobilfunk Aktiengesellschaft für Telekommunikation", CounterpartyIBAN: "DE55123456780000054321",
			Purpose: "Rueckbuchung Lastschrift", PostingText: "RUECKLASTSCHRIFT", EndToEndRef: "MV-2025-0117",
			MandateRef: "M-000815", CreditorID: "DE98ZZZ09999999999", CustomerRef: "K-7", GVC: "109", TypeCode: "NRTI", PurposeCode: "PHON",
			UltimateDebtor: "Oma Erna", UltimateCreditor: "Mobilfunk Vertrieb",
			Extra: "/OCMT/EUR49,99/ /CHGS/EUR3,00/ COAM+3,00 OAMT+49,99",
		}, {
			BookingDate: d(2026, 1, 2), ValueDate: d(2026, 1, 2), Amount: money.MustParse("-1594.99"),
			CounterpartyName: "Hausverwaltung", CounterpartyIBAN: "DE44123456789876543210", Purpose: "Miete Januar",
			GVC: "117", TypeCode: "NSTO",
		}},
	}
}

// parsedForm is what a statement looks like after a parse: status,
// currency and running balances filled in.
func parsedForm(st statement.Statement) statement.Statement {
	out := st
	out.Bookings = append([]statement.Booking(nil), st.Bookings...)
	run := money.Zero
	if st.Opening != nil {
		run = st.Opening.Amount
	}
	for i := range out.Bookings {
		b := &out.Bookings[i]
		b.Currency = st.Currency
		if st.Pending {
			b.Status = statement.Pending
		}
		if st.Opening != nil {
			run = run.Add(b.Amount)
			r := run
			b.RunningBalance = &r
		}
	}
	return out
}

func writeString(t *testing.T, st statement.Statement) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, st); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.String()
}

func TestWriteRoundTrip(t *testing.T) {
	st := sampleStatement()
	out := writeString(t, st)
	back := mustParse(t, out)
	if len(back) != 1 {
		t.Fatalf("%d statements", len(back))
	}
	want := parsedForm(st)
	if !reflect.DeepEqual(back[0], want) {
		t.Errorf("round trip differs:\n got %+v\nwant %+v\n%s", back[0], want, out)
	}
}

func TestWriteMT942RoundTrip(t *testing.T) {
	st := sampleStatement()
	st.Pending, st.Opening, st.Closing, st.Available, st.Forward, st.Info = true, nil, nil, nil, nil, ""
	st.Number = ""
	out := writeString(t, st)
	for _, want := range []string{":20:STARTDISPE\r\n", ":34F:EURD0,\r\n", ":13D:2601020000+0000\r\n", ":90D:2EUR1619,99\r\n", ":90C:1EUR49,99\r\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("MT942 lacks %q:\n%s", want, out)
		}
	}
	back := mustParse(t, out)
	st.Number = "00000/001"
	if want := parsedForm(st); !reflect.DeepEqual(back[0], want) {
		t.Errorf("round trip differs:\n got %+v\nwant %+v", back[0], want)
	}
}

// TestWriteFormat checks the bank-style layout: CRLF only, lines of at
// most 65 characters (the :61: line excepted), ISO-8859-1, DK sub-fields.
func TestWriteFormat(t *testing.T) {
	out := writeString(t, sampleStatement())
	if strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\n") || strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\r") {
		t.Error("line ends other than CRLF")
	}
	if utf8.ValidString(out) {
		t.Error("output is UTF-8, want ISO-8859-1 (it has umlauts)")
	}
	if !strings.Contains(out, "f\xfcr G\xe4r") {
		t.Error("umlauts not written as Latin-1")
	}
	for _, l := range strings.Split(out, "\r\n") {
		if len(l) > lineWidth && !strings.HasPrefix(l, ":61:") {
			t.Errorf("line of %d characters: %q", len(l), l)
		}
	}
	for _, want := range []string{
		":25:DE87123456781234567890\r\n", ":60F:C251230EUR1548,42\r\n",
		":61:2512311231D25,NTRFNONREF//0011234\r\n", ":86:177?00ONLINE-UEBERWEISUNG?109310?20EREF+E2E-2025-12-31-0001-X",
		":61:2512300102RD49,99NRTIK-7\r\n", ":62F:D260102EUR20,58\r\n", ":64:D260102EUR20,58\r\n", ":65:C260105EUR100,\r\n", "-\r\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Sub-fields as they read once the wrapped lines are joined.
	flat := strings.ReplaceAll(out, "\r\n", "")
	for _, want := range []string{"?32Mobilfunk Aktiengesellschaf?33t f\xfcr Telekommunikation", "?24PURP+PHON?25SVWZ+Rueckbuchung"} {
		if !strings.Contains(flat, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestWriteReplaces: what MT940 cannot carry is replaced as banks do.
func TestWriteReplaces(t *testing.T) {
	st := sampleStatement()
	st.Bookings = st.Bookings[:1]
	st.Bookings[0].Purpose = "Warum? Darum – 5 €"
	st.Bookings[0].CounterpartyName = strings.Repeat("N", 70)
	st.Bookings[0].GVC, st.Bookings[0].TypeCode = "", ""
	back := mustParse(t, writeString(t, st))[0].Bookings[0]
	// '?' would start a sub-field; – and € are not in ISO-8859-1.
	if back.Purpose != "Warum. Darum . 5 ." {
		t.Errorf("purpose %q", back.Purpose)
	}
	if back.CounterpartyName != strings.Repeat("N", 54) {
		t.Errorf("name %q: want the 54 characters of ?32/?33", back.CounterpartyName)
	}
	if back.GVC != "999" || back.TypeCode != "NMSC" {
		t.Errorf("defaults: GVC %q type %q", back.GVC, back.TypeCode)
	}
}

// TestWriteNoFalseTags: wrapped text never starts a line with something a
// reader takes for a tag, a statement end or an envelope.
func TestWriteNoFalseTags(t *testing.T) {
	st := sampleStatement()
	st.Bookings = st.Bookings[:1]
	st.Bookings[0].Purpose = strings.Repeat(":20:x -}{1: ", 30)[:200]
	st.Bookings[0].Extra = ":61:trap -"
	st.Closing = &statement.Balance{Amount: st.Opening.Amount.Add(st.Bookings[0].Amount), Currency: "EUR", Date: st.Bookings[0].BookingDate}
	st.Available, st.Forward, st.Info = nil, nil, strings.Repeat("-:{", 40)
	out := writeString(t, st)
	back := mustParse(t, out)
	if len(back) != 1 || len(back[0].Bookings) != 1 {
		t.Fatalf("reparse: %+v\n%s", back, out)
	}
	want := parsedForm(st)
	if !reflect.DeepEqual(back[0].Bookings, want.Bookings) {
		t.Errorf("bookings differ:\n got %+v\nwant %+v\n%s", back[0].Bookings, want.Bookings, out)
	}
}

func TestWriteErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(*statement.Statement)
		want string
	}{
		{"no currency", func(s *statement.Statement) {
			s.Currency, s.Opening.Currency, s.Closing.Currency = "", "", ""
			for i := range s.Bookings {
				s.Bookings[i].Currency = ""
			}
		}, "currency"},
		{"no opening", func(s *statement.Statement) { s.Opening = nil }, "opening and closing"},
		{"purpose too long", func(s *statement.Statement) { s.Bookings[0].Purpose = strings.Repeat("x", 400) }, "sub-fields"},
		{"amount too long", func(s *statement.Statement) { s.Bookings[0].Amount = money.MustParse("-12345678901234.5") }, "15 characters"},
		{"no date", func(s *statement.Statement) {
			s.Bookings[0].BookingDate, s.Bookings[0].ValueDate = statement.Date{}, statement.Date{}
		}, "date"},
		{"foreign balance", func(s *statement.Statement) { s.Closing.Currency = "USD" }, "USD"},
	}
	for _, tt := range tests {
		st := sampleStatement()
		op, cl := *st.Opening, *st.Closing
		st.Opening, st.Closing = &op, &cl
		tt.edit(&st)
		var buf bytes.Buffer
		err := Write(&buf, st)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tt.name, err, tt.want)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: partial output written", tt.name)
		}
	}
}

// TestWriteCorpusRoundTrip writes every corpus statement the writer can
// take and reads it back. What MT940 cannot carry is accounted for: a
// missing GVC becomes 999, a missing type code NMSC, and text outside
// ISO-8859-1 is skipped.
func TestWriteCorpusRoundTrip(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "mt940", "*.sta"))
	written, compared := 0, 0
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		sts, err := Parse(data)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for si, st := range sts {
			var buf bytes.Buffer
			if err := Write(&buf, st); err != nil {
				continue // fragments without balances or currency
			}
			written++
			back, err := Parse(buf.Bytes())
			if err != nil || len(back) != 1 || len(back[0].Bookings) != len(st.Bookings) {
				t.Errorf("%s[%d]: reparse: %v", filepath.Base(file), si, err)
				continue
			}
			for i, b := range st.Bookings {
				if !latin1Only(b) {
					continue
				}
				if b.GVC == "" {
					b.GVC = "999"
				}
				if b.TypeCode == "" {
					b.TypeCode = "NMSC"
				}
				compared++
				if !reflect.DeepEqual(b, back[0].Bookings[i]) {
					t.Errorf("%s[%d] booking %d:\n got %+v\nwant %+v", filepath.Base(file), si, i, back[0].Bookings[i], b)
				}
			}
			if balStr(back[0].Opening) != balStr(st.Opening) || balStr(back[0].Closing) != balStr(st.Closing) {
				t.Errorf("%s[%d]: balances differ", filepath.Base(file), si)
			}
		}
	}
	if written < 150 || compared < 250 {
		t.Errorf("only %d statements written, %d bookings compared", written, compared)
	}
}

func latin1Only(b statement.Booking) bool {
	for _, s := range []string{b.CounterpartyName, b.Purpose, b.PostingText, b.Extra, b.UltimateDebtor, b.UltimateCreditor} {
		for _, r := range s {
			if r > 0xff || r == '?' {
				return false
			}
		}
	}
	return len(b.CounterpartyName) <= nameWidth
}
