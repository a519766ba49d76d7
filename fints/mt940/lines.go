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
// It reads in chunks and holds at most one line plus one chunk. Searches
// resume where they stopped, so a long line arriving in small reads (a slow
// network, a reader that returns one byte at a time) costs linear time.
type lineReader struct {
	r          io.Reader
	buf        []byte
	start, end int
	eof        bool
	err        error // sticky read error other than io.EOF
	n          int   // logical lines returned so far
	nlScan     int   // no '\n' in buf[start:nlScan]
	atScan     int   // no undecided '@' in buf[start:atScan]
	lastAt     int   // index of the last '@' in buf[:end], or -1
	empty      int   // consecutive reads that returned nothing
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{r: r, buf: make([]byte, readChunk), lastAt: -1}
}

// next returns the next logical line without its terminator and with
// surrounding control bytes removed. The slice is valid until the next call.
func (lr *lineReader) next() ([]byte, error) {
	for {
		lr.nlScan = max(lr.nlScan, lr.start)
		lr.atScan = max(lr.atScan, lr.start)
		nl := -1
		if j := bytes.IndexByte(lr.buf[lr.nlScan:lr.end], '\n'); j >= 0 {
			nl = lr.nlScan + j
		} else {
			lr.nlScan = lr.end
		}
		lim := lr.end
		if nl >= 0 {
			lim = nl
		}
		// "@@" before the newline ends the line there. '@' is rare, so
		// the search only runs where the buffer holds one at all.
		if lr.lastAt < lr.atScan {
			lr.atScan = lim
		}
		for lr.atScan < lim {
			j := bytes.IndexByte(lr.buf[lr.atScan:lim], '@')
			if j < 0 {
				lr.atScan = lim
				break
			}
			k := lr.atScan + j
			if k+1 < lim {
				if lr.buf[k+1] == '@' {
					return lr.take(k, 2), nil
				}
				lr.atScan = k + 1
				continue
			}
			if nl < 0 && !lr.eof {
				lr.atScan = k // '@' is the last byte so far: wait for more
				break
			}
			lr.atScan = k + 1
		}
		if nl >= 0 && lr.atScan >= nl {
			return lr.take(nl, 1), nil
		}
		if lr.eof && lr.atScan >= lr.end {
			if lr.start == lr.end {
				if lr.err != nil {
					return nil, lr.err
				}
				return nil, io.EOF
			}
			return lr.take(lr.end, 0), nil
		}
		if err := lr.fill(); err != nil {
			return nil, err
		}
	}
}

// take returns the line ending at i and skips the terminator of length tl.
func (lr *lineReader) take(i, tl int) []byte {
	line := lr.buf[lr.start:i]
	lr.start = i + tl
	lr.n++
	return trimLine(line)
}

// fill reads more input, compacting or growing the buffer only when it is
// full.
func (lr *lineReader) fill() error {
	if lr.end == len(lr.buf) {
		if lr.start > 0 {
			n := copy(lr.buf, lr.buf[lr.start:lr.end])
			lr.nlScan -= lr.start
			lr.atScan -= lr.start
			lr.lastAt -= lr.start // may go below -1: still "none"
			lr.start, lr.end = 0, n
		} else {
			if len(lr.buf) >= maxLine {
				return fmt.Errorf("mt940: line %d is longer than %d bytes: this is not MT940 text", lr.n+1, maxLine)
			}
			nb := make([]byte, 2*len(lr.buf))
			copy(nb, lr.buf[:lr.end])
			lr.buf = nb
		}
	}
	n, err := lr.r.Read(lr.buf[lr.end:])
	// IndexByte is vectorised, LastIndexByte is not: look for any '@'
	// first (there rarely is one), then for the last.
	if k := bytes.IndexByte(lr.buf[lr.end:lr.end+n], '@'); k >= 0 {
		lr.lastAt = lr.end + k + bytes.LastIndexByte(lr.buf[lr.end+k:lr.end+n], '@')
	}
	lr.end += n
	if n == 0 && err == nil {
		// A reader that keeps returning nothing would spin forever.
		if lr.empty++; lr.empty >= 100 {
			err = io.ErrNoProgress
		}
	} else {
		lr.empty = 0
	}
	if err != nil {
		lr.eof = true
		if err != io.EOF {
			lr.err = fmt.Errorf("mt940: reading input: %w", err)
		}
	}
	return nil
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
