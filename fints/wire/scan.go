package wire

import (
	"fmt"
	"unicode/utf8"
)

// SyntaxError reports input that is not FinTS syntax. Offset counts bytes
// from the start of the outermost message, also for errors found inside an
// HNVSD payload.
type SyntaxError struct {
	Offset int
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("fints/wire: byte %d: %s", e.Offset, e.Msg)
}

// maxNesting bounds HNVSD-inside-HNVSD recursion; real messages nest once.
const maxNesting = 3

// pending is a text value with non-ASCII bytes, converted once the whole
// message is scanned and its charset known.
type pending struct {
	v      *Value // set when the segment is built
	k      int    // index in the scanner's scratch values until then
	raw    []byte
	off    int  // offset of raw in the outermost input
	direct bool // raw is the unchanged input at off
}

// decodeState is shared by the scanners of a message and its HNVSD
// payloads.
type decodeState struct {
	str      string // the outermost input as one string; ASCII text is cut from it
	charLens bool
	pending  []pending
	hnsha    []*Segment // their PIN/TAN become secrets after conversion
}

// scanner turns bytes into segments in one pass. With charLens set, `@n@`
// counts n characters (a UTF-8 sequence counts once) instead of n bytes;
// Decode uses that as a second attempt for fixtures converted to UTF-8
// after their binary lengths were written.
type scanner struct {
	src    []byte
	base   int // offset of src in the outermost input
	depth  int
	st     *decodeState
	vals   []Value   // scratch for the segment being scanned
	bounds []int     // scratch: end index in vals of each element
	pend   []pending // scratch: non-ASCII values of the segment
}

func isSpace(c byte) bool { return c == ' ' || c == '\r' || c == '\n' || c == '\t' }

func isSep(c byte) bool { return c == '+' || c == ':' || c == '\'' }

func (s *scanner) errAt(i int, format string, args ...any) error {
	return &SyntaxError{Offset: s.base + i, Msg: fmt.Sprintf(format, args...)}
}

// segments scans the whole input as a list of segments.
func (s *scanner) segments() ([]*Segment, error) {
	var segs []*Segment
	i := skipSpace(s.src, 0)
	if i >= len(s.src) {
		return nil, s.errAt(0, "no segments in input")
	}
	for i < len(s.src) {
		seg, next, err := s.segment(i)
		if err != nil {
			return nil, err
		}
		segs = append(segs, seg)
		// Whitespace between segments: line-joined and hand-edited
		// fixtures put CRLF or spaces there.
		i = skipSpace(s.src, next)
	}
	return segs, nil
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// segment scans one segment starting at start and returns the offset after
// its terminator.
func (s *scanner) segment(start int) (*Segment, int, error) {
	s.vals, s.bounds, s.pend = s.vals[:0], s.bounds[:0], s.pend[:0]
	i := start
	for {
		j, err := s.value(i)
		if err != nil {
			return nil, 0, err
		}
		if j >= len(s.src) {
			return nil, 0, s.errAt(start, "segment %q is not terminated by '", headPreview(s.src[start:]))
		}
		i = j + 1
		switch s.src[j] {
		case ':':
			continue
		case '+':
			s.bounds = append(s.bounds, len(s.vals))
			continue
		}
		// s.src[j] == '\''
		s.bounds = append(s.bounds, len(s.vals))
		seg, err := s.build(start)
		if err != nil {
			return nil, 0, err
		}
		return seg, i, nil
	}
}

// build turns the scratch values into a Segment: one exact slice of values
// cut into elements, so a segment costs a few allocations, not one per
// element.
func (s *scanner) build(start int) (*Segment, error) {
	hEnd := s.bounds[0]
	h := s.vals[:hEnd]
	if err := s.checkHeader(h, start); err != nil {
		return nil, err
	}
	seg := &Segment{ID: h[0].text}
	seg.Number, _ = atoi(h[1].text)
	seg.Version, _ = atoi(h[2].text)
	if len(h) > 3 {
		seg.Ref, _ = atoi(h[3].text)
	}
	vals := make([]Value, len(s.vals)-hEnd)
	copy(vals, s.vals[hEnd:])
	seg.DEs = make([]DE, len(s.bounds)-1)
	from := 0
	for k, to := range s.bounds[1:] {
		to -= hEnd
		seg.DEs[k] = DE(vals[from:to:to])
		from = to
	}
	for _, p := range s.pend {
		if p.k < hEnd {
			continue // header values are checked ASCII; extra ones are dropped
		}
		p.v = &vals[p.k-hEnd]
		s.st.pending = append(s.st.pending, p)
	}
	if seg.ID == "HNSHA" {
		s.st.hnsha = append(s.st.hnsha, seg)
	}
	if err := s.nested(seg); err != nil {
		return nil, err
	}
	return seg, nil
}

// value scans one value starting at i, appends it to the scratch values
// and returns the offset of the separator (or end of input) after it.
func (s *scanner) value(i int) (int, error) {
	if j, ok, err := s.binary(i); ok || err != nil {
		return j, err
	}
	start := i
	var buf []byte // only allocated when the value contains escapes
	ascii := true
	for i < len(s.src) {
		c := s.src[i]
		if c == '?' {
			if i+1 >= len(s.src) {
				return 0, s.errAt(i, "escape character '?' at the end of the input")
			}
			if buf == nil {
				buf = make([]byte, 0, i-start+16)
				buf = append(buf, s.src[start:i]...)
			}
			c = s.src[i+1]
			buf = append(buf, c)
			ascii = ascii && c < utf8.RuneSelf
			i += 2
			continue
		}
		if isSep(c) {
			break
		}
		ascii = ascii && c < utf8.RuneSelf
		if buf != nil {
			buf = append(buf, c)
		}
		i++
	}
	off := s.base + start
	var v Value
	switch {
	case buf == nil && ascii:
		v.text = s.st.str[off : off+i-start]
	case ascii:
		v.text = string(buf)
	case buf == nil:
		s.pend = append(s.pend, pending{k: len(s.vals), raw: s.src[start:i], off: off, direct: true})
	default:
		s.pend = append(s.pend, pending{k: len(s.vals), raw: buf, off: off})
	}
	s.vals = append(s.vals, v)
	return i, nil
}

// binary reads `@n@bytes` at i. ok is false when i does not start a binary;
// an '@' that is not followed by digits and '@' is taken as literal text
// (banks occasionally forget to escape it in e-mail addresses).
func (s *scanner) binary(i int) (int, bool, error) {
	if i >= len(s.src) || s.src[i] != '@' {
		return 0, false, nil
	}
	j := i + 1
	n := 0
	for j < len(s.src) && s.src[j] >= '0' && s.src[j] <= '9' && j-i <= 10 {
		n = n*10 + int(s.src[j]-'0')
		j++
	}
	if j == i+1 || j >= len(s.src) || s.src[j] != '@' {
		return 0, false, nil
	}
	data := j + 1
	left := len(s.src) - data
	end := data + n
	if s.st.charLens {
		end = charEnd(s.src, data, n)
	}
	if n > left || end > len(s.src) {
		return 0, true, s.errAt(i, "binary length %d exceeds the %d bytes left in the input", n, left)
	}
	if end < len(s.src) && !isSep(s.src[end]) {
		return 0, true, s.errAt(end, "binary of declared length %d is followed by %q, not by a separator", n, s.src[end])
	}
	s.vals = append(s.vals, Value{kind: kindBinary, ext: &valueExt{bin: s.src[data:end]}})
	return end, true, nil
}

// charEnd returns the offset after n characters from data, counting each
// valid UTF-8 sequence as one character; len(b)+1 if there are fewer.
func charEnd(b []byte, data, n int) int {
	i := data
	for ; n > 0; n-- {
		if i >= len(b) {
			return len(b) + 1
		}
		_, size := utf8.DecodeRune(b[i:])
		i += size
	}
	return i
}

func (s *scanner) checkHeader(h []Value, start int) error {
	id := h[0]
	if id.kind != kindText || id.text == "" {
		if id.kind == kindText && s.hasPending(0) {
			return s.errAt(start, "segment identifier is not alphanumeric")
		}
		return s.errAt(start, "segment without identifier")
	}
	if len(id.text) > 6 {
		return s.errAt(start, "segment identifier %q is longer than 6 characters", headPreview(s.src[start:]))
	}
	for i := 0; i < len(id.text); i++ {
		c := id.text[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return s.errAt(start, "segment identifier %q is not alphanumeric", headPreview(s.src[start:]))
		}
	}
	if len(h) < 3 {
		return s.errAt(start, "segment header %q lacks number or version", headPreview(s.src[start:]))
	}
	for k := 1; k < len(h) && k <= 3; k++ {
		if k == 3 && h[k].kind == kindText && h[k].text == "" && !s.hasPending(k) {
			continue // "HIRMG:2:2:" – an empty reference position
		}
		if _, ok := atoi(h[k].text); !ok || h[k].kind != kindText {
			return s.errAt(start, "segment header %q: position %d is not a number", headPreview(s.src[start:]), k+1)
		}
	}
	return nil
}

// hasPending reports whether scratch value k is non-ASCII text (its text
// is filled in later, so it reads as empty now).
func (s *scanner) hasPending(k int) bool {
	for _, p := range s.pend {
		if p.k == k {
			return true
		}
	}
	return false
}

// nested decodes the payload of an HNVSD segment into seg.Inner and keeps
// it in DEs as a Nested value, not as raw bytes: raw bytes of a customer
// message would carry the PIN past the redaction.
func (s *scanner) nested(seg *Segment) error {
	if seg.ID != "HNVSD" || len(seg.DEs) < 1 || len(seg.DEs[0]) < 1 || seg.DEs[0][0].kind != kindBinary {
		return nil
	}
	if s.depth >= maxNesting {
		return s.errAt(0, "HNVSD nested too deeply")
	}
	payload := seg.DEs[0][0].ext.bin
	off := s.base + offsetIn(s.src, payload)
	inner := scanner{src: payload, base: off, depth: s.depth + 1, st: s.st}
	segs, err := inner.segments()
	if err != nil {
		return fmt.Errorf("HNVSD payload: %w", err)
	}
	seg.Inner = segs
	seg.DEs[0][0] = Nested(segs...)
	return nil
}

// offsetIn returns where sub starts inside b (sub is a subslice of b).
func offsetIn(b, sub []byte) int {
	if len(sub) == 0 {
		return 0
	}
	return cap(b) - cap(sub)
}

// headPreview gives the start of a segment for error messages, short
// enough never to reach a PIN in HNSHA #4.
func headPreview(b []byte) string {
	const max = 12
	end := 0
	for end < len(b) && end < max && b[end] != '+' && b[end] != '\'' {
		end++
	}
	return string(b[:end])
}
