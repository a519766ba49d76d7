package mt940

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"saldo/fints/money"
	"saldo/fints/statement"
)

// guideBooked and guidePending are the two HIKAZ parts of the protocol
// guide's §8.7 example.
const guideBooked = "\r\n:20:STARTUMS\r\n:25:12345678/1234567890\r\n:28C:00000/001\r\n:60F:C250113EUR1548,42\r\n" +
	":61:2501140114DR25,00NTRFNONREF//0011234\r\n" +
	":86:177?00SEPA-UEBERWEISUNG?109310?20SVWZ+Rechnung 4711?30TESTDEF\r\nFXXX?31DE21123456780000012345?32Erika Beispiel?34000\r\n" +
	":61:2501150115CR2500,00NTRFNONREF//0011235\r\n" +
	":86:153?00LOHN/GEHALT?109310?20EREF+LOHN-2025-01?21SVWZ+Gehalt Ja\r\nnuar 2025?30TESTDEFFXXX?31DE44123456789876543210?32Musterfirma Gm\r\nbH?34000\r\n" +
	":62F:C250115EUR4023,42\r\n:64:C250115EUR4023,42\r\n-"

const guidePending = "\r\n:20:STARTDISPE\r\n:25:12345678/1234567890\r\n:28C:00000/001\r\n:34F:EURD0,\r\n:13D:2501151030+0100\r\n" +
	":61:2501160116DR49,99NDDTNONREF\r\n" +
	":86:105?00SEPA-LASTSCHRIFT?20EREF+MV-2025-0117?21MREF+M-000815?22\r\nCRED+DE98ZZZ09999999999?23SVWZ+Mobilfunk Januar?30TESTDEFFXXX?31D\r\nE55123456780000054321?32Mobilfunk AG\r\n" +
	":90D:1EUR49,99\r\n:90C:0EUR0,\r\n-"

func mustParse(t *testing.T, s string) []statement.Statement {
	t.Helper()
	sts, err := Parse([]byte(s))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return sts
}

func TestGuideExample(t *testing.T) {
	booked := mustParse(t, guideBooked)
	if len(booked) != 1 {
		t.Fatalf("%d statements", len(booked))
	}
	st := booked[0]
	if st.Account != "12345678/1234567890" || st.Currency != "EUR" || st.Number != "00000/001" || st.Pending {
		t.Errorf("header: %+v", st)
	}
	if balStr(st.Opening) != "1548.42 EUR 2025-01-13" || balStr(st.Closing) != "4023.42 EUR 2025-01-15" || balStr(st.Available) != "4023.42 EUR 2025-01-15" {
		t.Errorf("balances: %s / %s / %s", balStr(st.Opening), balStr(st.Closing), balStr(st.Available))
	}
	want := []statement.Booking{{
		Status: statement.Booked, BookingDate: statement.NewDate(2025, 1, 14), ValueDate: statement.NewDate(2025, 1, 14),
		Amount: money.MustParse("-25"), Currency: "EUR", CounterpartyName: "Erika Beispiel",
		CounterpartyIBAN: "DE21123456780000012345", CounterpartyBIC: "TESTDEFFXXX", Purpose: "Rechnung 4711",
		PostingText: "SEPA-UEBERWEISUNG", BankRef: "0011234", GVC: "177", GVCExtension: "000", PrimaNota: "9310", TypeCode: "NTRF",
	}, {
		Status: statement.Booked, BookingDate: statement.NewDate(2025, 1, 15), ValueDate: statement.NewDate(2025, 1, 15),
		Amount: money.MustParse("2500"), Currency: "EUR", CounterpartyName: "Musterfirma GmbH",
		CounterpartyIBAN: "DE44123456789876543210", CounterpartyBIC: "TESTDEFFXXX", Purpose: "Gehalt Januar 2025",
		PostingText: "LOHN/GEHALT", EndToEndRef: "LOHN-2025-01", BankRef: "0011235", GVC: "153", GVCExtension: "000", PrimaNota: "9310", TypeCode: "NTRF",
	}}
	checkBookings(t, st.Bookings, want, []string{"1523.42", "4023.42"})

	pend := mustParse(t, guidePending)
	if len(pend) != 1 || !pend[0].Pending || pend[0].Opening != nil || pend[0].Currency != "EUR" {
		t.Fatalf("MT942: %+v", pend)
	}
	wantPend := []statement.Booking{{
		Status: statement.Pending, BookingDate: statement.NewDate(2025, 1, 16), ValueDate: statement.NewDate(2025, 1, 16),
		Amount: money.MustParse("-49.99"), Currency: "EUR", CounterpartyName: "Mobilfunk AG",
		CounterpartyIBAN: "DE55123456780000054321", CounterpartyBIC: "TESTDEFFXXX", Purpose: "Mobilfunk Januar",
		PostingText: "SEPA-LASTSCHRIFT", EndToEndRef: "MV-2025-0117", MandateRef: "M-000815", CreditorID: "DE98ZZZ09999999999",
		GVC: "105", TypeCode: "NDDT",
	}}
	checkBookings(t, pend[0].Bookings, wantPend, nil)
}

func checkBookings(t *testing.T, got, want []statement.Booking, running []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d bookings, want %d", len(got), len(want))
	}
	for i := range got {
		g := got[i]
		if running != nil {
			if g.RunningBalance == nil || g.RunningBalance.String() != running[i] {
				t.Errorf("booking %d running balance %v, want %s", i, g.RunningBalance, running[i])
			}
		} else if g.RunningBalance != nil {
			t.Errorf("booking %d has a running balance without an opening balance", i)
		}
		g.RunningBalance = nil
		if g != want[i] {
			t.Errorf("booking %d:\n got %+v\nwant %+v", i, g, want[i])
		}
	}
}

// TestLineEnds: CRLF, LF, "@@" and SWIFT envelopes with control bytes
// all give the same statement.
func TestLineEnds(t *testing.T) {
	want := mustParse(t, guideBooked)
	lf := strings.ReplaceAll(guideBooked, "\r\n", "\n")
	variants := map[string]string{
		"LF":              lf,
		"@@":              strings.ReplaceAll(guideBooked, "\r\n", "@@"),
		"mixed":           strings.Replace(guideBooked, "\r\n", "\n", 5),
		"envelope":        "\x01{1:F01TESTDEFFAXXX0000000000}{2:I940TESTDEFFXXXXN}{4:\r\n" + strings.TrimPrefix(guideBooked, "\r\n") + "}{5:{CHK:123}}\x03",
		"trailing blanks": strings.ReplaceAll(guideBooked, ":62F:C250115EUR4023,42", ":62F:C250115EUR4023,42   "),
		"BOM":             "\xef\xbb\xbf" + strings.TrimPrefix(lf, "\n"),
		"no final dash":   strings.TrimSuffix(guideBooked, "-"),
	}
	for name, in := range variants {
		got, err := Parse([]byte(in))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !equalStatements(got, want) {
			t.Errorf("%s: differs:\n%+v\nwant\n%+v", name, got, want)
		}
	}
}

func TestStatementBoundaries(t *testing.T) {
	one := ":20:A\n:25:1/1\n:28C:1\n:60F:C250101EUR10,\n:61:250102D1,NMSCNONREF\n:86:999eins\n:62F:C250102EUR9,\n"
	two := ":20:B\n:25:1/1\n:28C:2\n:60F:C250102EUR9,\n:61:250103C2,NMSCNONREF\n:86:999zwei\n:62F:C250103EUR11,\n"
	tests := []struct {
		name  string
		in    string
		count int
	}{
		{"dash", one + "-\n" + two + "-\n", 2},
		{"no dash, new :20:", one + two, 2},
		{"neither dash nor :20:", one + strings.TrimPrefix(two, ":20:B\n"), 2},
		{"junk between", one + "-\nABNANL2A\n940\nABNANL2A\n" + two, 2},
		{"blank lines", "\n\n" + one + "\n-\n\n" + two + "\n\n", 2},
		{"dash then text then tag", one + "-\n\n" + two, 2},
	}
	for _, tt := range tests {
		sts, err := Parse([]byte(tt.in))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if len(sts) != tt.count {
			t.Errorf("%s: %d statements, want %d", tt.name, len(sts), tt.count)
			continue
		}
		if sts[0].Bookings[0].Purpose != "eins" || sts[1].Bookings[0].Purpose != "zwei" || balStr(sts[1].Closing) != "11.00 EUR 2025-01-03" {
			t.Errorf("%s: %+v", tt.name, sts)
		}
	}
}

func TestDK86(t *testing.T) {
	tests := []struct {
		name string
		in   string // :86: value, lines joined by \n
		want statement.Booking
	}{
		{"marker broken across lines", "166?00GUTSCHRIFT?20SVWZ+Miete?3\n0BYLADEM1001?31DE02120300000000202051?32Max Muster",
			statement.Booking{GVC: "166", PostingText: "GUTSCHRIFT", Purpose: "Miete", CounterpartyBIC: "BYLADEM1001", CounterpartyIBAN: "DE02120300000000202051", CounterpartyName: "Max Muster"}},
		{"other separator", "166>00GUTSCHRIFT>20SVWZ+Miete>32Max Muster",
			statement.Booking{GVC: "166", PostingText: "GUTSCHRIFT", Purpose: "Miete", CounterpartyName: "Max Muster"}},
		{"keyword value across sub-fields", "105?00LASTSCHRIFT?20EREF+0123456789012345678901?21234567?22MREF+M1?23CRED+DE98ZZZ09999999999?24SVWZ+Beitrag Januar",
			statement.Booking{GVC: "105", PostingText: "LASTSCHRIFT", EndToEndRef: "0123456789012345678901234567", MandateRef: "M1", CreditorID: "DE98ZZZ09999999999", Purpose: "Beitrag Januar"}},
		{"several keywords in one sub-field", "109?20EREF+X1 KREF+K2 MREF+M3?21SVWZ+Text ABWA+Oma?22ABWE+Opa",
			statement.Booking{GVC: "109", EndToEndRef: "X1", CustomerRef: "K2", MandateRef: "M3", Purpose: "Text", UltimateDebtor: "Oma", UltimateCreditor: "Opa"}},
		{"NOTPROVIDED and NONREF", "166?20EREF+NOTPROVIDED?21KREF+NONREF?22SVWZ+Danke",
			statement.Booking{GVC: "166", Purpose: "Danke"}},
		{"extra keywords kept", "109?20SVWZ+Ruecklastschrift?21COAM+1,50 OAMT+25,00",
			statement.Booking{GVC: "109", Purpose: "Ruecklastschrift", Extra: "COAM+1,50 OAMT+25,00"}},
		{"text before keywords", "166?20Vorab Text?21SVWZ+Rest",
			statement.Booking{GVC: "166", Purpose: "Vorab Text Rest"}},
		{"no keywords: short sub-fields are words", "051?20Miete November?21Wohnung 3",
			statement.Booking{GVC: "051", Purpose: "Miete November Wohnung 3"}},
		{"purpose continues in ?60", "166?20SVWZ+aaaaaaaaaaaaaaaaaaaaaa?21bbbbbbbbbbbbbbbbbbbbbbbbbbb?60cc",
			statement.Booking{GVC: "166", Purpose: "aaaaaaaaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbbbbbbbbbbbbcc"}},
		{"question mark in text", "166?20SVWZ+Was? Wieso?21Weshalb",
			statement.Booking{GVC: "166", Purpose: "Was? Wieso Weshalb"}},
		{"bare GVC", "166", statement.Booking{GVC: "166"}},
		{"GVC 999 free text", "999PN5477SCHECK-NR. 0000016703074", statement.Booking{GVC: "999", Purpose: "PN5477SCHECK-NR. 0000016703074"}},
		{"unknown sub-field kept", "166?20SVWZ+x?70Ultimate Name", statement.Booking{GVC: "166", Purpose: "x", Extra: "?70Ultimate Name"}},
	}
	for _, tt := range tests {
		if b := info86(t, strings.Split(tt.in, "\n")); b != tt.want {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, b, tt.want)
		}
	}
}

// info86 parses a booking whose :86: field has the given lines and returns
// what the :86: contributed (the :61: fields cleared).
func info86(t *testing.T, lines []string) statement.Booking {
	t.Helper()
	in := ":20:X\n:25:1/1\n:61:250101C1,NMSCNONREF\n:86:" + strings.Join(lines, "\n") + "\n-\n"
	sts := mustParse(t, in)
	b := sts[0].Bookings[0]
	b.ValueDate, b.Amount, b.TypeCode, b.Currency = statement.Date{}, money.Zero, "", ""
	return b
}

func TestFree86(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  statement.Booking
	}{
		{"wrapped at 65 joins directly", []string{strings.Repeat("x", 61), "yz"},
			statement.Booking{Purpose: strings.Repeat("x", 61) + "yz"}},
		{"short line ends a word", []string{"HIER EEN OMSCHRIJVING", "WANT DAT"},
			statement.Booking{Purpose: "HIER EEN OMSCHRIJVING WANT DAT"}},
		{"dutch codes", []string{"/TRTP/SEPA OVERBOEKING/IBAN/NL75INGB0001234567/BIC/INGBNL2A/NAME/", "JAN/REMI/RES.NR 1/EREF/NOTPROVIDED"},
			statement.Booking{Purpose: "/TRTP/SEPA OVERBOEKING/IBAN/NL75INGB0001234567/BIC/INGBNL2A/NAME/JAN/REMI/RES.NR 1/EREF/NOTPROVIDED",
				PostingText: "SEPA OVERBOEKING", CounterpartyIBAN: "NL75INGB0001234567", CounterpartyBIC: "INGBNL2A", CounterpartyName: "JAN"}},
		{"knab", []string{"FACTUUR 1", "REK: NL65INGB0123456789/NAAM: PICQER"},
			statement.Booking{Purpose: "FACTUUR 1 REK: NL65INGB0123456789/NAAM: PICQER", CounterpartyIBAN: "NL65INGB0123456789", CounterpartyName: "PICQER"}},
		{"leading IBAN and BIC", []string{"NL86INGB0002445588 INGBNL2A BELASTINGDIENST"},
			statement.Booking{Purpose: "NL86INGB0002445588 INGBNL2A BELASTINGDIENST", CounterpartyIBAN: "NL86INGB0002445588", CounterpartyBIC: "INGBNL2A"}},
		{"IBAN-like token with bad check digits", []string{"EJ46GREENP100610T1456 CLIEOP"},
			statement.Booking{Purpose: "EJ46GREENP100610T1456 CLIEOP"}},
		{"tabs and blank runs", []string{"A\tB    C  "}, statement.Booking{Purpose: "A B C"}},
		// ":86:" + 60 characters = 64, but 66 bytes: not full, so a blank.
		{"umlauts count as one character", []string{strings.Repeat("x", 58) + "äö", "yz"},
			statement.Booking{Purpose: strings.Repeat("x", 58) + "äö yz"}},
	}
	for _, tt := range tests {
		if b := info86(t, tt.lines); b != tt.want {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, b, tt.want)
		}
	}
}

func TestLine61(t *testing.T) {
	tests := []struct {
		in, rest    string
		amount      string
		value, book string
		rev         bool
		typ, cref   string
		bref, extra string
	}{
		{"2501140114DR25,00NTRFNONREF//0011234", "", "-25.00", "2025-01-14", "2025-01-14", false, "NTRF", "", "0011234", ""},
		{"1512300102CR5,NTRFNONREF", "", "5.00", "2015-12-30", "2016-01-02", false, "NTRF", "", "", ""},         // entry next year
		{"1601021231DR5,NTRFNONREF", "", "-5.00", "2016-01-02", "2015-12-31", false, "NTRF", "", "", ""},        // entry previous year
		{"2002010219RDR1027,25N068NONREF", "", "1027.25", "2020-02-01", "2020-02-19", true, "N068", "", "", ""}, // RD: reversed debit
		{"0709040904RCR204,88NRTINONREF", "", "-204.88", "2007-09-04", "2007-09-04", true, "NRTI", "", "", ""},  // RC: reversed credit
		{"110701CN50,00NZ10NONREF", "", "50.00", "2011-07-01", "", false, "NZ10", "", "", ""},                   // no entry date
		{"240312    DD212,39NMSCNONREF//", "/ABC/DEF/MISC", "-212.39", "2024-03-12", "", false, "NMSC", "", "", "/ABC/DEF/MISC"},
		{"2006080608D12,35 NRTIKREF+//2016021783252833", "/OCMT/EUR11,85/", "-12.35", "2020-06-08", "2020-06-08", false, "NRTI", "KREF+", "2016021783252833", "/OCMT/EUR11,85/"},
		{"1407290729C500NTRF29-07-2014 10:05//B4G", "", "500.00", "2014-07-29", "2014-07-29", false, "NTRF", "29-07-2014 10:05", "B4G", ""},
		{"2011301130CN220000,00//19239782213", "", "220000.00", "2020-11-30", "2020-11-30", false, "", "", "19239782213", ""},
		{"121123D10,00NIT NONREF", "", "-10.00", "2012-11-23", "", false, "NIT", "", "", ""},
		{"1610301031ED0,42NCHGNONREF", "", "-0.42", "2016-10-30", "2016-10-31", false, "NCHG", "", "", ""}, // MT942 expected debit
		{"250101C1.5NTRFREF", "", "1.50", "2025-01-01", "", false, "NTRF", "REF", "", ""},                  // '.' decimal mark
		{"160230D6,00N024NONREF", "", "-6.00", "2016-02-29", "", false, "N024", "", "", ""},                // 30 February
	}
	for _, tt := range tests {
		var b statement.Booking
		if err := parse61(&b, tt.in, tt.rest); err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		if b.Amount.String() != tt.amount || b.ValueDate.String() != tt.value || b.BookingDate.String() != tt.book ||
			b.Reversal != tt.rev || b.TypeCode != tt.typ || b.CustomerRef != tt.cref || b.BankRef != tt.bref || b.Extra != tt.extra {
			t.Errorf("%q: got amount %s value %s book %s rev %v type %q cref %q bref %q extra %q", tt.in,
				b.Amount, b.ValueDate, b.BookingDate, b.Reversal, b.TypeCode, b.CustomerRef, b.BankRef, b.Extra)
		}
	}
}

// TestSwiftAmountValue: the fast path agrees with money.Parse.
func TestSwiftAmountValue(t *testing.T) {
	for _, in := range []string{"50,", "0,5", ",5", "500", "1.5", "0,", "000000001213,28", "12,345",
		"123456789012,34", "1234567890123456,7", "1,2,3", "", ",", "12a", "9999999999999999"} {
		got, gerr := swiftAmountValue(in)
		want, werr := money.Parse(in)
		if (gerr == nil) != (werr == nil) || got != want {
			t.Errorf("%q: got %s %v, money.Parse %s %v", in, got, gerr, want, werr)
		}
	}
}

func TestBalances(t *testing.T) {
	tests := []struct{ in, want string }{
		{"C250113EUR1548,42", "1548.42 EUR 2025-01-13"},
		{"D070903EUR1234718,36", "-1234718.36 EUR 2007-09-03"},
		{"C000000EUR0,", "0.00 EUR "},
		{"C0EUR0,", "0.00 EUR "},
		{"C020315105000,00", "105000.00  2002-03-15"},
		{"C110614EUR000000000473,17", "473.17 EUR 2011-06-14"},
		{" C170119PLN0,43 ", "0.43 PLN 2017-01-19"},
	}
	for _, tt := range tests {
		b, err := parseBalance(tt.in)
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		if got := balStr(&b); got != tt.want {
			t.Errorf("%q = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, bad := range []string{"", "X250113EUR1,", "C2501EUR1,", "C250113EURO1,", "C251313EUR1,", "C250113EUR", "C250113EUR1,2,3", "Dnullnull7414,3"} {
		if _, err := parseBalance(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestEncodingPerStatement(t *testing.T) {
	latin := ":20:A\n:25:1/1\n:28C:1\n:60F:C250101EUR0,\n:61:250101C1,NMSCNONREF\n:86:166?20SVWZ+M\xfcller \xdf\n:62F:C250101EUR1,\n-\n"
	utf := ":20:B\n:25:1/1\n:28C:2\n:60F:C250101EUR1,\n:61:250101C1,NMSCNONREF\n:86:166?20SVWZ+M\xc3\xbcller \xc3\x9f \xe2\x82\xac\n:62F:C250101EUR2,\n-\n"
	sts := mustParse(t, latin+utf)
	if got := sts[0].Bookings[0].Purpose; got != "Müller ß" {
		t.Errorf("Latin-1 statement: %q", got)
	}
	if got := sts[1].Bookings[0].Purpose; got != "Müller ß €" {
		t.Errorf("UTF-8 statement: %q", got)
	}
}

func TestIntermediateAndForwardBalances(t *testing.T) {
	in := ":20:X\n:25:DE02120300000000202051\n:28C:5/1\n:60M:C250101EUR100,\n:61:250102D10,NMSCNONREF\n:62M:C250102EUR90,\n-\n" +
		":20:X\n:25:DE02120300000000202051\n:28C:5/2\n:60M:C250102EUR90,\n:61:250102D5,NMSCNONREF\n:62F:C250102EUR85,\n:64:C250102EUR80,\n:65:C250103EUR80,\n:65:C250104EUR75,\n:86:Saldeninfo\n-\n"
	sts := mustParse(t, in)
	if len(sts) != 2 || balStr(sts[0].Closing) != "90.00 EUR 2025-01-02" || balStr(sts[1].Opening) != "90.00 EUR 2025-01-02" {
		t.Fatalf("interim: %+v", sts)
	}
	s := sts[1]
	if balStr(s.Available) != "80.00 EUR 2025-01-02" || len(s.Forward) != 2 || balStr(&s.Forward[1]) != "75.00 EUR 2025-01-04" || s.Info != "Saldeninfo" {
		t.Errorf("forward: %+v", s)
	}
	if s.Bookings[0].RunningBalance.String() != "85.00" {
		t.Errorf("running balance %v", s.Bookings[0].RunningBalance)
	}
}

func TestMT942Variants(t *testing.T) {
	in := ":20:X\n:25:1/1\n:28C:1\n:34F:EURD0,\n:34F:EURC0,\n:13:2501151030\n:90D:0EUR0,\n:90C:0EUR0,\n-\n"
	sts := mustParse(t, in)
	if len(sts) != 1 || !sts[0].Pending || len(sts[0].Bookings) != 0 || sts[0].Currency != "EUR" {
		t.Errorf("header-only MT942: %+v", sts)
	}
}

// TestFragment: a touchdown page that starts in the middle of a statement.
func TestFragment(t *testing.T) {
	page2 := ":61:2501150115CR2500,00NTRFNONREF//0011235\r\n:86:153?00LOHN/GEHALT?20SVWZ+Gehalt\r\n:62F:C250115EUR4023,42\r\n-\r\n"
	sts := mustParse(t, page2)
	if len(sts) != 1 || sts[0].Account != "" || len(sts[0].Bookings) != 1 || sts[0].Bookings[0].Purpose != "Gehalt" {
		t.Fatalf("fragment: %+v", sts)
	}
	if sts[0].Bookings[0].RunningBalance != nil {
		t.Error("running balance without opening balance")
	}
	// The halves of a statement cut at an arbitrary byte give the whole
	// statement once the engine concatenates them.
	cut := len(guideBooked) / 2
	joined := mustParse(t, guideBooked[:cut]+guideBooked[cut:])
	if !equalStatements(joined, mustParse(t, guideBooked)) {
		t.Error("concatenated pages differ")
	}
	if _, err := Parse([]byte(guideBooked[cut:])); err != nil && !errors.Is(err, ErrNoStatement) {
		var pe *Error
		if !errors.As(err, &pe) {
			t.Errorf("second half: unexpected error type %v", err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "no MT940/MT942 statement found"},
		{"not MT940", "<?xml version=\"1.0\"?><Document/>", "no MT940/MT942 statement found"},
		{"bad :61:", ":20:X\n:25:1\n:60F:C250101EUR0,\n:61:250101CXNMSC\n", "line 4: field :61:"},
		{"bad :61: date", ":20:X\n:61:251301C1,NMSC\n", "value date"},
		{"bad opening", ":20:X\n:25:1\n:60F:Q250101EUR0,\n", "field :60F: opening balance"},
		{"bad closing", ":20:X\n:25:1\n:62F:C250101EUR\n", "closing balance"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tt.name, err, tt.want)
		}
	}
	if _, err := Parse(nil); !errors.Is(err, ErrNoStatement) {
		t.Errorf("nil input: %v", err)
	}
}

// TestReaderContinuesAfterError: a broken statement does not stop the
// reader from returning the next one.
func TestReaderContinuesAfterError(t *testing.T) {
	in := ":20:A\n:61:bad\n-\n" + guideBooked
	r := NewReader(strings.NewReader(in))
	if _, err := r.Next(); err == nil {
		t.Fatal("broken statement accepted")
	}
	st, err := r.Next()
	if err != nil || st.Account != "12345678/1234567890" {
		t.Fatalf("next statement: %v %+v", err, st)
	}
	if _, err := r.Next(); err != io.EOF {
		t.Fatalf("end: %v", err)
	}
}

func TestLineTooLong(t *testing.T) {
	in := bytes.Repeat([]byte("x"), maxLine+10)
	_, err := Parse(in)
	if err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Fatalf("err = %v", err)
	}
}

type failingReader struct{ n int }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n == 0 {
		f.n++
		return copy(p, ":20:X\n:25:1\n"), nil
	}
	return 0, errors.New("disk on fire")
}

func TestReadError(t *testing.T) {
	r := NewReader(&failingReader{})
	_, err := r.Next()
	if err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("err = %v", err)
	}
}

func TestNormalizeAccount(t *testing.T) {
	tests := []struct{ in, acct, cur string }{
		{"12345678/1234567890", "12345678/1234567890", ""},
		{"NL50RABO0156750961 EUR", "NL50RABO0156750961", "EUR"},
		{"1291.99.348EUR", "129199348", "EUR"},
		{"2121.21.211EUR                     ", "212121211", "EUR"},
		{"DE02120300000000202051", "DE02120300000000202051", ""},
		{"BPHKPLPK/320000546101 ", "BPHKPLPK/320000546101", ""},
		{"12345678/0001234567EUR", "12345678/0001234567", "EUR"},
	}
	for _, tt := range tests {
		if a, c := normalizeAccount(tt.in, ""); a != tt.acct || c != tt.cur {
			t.Errorf("%q = %q %q, want %q %q", tt.in, a, c, tt.acct, tt.cur)
		}
	}
}
