package fints

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"saldo/fints/pain"
	"saldo/fints/wire"
)

// vopTransfer is the order the corpus answers are read against.
var vopTransfer = Transfer{ToName: "Erika Beispiel", ToIBAN: "DE21123456780000012345"}

// TestReadVoPDKB reads the real DKB answer: 3090 "check the result" plus
// 0025 on HKVPP (segment 3), 3945 on HKTAN, and HIVPP with a 364-byte
// VOP-ID and the single-transaction result RCVC in #7.
func TestReadVoPDKB(t *testing.T) {
	r := corpusResponse(t, "dkb_hivpp_vop_response_full.bin")
	va := readVoP(r.Body(), r.Codes, 3, vopTransfer)
	if va.Poll || va.NoConfirm {
		t.Fatalf("poll=%v noConfirm=%v, want a final result that needs HKVPA", va.Poll, va.NoConfirm)
	}
	if len(va.VoPID) != 364 || !bytes.HasPrefix(va.VoPID, []byte("eFis/qt12y83")) {
		t.Errorf("VOP-ID = %d bytes %q…, want the 364-byte binary", len(va.VoPID), va.VoPID[:min(12, len(va.VoPID))])
	}
	if va.Result == nil || va.Result.Match != VoPMatched {
		t.Fatalf("result = %+v, want a match (RCVC)", va.Result)
	}
	// The bank masks the IBAN in #7; the given one stays.
	if va.Result.IBAN != vopTransfer.ToIBAN || va.Result.GivenName != vopTransfer.ToName {
		t.Errorf("result = %+v", va.Result)
	}
	if !va.Codes.Has("3090", "0025") || r.Codes.ForSegment(5).Has("3945") == false {
		t.Errorf("codes = %v", r.Codes)
	}
}

// TestReadVoPAtruvia reads Atruvia's "partial match" answer: 3090 and
// HIVPP with VOP-ID, report descriptor and the explanation text (#8, with
// markup); the pain.002 report is injected as the test that recorded it
// does, once a no-match and once the composed close-match report.
func TestReadVoPAtruvia(t *testing.T) {
	segs := corpusSegments(t, "atruvia_sendtransfervop_vop_report_partial_match_response_inner.bin")
	codes := wire.ParseReturnCodes(segs)

	va := readVoP(segs, codes, 3, vopTransfer)
	if va.Poll || va.NoConfirm || string(va.VoPID) != "5e3b5c99-df27-4d42-835b-18b35d0c66ff" {
		t.Fatalf("answer = %+v", va)
	}
	if va.Result == nil || va.Result.Match != VoPNotPossible {
		t.Fatalf("without a report the result must be left to the person (not possible), got %+v", va.Result)
	}
	text := va.Result.Text
	if strings.Contains(text, "<b>") || strings.Contains(text, "<br>") || !strings.Contains(text, "Zahlungsempfänger") {
		t.Errorf("text not turned into plain text: %q", text)
	}

	hivpp := wire.Find(segs, "HIVPP")
	report, err := pain.MarshalStatusReport(pain.StatusReport{MsgID: "R1", OrgnlMsgID: "M1", GroupStatus: "RVCM",
		Transactions: []pain.TxStatus{{PmtInfID: "P1", EndToEndID: "NOTPROVIDED", Status: "RVNM",
			CreditorName: vopTransfer.ToName, CreditorIBAN: vopTransfer.ToIBAN}}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	withReport(hivpp, report)
	if va = readVoP(segs, codes, 3, vopTransfer); va.Result == nil || va.Result.Match != VoPNoMatch || va.Result.SuggestedName != "" {
		t.Errorf("with a no-match report: %+v", va.Result)
	}

	close, err := os.ReadFile(filepath.Join("pain", "testdata", "vop-close-match.pain.002.001.10.xml"))
	if err != nil {
		t.Fatal(err)
	}
	withReport(hivpp, close)
	va = readVoP(segs, codes, 3, vopTransfer)
	if va.Result == nil || va.Result.Match != VoPCloseMatch || va.Result.SuggestedName != "Erika Beispiel-Mustermann" {
		t.Errorf("with the close-match report: %+v", va.Result)
	}
	// The same report read for the other payee in it is a match.
	va = readVoP(segs, codes, 3, Transfer{ToName: "Max Mustermann", ToIBAN: "DE87123456781234567890", EndToEndID: "INV-4711"})
	if va.Result == nil || va.Result.Match != VoPMatched {
		t.Errorf("second transaction of the report: %+v", va.Result)
	}
}

func withReport(hivpp *wire.Segment, report []byte) {
	for hivpp.Len() < 6 {
		hivpp.Add(nil)
	}
	hivpp.DEs[4] = wire.B(report) // #6
}

// TestHKVPPPollBytes builds the poll request and compares it with the one
// phpFinTS sent to Atruvia (bank-accepted traffic).
func TestHKVPPPollBytes(t *testing.T) {
	want, err := os.ReadFile(filepath.Join(corpusDir, "atruvia_sendtransfervop_poll_vop_request_inner.bin"))
	if err != nil {
		t.Fatal(err)
	}
	s := hkvpp([]string{statusReportV10}, []byte("c0f5c2a4-ebb7-4e72-be44-c68742177a2b"), "staticscrollref")
	s.Number = 3
	got, err := wire.Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != strings.TrimSpace(string(want)) {
		t.Errorf("HKVPP poll =\n%s\nwant\n%s", got, want)
	}
	// The first request carries the descriptors only.
	first, _ := wire.Encode(numbered(hkvpp([]string{statusReportV10}, nil, ""), 5))
	if string(first) != "HKVPP:5:1+urn?:iso?:std?:iso?:20022?:tech?:xsd?:pain.002.001.10'" {
		t.Errorf("HKVPP first = %s", first)
	}
	vpa, _ := wire.Encode(numbered(hkvpa([]byte("5e3b5c99-df27-4d42-835b-18b35d0c66ff")), 4))
	if string(vpa) != "HKVPA:4:1+@36@5e3b5c99-df27-4d42-835b-18b35d0c66ff'" {
		t.Errorf("HKVPA = %s", vpa)
	}
}

func numbered(s *wire.Segment, n int) *wire.Segment { s.Number = n; return s }

// TestReadVoPShapes covers the answers the corpus has no recording of:
// "still checking" with a Polling-ID, a touchdown and a wait; 3093 without
// a touchdown; a match that needs no HKVPA (3091); an answer without any
// VoP content.
func TestReadVoPShapes(t *testing.T) {
	cases := []struct {
		name, answer     string
		poll, noConfirm  bool
		wait             time.Duration
		touchdown, polID string
		match            VoPMatch
		noResult         bool
	}{
		{name: "polling", answer: "HIRMG:3:2+3060::Hinweise.'HIRMS:4:2:5+3040::Pruefung laeuft.:TD-1'HIRMS:5:2:4+3945::Freigabe erst nach Namensabgleich.'HIVPP:6:1:5+++@5@POL-1+++++3'",
			poll: true, wait: 3 * time.Second, touchdown: "TD-1", polID: "POL-1"},
		{name: "polling without wait", answer: "HIRMS:4:2:5+3040::Pruefung laeuft.:TD-2'HIVPP:6:1:5+++@5@POL-2'",
			poll: true, wait: defaultVoPWait, touchdown: "TD-2", polID: "POL-2"},
		{name: "3093 only", answer: "HIRMS:4:2:5+3093::Namensabgleich noch in Bearbeitung.'HIVPP:6:1:5+++@5@POL-3+++++1'",
			poll: true, wait: time.Second, polID: "POL-3"},
		{name: "match without confirmation", answer: "HIRMS:4:2:5+3091::VOP-Ausfuehrungsauftrag nicht benoetigt.+0025::Keine Namensabweichung.'HIVPP:6:1:5+@3@V-1+++urn?:iso?:std?:iso?:20022?:tech?:xsd?:pain.002.001.10'",
			noConfirm: true, match: VoPMatched},
		{name: "close match in #7", answer: "HIRMS:4:2:5+3090::Ergebnis pruefen.'HIVPP:6:1:5+@3@V-2+20251020:101500++++DE21123456780000012345::Erika Beispiel-Mustermann::RVMC'",
			match: VoPCloseMatch},
		{name: "not possible with reason", answer: "HIRMS:4:2:5+3090::Ergebnis pruefen.'HIVPP:6:1:5+@3@V-3+++++DE21123456780000012345::::RVNA:AC01'",
			match: VoPNotPossible},
		{name: "no VoP content", answer: "HIRMS:4:2:3+0020::Ausgefuehrt.'", noResult: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, err := wire.Decode([]byte(tc.answer))
			if err != nil {
				t.Fatal(err)
			}
			va := readVoP(m.Segments, wire.ParseReturnCodes(m.Segments), 5, vopTransfer)
			if va.Poll != tc.poll || va.NoConfirm != tc.noConfirm {
				t.Fatalf("poll=%v noConfirm=%v", va.Poll, va.NoConfirm)
			}
			if tc.poll {
				if va.Wait != tc.wait || va.Touchdown != tc.touchdown || string(va.PollingID) != tc.polID || va.Result != nil {
					t.Errorf("poll answer = %+v", va)
				}
				return
			}
			if tc.noResult {
				if va.Result != nil {
					t.Errorf("result = %+v, want none", va.Result)
				}
				return
			}
			if va.Result == nil || va.Result.Match != tc.match {
				t.Fatalf("result = %+v, want %s", va.Result, tc.match)
			}
			if tc.match == VoPCloseMatch && va.Result.SuggestedName != "Erika Beispiel-Mustermann" {
				t.Errorf("suggested name = %q", va.Result.SuggestedName)
			}
			if tc.name == "close match in #7" {
				want := time.Date(2025, 10, 20, 10, 15, 0, 0, berlin)
				if !va.ValidUntil.Equal(want) {
					t.Errorf("valid until = %v, want %v", va.ValidUntil, want)
				}
			}
		})
	}
}

func TestVoPFormats(t *testing.T) {
	got := vopFormats([]string{"urn:iso:std:iso:20022:tech:xsd:pain.002.001.10", "HKCCS"})
	if len(got) != 1 || got[0] != statusReportV10 {
		t.Errorf("formats = %v", got)
	}
	if got := vopFormats(nil); len(got) != 1 || got[0] != statusReportV10 {
		t.Errorf("default formats = %v", got)
	}
}
