package wire

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestParseRequestGuideMessage(t *testing.T) {
	r, err := ParseRequest(readGolden(t, "guide_12_2_init_request.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Head.DialogID != "0" || r.Head.Number != 1 || r.Function != "942" || r.Profile != 2 ||
		r.ControlRef != "4711001" || r.SystemID != "7Gq2XbL9RkVt4Mzp" || r.UserID != "test1" ||
		r.BankCode != "12345678" || r.Time != "20250115:101500" {
		t.Errorf("request %+v", r)
	}
	if r.PIN.Reveal() != "1234" || !r.TAN.Empty() {
		t.Errorf("PIN/TAN wrong")
	}
	if idsOf(r.Jobs) != "HKIDN,HKVVB,HKTAN" || r.Jobs[2].Number != 5 {
		t.Errorf("jobs %s", idsOf(r.Jobs))
	}
	// The bank answers with the customer's signature values mirrored.
	ans, err := NewAnswer(Head{DialogID: "D1", Number: 1, RefDialogID: "D1", RefNumber: 1},
		r.AnswerSecurity(at("20250115101501")), NewHIRMG(ReturnCode{Code: "0010", Text: "ok"}))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := ans.Bytes()
	resp, err := ParseResponse(b)
	if err != nil {
		t.Fatal(err)
	}
	hnshk := resp.Find("HNSHK")
	if !resp.Signed || hnshk.Str(4) != "4711001" || hnshk.Group(7).Str(1) != "2" || resp.Find("HNSHA").Len() != 2 {
		t.Errorf("answer signature: %s", b)
	}
	if len(resp.Message.Notes) != 0 || resp.Head.RefDialogID != "D1" {
		t.Errorf("notes %v head %+v", resp.Message.Notes, resp.Head)
	}
}

// mutate replaces old by new in the guide message and fixes the HNHBK size
// unless keepSize is set.
func mutate(t *testing.T, old, new string, keepSize bool) []byte {
	t.Helper()
	s := string(readGolden(t, "guide_12_2_init_request.bin"))
	if !strings.Contains(s, old) {
		t.Fatalf("%q not in message", old)
	}
	s = strings.Replace(s, old, new, 1)
	if !keepSize {
		s = strings.Replace(s, "000000000423", fmt.Sprintf("%012d", len(s)), 1)
	}
	return []byte(s)
}

func TestParseRequestRejects(t *testing.T) {
	inner := func(old, new string) []byte {
		// Keep the HNVSD length right so only the checked rule breaks.
		b := mutate(t, old, new, false)
		return []byte(strings.Replace(string(b), "@250@", fmt.Sprintf("@%d@", 250+len(new)-len(old)), 1))
	}
	tests := []struct {
		name, code, want string
		msg              []byte
	}{
		{"garbage", "9110", "not FinTS syntax", []byte("hello")},
		{"wrong first segment", "9110", "must start with HNHBK", []byte("HKIDN:1:2+x'")},
		{"size mismatch", "9110", "declares 423 bytes", mutate(t, "+300+0+1'", "+300+00+1'", true)},
		{"version", "9185", "version 220", mutate(t, "+300+0+1'", "+220+0+1'", false)},
		{"trailer number", "9110", "HNHBS message number", mutate(t, "HNHBS:7:1+1'", "HNHBS:7:1+2'", false)},
		{"trailer segment number", "9110", "HNHBS has number 8", mutate(t, "HNHBS:7:1", "HNHBS:8:1", false)},
		{"control refs differ", "9110", "control references", inner("HNSHA:6:2+4711001", "HNSHA:6:2+4711009")},
		{"numbering gap", "9110", "has number 7, expected 5", inner("HKTAN:5:7", "HKTAN:7:7")},
		{"profile mismatch", "9110", "does not fit", mutate(t, "HNSHK:2:4+PIN:2", "HNSHK:2:4+PIN:1", false)},
		{"missing HNSHA", "9110", "end with HNSHA", inner("HNSHA:6:2+4711001++1234'", "HKEND:6:1+x'")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseRequest(tc.msg)
			var ee *EnvelopeError
			if !errors.As(err, &ee) {
				t.Fatalf("err = %v, want *EnvelopeError", err)
			}
			if ee.Code != tc.code || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want code %s and %q", err, tc.code, tc.want)
			}
			if ee.ReturnCode().Code != tc.code {
				t.Errorf("ReturnCode %+v", ee.ReturnCode())
			}
			if strings.Contains(err.Error(), "1234'") {
				t.Errorf("error shows the PIN")
			}
		})
	}
}

func TestNewAnswerNeedsReference(t *testing.T) {
	if _, err := NewAnswer(Head{DialogID: "D", Number: 1}, nil); err == nil {
		t.Error("answer without reference message accepted")
	}
	msg, err := NewAbort(Head{}, ReturnCode{Code: "9110", Text: "Unbekannter Aufbau"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := msg.Bytes()
	if !strings.Contains(string(b), "+300+0+9999+0:9999'HIRMG:2:2+9800::Dialog abgebrochen+9110::Unbekannter Aufbau'") {
		t.Errorf("abort for unreadable message: %s", b)
	}
}
