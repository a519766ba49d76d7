package wire

import (
	"unicode/utf8"

	"saldo/fints/secret"
)

// Charset is the character set text was decoded from.
type Charset uint8

const (
	// Latin1 is ISO-8859-1, what the specification prescribes.
	Latin1 Charset = iota
	// UTF8 is used when every text value is valid UTF-8 and some are not
	// ASCII: test fixtures and a few gateways store messages that way.
	UTF8
)

func (c Charset) String() string {
	if c == UTF8 {
		return "UTF-8"
	}
	return "ISO-8859-1"
}

// Message is a decoded segment list: a whole message (HNHBK … HNHBS) or a
// bare list of segments.
type Message struct {
	// Segments are the top-level segments as on the wire; an HNVSD segment
	// carries its decoded payload in Inner.
	Segments []*Segment
	// Charset is how text values were decoded.
	Charset Charset
	// Notes lists lenient repairs applied while decoding, for logging.
	Notes []string
}

// Decode parses FinTS bytes into a segment tree, decoding the payload of
// HNVSD recursively. See the package documentation for what is lenient and
// what is an error; errors are *SyntaxError (possibly wrapped).
func Decode(b []byte) (*Message, error) {
	m, err := decode(b, false)
	if err == nil {
		return m, nil
	}
	// A fixture stored as UTF-8 after its @len@ counts were written for
	// Latin-1 fails strictly; counting characters is then the only reading
	// that fits, so it is unambiguous enough to accept.
	if hasNonASCII(b) {
		if m2, err2 := decode(b, true); err2 == nil {
			m2.Notes = append(m2.Notes, "binary lengths count characters, not bytes: the message was converted to UTF-8 after it was written")
			return m2, nil
		}
	}
	return nil, err
}

func decode(b []byte, charLens bool) (*Message, error) {
	sc := scanner{src: b, charLens: charLens}
	raw, err := sc.segments()
	if err != nil {
		return nil, err
	}
	cs := Latin1
	if textIsUTF8(raw) {
		cs = UTF8
	}
	d := builder{cs: cs, str: string(b)}
	return &Message{Segments: d.build(raw), Charset: cs}, nil
}

func hasNonASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// textIsUTF8 decides the charset for a whole message: UTF-8 only when every
// text value is valid UTF-8 and at least one is not plain ASCII. Real
// Latin-1 umlauts are invalid UTF-8, so they never pass by accident;
// binaries are excluded because XML payloads are UTF-8 anyway.
func textIsUTF8(segs []rawSeg) bool {
	nonASCII := false
	var walk func([]rawSeg) bool
	walk = func(segs []rawSeg) bool {
		for _, s := range segs {
			for _, d := range s.des {
				for _, v := range d {
					if v.bin || !hasNonASCII(v.b) {
						continue
					}
					if !utf8.Valid(v.b) {
						return false
					}
					nonASCII = true
				}
			}
			if !walk(s.inner) {
				return false
			}
		}
		return true
	}
	return walk(segs) && nonASCII
}

// builder turns raw segments into the tree. Text that needed no
// unescaping or conversion is cut from one string of the whole input, so
// most values cost no allocation.
type builder struct {
	cs  Charset
	str string // the outermost input as a string
}

func (d *builder) build(raw []rawSeg) []*Segment {
	out := make([]*Segment, len(raw))
	for i, r := range raw {
		out[i] = d.segment(r)
	}
	return out
}

func (d *builder) segment(r rawSeg) *Segment {
	h := r.des[0]
	s := &Segment{ID: d.text(h[0])}
	s.Number, _ = atoi(string(h[1].b))
	s.Version, _ = atoi(string(h[2].b))
	if len(h) > 3 {
		s.Ref, _ = atoi(string(h[3].b))
	}
	n := 0
	for _, rd := range r.des[1:] {
		n += len(rd)
	}
	vals := make([]Value, n)
	s.DEs = make([]DE, len(r.des)-1)
	k := 0
	for i, rd := range r.des[1:] {
		from := k
		for _, v := range rd {
			if v.bin {
				vals[k] = Value{kind: kindBinary, ext: &valueExt{bin: v.b}}
			} else {
				vals[k] = Value{kind: kindText, text: d.text(v)}
			}
			k++
		}
		s.DEs[i] = DE(vals[from:k:k])
	}
	if r.inner != nil {
		s.Inner = d.build(r.inner)
		// The payload is kept as segments, not as its raw bytes: raw bytes
		// of a customer message would carry the PIN past the redaction.
		s.DEs[0][0] = Nested(s.Inner...)
	}
	// The PIN/TAN group of a customer's HNSHA never becomes plain text, so
	// no later print or trace of the tree can show it.
	if s.ID == "HNSHA" && len(s.DEs) >= 3 {
		for j, v := range s.DEs[2] {
			if v.kind == kindText && v.text != "" {
				s.DEs[2][j] = Secret(secret.New(v.text))
			}
		}
	}
	return s
}

func (d *builder) text(v rawVal) string {
	if len(v.b) == 0 {
		return ""
	}
	if d.cs == UTF8 || !hasNonASCII(v.b) {
		if v.direct {
			return d.str[v.off : v.off+len(v.b)]
		}
		return string(v.b)
	}
	out := make([]byte, 0, len(v.b)+len(v.b)/4)
	for _, c := range v.b {
		out = utf8.AppendRune(out, rune(c))
	}
	return string(out)
}

// Flat returns the segments with the encryption wrapper removed: HNVSK is
// dropped and HNVSD is replaced by its payload, so a wrapped answer reads
// HNHBK, [HNSHK,] HIRMG, …, [HNSHA,] HNHBS.
func (m *Message) Flat() []*Segment {
	return flatten(m.Segments)
}

func flatten(segs []*Segment) []*Segment {
	out := make([]*Segment, 0, len(segs))
	for _, s := range segs {
		switch {
		case s.ID == "HNVSK":
		case s.ID == "HNVSD" && s.Inner != nil:
			out = append(out, flatten(s.Inner)...)
		default:
			out = append(out, s)
		}
	}
	return out
}

// Find returns the first segment with the given ID in Flat order, or nil.
func (m *Message) Find(id string) *Segment { return Find(m.Flat(), id) }

// FindAll returns every segment with the given ID in Flat order.
func (m *Message) FindAll(id string) []*Segment { return FindAll(m.Flat(), id) }
