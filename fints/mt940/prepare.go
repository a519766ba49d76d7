package mt940

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"strings"
	"unicode/utf8"
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
//
// The lines go into a buffer reused from statement to statement; the
// statement's string is then built once, decoded where needed, in a
// strings.Builder (whose memory is not zeroed first). All bookings'
// strings are substrings of it.
type builder struct {
	raw       []byte
	marks     []fieldMark
	n61       int
	in86      bool // the current field is a :86:
	direct    bool // ... whose lines join without a blank
	prevWidth int  // width of the previous :86: line
}

func (b *builder) reset() {
	b.raw, b.marks, b.n61, b.in86 = b.raw[:0], b.marks[:0], 0, false
}

// size is the number of bytes collected so far.
func (b *builder) size() int { return len(b.raw) }

// add appends one line; t/vs/isTag are what parseTag said about it.
func (b *builder) add(line []byte, t tag, vs int, isTag bool, lineNo int) {
	if !isTag && b.in86 {
		if !b.direct {
			if b.prevWidth < wrapWidth {
				b.raw = append(b.raw, ' ')
			}
			b.prevWidth = width(line)
		}
		b.raw = append(b.raw, line...)
		return
	}
	if len(b.raw) > 0 {
		b.raw = append(b.raw, '\n')
	}
	b.in86 = isTag && t.num == 86
	if isTag {
		b.marks = append(b.marks, fieldMark{start: len(b.raw), vs: vs, tag: t, line: lineNo})
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
	b.raw = append(b.raw, line...)
}

// text returns the statement as UTF-8: taken as it is when it is valid
// UTF-8, read as ISO-8859-1 otherwise (decided per statement). Marks
// move with the decoding.
func (b *builder) text() string {
	raw := b.raw
	var out strings.Builder
	if utf8.Valid(raw) {
		out.Grow(len(raw))
		out.Write(raw)
		return out.String()
	}
	out.Grow(len(raw) + 2*countHigh(raw)) // at most 3 bytes per high byte
	off := 0
	for i := range b.marks {
		m := &b.marks[i]
		latin1ToUTF8(&out, raw[off:m.start])
		off, m.start = m.start, out.Len()
		// The tag itself is ASCII, so the value offset stays.
	}
	latin1ToUTF8(&out, raw[off:])
	return out.String()
}

// countHigh counts the bytes ≥ 0x80, eight at a time.
func countHigh(s []byte) int {
	n, i := 0, 0
	for ; i+8 <= len(s); i += 8 {
		n += bits.OnesCount64(binary.LittleEndian.Uint64(s[i:]) & 0x8080808080808080)
	}
	for ; i < len(s); i++ {
		if s[i] >= 0x80 {
			n++
		}
	}
	return n
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

// latin1ToUTF8 writes raw, read as ISO-8859-1 with the Windows-1252
// letters in 0x80–0x9F, to out as UTF-8.
func latin1ToUTF8(out *strings.Builder, raw []byte) {
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
		out.Write(raw[:i])
		if i == len(raw) {
			break
		}
		c := raw[i]
		switch {
		case c < 0xa0:
			if r := cp1252[c-0x80]; r != 0 {
				out.WriteRune(r)
			} else {
				out.WriteByte(' ')
			}
		default:
			out.Write([]byte{0xc0 | c>>6, 0x80 | c&0x3f})
		}
		raw = raw[i+1:]
	}
}

// cp1252 maps 0x80–0x9F; 0 marks the five unassigned codes.
var cp1252 = [32]rune{
	'€', 0, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0, 'Ž', 0,
	0, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0, 'ž', 'Ÿ',
}
