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
	st := &decodeState{str: string(b), charLens: charLens}
	sc := scanner{src: b, st: st}
	segs, err := sc.segments()
	if err != nil {
		return nil, err
	}
	cs := st.finish()
	return &Message{Segments: segs, Charset: cs}, nil
}

func hasNonASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// finish decides the charset and fills in the non-ASCII text values: UTF-8
// only when every one of them is valid UTF-8. Real Latin-1 umlauts are
// invalid UTF-8, so they never pass by accident; binaries do not count,
// XML payloads are UTF-8 anyway.
func (st *decodeState) finish() Charset {
	cs := UTF8
	if len(st.pending) == 0 {
		cs = Latin1
	}
	for _, p := range st.pending {
		if !utf8.Valid(p.raw) {
			cs = Latin1
			break
		}
	}
	for _, p := range st.pending {
		switch {
		case cs == UTF8 && p.direct:
			p.v.text = st.str[p.off : p.off+len(p.raw)]
		case cs == UTF8:
			p.v.text = string(p.raw)
		default:
			out := make([]byte, 0, len(p.raw)+len(p.raw)/2)
			for _, c := range p.raw {
				out = utf8.AppendRune(out, rune(c))
			}
			p.v.text = string(out)
		}
	}
	// The PIN/TAN group of a customer's HNSHA never stays plain text, so
	// no later print or trace of the tree can show it.
	for _, s := range st.hnsha {
		if len(s.DEs) < 3 {
			continue
		}
		for j, v := range s.DEs[2] {
			if v.kind == kindText && v.text != "" {
				s.DEs[2][j] = Secret(secret.New(v.text))
			}
		}
	}
	return cs
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
