package camt

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"saldo/fints/statement"
)

const corpusDir = "../../testdata/corpus/camt/"

// corpusCase states what MANIFEST.tsv expects of one camt corpus file.
type corpusCase struct {
	file     string
	wantErr  string // substring of the error; "" = must parse
	reports  int
	entries  int // Ntry elements over all reports
	balances int // Bal elements over all reports
	check    func(t *testing.T, doc *Document)
}

var corpusCases = []corpusCase{
	// genkgo sidecars: "N Entry objects, M Balance objects, K report/statement/notification objects".
	{file: "genkgo_camt052.v1.xml", reports: 1, entries: 1, balances: 0, check: func(t *testing.T, d *Document) {
		st := d.Reports[0].Statement
		b := st.Bookings[0]
		expect(t, "account (PrtryAcct)", st.Account, "CH2801234000123456789")
		expect(t, "owner", st.Owner, "FINPETROL")
		expect(t, "amount", b.Amount.String()+" "+b.Currency, "-200000.00 SEK")
		expect(t, "booking date from DtTm", b.BookingDate.String(), "2007-10-18")
		expect(t, "batch", b.Extra, "batch of 20 transactions")
		expect(t, "type", b.TypeCode, "PAYM/0001/0003")
	}},
	{file: "genkgo_camt052.v2.xml", reports: 1, entries: 1, balances: 0, check: func(t *testing.T, d *Document) {
		b := d.Reports[0].Statement.Bookings[0]
		// A debit: the counterparty is the creditor, its bank the creditor agent.
		expect(t, "counterparty", b.CounterpartyName, "Company Name")
		expect(t, "counterparty IBAN", b.CounterpartyIBAN, "NL56AGDH9619008421")
		expect(t, "counterparty BIC", b.CounterpartyBIC, "BANKCHZHXXX")
		expect(t, "GVC (ZKA issuer)", b.GVC+"/"+b.PrimaNota+"/"+b.GVCExtension, "000/0000/000")
		expect(t, "posting text", b.PostingText, "Credit")
	}},
	{file: "genkgo_camt052.v6.Amt-zero.xml", reports: 1, entries: 1, balances: 1, check: func(t *testing.T, d *Document) {
		st := d.Reports[0].Statement
		b := st.Bookings[0]
		// The single TxDtls states 0 USD; the entry amount stands.
		expect(t, "amount", b.Amount.String()+" "+b.Currency, "-200000.00 SEK")
		expect(t, "status", b.Status.String(), "pending")
		expect(t, "pending-only report", boolStr(st.Pending), "true")
		expect(t, "ITBD as closing", st.Closing.Amount.String()+" "+st.Closing.Currency+" "+st.Closing.Date.String(), "10022.15 CHF 2020-04-04")
		expect(t, "end-to-end", b.EndToEndRef, "UXC06140000015PI00001EE00001")
		expect(t, "customer ref (InstrId)", b.CustomerRef, "UXC06140000015PI00001II00001")
		expect(t, "BIC (BICFI)", st.BIC, "UBSWCHZH80A")
	}},
	{file: "genkgo_camt052.v8.xml", reports: 1, entries: 1, balances: 0, check: func(t *testing.T, d *Document) {
		b := d.Reports[0].Statement.Bookings[0]
		expect(t, "status (Sts/Cd)", b.Status.String(), "booked")
		expect(t, "type", b.TypeCode, "PMNT/ICDT/XBCT")
		expect(t, "account (Othr)", d.Reports[0].Statement.Account, "CH2801234000123456789")
	}},
	{file: "genkgo_camt053.v2.five.decimals.xml", reports: 1, entries: 1, balances: 2, check: func(t *testing.T, d *Document) {
		st := d.Reports[0].Statement
		// Amounts with more than two decimals stay exact.
		expect(t, "opening", st.Opening.Amount.String(), "18.15")
		expect(t, "closing", st.Closing.Amount.String(), "27.05")
		expect(t, "entry", st.Bookings[0].Amount.String(), "8.85")
		// The fixture's balances do not add up (18.15 + 8.85 ≠ 27.05): the
		// parser reports what the bank said and implies no running balance.
		if st.Bookings[0].RunningBalance != nil {
			t.Error("running balance set although the balances disagree")
		}
		expect(t, "end-to-end", st.Bookings[0].EndToEndRef, "000000001")
		expect(t, "reversal false", boolStr(st.Bookings[0].Reversal), "false")
		expect(t, "proprietary type", st.Bookings[0].TypeCode, "544")
	}},
	{file: "genkgo_camt053.v2.minimal.xml", reports: 1, entries: 1, balances: 4, check: func(t *testing.T, d *Document) {
		st := d.Reports[0].Statement
		expect(t, "closing DBIT", st.Closing.Amount.String()+" "+st.Closing.Currency, "-27.00 SEK")
		expect(t, "available", st.Available.Amount.String()+" "+st.Available.Currency, "-2700.00 JPY")
		expect(t, "creditor reference as purpose", st.Bookings[0].Purpose, "4654654654654654")
		expect(t, "counterparty of a credit", st.Bookings[0].CounterpartyName, "NAME NAME")
		expect(t, "bank ref from Refs/Prtry", st.Bookings[0].BankRef, "100")
		expect(t, "OPAV kept in Balances", d.Reports[0].Balances[2].Type, "OPAV")
	}},
	{file: "genkgo_camt053.v2.with-account-name.xml", reports: 1, entries: 1, balances: 1, check: func(t *testing.T, d *Document) {
		b := d.Reports[0].Statement.Bookings[0]
		expect(t, "no value date", b.ValueDate.String(), "")
		expect(t, "booking date", b.BookingDate.String(), "2014-12-31")
	}},
	{file: "genkgo_camt053.v2.wrong.xml", wantErr: "has no <Stmt>"},
	{file: "genkgo_camt053.v8.xml", reports: 1, entries: 1, balances: 4, check: func(t *testing.T, d *Document) {
		b := d.Reports[0].Statement.Bookings[0]
		expect(t, "counterparty (Pty)", b.CounterpartyName, "NAME NAME")
		expect(t, "end-to-end", b.EndToEndRef, "MUELL/FINP/RA12345")
		expect(t, "bank ref", b.BankRef, "AAAASESS-FP-CN_98765/01")
		expect(t, "booking date from DtTm", b.BookingDate.String(), "2014-12-31")
	}},
	{file: "genkgo_camt054.v2.xml", reports: 1, entries: 1, balances: 0, check: func(t *testing.T, d *Document) {
		st := d.Reports[0].Statement
		if len(st.Bookings) != 1 {
			t.Fatalf("3 TxDtls without amounts must stay one booking, got %d", len(st.Bookings))
		}
		b := st.Bookings[0]
		expect(t, "batch note", b.Extra, "batch of 3 transactions")
		expect(t, "shared end-to-end kept", b.EndToEndRef, "MUELL/FINP/RA12345")
		for _, part := range []string{"Unstructured Remittance Information V1", "ISR ref number V2",
			"Unstructured Remittance Information V3 block 1 Unstructured Remittance Information V3 block 2", "Ref number V3 block 2"} {
			if !strings.Contains(b.Purpose, part) {
				t.Errorf("merged purpose lacks %q: %q", part, b.Purpose)
			}
		}
	}},
	{file: "genkgo_camt054.v4.xml", reports: 1, entries: 1, balances: 0, check: func(t *testing.T, d *Document) {
		st := d.Reports[0].Statement
		// The TxDtls amounts (CHF) do not add up to the entry (SEK): no split.
		if len(st.Bookings) != 1 {
			t.Fatalf("inconsistent batch split into %d bookings", len(st.Bookings))
		}
		expect(t, "entry amount kept", st.Bookings[0].Amount.String(), "-200000.00")
		expect(t, "differing counterparties dropped", st.Bookings[0].CounterpartyName, "")
	}},
	{file: "genkgo_camt054.v8-with-financial-institution.xml", reports: 1, entries: 1, balances: 0, check: func(t *testing.T, d *Document) {
		b := d.Reports[0].Statement.Bookings[0]
		expect(t, "creditor given as agent", b.CounterpartyName, "Example Creditor 3 - V1")
		expect(t, "no dates", b.BookingDate.String()+b.ValueDate.String(), "")
	}},
	// gls: "empty <Document/>: 0 reports, 0 entries"; declares ISO-8859-1.
	{file: "gls_camt052_empty_from_hicaz.xml", reports: 0, entries: 0, balances: 0},
	// hbci4java 05200102: "1 booking day; 2 entries; start 100 end 110.50 (2018-07-20); IBAN
	// DE12345678901234567890 BIC ABCDEFG1ABC; entry1 10.00 CRDT GV 152 primanota 9201 RINP
	// "DAUERAUFTRAG" Max Mustermann valuta 2018-07-21 id 2018-07-20-07.51.25.370057; entry2 0.50
	// DEPT "EINZAHLUNG" Bert Bezahler".
	{file: "hbci4java_test-camt-parse-05200102.xml", reports: 1, entries: 2, balances: 2, check: func(t *testing.T, d *Document) {
		st := d.Reports[0].Statement
		expect(t, "start", st.Opening.Amount.String(), "100.00")
		expect(t, "end", st.Closing.Amount.String()+" "+st.Closing.Date.String(), "110.50 2018-07-20")
		expect(t, "IBAN", st.Account, "DE12345678901234567890")
		expect(t, "BIC", st.BIC, "ABCDEFG1ABC")
		expect(t, "currency", st.Currency, "EUR")
		e1, e2 := st.Bookings[0], st.Bookings[1]
		expect(t, "entry1 amount", e1.Amount.String(), "10.00")
		expect(t, "entry1 GVC", e1.GVC, "152")
		expect(t, "entry1 primanota", e1.PrimaNota, "9201")
		expect(t, "entry1 purpose code", e1.PurposeCode, "RINP")
		expect(t, "entry1 posting text", e1.PostingText, "DAUERAUFTRAG")
		expect(t, "entry1 name", e1.CounterpartyName, "Max Mustermann")
		expect(t, "entry1 valuta", e1.ValueDate.String(), "2018-07-21")
		expect(t, "entry1 id", e1.BankRef, "2018-07-20-07.51.25.370057")
		expect(t, "entry1 purpose", e1.Purpose, "Verwendungszweck 1")
		expect(t, "entry2 amount", e2.Amount.String(), "0.50")
		expect(t, "entry2 purpose code", e2.PurposeCode, "DEPT")
		expect(t, "entry2 posting text", e2.PostingText, "EINZAHLUNG")
		expect(t, "entry2 name", e2.CounterpartyName, "Bert Bezahler")
		sum := st.Opening.Amount.Add(e1.Amount).Add(e2.Amount)
		expect(t, "start + entries = end", sum.String(), st.Closing.Amount.String())
		expect(t, "running balance 1", e1.RunningBalance.String(), "110.00")
		expect(t, "running balance 2", e2.RunningBalance.String(), "110.50")
	}},
	// "parser must cope with missing date"
	{file: "hbci4java_test-camt-parse-5200108-missing-date.xml", reports: 1, entries: 1, balances: 2, check: func(t *testing.T, d *Document) {
		st := d.Reports[0].Statement
		expect(t, "opening without date", st.Opening.Amount.String()+"|"+st.Opening.Date.String(), "100.00|")
		b := st.Bookings[0]
		expect(t, "debit", b.Amount.String(), "-34.00")
		expect(t, "creditor (Pty)", b.CounterpartyName, "Beispiel AG")
		expect(t, "creditor id", b.CreditorID, "DE46ZZZ00000012345")
		expect(t, "mandate", b.MandateRef, "12345678/001")
		expect(t, "GVC", b.GVC+"/"+b.PrimaNota+"/"+b.GVCExtension, "105/9200/992")
		expect(t, "type", b.TypeCode, "PMNT/RDDT/ESDD")
		expect(t, "creditor BIC (BICFI)", b.CounterpartyBIC, "ABCDEFG1CBA")
	}},
	// "invalid camt (negative test)": "must fail / no result"
	{file: "hbci4java_test-camt-parse-invalid.xml", wantErr: "names no camt.052/053/054 version"},
}

func expect(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}

func boolStr(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

func TestCorpus(t *testing.T) {
	for _, tc := range corpusCases {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(corpusDir + tc.file)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := ParseDocument(data)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				if _, err := Parse(data); err == nil {
					t.Fatal("Parse accepted what ParseDocument refused")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			entries, balances := 0, 0
			for _, r := range doc.Reports {
				entries += r.Entries
				balances += len(r.Balances)
			}
			if len(doc.Reports) != tc.reports || entries != tc.entries || balances != tc.balances {
				t.Fatalf("reports/entries/balances = %d/%d/%d, want %d/%d/%d",
					len(doc.Reports), entries, balances, tc.reports, tc.entries, tc.balances)
			}
			if tc.check != nil {
				tc.check(t, doc)
			}
			sts, err := Parse(data)
			if err != nil || len(sts) != tc.reports {
				t.Fatalf("Parse: %d statements, %v", len(sts), err)
			}
			for _, st := range sts {
				statement.AssignIDs(st.Account, st.Bookings) // must not panic on any field mix
			}
		})
	}
}

// TestCorpusCoverage makes sure every camt file in the corpus and every camt
// row of the manifest has a case above, so new fixtures cannot go untested.
func TestCorpusCoverage(t *testing.T) {
	have := map[string]bool{}
	for _, tc := range corpusCases {
		have[tc.file] = true
	}
	files, err := filepath.Glob(corpusDir + "*.xml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files: %v", err)
	}
	for _, f := range files {
		if !have[filepath.Base(f)] {
			t.Errorf("corpus file %s has no test case", filepath.Base(f))
		}
	}
	m, err := os.Open("../../testdata/corpus/MANIFEST.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	sc := bufio.NewScanner(m)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		path, _, _ := strings.Cut(sc.Text(), "\t")
		if strings.HasPrefix(path, "camt/") && !have[strings.TrimPrefix(path, "camt/")] {
			t.Errorf("manifest row %s has no test case", path)
		}
	}
}
