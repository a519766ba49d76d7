package bpd

import (
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"saldo/fints/money"
	"saldo/fints/wire"
)

// guideAnswer is the §12.3 init answer of the implementation guide.
func guideAnswer(t *testing.T) []*wire.Segment {
	t.Helper()
	b, err := os.ReadFile("../wire/testdata/guide_12_3_init_answer.bin")
	if err != nil {
		t.Fatal(err)
	}
	r, err := wire.ParseResponse(b)
	if err != nil {
		t.Fatal(err)
	}
	return r.Segments
}

func encodeAs(t *testing.T, s *wire.Segment, like *wire.Segment) string {
	t.Helper()
	s.Number, s.Ref = like.Number, like.Ref
	b, err := wire.Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The emitters rebuild the guide's BPD and UPD segments byte for byte.
func TestEmittersReproduceGuide(t *testing.T) {
	segs := guideAnswer(t)
	b, err := Parse(segs)
	if err != nil {
		t.Fatal(err)
	}
	u, err := ParseUPD(segs)
	if err != nil {
		t.Fatal(err)
	}
	if b.Version != 18 || b.Name != "Testbank Musterstadt" || b.URL() != "https://fints.testbank.example/fints" || b.MaxJobTypes != 3 {
		t.Errorf("BPD %+v", b.BankInfo)
	}
	m946, _ := b.TANMethod("946")
	if !m946.Decoupled() || m946.MaxPolls != 60 || m946.FirstWait != 5*time.Second || m946.NextWait != 2*time.Second || m946.HKTANVersion() != 7 {
		t.Errorf("946 %+v", m946)
	}
	if m942, _ := b.TANMethod("942"); m942.Decoupled() || m942.MaxTANLength != 6 || m942.Name != "SMS-TAN" || m942.MaxPolls != 0 {
		t.Errorf("942 %+v", m942)
	}
	tan, _ := b.TANParamsFor(7)
	tanSeg, err := tan.Segment()
	if err != nil {
		t.Fatal(err)
	}
	sp, _ := b.Param("HKSPA", 1)
	built := map[string]*wire.Segment{
		"HIBPA":  b.BankInfo.Segment(),
		"HIKOM":  b.Comm.Segment(),
		"HISHV":  b.Security.Segment(),
		"HITANS": tanSeg,
		"HIPINS": NewParamSegment("HIPINS", 1, 1, 1, 0, b.PinTan.DE()),
		"HISPAS": sp.Segment(),
		"HIUPA":  u.Segments()[0],
		"HIUPD":  u.Accounts[0].Segment(),
	}
	for id, s := range built {
		want := wire.Find(segs, id)
		wantBytes, _ := wire.Encode(want)
		if got := encodeAs(t, s, want); got != string(wantBytes) {
			t.Errorf("%s:\n got %s\nwant %s", id, got, wantBytes)
		}
	}
	if u.UserID != "test1" || u.Version != 5 || u.UserName != "Max Mustermann" || u.Accounts[0].IBAN != "DE87123456781234567890" ||
		len(u.Accounts[0].Jobs) != 7 || u.Accounts[0].Owner1 != "Max Mustermann" {
		t.Errorf("UPD %+v", u)
	}
}

// v7 entries of 21, 24 and 26 fields in one group (§3.7 heuristic).
func TestHITANS7ShortEntries(t *testing.T) {
	classic21 := "942:2:SMSTAN:mobileTAN::SMS-TAN:6:1:TAN:2048:N:1:N:0:0:N:N:00:0:N:1"
	classic26 := classic21 + ":::::"
	decoupled24 := "946:2:APP:Decoupled::App:::Freigabe:2048:N:1:N:0:0:N:N:00:0:N:1:60:5:2"
	decoupled26 := "947:2:PUSH:DecoupledPush::Push:::Freigabe:2048:N:1:N:0:0:N:N:00:0:N:1:0:3:1:N:J"
	tests := []struct {
		name  string
		group string
		want  []string
	}{
		{"21 then 26", classic21 + ":" + decoupled26, []string{"942", "947"}},
		{"26, 24, 21", classic26 + ":" + decoupled24 + ":" + strings.Replace(classic21, "942", "943", 1), []string{"942", "946", "943"}},
		{"24 last", classic21 + ":" + decoupled24, []string{"942", "946"}},
		{"truncated last", classic26 + ":" + "944:2:X:HHD:1.4:Chip:6:1:TAN:2048", []string{"942", "944"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := parseFrom(t, "HIBPA:1:3+1+280:1+B+0+1+300'HITANS:2:7:4+1+1+0+N:N:0:"+tc.group+"'")
			if len(b.Problems) > 0 {
				t.Fatalf("problems %v", b.Problems)
			}
			ms := b.TANMethods()
			if got := codes(ms); !slices.Equal(got, tc.want) {
				t.Fatalf("methods %v, want %v", got, tc.want)
			}
			for _, m := range ms {
				switch m.Function {
				case "946":
					if m.MaxPolls != 60 || m.FirstWait != 5*time.Second || m.NextWait != 2*time.Second || m.AutoPoll {
						t.Errorf("946 %+v", m)
					}
				case "947":
					if m.MaxPolls != 0 || m.FirstWait != 3*time.Second || m.ManualConfirm || !m.AutoPoll {
						t.Errorf("947 %+v", m)
					}
				case "943", "942":
					if m.Name != "SMS-TAN" || m.MaxActiveMedia != 1 {
						t.Errorf("%s %+v", m.Function, m)
					}
				case "944":
					if m.Name != "Chip" || m.MaxReturnLength != 2048 {
						t.Errorf("944 %+v", m)
					}
				}
			}
		})
	}
}

func parseFrom(t *testing.T, msg string) *BPD {
	t.Helper()
	m, err := wire.Decode([]byte(msg))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Parse(m.Segments)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestHITANSProblems(t *testing.T) {
	b := parseFrom(t, "HIBPA:1:3+1+280:1+B+0+1+300'HITANS:2:6:4+1+1+0+N:N:0:942:2:X:::Y:6:1:TAN:2048:N:1:N:0:0:N:N:00:0:N:1:oops:2'HITANS:3:9:4+1+1+0+N:N:0'")
	if len(b.Problems) != 2 || !strings.Contains(b.Problems[0], `"oops"`) || !strings.Contains(b.Problems[1], "version 9") {
		t.Errorf("problems %q", b.Problems)
	}
	if got := codes(b.TANMethods()); !slices.Equal(got, []string{"942"}) {
		t.Errorf("methods %v", got)
	}
}

// Entry writes every position of each version, and the parser reads back
// what the version can carry.
func TestTANEntryRoundTrip(t *testing.T) {
	full := TANMethod{Function: "946", Process: "2", TechID: "APP", DKName: "Decoupled", DKVersion: "1", Name: "App",
		MaxTANLength: 6, Format: 1, ReturnLabel: "Freigabe", MaxReturnLength: 2048, MultipleTAN: true, TimeDialog: 2,
		CanCancel: true, SMSAccount: 1, PrincipalAccount: 2, ChallengeClass: true, Structured: true, InitMode: "00",
		MediumName: 1, HHDUCResponse: true, MaxActiveMedia: 1, MaxPolls: 60, FirstWait: 5 * time.Second,
		NextWait: 2 * time.Second, ManualConfirm: true, AutoPoll: true}
	sizes := map[int]int{1: 11, 2: 15, 3: 18, 4: 22, 5: 22, 6: 21, 7: 26}
	for v := 1; v <= 7; v++ {
		e, err := full.Entry(v)
		if err != nil || len(e) != sizes[v] {
			t.Fatalf("v%d: %d fields, %v", v, len(e), err)
		}
		tp := TANParams{Version: v, Methods: []TANMethod{full, full}}
		tp.Methods[1].Function = "947"
		seg, err := tp.Segment()
		if err != nil {
			t.Fatal(err)
		}
		raw, err := wire.Encode(wire.NewSegment("HIBPA", 3, wire.N(1)), seg)
		if err != nil {
			t.Fatal(err)
		}
		b := parseFrom(t, string(raw))
		got := b.TANMethods()
		if len(got) != 2 || len(b.Problems) > 0 {
			t.Fatalf("v%d: %d methods, problems %v", v, len(got), b.Problems)
		}
		l := tanLayouts[v]
		m := got[0]
		checks := []struct {
			field bool
			ok    bool
			what  string
		}{
			{true, m.Name == "App" && m.Function == "946" && m.TechID == "APP", "identity"},
			{l.dkName != 0, m.DKName == "Decoupled" && m.DKVersion == "1", "DK name"},
			{v != 7, m.MaxTANLength == 6 && m.Format == 1, "TAN length"},
			{v == 7, m.MaxTANLength == 0 && m.Format == 0, "decoupled TAN length empty"},
			{true, m.MaxReturnLength == 2048 && m.MultipleTAN && m.TimeDialog == 2, "return/time"},
			{l.cancel != 0, m.CanCancel, "cancel"},
			{l.principal != 0, m.PrincipalAccount == 2 && m.SMSAccount == 1, "accounts"},
			{l.medium != 0, m.MediumName == 1 && m.InitMode == "00" && m.MaxActiveMedia == 1, "medium"},
			{l.hhduc != 0, m.HHDUCResponse && m.Structured && m.ChallengeClass, "flags"},
			{v == 7, m.MaxPolls == 60 && m.FirstWait == 5*time.Second && m.NextWait == 2*time.Second && m.ManualConfirm && m.AutoPoll, "polling"},
		}
		for _, c := range checks {
			if c.field && !c.ok {
				t.Errorf("v%d %s: %+v", v, c.what, m)
			}
		}
	}
	if _, err := full.Entry(8); err == nil {
		t.Error("unknown version accepted")
	}
}

func TestBuildBPDRoundTrip(t *testing.T) {
	info := BankInfo{Version: 4, Bank: wire.KIK{Country: "280", Code: "12345678"}, Name: "Demo: Bank + Co", MaxJobTypes: 0,
		Languages: []int{1, 2}, HBCIVersions: []int{300}, MaxMessageKB: 1000, MinTimeout: 60 * time.Second, MaxTimeout: 600 * time.Second}
	comm := Comm{Bank: info.Bank, DefaultLanguage: 1, Access: []Access{{Service: 3, Address: "http://127.0.0.1:8080/fints"}}}
	sec := Security{Methods: []SecurityMethod{{Code: "PIN", Versions: []int{1}}}}
	pins := PinTan{MinPINLength: 5, MaxPINLength: 20, MaxTANLength: 6, UserIDLabel: "Login", Jobs: []JobTAN{{"HKSAL", true}, {"HKTAN", false}}}
	tan := TANParams{Version: 7, OneStepAllowed: false, HashAlgorithm: "0", Methods: []TANMethod{
		{Function: "942", Process: "2", TechID: "SMS", DKName: "mobileTAN", Name: "SMS-TAN", MaxTANLength: 6, Format: 1, ReturnLabel: "TAN", MaxReturnLength: 2048, TimeDialog: 1, InitMode: "00", MaxActiveMedia: 1},
		{Function: "946", Process: "2", TechID: "APP", DKName: "Decoupled", Name: "App", ReturnLabel: "Freigabe", MaxReturnLength: 2048, TimeDialog: 1, InitMode: "00", MaxActiveMedia: 1, MaxPolls: 60, FirstWait: 5 * time.Second, NextWait: 2 * time.Second, ManualConfirm: true, AutoPoll: true},
	}}
	tanSeg, err := tan.Segment()
	if err != nil {
		t.Fatal(err)
	}
	segs := []*wire.Segment{info.Segment(), comm.Segment(), sec.Segment(), NewParamSegment("HIPINS", 1, 1, 1, 0, pins.DE()), tanSeg,
		NewParamSegment("HISALS", 7, 1, 1, 1, nil), NewParamSegment("HIKAZS", 5, 1, 1, -1, wire.S("365", "J", "N")),
		NewParamSegment("HICSES", 1, 1, 1, 1, wire.S("1", "360"))}
	raw, err := wire.Encode(segs...)
	if err != nil {
		t.Fatal(err)
	}
	b := parseFrom(t, string(raw))
	if !reflect.DeepEqual(b.BankInfo, info) || !reflect.DeepEqual(b.Comm, comm) || !reflect.DeepEqual(b.Security, sec) || !reflect.DeepEqual(*b.PinTan, pins) {
		t.Errorf("round trip:\n%+v\n%+v\n%+v\n%+v", b.BankInfo, b.Comm, b.Security, *b.PinTan)
	}
	got := b.TANMethods()
	for i := range tan.Methods {
		tan.Methods[i].Versions = []int{7}
	}
	if !reflect.DeepEqual(got, tan.Methods) {
		t.Errorf("methods:\n got %+v\nwant %+v", got, tan.Methods)
	}
	if b.Highest("HKSAL") != 7 || b.URL() != "http://127.0.0.1:8080/fints" {
		t.Errorf("HKSAL %d URL %q", b.Highest("HKSAL"), b.URL())
	}
	if k, _ := b.MT940(); k != (StatementParams{Version: 5, Days: 365, MaxEntriesAllowed: true}) {
		t.Errorf("HIKAZS %+v", k)
	}
	if p, _ := b.Param("HKKAZ", 5); p.HasSecurityClass {
		t.Error("HIKAZS v5 read with security class")
	}
}

func TestBuildUPDRoundTrip(t *testing.T) {
	u := UPD{UserID: "demo", Version: 3, Usage: 0, UserName: "Erika Muster", Accounts: []Account{
		{Number: "1234567890", Bank: wire.KIK{Country: "280", Code: "12345678"}, IBAN: "DE87123456781234567890", CustomerID: "demo",
			Type: 1, Currency: "EUR", Owner1: "Erika Muster", Product: "Girokonto",
			Limit:     &Limit{Kind: "E", Amount: money.MustParse("2500"), Currency: "EUR"},
			Jobs:      []AllowedJob{{Job: "HKSAL", MinSignatures: 1}, {Job: "HKCCS", MinSignatures: 1, Limit: &Limit{Kind: "Z", Amount: money.MustParse("1000.5"), Currency: "EUR", Days: 7}}},
			Extension: `{"BIC":"TESTDEFFXXX"}`},
		{CustomerID: "demo", Owner1: "Erika Muster", Jobs: []AllowedJob{{Job: "HKTAN", MinSignatures: 1}}},
	}}
	segs := u.Segments()
	if n := segs[1].Len(); n != 1010 {
		t.Errorf("HIUPD with extension has %d positions, want 1010", n)
	}
	raw, err := wire.Encode(segs...)
	if err != nil {
		t.Fatal(err)
	}
	m, err := wire.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseUPD(m.Segments)
	if err != nil {
		t.Fatal(err)
	}
	got.segs = nil
	if !reflect.DeepEqual(*got, u) {
		t.Errorf("round trip:\n got %+v\nwant %+v", *got, u)
	}
	if !strings.Contains(string(raw), "+Girokonto+E:2500,:EUR+HKSAL:1+HKCCS:1:Z:1000,5:EUR:7++") {
		t.Errorf("limits on the wire: %.200s", raw[strings.Index(string(raw), "Girokonto"):])
	}
}

func TestHIUPDQuirks(t *testing.T) {
	m, err := wire.Decode([]byte("HIUPA:1:4+u+1+1'HIUPD:2:6+1::280:1+DE87123456781234567890123456789012345+u+1+EUR+A very long owner name of 35 chars+++T:abc:EUR+HKSAL:1'"))
	if err != nil {
		t.Fatal(err)
	}
	u, err := ParseUPD(m.Segments)
	if err != nil {
		t.Fatal(err)
	}
	a := u.Accounts[0]
	if len(a.IBAN) != 34 || a.Owner1 != "A very long owner name of 35 chars" || a.Limit != nil || len(u.Problems) != 2 {
		t.Errorf("account %+v problems %v", a, u.Problems)
	}
	if !u.Allows(a, "HKCCS") {
		t.Error("usage 1 must allow unlisted jobs")
	}
}
