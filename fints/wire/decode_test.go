package wire

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func mustDecode(t *testing.T, s string) *Message {
	t.Helper()
	m, err := Decode([]byte(s))
	if err != nil {
		t.Fatalf("Decode(%q): %v", s, err)
	}
	return m
}

func TestDecodeValues(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		pos   int // segment position
		idx   int // value position in the group
		want  string
		isBin bool
	}{
		{"plain", "HKEND:3:1+ABC'", 2, 1, "ABC", false},
		{"escapes", "XX:1:1+a?+b?:c??d?'e?@f'", 2, 1, "a+b:c?d'e@f", false},
		{"escaped ordinary char", "XX:1:1+?x?y'", 2, 1, "xy", false},
		{"group", "XX:1:1+280:12345678'", 2, 2, "12345678", false},
		{"empty middle value", "XX:1:1+1::7Gq'", 2, 3, "7Gq", false},
		{"binary with separators", "XX:1:1+@7@a'b+c:?+x'", 2, 1, "a'b+c:?", true},
		{"element after binary", "XX:1:1+@7@a'b+c:?+x'", 3, 1, "x", false},
		{"empty binary", "XX:1:1+@0@+x'", 2, 1, "", true},
		{"binary inside group", "XX:1:1+2:13:@8@00000000:5'", 2, 4, "5", false},
		{"unescaped @ mid-value is text", "XX:1:1+test@user'", 2, 1, "test@user", false},
		{"@ without length is text", "XX:1:1+@abc'", 2, 1, "@abc", false},
		{"latin-1 umlaut", "XX:1:1+f\xfcr'", 2, 1, "für", false},
		{"utf-8 umlaut", "XX:1:1+f\xc3\xbcr'", 2, 1, "für", false},
		{"missing position", "XX:1:1+a'", 7, 3, "", false},
		{"header position", "HIRMS:4:2:3+x'", 1, 4, "3", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := mustDecode(t, tc.in).Segments[0]
			v := s.Group(tc.pos).At(tc.idx)
			if v.Str() != tc.want || v.IsBinary() != tc.isBin {
				t.Errorf("value #%d,%d = %q (binary %v), want %q (binary %v)", tc.pos, tc.idx, v.Str(), v.IsBinary(), tc.want, tc.isBin)
			}
		})
	}
}

func TestDecodeHeaders(t *testing.T) {
	tests := []struct {
		in                   string
		id                   string
		number, version, ref int
	}{
		{"HKSAL:3:7+x'", "HKSAL", 3, 7, 0},
		{"HIRMS:4:2:3+x'", "HIRMS", 4, 2, 3},
		{"HIRMG:2:2:+0010::ok'", "HIRMG", 2, 2, 0}, // stray empty reference (Consorsbank, ING)
		{"HNHBS:12:1:5:extra+1'", "HNHBS", 12, 1, 5},
		{"HNHBS:007:01+1'", "HNHBS", 7, 1, 0},
	}
	for _, tc := range tests {
		s := mustDecode(t, tc.in).Segments[0]
		if s.ID != tc.id || s.Number != tc.number || s.Version != tc.version || s.Ref != tc.ref {
			t.Errorf("%q: header %s:%d:%d:%d", tc.in, s.ID, s.Number, s.Version, s.Ref)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty input", "", "no segments"},
		{"only whitespace", " \r\n", "no segments"},
		{"unterminated escape", "XX:1:1+abc?", "escape character"},
		{"unterminated segment", "XX:1:1+abc", "not terminated"},
		{"unterminated second segment", "XX:1:1+a'YY:2:1+b", "not terminated"},
		{"binary longer than input", "XX:1:1+@50@abc'", "exceeds the 4 bytes left"},
		{"binary length too short", "XX:1:1+@2@abc'", "not by a separator"},
		{"empty segment", "XX:1:1+a''YY:2:1'", "without identifier"},
		{"missing version", "XX:1'", "lacks number or version"},
		{"non-numeric number", "XX:a:1'", "not a number"},
		{"identifier with punctuation", "X-Y:1:1'", "not alphanumeric"},
		{"identifier too long", "ABCDEFG:1:1'", "longer than 6"},
		{"broken HNVSD payload", "HNVSD:999:1+@5@XX:1''", "HNVSD payload"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode([]byte(tc.in))
			if err == nil {
				t.Fatalf("Decode(%q) succeeded", tc.in)
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Errorf("error %v is not a *SyntaxError", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q", err, tc.want)
			}
		})
	}
}

func TestDecodeWhitespaceBetweenSegments(t *testing.T) {
	m := mustDecode(t, "\r\nAA:1:1+x'\r\n  BB:2:1+y'\n")
	if len(m.Segments) != 2 || m.Segments[1].ID != "BB" || m.Segments[1].Str(2) != "y" {
		t.Fatalf("segments %v", m.Segments)
	}
}

func TestCharsetDecision(t *testing.T) {
	tests := []struct {
		name string
		in   string
		cs   Charset
		want []string // text of #2 of each segment
	}{
		{"ascii", "AA:1:1+abc'", Latin1, []string{"abc"}},
		{"latin-1", "AA:1:1+f\xfcr'", Latin1, []string{"für"}},
		{"utf-8", "AA:1:1+f\xc3\xbcr'BB:2:1+\xc3\x84'", UTF8, []string{"für", "Ä"}},
		// One invalid sequence decides for Latin-1 for the whole message.
		{"mixed", "AA:1:1+f\xc3\xbcr'BB:2:1+\xfc'", Latin1, []string{"fÃ¼r", "ü"}},
		// UTF-8 inside a binary (XML) does not switch the text charset.
		{"utf-8 only in binary", "AA:1:1+@2@\xc3\xbc'BB:2:1+\xfc'", Latin1, []string{"\xc3\xbc", "ü"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := mustDecode(t, tc.in)
			if m.Charset != tc.cs {
				t.Errorf("charset %v, want %v", m.Charset, tc.cs)
			}
			for i, w := range tc.want {
				if got := m.Segments[i].Str(2); got != w {
					t.Errorf("segment %d: %q, want %q", i, got, w)
				}
			}
		})
	}
}

func TestDecodeNestedAndSecrets(t *testing.T) {
	inner := "HNSHK:2:4+PIN:1+999+77+1+1+1::0+1'HKEND:3:1+D1'HNSHA:4:2+77++pin?:x:tan'"
	msg := "HNHBK:1:3+000000000000+300+D1+2'HNVSD:999:1+@" + itoa(len(inner)) + "@" + inner + "'HNHBS:5:1+2'"
	m := mustDecode(t, msg)
	if got := idsOf(m.Flat()); got != "HNHBK,HNSHK,HKEND,HNSHA,HNHBS" {
		t.Fatalf("flat = %s", got)
	}
	hnsha := m.Find("HNSHA")
	pin, ok := hnsha.Group(4).At(1).Secret()
	if !ok || pin.Reveal() != "pin:x" {
		t.Fatalf("PIN not decoded as secret")
	}
	if hnsha.Group(4).Str(1) != "" {
		t.Errorf("secret readable via Str")
	}
	if tan, _ := hnsha.Group(4).At(2).Secret(); tan.Reveal() != "tan" {
		t.Errorf("TAN = %q", tan.Reveal())
	}
	if bytes.Contains(Trace(m.Segments...), []byte("tan")) || strings.Contains(hnsha.String(), "pin") {
		t.Errorf("trace or String leaks credentials")
	}
}

// A Latin-1 message whose @len@ counts were written before the file was
// converted to UTF-8 decodes by counting characters, with a note.
func TestDecodeUTF8ConvertedBinaryLengths(t *testing.T) {
	inner := "HIRMG:2:2+9210::Auftrag gel\xf6scht'"
	latin := "HNHBK:1:3+000000000000+300+D1+2'HNVSD:999:1+@" + itoa(len(inner)) + "@" + inner + "'HNHBS:3:1+2'"
	utf := toUTF8(latin)
	m, err := Decode([]byte(utf))
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Find("HIRMG").Group(2).Str(3); got != "Auftrag gelöscht" {
		t.Errorf("text %q", got)
	}
	if len(m.Notes) != 1 || !strings.Contains(m.Notes[0], "characters") {
		t.Errorf("notes %v", m.Notes)
	}
	// The Latin-1 original needs no repair.
	m2, err := Decode([]byte(latin))
	if err != nil || len(m2.Notes) != 0 {
		t.Errorf("latin-1 original: %v, notes %v", err, m2.Notes)
	}
}

func toUTF8(latin string) string {
	var b []byte
	for i := 0; i < len(latin); i++ {
		b = utf8.AppendRune(b, rune(latin[i]))
	}
	return string(b)
}

func itoa(n int) string { return Num(n).Str() }

func idsOf(segs []*Segment) string {
	ids := make([]string, len(segs))
	for i, s := range segs {
		ids[i] = s.ID
	}
	return strings.Join(ids, ",")
}

func TestAccessorsNeverPanic(t *testing.T) {
	s := mustDecode(t, "XX:1:1+a:b+@1@z'").Segments[0]
	for pos := -2; pos < 10; pos++ {
		g := s.Group(pos)
		for i := -2; i < 10; i++ {
			_ = g.Str(i)
			_ = g.Bin(i)
			_, _ = g.Int(i)
		}
		_ = s.Str(pos)
		_ = s.Bin(pos)
		_ = s.Has(pos)
		_ = g.Sub(pos, 3)
		_ = g.Strs(pos)
	}
	if s.Len() != 3 || s.Group(2).Len() != 2 || string(s.Bin(3)) != "z" {
		t.Errorf("Len %d, group len %d, bin %q", s.Len(), s.Group(2).Len(), s.Bin(3))
	}
	var nilSeg *Segment
	if nilSeg.Is("XX") {
		t.Error("nil segment matched")
	}
}
