package mt940

import (
	"bytes"
	"encoding/binary"
	"unicode/utf8"
)

// scratch is memory reused from one statement to the next.
type scratch struct {
	utf   []byte     // Latin-1 statements decoded to UTF-8
	marks []fieldMark // where each field starts in the prepared text
	n61   int         // number of :61: fields
	info  []string    // :86: fields of the current booking
	ns    []string
}

// fieldMark locates a field in the prepared text.
type fieldMark struct {
	start int // offset of the ':' that opens the tag
	vs    int // offset of the value from start
	tag   tag
	line  int // input line number, for error messages
}

// prepare turns the raw lines of one statement into the text the field
// parser reads: decoded to UTF-8 (ISO-8859-1 unless the statement is valid
// UTF-8; decided per statement), and with every :86: field joined onto one
// line. Joining here, in place, spares a copy per booking:
//
//   - DK-structured and "/CODE/" text is wrapped at a fixed column, in the
//     middle of words and even inside "?nn" markers: lines join directly.
//   - other text: a line that fills the bank's 65 columns was cut mid-word
//     and joins directly; a shorter line ended where the writer ended it,
//     so a blank goes between.
func prepare(raw []byte, firstLine int, sc *scratch) string {
	buf := raw
	if !utf8.Valid(raw) {
		sc.utf = latin1ToUTF8(sc.utf[:0], raw)
		buf = sc.utf
	}
	sc.marks, sc.n61 = sc.marks[:0], 0
	w := 0
	in86, direct, prevWidth := false, false, 0
	lineNo := firstLine
	for r := 0; r < len(buf); lineNo++ {
		e := bytes.IndexByte(buf[r:], '\n')
		if e < 0 {
			e = len(buf)
		} else {
			e += r
		}
		line := buf[r:e]
		t, vs, isTag := parseTag(line)
		if !isTag && in86 {
			if !direct && prevWidth < wrapWidth {
				buf[w] = ' '
				w++
			}
			prevWidth = width(line)
			w += copy(buf[w:], line)
			r = e + 1
			continue
		}
		// Decide before copying: the copy moves bytes within buf and may
		// overwrite line.
		in86 = isTag && t.num == 86
		if in86 {
			// A short prefix decides; converting only that keeps the
			// string on the stack.
			first := bytes.TrimLeft(line[vs:], " ")
			head := string(first[:min(len(first), 16)])
			_, dk := dkSeparator(head)
			direct = dk || nlKeyAt(head, 0) != ""
			prevWidth = width(line)
		}
		if w > 0 {
			buf[w] = '\n'
			w++
		}
		if isTag {
			sc.marks = append(sc.marks, fieldMark{start: w, vs: vs, tag: t, line: lineNo})
			if t.num == 61 {
				sc.n61++
			}
		}
		w += copy(buf[w:], line)
		r = e + 1
	}
	return string(buf[:w])
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
