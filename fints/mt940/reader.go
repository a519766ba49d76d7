package mt940

import (
	"bytes"
	"fmt"
	"io"

	"saldo/fints/statement"
)

// maxStatement bounds the text of one statement. A year of a busy business
// account is a few MB; anything near the bound is not a bank statement.
const maxStatement = 64 << 20

// Reader reads MT940/MT942 statements one at a time from a stream.
type Reader struct {
	lr *lineReader

	stmt     builder // the current statement's lines
	stmtLine int     // logical line number of the statement's first line

	pend     []byte // a line read ahead that belongs to the next statement
	pendLine int
	hasPend  bool
	sawLine  bool // any line read yet (for the byte-order mark)
	sc       scratch
}

// NewReader returns a Reader that reads from r. Memory use is proportional
// to the largest single statement, not to the input.
func NewReader(r io.Reader) *Reader {
	return &Reader{lr: newLineReader(r)}
}

// Next returns the next statement, or io.EOF after the last one. After an
// error about one statement, Next may be called again to continue with the
// following statement; read errors are returned again on every call.
func (r *Reader) Next() (*statement.Statement, error) {
	found, err := r.collect()
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, io.EOF
	}
	st, err := parseStatement(&r.stmt, &r.sc)
	if err != nil {
		return nil, err
	}
	return st, nil
}

// line returns the next logical line and its number, the read-ahead line first.
func (r *Reader) line() ([]byte, int, error) {
	if r.hasPend {
		r.hasPend = false
		return r.pend, r.pendLine, nil
	}
	b, err := r.lr.next()
	if err != nil {
		return nil, 0, err
	}
	if !r.sawLine {
		r.sawLine = true
		b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	}
	return b, r.lr.n, nil
}

// unread keeps line for the next call of line.
func (r *Reader) unread(line []byte, n int) {
	r.pend = append(r.pend[:0], line...)
	r.pendLine = n
	r.hasPend = true
}

// collect gathers the lines of the next statement into r.stmt. It reports
// false when the input holds no further statement.
//
// A statement starts at the first field tag and ends at a "-" line, a SWIFT
// envelope end ("-}"), a new envelope, a new :20:, or a new account/opening
// block after a closing balance (banks that omit both "-" and :20:). A "-"
// line is only taken as the end when what follows is not a field of the
// same statement: some banks wrap :86: text so that a line holds just "-".
func (r *Reader) collect() (bool, error) {
	r.stmt.reset()
	in, dash, hasClosing := false, false, false
	for {
		line, n, err := r.line()
		if err == io.EOF {
			return in, nil
		}
		if err != nil {
			return false, err
		}
		kind, tag, tagVS := classify(line)
		if kind == kEnvelope {
			if in {
				r.unread(line, n)
				return true, nil
			}
			// Content may follow "{4:" on the same line.
			i := bytes.Index(line, []byte("{4:"))
			if i < 0 {
				continue
			}
			line = line[i+3:]
			if kind, tag, tagVS = classify(line); kind == kEnvelope {
				continue
			}
		}
		switch kind {
		case kEnd:
			if in {
				return true, nil
			}
			continue
		case kDash:
			if in {
				dash = true
			}
			continue
		case kText:
			if dash {
				// Text after "-" is the junk some banks put between
				// statements (ABN's "ABNANL2A"/"940" lines).
				return true, nil
			}
			if !in {
				continue
			}
		case kTag:
			if dash {
				if !continuesAfterDash(tag) {
					r.unread(line, n)
					return true, nil
				}
				r.stmt.add([]byte("-"), noTag, 0, false, n-1)
				dash = false
			}
			if in && (tag.num == 20 || hasClosing && startsBlock(tag)) {
				r.unread(line, n)
				return true, nil
			}
			if !in {
				in = true
				r.stmtLine = n
			}
			if tag.num == 62 {
				hasClosing = true
			}
		}
		r.stmt.add(line, tag, tagVS, kind == kTag, n)
		if r.stmt.size() > maxStatement {
			return false, fmt.Errorf("mt940: statement starting at line %d is larger than %d MB: this is not a bank statement", r.stmtLine, maxStatement>>20)
		}
	}
}

// continuesAfterDash reports whether a field with this tag after a "-" line
// means the dash was text of the statement rather than its end.
func continuesAfterDash(t tag) bool {
	switch t.num {
	case 61, 86, 62, 64, 65:
		return true
	}
	return false
}

// startsBlock reports whether the tag opens a statement (used to split
// statements that lack both "-" and :20:).
func startsBlock(t tag) bool {
	switch t.num {
	case 21, 25, 28, 60, 34, 13:
		return true
	}
	return false
}

type lineKind uint8

const (
	kText     lineKind = iota // continuation text, or junk outside statements
	kTag                      // ":TAG:" starts a field
	kDash                     // "-" ends a statement (tentatively)
	kEnd                      // "-}" or "-XXX" ends a statement for sure
	kEnvelope                 // "{1:..." SWIFT block header
)

func classify(line []byte) (lineKind, tag, int) {
	if len(line) == 0 {
		return kText, tag{}, 0
	}
	switch line[0] {
	case ':':
		if t, vs, ok := parseTag(line); ok {
			return kTag, t, vs
		}
	case '-':
		rest := bytes.TrimRight(line[1:], " \t")
		if len(rest) == 0 {
			return kDash, tag{}, 0
		}
		if rest[0] == '}' || len(bytes.Trim(rest, "X")) == 0 {
			return kEnd, tag{}, 0
		}
	case '{':
		if len(line) >= 3 && line[2] == ':' && (isDigit(line[1]) || isUpper(line[1])) {
			return kEnvelope, tag{}, 0
		}
	}
	return kText, tag{}, 0
}

// tag is a field tag: number and option letter (":60F:" is {60, 'F'}).
type tag struct {
	num int
	opt byte
}

// noTag is the tag of a line that has none.
var noTag tag

// tagNS is the number used for the German non-SWIFT field ":NS:".
const tagNS = 999

func (t tag) String() string {
	switch {
	case t.num == tagNS:
		return "NS"
	case t.opt != 0:
		return fmt.Sprintf("%02d%c", t.num, t.opt)
	}
	return fmt.Sprintf("%02d", t.num)
}

// parseTag recognises ":TAG:" at the start of line and returns the tag and
// the index where the value starts. Only tags that occur in MT940/MT942 are
// recognised, so that text such as "13:12:11" wrapped onto a new line
// stays part of the field it belongs to.
func parseTag[T string | []byte](line T) (tag, int, bool) {
	if len(line) < 4 || line[0] != ':' {
		return tag{}, 0, false
	}
	if line[1] == 'N' && line[2] == 'S' && line[3] == ':' {
		return tag{num: tagNS}, 4, true
	}
	if !isDigit(line[1]) || !isDigit(line[2]) {
		return tag{}, 0, false
	}
	num := int(line[1]-'0')*10 + int(line[2]-'0')
	switch num {
	case 13, 20, 21, 25, 28, 34, 60, 61, 62, 64, 65, 86, 90:
	default:
		return tag{}, 0, false
	}
	if line[3] == ':' {
		return tag{num: num}, 4, true
	}
	if len(line) >= 5 && isUpper(line[3]) && line[4] == ':' {
		return tag{num: num, opt: line[3]}, 5, true
	}
	return tag{}, 0, false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isLetter(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}
