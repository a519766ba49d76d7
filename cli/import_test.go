package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const corpus = "../testdata/corpus"

// runStatementCmd runs `saldo args...` with a test environment.
func runStatementCmd(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
	code = Run(context.Background(), env, args)
	return out.String(), errOut.String(), code
}

func TestImportSummary(t *testing.T) {
	file := filepath.Join(corpus, "mt940", "consorsbank_hikaz_phpfints.sta")
	out, errOut, code := runStatementCmd(t, "import", file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		file + ": MT940, 2 statements",
		"1. account   50220500/123456789",
		"period    2019-11-18 – 2019-11-18",
		"opening   950.59 EUR on 2019-11-18",
		"closing   947.79 EUR on 2019-11-18",
		"bookings  1: in 0.00 EUR, out -2.80 EUR",
		"2. account   50220500/123456789",
		"closing   920.99 EUR on 2019-11-20",
		"bookings  2: in 0.00 EUR, out -26.80 EUR",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "warning") {
		t.Errorf("consistent statements flagged:\n%s", out)
	}
}

// TestImportDetectsFormats: MT940, MT942 and camt by content, whatever the
// file is called, several files in one run; a statement whose figures do
// not add up is flagged.
func TestImportDetectsFormats(t *testing.T) {
	dir := t.TempDir()
	copyTo := func(src, name string) string {
		data, err := os.ReadFile(filepath.Join(corpus, src))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	mt := copyTo("mt940/jejik_sparkasse2.sta", "download.txt")
	mt942 := copyTo("mt940/cmxl_mt942.sta", "vormerkungen.dat")
	cx := copyTo("camt/genkgo_camt053.v2.minimal.xml", "export")
	out, errOut, code := runStatementCmd(t, "import", mt, mt942, cx)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		mt + ": MT940, 1 statement\n",
		"warning   opening + bookings = 932079.54 EUR, but the bank's closing balance is 931304.50 EUR on 2020-02-19",
		mt942 + ": MT942, 2 statements",
		"kind      pending entries (not yet booked)",
		"bookings  1: in 9792.00 EUR, out 0.00 EUR",
		cx + ": CAMT,",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestImportJSON(t *testing.T) {
	file := filepath.Join(corpus, "mt940", "jejik_deutschebank.sta")
	out, errOut, code := runStatementCmd(t, "import", "--json", file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got []struct {
		File       string `json:"file"`
		Format     string `json:"format"`
		Statements []struct {
			Account  string `json:"account"`
			Bookings []struct {
				Amount string `json:"amount"`
				EREF   string `json:"end_to_end_ref"`
			} `json:"bookings"`
			Summary struct {
				Bookings int    `json:"bookings"`
				Debits   string `json:"debits"`
				Check    string `json:"check"`
			} `json:"summary"`
		} `json:"statements"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(got) != 1 || got[0].Format != "mt940" || len(got[0].Statements) != 1 {
		t.Fatalf("%+v", got)
	}
	st := got[0].Statements[0]
	if st.Account != "20070000/0123456601" || len(st.Bookings) != 1 || st.Bookings[0].Amount != "-12.35" ||
		st.Bookings[0].EREF != "A1.200080779.400143254.4961336" || st.Summary.Bookings != 1 || st.Summary.Debits != "-12.35" {
		t.Errorf("%+v", st)
	}
	if st.Summary.Check != "mismatch" { // the bank's own file: 0.00 - 12.35 ≠ 0.00
		t.Errorf("check %q", st.Summary.Check)
	}
}

func TestImportErrors(t *testing.T) {
	dir := t.TempDir()
	notStatement := filepath.Join(dir, "notes.txt")
	os.WriteFile(notStatement, []byte("Einkaufsliste: Milch, Brot\n"), 0o600)
	empty := filepath.Join(dir, "empty.sta")
	os.WriteFile(empty, nil, 0o600)
	broken := filepath.Join(dir, "broken.sta")
	os.WriteFile(broken, []byte(":20:X\n:25:1\n:60F:C250101EUR0,\n:61:250101CXNMSC\n-\n"), 0o600)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"import"}, 2, "name at least one statement file"},
		{[]string{"import", filepath.Join(dir, "missing.sta")}, 1, "no such file"},
		{[]string{"import", notStatement}, 1, "not a statement file: expected MT940/MT942 text"},
		{[]string{"import", empty}, 1, "the file is empty"},
		{[]string{"import", broken}, 1, "broken.sta: statement 1: mt940: line 4: field :61:"},
		{[]string{"import", filepath.Join(corpus, "camt", "hbci4java_test-camt-parse-invalid.xml")}, 1, "hbci4java_test-camt-parse-invalid.xml: "},
	}
	for _, tt := range tests {
		_, errOut, code := runStatementCmd(t, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tt.args, code, errOut, tt.code, tt.want)
		}
	}
}

func TestDetectFormat(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"\xef\xbb\xbf<?xml version=\"1.0\"?><Document/>", fileCamt},
		{"  \r\n<Document>", fileCamt},
		{"\r\n:20:STARTUMS\r\n", fileMT940},
		{"{1:F01TESTDEFFAXXX}{2:I940}{4:\n:20:X", fileMT940},
		{"ABNANL2A\n940\nABNANL2A\n:20:ABN AMRO BANK NV\n", fileMT940},
		{":20:X@@:25:1@@", fileMT940},
	}
	for _, tt := range tests {
		if got, err := detectFormat([]byte(tt.in)); err != nil || got != tt.want {
			t.Errorf("detectFormat(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "   \n", "hello", "%PDF-1.4"} {
		if _, err := detectFormat([]byte(bad)); err == nil {
			t.Errorf("detectFormat(%q) accepted", bad)
		}
	}
}
