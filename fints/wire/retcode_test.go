package wire

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
)

func TestParseReturnCodes(t *testing.T) {
	m := mustDecode(t, "HIRMG:3:2+0010::Nachricht entgegengenommen.+3060::Warnungen'"+
		"HIRMS:4:2:4+0020::ok+3920::Zugelassene Verfahren:942:946'"+
		"HIRMS:5:2:3+9210:2,1:IBAN ungueltig.'HIRMS:6:2:5+3040::Weitere Daten:20250110-000042'")
	cs := ParseReturnCodes(m.Segments)
	if len(cs) != 6 {
		t.Fatalf("%d codes", len(cs))
	}
	want := ReturnCode{Code: "3920", Text: "Zugelassene Verfahren", Params: []string{"942", "946"}, Segment: 4}
	if c, _ := cs.Find("3920"); !reflect.DeepEqual(c, want) {
		t.Errorf("3920 = %+v", c)
	}
	if c, _ := cs.Find("9210"); c.Ref != "2,1" || c.Segment != 3 || c.Global {
		t.Errorf("9210 = %+v", c)
	}
	if g := cs.Global(); len(g) != 2 || !g[0].Global || g[0].Segment != 0 {
		t.Errorf("global %+v", g)
	}
	if c, _ := cs.ForSegment(5).Find("3040"); c.Params[0] != "20250110-000042" {
		t.Errorf("touchdown %+v", c)
	}
	if len(cs.Warnings()) != 3 || len(cs.Errors()) != 1 || !cs.Has("0020", "nope") || cs.Has("9999") {
		t.Errorf("filters: warnings %d errors %d", len(cs.Warnings()), len(cs.Errors()))
	}
}

func TestReturnCodeClassAndMessage(t *testing.T) {
	tests := []struct {
		c     ReturnCode
		class Class
		msg   string
	}{
		{ReturnCode{Code: "0020", Text: "Auftrag ausgeführt"}, Success, "Auftrag ausgeführt"},
		{ReturnCode{Code: "3076"}, Warning, "No strong authentication required"},
		{ReturnCode{Code: "1040", Text: "BPD nicht mehr aktuell"}, Warning, "BPD nicht mehr aktuell"},
		{ReturnCode{Code: "9942", Text: "  "}, Error, "PIN invalid"},
		{ReturnCode{Code: "9876"}, Error, "code 9876"},
	}
	for _, tc := range tests {
		if tc.c.Class() != tc.class || tc.c.Message() != tc.msg {
			t.Errorf("%s: class %v message %q", tc.c.Code, tc.c.Class(), tc.c.Message())
		}
	}
}

func TestBankErrorPicksSpecificCode(t *testing.T) {
	tests := []struct {
		codes Codes
		want  string
	}{
		{Codes{{Code: "9800", Global: true}, {Code: "9942", Text: "PIN ungültig", Global: true}}, "9942"},
		{Codes{{Code: "9050", Global: true}, {Code: "0020", Segment: 3}, {Code: "9210", Segment: 4}}, "9210"},
		{Codes{{Code: "9800", Global: true}}, "9800"},
	}
	for _, tc := range tests {
		err := fmt.Errorf("balance: %w", tc.codes.Err())
		var be *BankError
		if !errors.As(err, &be) || be.Code != tc.want {
			t.Errorf("%v: primary %v, want %s", tc.codes, be, tc.want)
		}
	}
	if (Codes{{Code: "0010"}, {Code: "3060"}}).Err() != nil {
		t.Error("warnings reported as error")
	}
	be := Codes{{Code: "9800", Global: true}, {Code: "9942", Text: "PIN ungültig"}}.Err().(*BankError)
	if be.Error() != "bank error 9942 PIN ungültig" || !be.DialogEnded() || !be.Has(WrongLoginCodes...) {
		t.Errorf("BankError %q", be)
	}
}

func TestReturnCodeBuildRoundTrip(t *testing.T) {
	in := []ReturnCode{{Code: "0020", Text: "Auftrag: ausgeführt"}, {Code: "3920", Text: "Verfahren", Params: []string{"942", "946"}}}
	seg := NewHIRMS(4, in...)
	seg.Number = 5
	b, err := Encode(NewHIRMG(ReturnCode{Code: "0010", Ref: "ignored", Text: "ok"}), seg)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	cs := ParseReturnCodes(m.Segments)
	if cs[0].Ref != "" || cs[1].Text != "Auftrag: ausgeführt" || !reflect.DeepEqual(cs[2].Params, []string{"942", "946"}) || cs[2].Segment != 4 {
		t.Errorf("round trip %+v from %s", cs, b)
	}
}
