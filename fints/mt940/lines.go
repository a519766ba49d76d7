package mt940

import (
	"bytes"
	"fmt"
	"io"
)

const (
	// readChunk is how much is read from the source at a time.
	readChunk = 64 << 10
	// maxLine bounds one logical line. Real lines are at most a few hundred
	// bytes; the bound keeps a file without any line end from being held
	// whole in memory.
	maxLine = 4 << 20
)

// lineReader splits the input into logical lines. A line ends at LF (a CR
// before it is dropped) or at "@@", which a few banks use instead of CRLF.
// It reads in chunks and never holds more than one line plus one chunk.
type lineReader struct {
	r          io.Reader
	buf        []byte
	start, end int
	eof        bool
	err        error // sticky read error other than io.EOF
	n          int   // logical lines returned so far
	// at is the index in buf of the next '@' at or after start, or end
	// when there is none in the buffered data: "@@" files are rare, so
	// the search runs once per buffer fill, not once per line.
	at int
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{r: r, buf: make([]byte, readChunk), at: -1}
}

// next returns the next logical line without its terminator and with
// surrounding control bytes removed. The slice is valid until the next call.
func (lr *lineReader) next() ([]byte, error) {
	for {
		data := lr.buf[lr.start:lr.end]
		if lr.at < lr.start {
			if j := bytes.IndexByte(data, '@'); j >= 0 {
				lr.at = lr.start + j
			} else {
				lr.at = lr.end
			}
		}
		if i, tl := findTerm(data, lr.at-lr.start, lr.eof); i >= 0 {
			lr.start += i + tl
			lr.n++
			return trimLine(data[:i]), nil
		}
		if lr.eof {
			if len(data) == 0 {
				if lr.err != nil {
					return nil, lr.err
				}
				return nil, io.EOF
			}
			lr.start = lr.end
			lr.n++
			return trimLine(data), nil
		}
		if err := lr.fill(); err != nil {
			return nil, err
		}
	}
}

// fill reads more input, compacting or growing the buffer as needed.
func (lr *lineReader) fill() error {
	if lr.start > 0 {
		n := copy(lr.buf, lr.buf[lr.start:lr.end])
		lr.start, lr.end = 0, n
	}
	lr.at = -1 // new data: search again
	if lr.end == len(lr.buf) {
		if len(lr.buf) >= maxLine {
			return fmt.Errorf("mt940: line %d is longer than %d bytes: this is not MT940 text", lr.n+1, maxLine)
		}
		nb := make([]byte, 2*len(lr.buf))
		copy(nb, lr.buf[:lr.end])
		lr.buf = nb
	}
	n, err := lr.r.Read(lr.buf[lr.end:])
	lr.end += n
	if err != nil {
		lr.eof = true
		if err != io.EOF {
			lr.err = fmt.Errorf("mt940: reading input: %w", err)
		}
	}
	return nil
}

// findTerm returns the index and length of the first line terminator in
// data, or -1. at is the index of the first '@' in data (len(data) if none).
// "@@" counts as a terminator; a single '@' at the very end of unfinished
// data cannot be decided yet and makes findTerm ask for more.
func findTerm(data []byte, at int, eof bool) (int, int) {
	nl := bytes.IndexByte(data, '\n')
	lim := len(data)
	if nl >= 0 {
		lim = nl
	}
	for at < lim {
		if at+1 < lim {
			if data[at+1] == '@' {
				return at, 2
			}
		} else if nl < 0 && !eof {
			return -1, 0 // '@' is the last byte so far
		}
		j := bytes.IndexByte(data[at+1:lim], '@')
		if j < 0 {
			break
		}
		at += 1 + j
	}
	if nl >= 0 {
		return nl, 1
	}
	return -1, 0
}

// trimLine drops CR and other control bytes at both ends of a line (SWIFT
// files carry SOH/ETX around messages). Spaces are kept: a wrapped :86:
// line may end in the space between two words.
func trimLine(b []byte) []byte {
	for len(b) > 0 && (b[0] < 0x20 && b[0] != '\t' || b[0] == 0x7f) {
		b = b[1:]
	}
	for len(b) > 0 {
		c := b[len(b)-1]
		if c < 0x20 || c == 0x7f {
			b = b[:len(b)-1]
			continue
		}
		break
	}
	return b
}
