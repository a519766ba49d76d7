package wire

import (
	"strconv"

	"saldo/fints/secret"
)

type kind uint8

const (
	kindText   kind = iota // decoded text
	kindBinary             // raw bytes, @len@ on the wire
	kindSecret             // PIN or TAN; text on the wire, "***" in traces
	kindNested             // binary whose content is encoded segments (HNVSD)
)

// Value is one leaf of the tree: text, binary, a credential, or nested
// segments. The zero Value is empty text.
type Value struct {
	kind kind
	text string
	ext  *valueExt // the rarer kinds, kept out of line so Value stays small
}

type valueExt struct {
	bin  []byte
	sec  secret.Value
	segs []*Segment
}

// Text returns a text value. On the wire it is escaped and Latin-1 encoded.
func Text(s string) Value { return Value{kind: kindText, text: s} }

// Binary returns a binary value, written raw as `@len@bytes`. A nil or empty
// slice is still a (zero-length) binary, which differs from empty text.
func Binary(b []byte) Value {
	if b == nil {
		b = []byte{}
	}
	return Value{kind: kindBinary, ext: &valueExt{bin: b}}
}

// Num returns the decimal text of n.
func Num(n int) Value { return Text(strconv.Itoa(n)) }

// Secret returns a credential value: the encoder writes its text, a trace
// writes "***".
func Secret(v secret.Value) Value { return Value{kind: kindSecret, ext: &valueExt{sec: v}} }

// Nested returns a binary value whose bytes are the encoding of segs, made at
// encoding time with the same options (so a trace of an HNVSD payload is
// redacted too, and its length matches what is shown).
func Nested(segs ...*Segment) Value { return Value{kind: kindNested, ext: &valueExt{segs: segs}} }

// IsBinary reports whether v is written as `@len@` (binary or nested).
func (v Value) IsBinary() bool { return v.kind == kindBinary || v.kind == kindNested }

// IsSecret reports whether v holds a credential.
func (v Value) IsSecret() bool { return v.kind == kindSecret }

// IsEmpty reports whether v is empty text (absent on the wire). Binaries,
// even of length zero, and credentials are never empty.
func (v Value) IsEmpty() bool { return v.kind == kindText && v.text == "" }

// Str returns the text of v. Binary content is returned as a string of its
// bytes (banks put identifiers into binaries). Credentials read as "": use
// [Value.Secret] to get them.
func (v Value) Str() string {
	switch v.kind {
	case kindText:
		return v.text
	case kindBinary:
		return string(v.ext.bin)
	}
	return ""
}

// Bytes returns the content of a binary value, nil for anything else.
func (v Value) Bytes() []byte {
	if v.kind == kindBinary {
		return v.ext.bin
	}
	return nil
}

// Secret returns the credential held by v.
func (v Value) Secret() (secret.Value, bool) {
	if v.kind != kindSecret {
		return secret.Value{}, false
	}
	return v.ext.sec, true
}

// Segments returns the segments of a nested value.
func (v Value) Segments() []*Segment {
	if v.kind != kindNested {
		return nil
	}
	return v.ext.segs
}

// DE is a data element: a plain element has one value, a group (DEG) has
// several. Positions are 1-based like the guide's group tables.
type DE []Value

// S returns a text element; several strings make a group: S("280",
// "12345678") is written 280:12345678.
func S(parts ...string) DE {
	d := make(DE, len(parts))
	for i, p := range parts {
		d[i] = Text(p)
	}
	return d
}

// N returns a numeric text element.
func N(n int) DE { return DE{Num(n)} }

// B returns a binary element.
func B(b []byte) DE { return DE{Binary(b)} }

// G returns a group of the given values.
func G(vals ...Value) DE { return DE(vals) }

// Cat splices groups into one, as FinTS nests groups: Cat(S("J"),
// kti.DE()) gives J:IBAN:BIC:…
func Cat(parts ...DE) DE {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	d := make(DE, 0, n)
	for _, p := range parts {
		d = append(d, p...)
	}
	return d
}

// JN returns "J" for true and "N" for false (the FinTS yes/no format).
func JN(b bool) string {
	if b {
		return "J"
	}
	return "N"
}

// Len returns the number of values.
func (d DE) Len() int { return len(d) }

// At returns value i (1-based), or empty text if absent.
func (d DE) At(i int) Value {
	if i < 1 || i > len(d) {
		return Value{}
	}
	return d[i-1]
}

// Str returns the text of value i (1-based), "" if absent.
func (d DE) Str(i int) string { return d.At(i).Str() }

// Bin returns the bytes of binary value i (1-based), nil if absent or text.
func (d DE) Bin(i int) []byte { return d.At(i).Bytes() }

// Int returns value i as a non-negative decimal integer; ok is false when the
// value is absent or not a number.
func (d DE) Int(i int) (n int, ok bool) { return atoi(d.Str(i)) }

// Has reports whether value i is present and not empty.
func (d DE) Has(i int) bool { return !d.At(i).IsEmpty() }

// IsEmpty reports whether every value is empty.
func (d DE) IsEmpty() bool {
	for _, v := range d {
		if !v.IsEmpty() {
			return false
		}
	}
	return true
}

// Sub returns n values starting at from (1-based) as a group, padded with
// empty values where d is shorter. It reads nested groups: d.Sub(3, 4) is
// the ktv at positions 3–6.
func (d DE) Sub(from, n int) DE {
	out := make(DE, n)
	for i := range n {
		out[i] = d.At(from + i)
	}
	return out
}

// Strs returns the text of every value from position from (1-based) on.
func (d DE) Strs(from int) []string {
	if from < 1 {
		from = 1
	}
	if from > len(d) {
		return nil
	}
	out := make([]string, 0, len(d)-from+1)
	for _, v := range d[from-1:] {
		out = append(out, v.Str())
	}
	return out
}

// atoi parses a plain unsigned decimal, tolerating surrounding spaces and
// leading zeros (banks send "0001" in dig fields).
func atoi(s string) (int, bool) {
	for len(s) > 0 && s[0] == ' ' {
		s = s[1:]
	}
	for len(s) > 0 && s[len(s)-1] == ' ' {
		s = s[:len(s)-1]
	}
	if s == "" || len(s) > 18 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
