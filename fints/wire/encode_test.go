package wire

import (
	"errors"
	"strings"
	"testing"

	"saldo/fints/secret"
)

func TestEncode(t *testing.T) {
	tests := []struct {
		name string
		seg  *Segment
		want string
	}{
		{"escapes", NewSegment("HKXYZ", 1, S("a+b:c'd?e@f")), "HKXYZ:0:1+a?+b?:c?'d??e?@f'"},
		{"url", NewSegment("HIKOM", 4, S("3", "https://x.example/fints")), "HIKOM:0:4+3:https?://x.example/fints'"},
		{"trailing empty elements dropped", NewSegment("HKXYZ", 1, S("a"), S(""), nil, S("", "")), "HKXYZ:0:1+a'"},
		{"middle empties kept", NewSegment("HKTAN", 7, S("2"), nil, nil, nil, S("ref"), S("N")), "HKTAN:0:7+2++++ref+N'"},
		{"trailing empty group values dropped", NewSegment("HKXYZ", 1, S("X", "Y", "", "")), "HKXYZ:0:1+X:Y'"},
		{"inner empty group values kept", NewSegment("HKXYZ", 1, S("1", "", "sys")), "HKXYZ:0:1+1::sys'"},
		{"binary raw", NewSegment("HKXYZ", 1, B([]byte("a'+:?@")), S("x")), "HKXYZ:0:1+@6@a'+:?@+x'"},
		{"empty binary kept", NewSegment("HKXYZ", 1, B(nil)), "HKXYZ:0:1+@0@'"},
		{"latin-1", NewSegment("HKXYZ", 1, S("Müller")), "HKXYZ:0:1+M\xfcller'"},
		{"reference", &Segment{ID: "HIRMS", Number: 4, Version: 2, Ref: 3, DEs: []DE{S("0020", "", "ok")}}, "HIRMS:4:2:3+0020::ok'"},
		{"secret", NewSegment("HNSHA", 2, S("1"), nil, G(Secret(secret.New("p+n")))), "HNSHA:0:2+1++p?+n'"},
		{"nested", NewSegment("HNVSD", 1, G(Nested(NewSegment("HKEND", 1, S("d"))))), "HNVSD:0:1+@12@HKEND:0:1+d''"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Encode(tc.seg)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestEncodeErrors(t *testing.T) {
	_, err := Encode(NewSegment("HKCCS", 1, S("a"), S("ok", "Łukasz")))
	var ee *EncodeError
	if !errors.As(err, &ee) || ee.Rune != 'Ł' || ee.Pos != 3 || ee.Index != 2 {
		t.Fatalf("err = %#v", err)
	}
	if !strings.Contains(err.Error(), "transliterate") || !strings.Contains(err.Error(), "U+0141") {
		t.Errorf("message %q does not say what to do", err)
	}
	if _, err := Encode(NewSegment("BAD+ID", 1)); err == nil {
		t.Error("invalid identifier accepted")
	}
	if _, err := Encode(NewSegment("HKXYZ", 1, S("bad \xff utf8"))); err == nil {
		t.Error("invalid UTF-8 accepted")
	}
	// A credential's offending character is not named.
	_, err = Encode(NewSegment("HNSHA", 2, S("1"), nil, G(Secret(secret.New("Ł0ck")))))
	if err == nil || strings.Contains(err.Error(), "Ł") {
		t.Errorf("secret error %v", err)
	}
}

func TestEncoderCharsets(t *testing.T) {
	seg := NewSegment("HIKIM", 2, S("€ Hinweis"))
	if _, err := Encode(seg); err == nil {
		t.Error("€ encoded as Latin-1")
	}
	utf, err := Encoder{Charset: UTF8}.Encode(seg)
	if err != nil || string(utf) != "HIKIM:0:2+€ Hinweis'" {
		t.Errorf("UTF-8: %q, %v", utf, err)
	}
	m, err := Decode(utf)
	if err != nil || m.Segments[0].Str(2) != "€ Hinweis" {
		t.Errorf("UTF-8 round trip: %v", err)
	}
	if got := string(Trace(seg)); got != "HIKIM:0:2+€ Hinweis'" {
		t.Errorf("trace %q", got)
	}
	if got := string(Trace(NewSegment("HKXYZ", 1, S("x\xffy")))); got != "HKXYZ:0:1+x_y'" {
		t.Errorf("lossy trace %q", got)
	}
}

func TestBuildersAndClone(t *testing.T) {
	s := NewSegment("HKSAL", 7, KTI{IBAN: "DE87123456781234567890", BIC: "TESTDEFFXXX", Number: "1234567890", Bank: KIK{"280", "12345678"}}.DE(), S(JN(false)))
	got, _ := Encode(s)
	if string(got) != "HKSAL:0:7+DE87123456781234567890:TESTDEFFXXX:1234567890::280:12345678+N'" {
		t.Errorf("HKSAL: %s", got)
	}
	c := s.Clone()
	c.DEs[0][0] = Text("changed")
	if s.Group(2).Str(1) != "DE87123456781234567890" {
		t.Error("Clone shares values")
	}
	d := Cat(S("J"), KTI{IBAN: "X"}.DE())
	if d.Len() != 7 || d.Str(2) != "X" {
		t.Errorf("Cat: %v", d.Strs(1))
	}
	if s.Header() != "HKSAL:0:7" || !s.Is("HKSAL", 6, 7) || s.Is("HKSAL", 5) {
		t.Errorf("Header/Is")
	}
}
