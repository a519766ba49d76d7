package challenge

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const corpusDir = "../../testdata/corpus"

// manifestRows returns MANIFEST.tsv rows (local_file → expected) whose file
// name matches prefix.
func manifestRows(t *testing.T, prefix string) map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(corpusDir, "MANIFEST.tsv"))
	if err != nil {
		t.Fatalf("open manifest: %v", err)
	}
	defer f.Close()
	rows := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) > 8 && strings.HasPrefix(cols[0], prefix) {
			rows[cols[0]] = cols[8]
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read manifest: %v", err)
	}
	if len(rows) == 0 {
		t.Fatalf("no manifest rows for %s", prefix)
	}
	return rows
}

func readCorpus(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpusDir, name))
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	return b
}

// TestManifestFlicker checks every expectation MANIFEST.tsv lists for the
// hhd-flicker_* files: rendered hex codes and detected HHD versions.
func TestManifestFlicker(t *testing.T) {
	for file, expected := range manifestRows(t, "fints-messages/hhd-flicker_") {
		t.Run(filepath.Base(file), func(t *testing.T) {
			f, err := ParseHHDUC(string(readCorpus(t, file)))
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			switch {
			case strings.Contains(expected, "== "):
				want := strings.Fields(expected[strings.Index(expected, "== ")+3:])[0]
				got, err := f.Code()
				if err != nil {
					t.Fatalf("code: %v", err)
				}
				if !strings.EqualFold(got, want) {
					t.Errorf("code = %s, want %s", got, want)
				}
			case expected == "version HHD13":
				if f.HHD != "1.3" || len(f.ControlBytes) != 0 {
					t.Errorf("version %s with control bytes %v, want 1.3 without", f.HHD, f.ControlBytes)
				}
			default:
				t.Fatalf("manifest expectation %q not understood; teach this test", expected)
			}
		})
	}
}

// Parsed structure of the corpus strings.
func TestParseHHDUCStructure(t *testing.T) {
	tests := []struct {
		in   string
		want Flicker
	}{
		{"039870110490631098765432100812345678041,00",
			Flicker{HHD: "1.4", ControlBytes: []string{"01"}, StartCode: "1049063", DataElements: []string{"9876543210", "12345678", "1,00"}}},
		{"0248A0120452019980812345678",
			Flicker{HHD: "1.4", ControlBytes: []string{"01"}, StartCode: "2045201998", DataElements: []string{"12345678"}}},
		{"250891715637071234567041,00",
			Flicker{HHD: "1.3", StartCode: "91715637", DataElements: []string{"1234567", "1,00"}}},
		{"190277071234567041,00", // Postbank: HHD 1.3 in HHD_UC, 2-digit LC
			Flicker{HHD: "1.3", StartCode: "77", DataElements: []string{"1234567", "1,00"}}},
		{"044880120932160022DE125001051706484898900041,00", // 3-digit LDE (Sparkassen/Sparda)
			Flicker{HHD: "1.4", ControlBytes: []string{"01"}, StartCode: "20932160", DataElements: []string{"DE12500105170648489890", "1,00"}, LDEDigits: 3}},
		{"038 8A 01 2392302069 22 DE12500105170648489890", // spaced form
			Flicker{HHD: "1.4", ControlBytes: []string{"01"}, StartCode: "2392302069", DataElements: []string{"DE12500105170648489890"}}},
		{"0248a0120452019980812345678", // lower-case hex
			Flicker{HHD: "1.4", ControlBytes: []string{"01"}, StartCode: "2045201998", DataElements: []string{"12345678"}}},
		{"  0248A0120452019980812345678\r\n", // surrounding white space
			Flicker{HHD: "1.4", ControlBytes: []string{"01"}, StartCode: "2045201998", DataElements: []string{"12345678"}}},
		{"0168A81011234567890", // two control bytes (bit 7 chains them)
			Flicker{HHD: "1.4", ControlBytes: []string{"81", "01"}, StartCode: "1234567890"}},
		{"...TAN-Nummer: CHLGUC 002624088715131306389726041,00CHLGTEXT0244 Sie h...",
			Flicker{HHD: "1.3", StartCode: "87151313", DataElements: []string{"389726", "1,00"}}},
	}
	for _, tt := range tests {
		got, err := ParseHHDUC(tt.in)
		if err != nil {
			t.Errorf("ParseHHDUC(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(*got, tt.want) {
			t.Errorf("ParseHHDUC(%q) =\n %+v\nwant\n %+v", tt.in, *got, tt.want)
		}
	}
}

func TestParseHHDUCErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "empty challenge"},
		{"   ", "empty challenge"},
		{"0248A0120452019980812345678X", "neither HHD 1.4"},
		{"0248A012045201998081234567", "neither HHD 1.4"},                   // one character short
		{"0048000", "neither HHD 1.4"},                                      // LC fits, start code too short
		{"0068Z0123", "not two hex digits"},                                 // bad LS
		{"00480zz", "not two hex digits"},                                   // bad control byte
		{"003800", "neither HHD 1.4"},                                       // empty start code
		{"0248A01204520199808123456\u00e478", "non-ASCII"},                  // umlaut
		{"0158A012045201998", "neither"},                                    // LC mismatch
		{"0218A0120452019980\x01", "non-ASCII"},                             // control character
		{"0160A1234567890", "neither"},                                      // bit 7 of LS without control byte
		{"0268A012045201998011011011011", "after 3 data elements"},          // four DEs
		{"0338A012045201998201234567890123456789", "HHD 1.4"},               // DE longer than announced
		{"11 04 871 49552 05 123456789F 14 302C3031 07", "neither HHD 1.4"}, // a rendered code is no challenge (phpFinTS rejects it too)
	}
	for _, tt := range tests {
		_, err := ParseHHDUC(tt.in)
		if err == nil {
			t.Errorf("ParseHHDUC(%q) accepted malformed input", tt.in)
			continue
		}
		if !errors.Is(err, ErrHHD) {
			t.Errorf("ParseHHDUC(%q): error %v does not wrap ErrHHD", tt.in, err)
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseHHDUC(%q) error %q, want it to mention %q", tt.in, err, tt.want)
		}
	}
}

// Validation errors for flickers built by hand (the bank side).
func TestValidate(t *testing.T) {
	long := strings.Repeat("A", 16)
	tests := []struct {
		f    Flicker
		want string
	}{
		{Flicker{HHD: "1.4", StartCode: "123"}, "control byte"},
		{Flicker{HHD: "1.3", StartCode: "123", ControlBytes: []string{"01"}}, "no control bytes"},
		{Flicker{HHD: "2.0", StartCode: "123"}, "want 1.3 or 1.4"},
		{Flicker{HHD: "1.4", StartCode: "", ControlBytes: []string{"01"}}, "start code is empty"},
		{Flicker{HHD: "1.4", StartCode: "1", ControlBytes: []string{"1"}}, "not two hex digits"},
		{Flicker{HHD: "1.4", StartCode: "1", ControlBytes: []string{"81"}}, "bit 7"},
		{Flicker{HHD: "1.4", StartCode: "1", ControlBytes: []string{"01", "01"}}, "bit 7"},
		{Flicker{HHD: "1.4", StartCode: "1", ControlBytes: []string{"01"}, DataElements: []string{"1", "2", "3", "4"}}, "at most 3"},
		{Flicker{HHD: "1.4", StartCode: "1", ControlBytes: []string{"01"}, DataElements: []string{""}}, "DE1 is empty"},
		{Flicker{HHD: "1.4", StartCode: "1", ControlBytes: []string{"01"}, DataElements: []string{strings.Repeat("A", 64)}}, "at most 63"},
		{Flicker{HHD: "1.4", StartCode: strings.Repeat("1", 64), ControlBytes: []string{"01"}}, "at most 63"},
		{Flicker{HHD: "1.3", StartCode: "1", DataElements: []string{long}}, "HHD 1.3 allows 15"},
		{Flicker{HHD: "1.4", StartCode: "1", ControlBytes: []string{"01"}, DataElements: []string{"Müller"}}, "non-ASCII"},
		{Flicker{HHD: "1.4", StartCode: "1", ControlBytes: []string{"01"}, LDEDigits: 4}, "width 4"},
		{Flicker{HHD: "1.3", StartCode: strings.Repeat("1", 60), DataElements: []string{strings.Repeat("2", 60)}}, "LC allows 99"},
	}
	for _, tt := range tests {
		err := tt.f.Validate()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Validate(%+v) = %v, want error mentioning %q", tt.f, err, tt.want)
		}
		if _, err := tt.f.Code(); err == nil {
			t.Errorf("Code(%+v) rendered an invalid challenge", tt.f)
		}
		if _, err := EncodeHHDUC(tt.f); err == nil {
			t.Errorf("EncodeHHDUC(%+v) encoded an invalid challenge", tt.f)
		}
	}
	var nilF *Flicker
	if err := nilF.Validate(); err == nil {
		t.Error("nil flicker validated")
	}
}

func TestEncodeHHDUC(t *testing.T) {
	tests := []struct {
		f    Flicker
		want string
	}{
		{NewHHD14("1791456832", "DE21123456780000012345", "25,00"), "0458A01179145683222DE211234567800000123450525,00"},
		{NewHHD14("2392302069", "DE12500105170648489890"), "0388A01239230206922DE12500105170648489890"},
		{Flicker{HHD: "1.3", StartCode: "91715637", DataElements: []string{"1234567", "1,00"}}, "250891715637071234567041,00"},
		{Flicker{HHD: "1.4", ControlBytes: []string{"01"}, StartCode: "20932160", DataElements: []string{"DE12500105170648489890", "1,00"}, LDEDigits: 3},
			"044880120932160022DE125001051706484898900041,00"},
	}
	for _, tt := range tests {
		got, err := EncodeHHDUC(tt.f)
		if err != nil || got != tt.want {
			t.Errorf("EncodeHHDUC(%+v) = %q, %v; want %q", tt.f, got, err, tt.want)
		}
	}
}

// Whatever the bank side encodes, the client side reads back unchanged.
func TestEncodeParseRoundTrip(t *testing.T) {
	flickers := []Flicker{
		NewHHD14("1791456832", "DE21123456780000012345", "25,00"),
		NewHHD14("2045201998", "12345678"),
		NewHHD14("1120492", "30084403", "450,00", "2"),
		NewHHD14("ABC12"),
		NewHHD14(strings.Repeat("9", 63), strings.Repeat("A", 63)),
		{HHD: "1.4", ControlBytes: []string{"81", "01"}, StartCode: "1234567890"},
		{HHD: "1.4", ControlBytes: []string{"01"}, StartCode: "20932160", DataElements: []string{"DE12500105170648489890", "1,00"}, LDEDigits: 3},
		{HHD: "1.3", StartCode: "87151313", DataElements: []string{"389726", "1,00"}},
		{HHD: "1.3", StartCode: "77", DataElements: []string{"1234567", "1,00"}},
		{HHD: "1.3", StartCode: "1", DataElements: []string{"A B"}},
	}
	for _, f := range flickers {
		s, err := EncodeHHDUC(f)
		if err != nil {
			t.Errorf("encode %+v: %v", f, err)
			continue
		}
		back, err := ParseHHDUC(s)
		if err != nil {
			t.Errorf("parse %q: %v", s, err)
			continue
		}
		if !reflect.DeepEqual(*back, f) {
			t.Errorf("round trip of %q:\n got  %+v\n want %+v", s, *back, f)
		}
	}
}
