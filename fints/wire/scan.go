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

// rawVal is a value before character decoding: unescaped text bytes or
// binary content.
type rawVal struct {
	b      []byte
	bin    bool
	direct bool // b is the unchanged input at off (no escapes removed)
	off    int  // offset of the content in the outermost message
}

type rawSeg struct {
	des   [][]rawVal
	off   int
	inner []rawSeg
}

// scanner splits bytes into raw segments. charLens makes `@n@` count n
// characters (a UTF-8 sequence counts once) instead of n bytes; Decode uses
// it as a second attempt for fixtures converted to UTF-8 after their binary
// lengths were written.
type scanner struct {
	src      []byte
	base     int
	charLens bool
	depth    int
	vals     []rawVal // scratch for the segment being scanned
	bounds   []int    // scratch: end index in vals of each element
}

func isSpace(c byte) bool { return c == ' ' || c == '\r' || c == '\n' || c == '\t' }

func isSep(c byte) bool { return c == '+' || c == ':' || c == '\'' }

func (s *scanner) errAt(i int, format string, args ...any) error {
	return &SyntaxError{Offset: s.base + i, Msg: fmt.Sprintf(format, args...)}
}

// segments scans the whole input as a list of segments.
func (s *scanner) segments() ([]rawSeg, error) {
	var segs []rawSeg
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

// segment scans one segment starting at i and returns the offset after its
// terminator.
func (s *scanner) segment(start int) (rawSeg, int, error) {
	seg := rawSeg{off: s.base + start}
	s.vals, s.bounds = s.vals[:0], s.bounds[:0]
	i := start
	for {
		v, j, err := s.value(i)
		if err != nil {
			return seg, 0, err
		}
		s.vals = append(s.vals, v)
		if j >= len(s.src) {
			return seg, 0, s.errAt(start, "segment %q is not terminated by '", headPreview(s.src[start:]))
		}
		switch s.src[j] {
		case ':':
			i = j + 1
			continue
		case '+':
			s.bounds = append(s.bounds, len(s.vals))
			i = j + 1
			continue
		}
		// s.src[j] == '\''
		s.bounds = append(s.bounds, len(s.vals))
		seg.des = s.collect()
		if err := s.checkHeader(seg, start); err != nil {
			return seg, 0, err
		}
		if err := s.nested(&seg); err != nil {
			return seg, 0, err
		}
		return seg, j + 1, nil
	}
}

// collect copies the scratch values into one exact slice per segment and
// cuts it into elements, so a segment costs two allocations, not one per
// element.
func (s *scanner) collect() [][]rawVal {
	vals := make([]rawVal, len(s.vals))
	copy(vals, s.vals)
	des := make([][]rawVal, len(s.bounds))
	from := 0
	for k, to := range s.bounds {
		des[k] = vals[from:to:to]
		from = to
	}
	return des
}

// value scans one value starting at i and returns the offset of the
// separator (or end of input) after it.
func (s *scanner) value(i int) (rawVal, int, error) {
	if v, j, ok, err := s.binary(i); ok || err != nil {
		return v, j, err
	}
	start := i
	var buf []byte // only allocated when the value contains escapes
	for i < len(s.src) {
		c := s.src[i]
		if c == '?' {
			if i+1 >= len(s.src) {
				return rawVal{}, 0, s.errAt(i, "escape character '?' at the end of the input")
			}
			if buf == nil {
				buf = make([]byte, 0, 16)
				buf = append(buf, s.src[start:i]...)
			}
			buf = append(buf, s.src[i+1])
			i += 2
			continue
		}
		if isSep(c) {
			break
		}
		if buf != nil {
			buf = append(buf, c)
		}
		i++
	}
	if buf == nil {
		return rawVal{b: s.src[start:i], direct: true, off: s.base + start}, i, nil
	}
	return rawVal{b: buf, off: s.base + start}, i, nil
}

// binary reads `@n@bytes` at i. ok is false when i does not start a binary;
// an '@' that is not followed by digits and '@' is taken as literal text
// (banks occasionally forget to escape it in e-mail addresses).
func (s *scanner) binary(i int) (rawVal, int, bool, error) {
	if i >= len(s.src) || s.src[i] != '@' {
		return rawVal{}, 0, false, nil
	}
	j := i + 1
	n := 0
	for j < len(s.src) && s.src[j] >= '0' && s.src[j] <= '9' && j-i <= 10 {
		n = n*10 + int(s.src[j]-'0')
		j++
	}
	if j == i+1 || j >= len(s.src) || s.src[j] != '@' {
		return rawVal{}, 0, false, nil
	}
	data := j + 1
	left := len(s.src) - data
	end := data + n
	if s.charLens {
		end = charEnd(s.src, data, n)
	}
	if n > left || end > len(s.src) {
		return rawVal{}, 0, true, s.errAt(i, "binary length %d exceeds the %d bytes left in the input", n, left)
	}
	if end < len(s.src) && !isSep(s.src[end]) {
		return rawVal{}, 0, true, s.errAt(end, "binary of declared length %d is followed by %q, not by a separator", n, s.src[end])
	}
	return rawVal{b: s.src[data:end], bin: true, off: s.base + data}, end, true, nil
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

func (s *scanner) checkHeader(seg rawSeg, start int) error {
	h := seg.des[0]
	if h[0].bin || len(h[0].b) == 0 {
		return s.errAt(start, "segment without identifier")
	}
	if len(h[0].b) > 6 {
		return s.errAt(start, "segment identifier %q is longer than 6 characters", headPreview(h[0].b))
	}
	for _, c := range h[0].b {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return s.errAt(start, "segment identifier %q is not alphanumeric", headPreview(h[0].b))
		}
	}
	if len(h) < 3 {
		return s.errAt(start, "segment header %q lacks number or version", headPreview(s.src[start:]))
	}
	for k := 1; k < len(h) && k <= 3; k++ {
		if k == 3 && len(h[k].b) == 0 {
			continue // "HIRMG:2:2:" – an empty reference position
		}
		if _, ok := atoi(string(h[k].b)); !ok || h[k].bin {
			return s.errAt(start, "segment header %q: %q is not a number", headPreview(s.src[start:]), h[k].b)
		}
	}
	return nil
}

// nested decodes the payload of an HNVSD segment into seg.inner.
func (s *scanner) nested(seg *rawSeg) error {
	if string(seg.des[0][0].b) != "HNVSD" || len(seg.des) < 2 || !seg.des[1][0].bin {
		return nil
	}
	if s.depth >= maxNesting {
		return &SyntaxError{Offset: seg.off, Msg: "HNVSD nested too deeply"}
	}
	payload := seg.des[1][0]
	inner := scanner{src: payload.b, base: payload.off, charLens: s.charLens, depth: s.depth + 1}
	segs, err := inner.segments()
	if err != nil {
		return fmt.Errorf("HNVSD payload: %w", err)
	}
	seg.inner = segs
	return nil
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
