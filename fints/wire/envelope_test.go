package wire

import (
	"bytes"
	"encoding/base64"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"saldo/fints/secret"
)

// The testdata/guide_12_*.bin files are the worked examples of
// fints-protocol.md §12 with the display line breaks removed; their lengths
// equal the sizes the guide states.

func readGolden(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func at(s string) time.Time {
	t, err := time.Parse("20060102150405", s)
	if err != nil {
		panic(err)
	}
	return t
}

func testSecurity(ref, stamp string) Security {
	return Security{BankCode: "12345678", UserID: "test1", SystemID: "7Gq2XbL9RkVt4Mzp",
		Function: "942", PIN: secret.New("1234"), ControlRef: ref, Time: at(stamp)}
}

func TestSignedMessageMatchesGuide12_2(t *testing.T) {
	jobs := []*Segment{
		NewSegment("HKIDN", 2, KIK{CountryDE, "12345678"}.DE(), S("test1"), S("7Gq2XbL9RkVt4Mzp"), S("1")),
		NewSegment("HKVVB", 3, N(17), N(0), N(0), S("GOFINTSTESTCLIENT00000001"), S("0.1")),
		NewSegment("HKTAN", 7, S("4"), S("HKIDN")),
	}
	msg, err := NewSigned(Head{DialogID: "0", Number: 1}, testSecurity("4711001", "20250115101500"), jobs...)
	if err != nil {
		t.Fatal(err)
	}
	got, err := msg.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	want := readGolden(t, "guide_12_2_init_request.bin")
	if !bytes.Equal(got, want) {
		t.Fatalf("message differs from §12.2:\n got %s\nwant %s", got, want)
	}
	if msg.Size() != 423 {
		t.Errorf("Size = %d, want 423", msg.Size())
	}
	const body = "SE5IQks6MTozKzAwMDAwMDAwMDQyMyszMDArMCsxJ0hOVlNLOjk5ODoz"
	if enc := base64.StdEncoding.EncodeToString(got); !strings.HasPrefix(enc, body) {
		t.Errorf("base64 starts %q", enc[:len(body)])
	}
	// Jobs come back numbered 3, 4, 5; the caller's segments are untouched.
	for i, j := range msg.Jobs() {
		if j.Number != i+3 {
			t.Errorf("job %s numbered %d, want %d", j.ID, j.Number, i+3)
		}
		if jobs[i].Number != 0 {
			t.Errorf("caller's %s was renumbered", jobs[i].ID)
		}
	}
	if msg.ControlRef() != "4711001" {
		t.Errorf("ControlRef = %q", msg.ControlRef())
	}
}

func TestTraceRedactsPINAndTAN(t *testing.T) {
	sec := testSecurity("4711005", "20250115102045")
	sec.PIN = secret.New("s3cr+t")
	sec.TAN = secret.New("918273")
	msg, err := NewSigned(Head{DialogID: "8F3KQ27ZD0B1", Number: 4}, sec,
		NewSegment("HKTAN", 7, S("2"), nil, nil, nil, S("4711-TX-0001"), S("N")))
	if err != nil {
		t.Fatal(err)
	}
	wire, _ := msg.Bytes()
	if !bytes.Contains(wire, []byte("HNSHA:4:2+4711005++s3cr?+t:918273'")) {
		t.Fatalf("wire form lacks escaped PIN:TAN: %s", wire)
	}
	trace := msg.Trace()
	for _, leak := range []string{"s3cr", "918273"} {
		if bytes.Contains(trace, []byte(leak)) {
			t.Errorf("trace contains %q: %s", leak, trace)
		}
	}
	if !bytes.Contains(trace, []byte("HNSHA:4:2+4711005++***:***'")) {
		t.Errorf("trace lacks redacted HNSHA: %s", trace)
	}
	// The trace still parses: its HNVSD length fits the redacted payload.
	if _, err := Decode(trace); err != nil {
		t.Errorf("trace does not parse: %v", err)
	}
}

// rebuild decodes a guide message and builds it again from its jobs,
// checking the envelope byte for byte.
func TestEnvelopeMatchesGuide(t *testing.T) {
	tests := []struct {
		file   string
		answer bool
		ref    string
		stamp  string
		tan    string
	}{
		{file: "guide_12_4_balance_request.bin", ref: "4711002", stamp: "20250115101503"},
		{file: "guide_12_6_end_request.bin", ref: "4711003", stamp: "20250115101506"},
		{file: "guide_12_8_tan_request.bin", ref: "4711005", stamp: "20250115102045", tan: "123456"},
		{file: "guide_12_11_anon_request.bin"},
		{file: "guide_12_11_anon_end_request.bin"},
		{file: "guide_12_3_init_answer.bin", answer: true, ref: "4711001", stamp: "20250115101501"},
		{file: "guide_12_5_balance_answer.bin", answer: true, ref: "4711002", stamp: "20250115101504"},
		{file: "guide_12_7_end_answer.bin", answer: true, ref: "4711003", stamp: "20250115101506"},
		{file: "guide_12_8_tan_answer.bin", answer: true, ref: "4711005", stamp: "20250115102046"},
		{file: "guide_12_11_anon_answer.bin", answer: true},
		{file: "guide_12_11_anon_end_answer.bin", answer: true},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			want := readGolden(t, tc.file)
			r, err := ParseResponse(want)
			if err != nil {
				t.Fatal(err)
			}
			var msg *Outgoing
			switch {
			case tc.answer && tc.ref != "":
				sec := &AnswerSecurity{BankCode: "12345678", UserID: "test1", SystemID: "7Gq2XbL9RkVt4Mzp",
					Function: "942", ControlRef: tc.ref, Time: at(tc.stamp)}
				msg, err = NewAnswer(r.Head, sec, r.Body()...)
			case tc.answer:
				msg, err = NewAnswer(r.Head, nil, r.Body()...)
			case tc.ref != "":
				sec := testSecurity(tc.ref, tc.stamp)
				if tc.tan != "" {
					sec.TAN = secret.New(tc.tan)
				}
				msg, err = NewSigned(r.Head, sec, r.Body()...)
			default:
				msg, err = NewAnonymous(r.Head, r.Body()...)
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := msg.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("differs from the guide:\n got %s\nwant %s", got, want)
			}
		})
	}
}

func TestNewSignedRejectsBadInput(t *testing.T) {
	good := testSecurity("1", "20250115101500")
	tests := []struct {
		name string
		head Head
		sec  func(*Security)
		want string
	}{
		{"no dialog id", Head{Number: 1}, nil, "dialog ID"},
		{"number zero", Head{DialogID: "0"}, nil, "number"},
		{"reference in customer message", Head{DialogID: "0", Number: 1, RefDialogID: "x"}, nil, "reference"},
		{"no PIN", Head{DialogID: "0", Number: 1}, func(s *Security) { s.PIN = secret.Value{} }, "PIN"},
		{"no user", Head{DialogID: "0", Number: 1}, func(s *Security) { s.UserID = "" }, "user ID"},
		{"PIN outside Latin-1", Head{DialogID: "0", Number: 1}, func(s *Security) { s.PIN = secret.New("pa€s") }, "PIN or TAN"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sec := good
			if tc.sec != nil {
				tc.sec(&sec)
			}
			_, err := NewSigned(tc.head, sec, NewSegment("HKEND", 1, S("x")))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want mention of %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "pa€s") || strings.Contains(err.Error(), "€") {
				t.Errorf("error leaks the PIN: %v", err)
			}
		})
	}
}

func TestRandomControlRef(t *testing.T) {
	sec := testSecurity("", "20250115101500")
	a, err := NewSigned(Head{DialogID: "0", Number: 1}, sec)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := NewSigned(Head{DialogID: "0", Number: 1}, sec)
	if len(a.ControlRef()) != 10 || a.ControlRef()[0] == '0' {
		t.Errorf("control ref %q: want 10 digits without leading zero", a.ControlRef())
	}
	if a.ControlRef() == b.ControlRef() {
		t.Errorf("two messages drew the same control reference %q", a.ControlRef())
	}
	raw, _ := a.Bytes()
	req, err := ParseRequest(raw)
	if err != nil {
		t.Fatal(err)
	}
	if req.ControlRef != a.ControlRef() {
		t.Errorf("HNSHA/HNSHK ref %q, want %q", req.ControlRef, a.ControlRef())
	}
}

func TestAbortMessage(t *testing.T) {
	msg, err := NewAbort(Head{DialogID: "8F3KQ27ZD0B1", Number: 7}, ReturnCode{Code: "9120", Text: "Nachrichtennummer ungueltig."})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := msg.Bytes()
	want := "HNHBK:1:3+000000000139+300+8F3KQ27ZD0B1+7+8F3KQ27ZD0B1:7'HIRMG:2:2+9800::Dialog abgebrochen+9120::Nachrichtennummer ungueltig.'HNHBS:3:1+7'"
	if string(got) != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	if len(got) != 139 {
		t.Errorf("length %d", len(got))
	}
	r, err := ParseResponse(got)
	if err != nil {
		t.Fatal(err)
	}
	var be *BankError
	if !errors.As(r.Err(), &be) || be.Code != "9120" || !be.DialogEnded() {
		t.Errorf("Err() = %v, want BankError 9120 with dialog ended", r.Err())
	}
}

func TestResponseDataForJob(t *testing.T) {
	r, err := ParseResponse(readGolden(t, "guide_12_5_balance_answer.bin"))
	if err != nil {
		t.Fatal(err)
	}
	data := r.ForSegment(3)
	if len(data) != 1 || data[0].ID != "HISAL" {
		t.Fatalf("data for HKSAL: %v", data)
	}
	booked, err := ParseSaldo(data[0].Group(5), 1)
	if err != nil || booked.Amount.String() != "1523.42" || booked.Date.Compact() != "20250115" {
		t.Errorf("booked balance %+v %v", booked, err)
	}
	if tan := r.ForSegment(4); len(tan) != 1 || tan[0].ID != "HITAN" || tan[0].Str(4) != "noref" {
		t.Errorf("HITAN %v", tan)
	}
	if len(r.FindAll("HIRMS")) != 2 || r.Err() != nil || !r.Codes.ForSegment(4).Has("3076") {
		t.Errorf("codes %v", r.Codes)
	}
	if got := idsOf(r.Body()); got != "HIRMG,HIRMS,HIRMS,HISAL,HITAN" {
		t.Errorf("body %s", got)
	}
}

func TestOneStepProfile(t *testing.T) {
	sec := testSecurity("5", "20250115101500")
	sec.Function, sec.SystemID = "999", ""
	msg, err := NewSigned(Head{DialogID: "0", Number: 1}, sec, NewSegment("HKSYN", 3, S("0")))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := msg.Bytes()
	for _, want := range []string{"HNVSK:998:3+PIN:1+998+1+1::0+", "HNSHK:2:4+PIN:1+999+5+1+1+1::0+"} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("missing %q in %s", want, raw)
		}
	}
	if len(msg.Segments()) != 4 {
		t.Errorf("%d top-level segments", len(msg.Segments()))
	}
}
