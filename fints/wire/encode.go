package wire

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Encoder writes segments in FinTS syntax: text escaped (`? + : ' @`),
// binaries raw with their byte length, trailing empty elements and trailing
// empty group values dropped.
type Encoder struct {
	// Charset is the text encoding: Latin1 (the default, what banks
	// expect) or UTF8 (for storing segments, e.g. BPD in a state blob).
	Charset Charset
	// Redact writes "***" instead of credentials.
	Redact bool
	// lossy replaces characters the charset cannot hold by '_' instead of
	// failing; only traces use it.
	lossy bool
}

// EncodeError reports a value that cannot be written. For credentials the
// offending character is not named.
type EncodeError struct {
	Segment string // segment header, e.g. "HKCCS:3:1"
	Pos     int    // data element position (#2 = first after the header)
	Index   int    // value position inside the group, 1-based
	Rune    rune   // the character (0 for credentials and header errors)
	Msg     string
}

func (e *EncodeError) Error() string {
	return fmt.Sprintf("fints/wire: %s #%d,%d: %s", e.Segment, e.Pos, e.Index, e.Msg)
}

// Encode writes segs in the Latin-1 wire form.
func Encode(segs ...*Segment) ([]byte, error) { return Encoder{}.Encode(segs...) }

// Trace renders segs for a log: credentials become "***", text is UTF-8 so
// it reads well, and characters that could not be sent are shown as '_'.
// It never fails.
func Trace(segs ...*Segment) []byte {
	b, _ := Encoder{Charset: UTF8, Redact: true, lossy: true}.Encode(segs...)
	return b
}

// Encode writes segs.
func (e Encoder) Encode(segs ...*Segment) ([]byte, error) { return e.Append(nil, segs...) }

// Append writes segs to dst.
func (e Encoder) Append(dst []byte, segs ...*Segment) ([]byte, error) {
	var err error
	for _, s := range segs {
		if dst, err = e.appendSeg(dst, s); err != nil {
			return dst, err
		}
	}
	return dst, nil
}

func (e Encoder) appendSeg(dst []byte, s *Segment) ([]byte, error) {
	if s.ID == "" || !isIdent(s.ID) {
		return dst, &EncodeError{Segment: s.ID, Pos: 1, Index: 1, Msg: fmt.Sprintf("segment identifier %q must be 1–6 letters or digits", s.ID)}
	}
	dst = append(dst, s.ID...)
	dst = append(dst, ':')
	dst = strconv.AppendInt(dst, int64(s.Number), 10)
	dst = append(dst, ':')
	dst = strconv.AppendInt(dst, int64(s.Version), 10)
	if s.Ref > 0 {
		dst = append(dst, ':')
		dst = strconv.AppendInt(dst, int64(s.Ref), 10)
	}
	last := len(s.DEs) - 1
	for last >= 0 && s.DEs[last].IsEmpty() {
		last--
	}
	var err error
	for i := 0; i <= last; i++ {
		dst = append(dst, '+')
		d := s.DEs[i]
		end := len(d) - 1
		for end >= 0 && d[end].IsEmpty() {
			end--
		}
		for j := 0; j <= end; j++ {
			if j > 0 {
				dst = append(dst, ':')
			}
			if dst, err = e.appendValue(dst, d[j], s, i+2, j+1); err != nil {
				return dst, err
			}
		}
	}
	return append(dst, '\''), nil
}

func isIdent(id string) bool {
	if len(id) > 6 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func (e Encoder) appendValue(dst []byte, v Value, s *Segment, pos, idx int) ([]byte, error) {
	switch v.kind {
	case kindBinary:
		return appendBinary(dst, v.ext.bin), nil
	case kindNested:
		inner, err := e.Append(nil, v.ext.segs...)
		if err != nil {
			return dst, err
		}
		return appendBinary(dst, inner), nil
	case kindSecret:
		if e.Redact {
			return append(dst, "***"...), nil
		}
		out, r := e.appendText(dst, v.ext.sec.Reveal())
		if r != 0 {
			return dst, &EncodeError{Segment: s.Header(), Pos: pos, Index: idx, Msg: "the PIN or TAN contains a character that cannot be sent in ISO-8859-1"}
		}
		return out, nil
	}
	out, r := e.appendText(dst, v.text)
	if r != 0 {
		return dst, &EncodeError{Segment: s.Header(), Pos: pos, Index: idx, Rune: r,
			Msg: fmt.Sprintf("character %q (U+%04X) cannot be sent in ISO-8859-1; transliterate it first", r, r)}
	}
	return out, nil
}

func appendBinary(dst, b []byte) []byte {
	dst = append(dst, '@')
	dst = strconv.AppendInt(dst, int64(len(b)), 10)
	dst = append(dst, '@')
	return append(dst, b...)
}

// appendText escapes t and writes it in e's charset. It returns the first
// character that cannot be written (utf8.RuneError for invalid UTF-8), or 0.
func (e Encoder) appendText(dst []byte, t string) ([]byte, rune) {
	for i := 0; i < len(t); {
		c := t[i]
		if c < utf8.RuneSelf {
			switch c {
			case '?', '+', ':', '\'', '@':
				dst = append(dst, '?')
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(t[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			if !e.lossy {
				return dst, utf8.RuneError
			}
			dst = append(dst, '_')
		case e.Charset == UTF8:
			dst = utf8.AppendRune(dst, r)
		case r <= 0xFF:
			dst = append(dst, byte(r))
		case e.lossy:
			dst = append(dst, '_')
		default:
			return dst, r
		}
	}
	return dst, 0
}
