package wire

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const corpusDir = "../../testdata/corpus/fints-messages/"

// corpusFiles lists the FinTS messages of the shared corpus (MANIFEST kinds
// fints-request and fints-response; the TAN challenge files are not
// messages).
func corpusFiles(t testing.TB) []string {
	t.Helper()
	f, err := os.Open("../../testdata/corpus/MANIFEST.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) > 6 && strings.HasPrefix(cols[0], "fints-messages/") && strings.HasPrefix(cols[6], "fints-") {
			out = append(out, filepath.Join("../../testdata/corpus", cols[0]))
		}
	}
	if len(out) < 60 {
		t.Fatalf("only %d corpus messages found", len(out))
	}
	return out
}

func readCorpus(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(corpusDir + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Every corpus message decodes, and decode→encode→decode is stable.
func TestCorpusDecodesAndRoundTrips(t *testing.T) {
	for _, path := range corpusFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			m, err := Decode(b)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			enc := Encoder{Charset: m.Charset}
			first, err := enc.Encode(m.Segments...)
			if err != nil {
				t.Fatalf("Encode: %v", err)
			}
			m2, err := Decode(first)
			if err != nil {
				t.Fatalf("Decode of re-encoded form: %v", err)
			}
			second, _ := enc.Encode(m2.Segments...)
			if !bytes.Equal(first, second) {
				t.Errorf("round trip unstable:\n%s\n%s", first, second)
			}
			if len(m2.Flat()) != len(m.Flat()) {
				t.Errorf("flat segment count %d → %d", len(m.Flat()), len(m2.Flat()))
			}
		})
	}
}

func TestCorpusSplitSegments(t *testing.T) {
	tests := []struct {
		file  string
		ids   string
		notes int
	}{
		// libfintx TestSplitSegments_1: the bank's HNVSD length counts the
		// Latin-1 "ö"; the fixture is UTF-8.
		{"deutsche-bank_libfintx_testsplitsegments_1_response_full.bin", "HNHBK,HIRMG,HIRMS,HIRMS,HNHBS", 2},
		{"berliner-volksbank_libfintx_testsplitsegments_2_response_full.bin", "HNHBK,HNSHK,HIRMG,HIRMS,HITAN,HNSHA,HNHBS", 0},
	}
	for _, tc := range tests {
		r, err := ParseResponse(readCorpus(t, tc.file))
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if got := idsOf(r.Segments); got != tc.ids {
			t.Errorf("%s: %s, want %s", tc.file, got, tc.ids)
		}
		if len(r.Message.Notes) != tc.notes {
			t.Errorf("%s: notes %q", tc.file, r.Message.Notes)
		}
	}
	r, _ := ParseResponse(readCorpus(t, "deutsche-bank_libfintx_testsplitsegments_1_response_full.bin"))
	if c, ok := r.Codes.ForSegment(4).Find("9210"); !ok || !strings.HasSuffix(c.Text, "Eingereichter Auftrag gelösch") {
		t.Errorf("HIRMS for segment 4: %+v", r.Codes.ForSegment(4))
	}
	if r.Head.DialogID != "kQhXXcecBq4120210429134136079%" || r.Head.Number != 2 || r.DeclaredSize != 443 {
		t.Errorf("head %+v size %d", r.Head, r.DeclaredSize)
	}
	r, _ = ParseResponse(readCorpus(t, "berliner-volksbank_libfintx_testsplitsegments_2_response_full.bin"))
	if got := r.Find("HITAN").Str(5); got != "Ihre TAN wurde an Ihre App 'Apple iPhone10,4' gesendet." {
		t.Errorf("HITAN challenge %q", got)
	}
}

func TestCorpusContent(t *testing.T) {
	t.Run("sparkasse escaped system id", func(t *testing.T) {
		b := readCorpus(t, "sparkasse-vorpommern_end_response_full.bin")
		r, err := ParseResponse(b)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Message.Segments) != 4 || r.DeclaredSize != len(b) || len(r.Message.Notes) != 0 {
			t.Errorf("%d top-level segments, size %d/%d, notes %v", len(r.Message.Segments), r.DeclaredSize, len(b), r.Message.Notes)
		}
		if r.Head.DialogID != "430711670077=043999659571CN9D=" || r.Head.RefNumber != 2 {
			t.Errorf("head %+v", r.Head)
		}
		if got := r.Find("HNSHK").Group(7).Str(3); got != "oIm3BlHv6mQBAADYgbPpp+kWrAQA" {
			t.Errorf("system id %q", got)
		}
		if !r.DialogEnded() || r.Err() != nil {
			t.Errorf("want dialog ended without error, codes %v", r.Codes)
		}
	})
	t.Run("dkb hivpp binary", func(t *testing.T) {
		r, err := ParseResponse(readCorpus(t, "dkb_hivpp_vop_response_full.bin"))
		if err != nil {
			t.Fatal(err)
		}
		hivpp := r.Find("HIVPP")
		id := hivpp.Bin(2)
		if len(id) != 364 || !bytes.HasPrefix(id, []byte("eFis/qt12y83MSR+")) || !bytes.HasSuffix(id, []byte("pJc=")) {
			t.Errorf("VOP-ID binary %d bytes: %.20q…", len(id), id)
		}
		if got := hivpp.Group(7).Str(5); got != "RCVC" {
			t.Errorf("VoP result %q", got)
		}
		if !r.Codes.Has("3090", "0025") || !r.Codes.ForSegment(5).Has("3945") {
			t.Errorf("codes %v", r.Codes)
		}
		if r.Message.Charset != UTF8 || r.Find("HIRMS").Group(2).Str(3) != "Ergebnis Namensabgleich prüfen" {
			t.Errorf("charset %v text %q", r.Message.Charset, r.Find("HIRMS").Group(2).Str(3))
		}
	})
	t.Run("deutsche bank pain binary", func(t *testing.T) {
		r, err := ParseResponse(readCorpus(t, "deutsche-bank_hicdb_response_full.bin"))
		if err != nil {
			t.Fatal(err)
		}
		hicdb := r.Find("HICDB")
		xml := hicdb.Bin(4)
		if len(xml) != 1152 || !bytes.HasPrefix(xml, []byte("<?xml")) || !bytes.HasSuffix(xml, []byte("</Document>")) {
			t.Errorf("pain binary: %d bytes", len(xml))
		}
		if got := hicdb.Str(3); got != "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09" {
			t.Errorf("descriptor %q", got)
		}
		if got := hicdb.Group(2); got.Str(1) != "DE12345678901234567890" || got.Str(2) != "DEUTDEDB277" {
			t.Errorf("account %v", got.Strs(1))
		}
		if r.DeclaredSize != 2526 || len(r.Message.Notes) != 1 {
			t.Errorf("declared %d, notes %v", r.DeclaredSize, r.Message.Notes)
		}
	})
	t.Run("volksbank stuttgart task reference", func(t *testing.T) {
		r, _ := ParseResponse(readCorpus(t, "volksbank-stuttgart_libfintx_test_parse_segments_hitan_1_response_full.bin"))
		if got := r.Find("HITAN").Str(4); got != "eBYcsEe0unsBAAAXXkX5hG+owAQA" {
			t.Errorf("HITAN reference %q", got)
		}
	})
	t.Run("postbank NUL key fill", func(t *testing.T) {
		r, _ := ParseResponse(readCorpus(t, "postbank_sync_end_response_full.bin"))
		if key := r.Message.Segments[1].Group(7).Bin(4); !bytes.Equal(key, make([]byte, 8)) {
			t.Errorf("HNVSK key %q", key)
		}
	})
	t.Run("consorsbank stray header colon", func(t *testing.T) {
		r, _ := ParseResponse(readCorpus(t, "consorsbank_anonymous_init_response_full.bin"))
		g := r.Find("HIRMG")
		if g.Ref != 0 || r.Codes.Global()[0].Code != "3060" {
			t.Errorf("HIRMG %s codes %v", g.Header(), r.Codes.Global())
		}
		if got := r.Find("HIBPA").Str(4); got != "Consors" {
			t.Errorf("bank name %q", got)
		}
	})
	t.Run("manifest header expectations", func(t *testing.T) {
		for _, tc := range []struct {
			file           string
			declared, hbci int
			notes          int
		}{
			{"anonymized_multiple_degs_response_full.bin", 0, 300, 1},
			{"sparkasse-muldental_bpd_hbci220_response_full.bin", 6469, 220, 1},
			{"volksbank-franken_bpd_response_full.bin", 2603, 300, 1},
			{"atruvia_anonymous_init_response_full.bin", 13003, 300, 0},
			{"dkb_anonymous_init_response_full.bin", 11229, 300, 0},
		} {
			r, err := ParseResponse(readCorpus(t, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if r.DeclaredSize != tc.declared || r.HBCIVersion != tc.hbci || len(r.Message.Notes) != tc.notes {
				t.Errorf("%s: size %d version %d notes %v", tc.file, r.DeclaredSize, r.HBCIVersion, r.Message.Notes)
			}
		}
	})
	t.Run("latin-1 umlaut", func(t *testing.T) {
		m, _ := Decode(readCorpus(t, "atruvia_init_response_inner.bin"))
		if m.Charset != Latin1 || !strings.Contains(m.Find("HIRMS").Group(3).Str(3), "für den Benutzer") {
			t.Errorf("charset %v text %q", m.Charset, m.Find("HIRMS").Group(3).Str(3))
		}
	})
	t.Run("mt940 binary with CRLF", func(t *testing.T) {
		m, _ := Decode(readCorpus(t, "consorsbank_getstatementofaccount_get_statement_response_inner.bin"))
		mt := m.Find("HIKAZ").Bin(2)
		if len(mt) != 1034 || !bytes.HasPrefix(mt, []byte("\r\n:20:")) {
			t.Errorf("MT940 %d bytes %.10q", len(mt), mt)
		}
	})
}

// Requests written by a real client (phpFinTS) and accepted by banks parse
// on the server side with their credentials as secrets.
func TestCorpusRequests(t *testing.T) {
	tests := []struct {
		file, function, user, system, pin, tan, jobs string
		profile                                      int
	}{
		{"dkb_sync_request_full.bin", "999", "test@user", "0", "12345", "", "HKIDN,HKVVB,HKSYN", 1},
		{"dkb_initenddialog_hktab_request_full.bin", "921", "test@user", "FAKEKUNDENSYSTEMIDabcdefghij", "12345", "", "HKTAB", 2},
		{"gls_getstatementofaccountxml_send_tan_request_full.bin", "942", "PRIVATE__", "FAKEKUNDENSYSTEMIDabcdefghij", "PRIVATE_____________", "123456", "HKTAN", 2},
		{"postbank_anonymous_init_request_full.bin", "", "", "", "", "", "HKIDN,HKVVB,HKTAN", 0},
		{"ksk-biberach_anonymous_end_request_full.bin", "", "", "", "", "", "HKEND", 0},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			r, err := ParseRequest(readCorpus(t, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if r.Function != tc.function || r.UserID != tc.user || r.SystemID != tc.system || r.Profile != tc.profile {
				t.Errorf("function %q user %q system %q profile %d", r.Function, r.UserID, r.SystemID, r.Profile)
			}
			if r.PIN.Reveal() != tc.pin || r.TAN.Reveal() != tc.tan {
				t.Errorf("PIN/TAN mismatch")
			}
			if got := idsOf(r.Jobs); got != tc.jobs {
				t.Errorf("jobs %s, want %s", got, tc.jobs)
			}
			if r.Signed {
				trace := string(Trace(r.Message.Segments...))
				i := strings.Index(trace, "HNSHA:")
				if i < 0 || !strings.HasPrefix(trace[i:], "HNSHA:"+itoa(len(r.Jobs)+3)+":2+"+r.ControlRef+"++***") || strings.Contains(trace[i:], tc.pin) {
					t.Errorf("trace of the request does not redact HNSHA: %s", trace)
				}
			}
		})
	}
}
