package fints

import (
	"strings"
	"testing"

	"saldo/fints/wire"
)

// TestJudge classifies bank answers about an order. The first two are real
// answers to the TAN message of a transfer (Atruvia after app approval,
// DKB after an SMS-TAN); the rest are composed in the shape of §12.8/§12.12.
func TestJudge(t *testing.T) {
	cases := []struct {
		name, file, answer string
		state              OutcomeState
		code, reason, ref  string
	}{
		{name: "atruvia decoupled approved", file: "atruvia_sendtransfervop_check_decoupled_submission_response_inner.bin", state: Executed},
		{name: "dkb TAN accepted", file: "dkb_sendsepatransfer_send_tan_response_inner.bin", state: Executed},
		{name: "invalid IBAN", answer: "HIRMG:3:2+9050::Teilweise fehlerhaft.'HIRMS:4:2:3+9210:4:IBAN ungueltig.'",
			state: Rejected, code: "9210", reason: "9210 IBAN ungueltig."},
		{name: "insufficient funds", answer: "HIRMG:3:2+9050::Teilweise fehlerhaft.'HIRMS:4:2:3+9230::Deckung nicht ausreichend.'",
			state: Rejected, code: "9230", reason: "9230 Deckung nicht ausreichend."},
		{name: "duplicate", answer: "HIRMG:3:2+9050::Teilweise fehlerhaft.'HIRMS:4:2:3+9390::Doppelte Einreichung.'",
			state: Rejected, code: "9390"},
		{name: "dialog aborted", answer: "HIRMG:2:2+9800::Dialog abgebrochen.+9010::Dialog unbekannt.'",
			state: Rejected, code: "9010", reason: "9800 Dialog abgebrochen.; 9010 Dialog unbekannt."},
		{name: "status indifferent", answer: "HIRMG:3:2+0010::Nachricht entgegengenommen.'HIRMS:4:2:3+9000::Status unklar.'",
			state: Unknown, code: "9000"},
		{name: "not released without payee confirmation", answer: "HIRMG:3:2+3060::Hinweise.'HIRMS:4:2:5+3945::Freigabe ohne VOP-Bestaetigung nicht moeglich.'",
			state: Rejected, code: "3945"},
		{name: "cancelled", answer: "HIRMG:3:2+0010::Ok.'HIRMS:4:2:3+0031::Auftrag storniert.'", state: Rejected, code: "0031"},
		{name: "no word about the order", answer: "HIRMG:3:2+0010::Nachricht entgegengenommen.'HIRMS:4:2:3+3060::Hinweis.'", state: Unknown},
		{name: "TAN valid only", answer: "HIRMG:3:2+0010::Ok.'HIRMS:4:2:3+0900::TAN gueltig.'", state: Executed},
		{name: "scheduled with id", answer: "HIRMG:3:2+0010::Ok.'HIRMS:4:2:3+0010::Terminierter Auftrag angenommen.'HICSE:5:1:3+TRM-4711'",
			state: Executed, ref: "TRM-4711"},
		{name: "processed under reference", answer: "HIRMG:3:2+0010::Ok.'HIRMS:4:2:3+0020::Ausgefuehrt.+3070::Unter Referenz:R-99'",
			state: Executed, ref: "R-99"},
		{name: "instant rejected by payee bank", answer: "HIRMG:3:2+0010::Ok.'HIRMS:4:2:3+0020::Ausgefuehrt.'HIIPZ:5:1:3+IP-1++9'",
			state: Rejected, ref: "IP-1", reason: "rejected by the payee's bank"},
		{name: "instant executed", answer: "HIRMG:3:2+0010::Ok.'HIRMS:4:2:3+0020::Ausgefuehrt.'HIIPZ:5:1:3+IP-2++7'",
			state: Executed, ref: "IP-2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var segs []*wire.Segment
			if tc.file != "" {
				segs = corpusSegments(t, tc.file)
			} else {
				m, err := wire.Decode([]byte(tc.answer))
				if err != nil {
					t.Fatal(err)
				}
				segs = m.Segments
			}
			var data []*wire.Segment
			for _, s := range segs {
				if s.ID != "HIRMG" && s.ID != "HIRMS" && s.ID != "HITAN" {
					data = append(data, s)
				}
			}
			vop := &VoPResult{Match: VoPCloseMatch}
			o := judge(&payment{Result: vop}, wire.ParseReturnCodes(segs), data)
			if o.State != tc.state || o.Code != tc.code || o.Reference != tc.ref {
				t.Fatalf("outcome = %+v, want %s code %q ref %q", o, tc.state, tc.code, tc.ref)
			}
			if tc.reason != "" && !strings.Contains(o.Reason, tc.reason) {
				t.Errorf("reason = %q, want it to contain %q", o.Reason, tc.reason)
			}
			if o.State != Executed && o.Reason == "" {
				t.Error("a rejected or unknown outcome needs a reason")
			}
			if o.VoP != vop {
				t.Error("the payee check result is not carried into the outcome")
			}
		})
	}
}
