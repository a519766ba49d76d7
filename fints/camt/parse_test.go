package camt

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf16"

	"saldo/fints/statement"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestGuideExample(t *testing.T) {
	sts, err := Parse(readFixture(t, "guide-9.1-camt.052.001.08.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(sts) != 1 || len(sts[0].Bookings) != 1 {
		t.Fatalf("got %+v", sts)
	}
	st, b := sts[0], sts[0].Bookings[0]
	expect(t, "account", st.Account, "DE87123456781234567890")
	expect(t, "BIC", st.BIC, "TESTDEFFXXX")
	expect(t, "opening (PRCD)", st.Opening.Amount.String()+" "+st.Opening.Date.String(), "1548.42 2025-01-13")
	expect(t, "closing", st.Closing.Amount.String(), "1523.42")
	expect(t, "amount", b.Amount.String(), "-25.00")
	expect(t, "counterparty", b.CounterpartyName+" "+b.CounterpartyIBAN+" "+b.CounterpartyBIC,
		"Erika Beispiel DE21123456780000012345 TESTDEFFXXX")
	expect(t, "NOTPROVIDED dropped", b.EndToEndRef, "")
	expect(t, "GVC from 3-part DK code", b.GVC+"/"+b.GVCExtension+"/"+b.PrimaNota, "177/9310/")
	expect(t, "type", b.TypeCode, "PMNT/ICDT/ESCT")
	expect(t, "bank ref", b.BankRef, "0011234")
	expect(t, "posting text", b.PostingText, "ONLINE-UEBERWEISUNG")
	expect(t, "purpose", b.Purpose, "Rechnung 4711")
	expect(t, "number (Rpt/Id)", st.Number, "CAMT-20250115-0001-1")
}

func TestFeatures(t *testing.T) {
	doc, err := ParseDocument(readFixture(t, "features.camt.053.001.02.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Kind != "camt.053" || doc.MsgID != "FEAT-1" || len(doc.Reports) != 1 {
		t.Fatalf("doc: %+v", doc)
	}
	rep := doc.Reports[0]
	st := rep.Statement
	expect(t, "owner", st.Owner, "Max Mustermann")
	expect(t, "number (ElctrncSeqNb)", st.Number, "42")
	expect(t, "info", st.Info, "Kontoauszug 42")
	// Two ITBD: first opens, last closes; ITAV stands in for CLAV.
	expect(t, "opening ITBD", st.Opening.Amount.String()+" "+st.Opening.Date.String(), "1000.00 2025-02-28")
	expect(t, "closing ITBD (DtTm)", st.Closing.Amount.String()+" "+st.Closing.Date.String(), "-12.34 2025-03-02")
	expect(t, "available ITAV", st.Available.Amount.String(), "987.66")
	if len(st.Forward) != 2 || st.Forward[1].Amount.String() != "400.00" {
		t.Errorf("forward balances: %+v", st.Forward)
	}
	if st.Pending {
		t.Error("mixed statement marked pending-only")
	}
	// 6 entries; the consistent batch splits in two, the other stays one.
	if rep.Entries != 6 || len(st.Bookings) != 7 {
		t.Fatalf("entries %d, bookings %d", rep.Entries, len(st.Bookings))
	}
	rev := st.Bookings[0]
	if !rev.Reversal || rev.Amount.String() != "49.90" {
		t.Errorf("reversal: %+v", rev)
	}
	// A returned direct debit: money came back (CRDT) but the counterparty
	// is still the creditor of the original debit.
	expect(t, "reversal counterparty", rev.CounterpartyName, "Streaming GmbH")
	expect(t, "reversal counterparty BIC", rev.CounterpartyBIC, "GENODEM1MEN")
	expect(t, "creditor id", rev.CreditorID, "DE98ZZZ09999999999")
	expect(t, "mandate", rev.MandateRef, "M-778")
	expect(t, "return reason", rev.Extra, "return MD06 Widerspruch")
	expect(t, "4-part DK code", rev.GVC+"/"+rev.PrimaNota+"/"+rev.GVCExtension, "109/9248/901")

	rent := st.Bookings[1]
	expect(t, "several Ustrd + creditor reference", rent.Purpose, "Miete Maerz 2025 Wohnung 3 links RF18539007547034")
	expect(t, "ultimate creditor", rent.UltimateCreditor, "Eigentuemer Meier")
	expect(t, "purpose code", rent.PurposeCode, "RENT")
	expect(t, "posting text from AddtlTxInf", rent.PostingText, "DAUERAUFTRAG")
	expect(t, "customer ref", rent.CustomerRef, "INSTR-9")
	expect(t, "type from DK code", rent.TypeCode, "NTRF")
	expect(t, "3-part DK code", rent.GVC+"/"+rent.GVCExtension, "116/00931")

	a, b := st.Bookings[2], st.Bookings[3]
	expect(t, "split A", a.Amount.String()+" "+a.CounterpartyName+" "+a.Purpose, "10.00 Anna Geschenk A")
	expect(t, "split B", b.Amount.String()+" "+b.CounterpartyName+" "+b.Purpose, "20.00 Bernd Geschenk B")
	expect(t, "ultimate debtor", a.UltimateDebtor, "Anna Senior")

	m := st.Bookings[4]
	expect(t, "merged amount", m.Amount.String(), "-99.00")
	expect(t, "merged common name", m.CounterpartyName, "Lieferant")
	expect(t, "merged common e2e", m.EndToEndRef, "SAMMLER")
	expect(t, "merged purpose", m.Purpose, "Rechnung 1 Rechnung 2")
	expect(t, "merged note", m.Extra, "batch of 2 transactions")

	p := st.Bookings[5]
	if p.Status != statement.Pending || !p.BookingDate.IsZero() || p.ValueDate.String() != "2025-03-04" {
		t.Errorf("pending entry: %+v", p)
	}
	if i := st.Bookings[6]; i.Status != statement.Info || !i.Amount.IsZero() {
		t.Errorf("info entry: %+v", i)
	}
}

// small builds a minimal camt.052.001.02 document around one entry.
func small(entry string) string {
	return `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.02"><BkToCstmrAcctRpt>` +
		`<GrpHdr><MsgId>T</MsgId></GrpHdr><Rpt><Id>R</Id><Acct><Id><IBAN>DE87123456781234567890</IBAN></Id></Acct>` +
		entry + `</Rpt></BkToCstmrAcctRpt></Document>`
}

func TestEncodings(t *testing.T) {
	entry := `<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BkTxCd/>` +
		`<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Jürgen Größe</Nm></Dbtr></RltdPties></TxDtls></NtryDtls></Ntry>`
	body := small(entry)
	latin1 := func(s string) []byte {
		var b []byte
		for _, r := range s {
			b = append(b, byte(r))
		}
		return b
	}
	u16 := func(s string, big bool) []byte {
		var b []byte
		if big {
			b = []byte{0xFE, 0xFF}
		} else {
			b = []byte{0xFF, 0xFE}
		}
		for _, u := range utf16.Encode([]rune(s)) {
			if big {
				b = append(b, byte(u>>8), byte(u))
			} else {
				b = append(b, byte(u), byte(u>>8))
			}
		}
		return b
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"no declaration", []byte(body), "Jürgen Größe"},
		{"declared UTF-8", []byte(`<?xml version="1.0" encoding="UTF-8"?>` + body), "Jürgen Größe"},
		{"declares Latin-1, is UTF-8", []byte(`<?xml version="1.0" encoding="ISO-8859-1" ?>` + body), "Jürgen Größe"},
		{"declares UTF-8, is Latin-1", latin1(`<?xml version="1.0" encoding="UTF-8"?>` + body), "Jürgen Größe"},
		{"declares Latin-1, is Latin-1", latin1(`<?xml version="1.0" encoding="ISO-8859-1"?>` + body), "Jürgen Größe"},
		{"UTF-8 BOM", append([]byte("\xef\xbb\xbf"), []byte(`<?xml version="1.0"?>`+body)...), "Jürgen Größe"},
		{"UTF-16LE BOM", u16(`<?xml version="1.0" encoding="UTF-16"?>`+body, false), "Jürgen Größe"},
		{"UTF-16BE BOM", u16(body, true), "Jürgen Größe"},
		{"leading blank lines", []byte("\r\n\r\n" + `<?xml version="1.0"?>` + body), "Jürgen Größe"},
		// latin1 writes U+0080 as the byte 0x80, the euro sign in windows-1252.
		{"windows-1252 euro", latin1(`<?xml version="1.0" encoding="windows-1252"?>` +
			strings.Replace(body, "Jürgen Größe", "5 \u0080 Größe", 1)), "5 € Größe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sts, err := Parse(tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if got := sts[0].Bookings[0].CounterpartyName; got != tt.want {
				t.Fatalf("name = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestEmptyDocuments(t *testing.T) {
	for _, doc := range []string{
		"", " \r\n", // HICAZ "@0@"
		`<Document/>`,
		`<?xml version="1.0" encoding="ISO-8859-1" ?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.08"></Document>`,
		"\xef\xbb\xbf<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">\n  \n</Document>",
	} {
		sts, err := Parse([]byte(doc))
		if err != nil || len(sts) != 0 {
			t.Errorf("Parse(%q) = %d statements, %v; want none and no error", doc, len(sts), err)
		}
	}
	// A report without entries is a statement without bookings, not nil.
	sts, err := Parse([]byte(small("")))
	if err != nil || len(sts) != 1 || sts[0].Bookings == nil || len(sts[0].Bookings) != 0 {
		t.Fatalf("empty report: %+v %v", sts, err)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, doc, want string
		notCamt         bool
	}{
		{"only a comment", "<!-- nothing -->", "no XML element", false},
		{"not XML", "HIRMS:3:2+0010", "text outside the root element", false},
		{"HTML", "<html><body>Wartung</body></html>", "found <html>", true},
		{"truncated", small("")[:120], "malformed XML", false},
		{"pain document", `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn/></Document>`, "names no camt", true},
		{"unknown message", `<Document><FIToFICstmrCdtTrf/></Document>`, "found <FIToFICstmrCdtTrf>", true},
		{"two documents", small("") + small(""), "one camt document per call", false},
		{"missing indicator", small(`<Ntry><Amt Ccy="EUR">5.00</Amt><Sts>BOOK</Sts></Ntry>`), "entry 1: amount 5.00 has no valid credit/debit indicator", false},
		{"bad amount", small(`<Ntry><Amt Ccy="EUR">5,00,0</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry>`), `amount "5,00,0"`, false},
		{"no amount", small(`<Ntry><CdtDbtInd>CRDT</CdtDbtInd></Ntry>`), "amount missing", false},
		{"bad date", small(`<Ntry><Amt Ccy="EUR">5</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>15.01.2025</Dt></BookgDt></Ntry>`), "booking date", false},
		{"bad balance", small(`<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">x</Amt><CdtDbtInd>CRDT</CdtDbtInd></Bal>`), "balance 1: CLBD", false},
		{"too deep", "<Document>" + strings.Repeat("<a>", 200) + strings.Repeat("</a>", 200) + "</Document>", "nested deeper", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.doc))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "camt: ") {
				t.Errorf("error lacks context prefix: %v", err)
			}
			if errors.Is(err, ErrNotCamt) != tt.notCamt {
				t.Errorf("errors.Is(ErrNotCamt) = %v", !tt.notCamt)
			}
		})
	}
}

func TestStatusAndAmountForms(t *testing.T) {
	tests := []struct {
		entry  string
		status statement.Status
		amount string
	}{
		{`<Ntry><Amt Ccy="EUR">1</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>PDNG</Cd></Sts></Ntry>`, statement.Pending, "-1.00"},
		{`<Ntry><Amt Ccy="EUR">1.23456</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>FUTR</Cd></Sts></Ntry>`, statement.Pending, "1.23456"},
		{`<Ntry><Amt Ccy="EUR">0.00001</Amt><CdtDbtInd>crdt</CdtDbtInd><Sts>info</Sts></Ntry>`, statement.Info, "0.00001"},
		{`<Ntry><Amt Ccy="EUR">7</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry>`, statement.Booked, "7.00"},
	}
	for _, tt := range tests {
		sts, err := Parse([]byte(small(tt.entry)))
		if err != nil {
			t.Fatalf("%s: %v", tt.entry, err)
		}
		b := sts[0].Bookings[0]
		if b.Status != tt.status || b.Amount.String() != tt.amount {
			t.Errorf("%s: status %v amount %s", tt.entry, b.Status, b.Amount)
		}
	}
}

func TestPendingOnlyReport(t *testing.T) {
	e := `<Ntry><Amt Ccy="EUR">3</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>PDNG</Sts></Ntry>`
	sts, err := Parse([]byte(small(e + e)))
	if err != nil || !sts[0].Pending {
		t.Fatalf("pending-only report: %+v %v", sts, err)
	}
	if !bytes.Contains([]byte(small(e)), []byte("PDNG")) {
		t.Fatal("fixture")
	}
}

func TestSplitDocuments(t *testing.T) {
	a := `<?xml version="1.0" encoding="UTF-8"?>` + small(`<Ntry><Amt Ccy="EUR">1</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry>`)
	b := "\r\n" + `<?xml version="1.0"?>` + small(`<Ntry><Amt Ccy="EUR">2</Amt><CdtDbtInd>DBIT</CdtDbtInd></Ntry>`)
	docs := SplitDocuments([]byte(a + b))
	if len(docs) != 2 {
		t.Fatalf("got %d documents", len(docs))
	}
	var amounts []string
	for _, d := range docs {
		sts, err := Parse(d)
		if err != nil {
			t.Fatal(err)
		}
		amounts = append(amounts, sts[0].Bookings[0].Amount.String())
	}
	if strings.Join(amounts, " ") != "1.00 -2.00" {
		t.Fatalf("amounts %v", amounts)
	}
	if n := len(SplitDocuments([]byte(small("")))); n != 1 {
		t.Fatalf("single document split into %d", n)
	}
	if n := len(SplitDocuments(nil)); n != 0 {
		t.Fatalf("empty input gave %d documents", n)
	}
}

// TestGLSHICAZBinary takes the camt document out of a real HICAZ answer (the
// @262@ binary of GLS Bank, Latin-1 message) and parses it: no entries.
func TestGLSHICAZBinary(t *testing.T) {
	msg, err := os.ReadFile("../../testdata/corpus/fints-messages/gls_send_tan_response_with_empty_hicaz_inner.bin")
	if err != nil {
		t.Fatal(err)
	}
	marker := []byte("camt.052.001.02+@262@")
	i := bytes.Index(msg, marker)
	if i < 0 || i+len(marker)+262 > len(msg) {
		t.Fatal("no @262@ camt binary in the HICAZ message")
	}
	doc := msg[i+len(marker) : i+len(marker)+262]
	sts, err := Parse(doc)
	if err != nil || len(sts) != 0 {
		t.Fatalf("Parse = %d statements, %v; want 0, nil", len(sts), err)
	}
}
