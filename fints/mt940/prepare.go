package mt940

import (
	"bytes"
	"encoding/binary"
	"unicode/utf8"
	"unsafe"
)

// scratch is memory reused from one statement to the next.
type scratch struct {
	info []string // :86: fields of the current booking
	ns   []string
}

// fieldMark locates a field in the prepared text.
type fieldMark struct {
	start int // offset of the ':' that opens the tag
	vs    int // offset of the value from start
	tag   tag
	line  int // input line number, for error messages
}

// builder collects the lines of one statement in the form the field
// parser reads, while the reader reads them: every :86: field joined onto
// one line, and the position of each field marked. Joining here spares a
// copy per booking later:
//
//   - DK-structured and "/CODE/" text is wrapped at a fixed column, in the
//     middle of words and even inside "?nn" markers: lines join directly.
//   - other text: a line that fills the bank's 65 columns was cut mid-word
//     and joins directly; a shorter line ended where the writer ended it,
//     so a blank goes between.
type builder struct {
	buf       []byte
	marks     []fieldMark
	n61       int
	in86      bool // the current field is a :86:
	direct    bool // ... whose lines join without a blank
	prevWidth int  // width of the previous :86: line
}

func (b *builder) reset() {
	b.buf, b.marks, b.n61, b.in86 = b.buf[:0], b.marks[:0], 0, false
}

// add appends one line; t/vs/isTag are what parseTag said about it.
func (b *builder) add(line []byte, t tag, vs int, isTag bool, lineNo int) {
	if !isTag && b.in86 {
		if !b.direct {
			if b.prevWidth < wrapWidth {
				b.buf = append(b.buf, ' ')
			}
			b.prevWidth = width(line)
		}
		b.buf = append(b.buf, line...)
		return
	}
	if len(b.buf) > 0 {
		b.buf = append(b.buf, '\n')
	}
	b.in86 = isTag && t.num == 86
	if isTag {
		b.marks = append(b.marks, fieldMark{start: len(b.buf), vs: vs, tag: t, line: lineNo})
		if t.num == 61 {
			b.n61++
		}
		if b.in86 {
			// A short prefix decides; converting only that keeps the
			// string on the stack.
			first := bytes.TrimLeft(line[vs:], " ")
			head := string(first[:min(len(first), 16)])
			_, dk := dkSeparator(head)
			b.direct = dk || nlKeyAt(head, 0) != ""
			if !b.direct {
				b.prevWidth = width(line)
			}
		}
	}
	b.buf = append(b.buf, line...)
}

// text returns the statement as UTF-8: taken as it is when it is valid
// UTF-8, read as ISO-8859-1 otherwise (decided per statement). Marks
// move with the decoding.
//
// The string shares memory with a buffer nobody writes to again (the
// builder starts a new one), which saves copying every statement once
// more; all bookings' strings are substrings of it.
func (b *builder) text() string {
	var out []byte
	if utf8.Valid(b.buf) {
		out = b.buf
		b.buf = make([]byte, 0, len(out)+len(out)/4)
	} else {
		high := 0
		for _, c := range b.buf {
			if c >= 0x80 {
				high++
			}
		}
		out = make([]byte, 0, len(b.buf)+2*high) // at most 3 bytes per high byte
		raw, off := b.buf, 0
		for i := range b.marks {
			m := &b.marks[i]
			out = latin1ToUTF8(out, raw[off:m.start])
			off, m.start = m.start, len(out)
			// The tag itself is ASCII, so the value offset stays.
		}
		out = latin1ToUTF8(out, raw[off:])
	}
	if len(out) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(out), len(out))
}

// width is the number of characters in a line: banks wrap at 65
// characters, and an umlaut is two bytes once decoded.
func width(line []byte) int {
	n := len(line)
	if n < wrapWidth {
		return n // fewer bytes than the limit: fewer characters too
	}
	return utf8.RuneCount(line)
}

// latin1ToUTF8 appends raw, read as ISO-8859-1 with the Windows-1252
// letters in 0x80–0x9F, to dst as UTF-8.
func latin1ToUTF8(dst, raw []byte) []byte {
	for len(raw) > 0 {
		// Copy the ASCII run up to the next high byte in one go, eight
		// bytes at a time where possible.
		i := 0
		for i+8 <= len(raw) && binary.LittleEndian.Uint64(raw[i:])&0x8080808080808080 == 0 {
			i += 8
		}
		for i < len(raw) && raw[i] < 0x80 {
			i++
		}
		dst = append(dst, raw[:i]...)
		if i == len(raw) {
			break
		}
		c := raw[i]
		switch {
		case c < 0xa0:
			if r := cp1252[c-0x80]; r != 0 {
				dst = utf8.AppendRune(dst, r)
			} else {
				dst = append(dst, ' ')
			}
		default:
			dst = append(dst, 0xc0|c>>6, 0x80|c&0x3f)
		}
		raw = raw[i+1:]
	}
	return dst
}

// cp1252 maps 0x80–0x9F; 0 marks the five unassigned codes.
var cp1252 = [32]rune{
	'€', 0, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0, 'Ž', 0,
	0, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0, 'ž', 'Ÿ',
}
