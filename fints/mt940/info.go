package mt940

import (
	"strings"

	"saldo/fints/statement"
)

// infoLine is one line of a booking's :86: text.
type infoLine struct {
	text       string
	width      int  // line width as the bank wrote it (with ":86:" on a field's first line)
	fieldStart bool // first line of a :86: field (some banks send several per booking)
}

// wrapWidth is the line width banks wrap :86: at (SWIFT: 65 characters).
const wrapWidth = 65

// chunkWidth is the width of a DK sub-field (?20…?29, ?32, ?33).
const chunkWidth = 27

// applyInfo fills b from the :86: lines of its booking.
func applyInfo(b *statement.Booking, lines []infoLine) {
	first := strings.TrimLeft(lines[0].text, " ")
	if sep, ok := dkSeparator(first); ok {
		applyDK(b, joinDirect(lines), sep)
		return
	}
	if nlKeyAt(first, 0) != "" {
		// "/CODE/value" text is wrapped at a fixed column like DK text.
		applyFree(b, joinDirect(lines))
		return
	}
	applyFree(b, joinSmart(lines))
}

// dkSeparator reports whether text is DK-structured ("166?00…", or
// "?20…" without a GVC) and returns the sub-field separator. Most banks use
// '?'; a few use another character, so any character that is not a
// letter, digit or ordinary punctuation of free text is accepted.
func dkSeparator(t string) (byte, bool) {
	if len(t) >= 6 && isDigit(t[0]) && isDigit(t[1]) && isDigit(t[2]) && isSepChar(t[3]) && isDigit(t[4]) && isDigit(t[5]) {
		return t[3], true
	}
	if len(t) >= 3 && (t[0] == '?' || t[0] == '>') && isDigit(t[1]) && isDigit(t[2]) {
		return t[0], true
	}
	if len(t) == 3 && isDigit(t[0]) && isDigit(t[1]) && isDigit(t[2]) {
		return '?', true // a bare GVC
	}
	return 0, false
}

func isSepChar(c byte) bool {
	if c <= ' ' || c >= 0x7f || isDigit(c) || isLetter(c) {
		return false
	}
	return !strings.ContainsRune("/-.,:;()'+&\"", rune(c))
}

// joinDirect joins lines without separators: DK :86: text is wrapped at a
// fixed column in the middle of words and even inside "?nn" markers.
func joinDirect(lines []infoLine) string {
	if len(lines) == 1 {
		return lines[0].text
	}
	n := 0
	for _, l := range lines {
		n += len(l.text)
	}
	var sb strings.Builder
	sb.Grow(n)
	for _, l := range lines {
		sb.WriteString(l.text)
	}
	return sb.String()
}

// joinSmart joins free-text lines: a line that fills the bank's wrap width
// was cut mid-word and continues directly; a shorter line ended where the
// writer ended it, so a space goes between. A new :86: field (Rabobank,
// Danske send one per line) always gets a space.
func joinSmart(lines []infoLine) string {
	if len(lines) == 1 {
		return lines[0].text
	}
	var sb strings.Builder
	for i, l := range lines {
		if i > 0 && (l.fieldStart || lines[i-1].width < wrapWidth) {
			sb.WriteByte(' ')
		}
		sb.WriteString(l.text)
	}
	return sb.String()
}

// joinSmartField joins the lines of a statement-level field.
func joinSmartField(f *field) string {
	if f.rest == "" {
		return f.first
	}
	var lines []infoLine
	f.lines(func(s string, first bool) {
		w := len(s)
		if first {
			w += 4
		}
		lines = append(lines, infoLine{text: s, width: w})
	})
	return joinSmart(lines)
}

// applyDK reads the DK "Mehrzweckfeld": GVC, then sub-fields sep+2 digits.
func applyDK(b *statement.Booking, t string, sep byte) {
	t = strings.TrimLeft(t, " ")
	i := 0
	if len(t) >= 3 && isDigit(t[0]) && isDigit(t[1]) && isDigit(t[2]) {
		b.GVC = t[:3]
		i = 3
	}
	var purpose, name, extra []string
	i = nextSub(t, i, sep)
	for i < len(t) {
		code := t[i+1 : i+3]
		j := nextSub(t, i+3, sep)
		val := t[i+3 : j]
		i = j
		switch {
		case code == "00":
			b.PostingText = normSpace(val)
		case code == "10":
			b.PrimaNota = strings.TrimSpace(val)
		case code[0] == '2' || code[0] == '6' && code[1] <= '3':
			purpose = append(purpose, val)
		case code == "30":
			b.CounterpartyBIC = strings.TrimSpace(val)
		case code == "31":
			b.CounterpartyIBAN = strings.TrimSpace(val)
		case code == "32" || code == "33":
			name = append(name, val)
		case code == "34":
			b.GVCExtension = strings.TrimSpace(val)
		default:
			// Bank-specific sub-fields (?35, ?38, ?70 …) are kept as
			// they came, so nothing the bank sent is lost.
			if v := normSpace(val); v != "" {
				extra = append(extra, string(sep)+code+v)
			}
		}
	}
	if len(name) > 0 {
		b.CounterpartyName = normSpace(joinChunks(name, nil))
	}
	if len(purpose) > 0 {
		extra = applySEPA(b, purpose, extra)
	}
	if len(extra) > 0 {
		b.Extra = joinNonEmpty(b.Extra, strings.Join(extra, " "))
	}
}

// nextSub returns the index of the next sep+2 digits at or after i, or len(t).
func nextSub(t string, i int, sep byte) int {
	for i < len(t) {
		j := strings.IndexByte(t[i:], sep)
		if j < 0 {
			return len(t)
		}
		j += i
		if j+2 < len(t) && isDigit(t[j+1]) && isDigit(t[j+2]) {
			return j
		}
		i = j + 1
	}
	return len(t)
}

// joinChunks joins DK sub-field values: a value that fills the 27-character
// field was cut and continues directly, a shorter one ended a word. starts,
// if not nil, receives the offset where each chunk begins.
func joinChunks(chunks []string, starts *[]int) string {
	if len(chunks) == 1 && starts == nil {
		return chunks[0]
	}
	var sb strings.Builder
	for i, c := range chunks {
		if i > 0 && len(chunks[i-1]) < chunkWidth {
			sb.WriteByte(' ')
		}
		if starts != nil {
			*starts = append(*starts, sb.Len())
		}
		sb.WriteString(c)
	}
	return sb.String()
}

// sepaKeys are the purpose keywords of the DK SEPA structure (and the few
// bank-specific ones seen in the wild).
var sepaKeys = [...]string{"EREF", "KREF", "MREF", "CRED", "DEBT", "COAM", "OAMT", "SVWZ", "ABWA", "ABWE", "IBAN", "BIC", "BREF", "RREF", "PURP", "ANAM"}

// sepaKeyAt returns the keyword starting at t[i] ("SVWZ+"), or "".
func sepaKeyAt(t string, i int) string {
	if i >= len(t) || !isUpper(t[i]) {
		return ""
	}
	for _, k := range sepaKeys {
		if len(t)-i > len(k) && t[i+len(k)] == '+' && t[i:i+len(k)] == k {
			return k
		}
	}
	return ""
}

// applySEPA splits the purpose sub-fields at SEPA keywords. A keyword
// counts where a sub-field starts or after a blank (Deutsche Bank packs
// several keywords into one sub-field); text before the first keyword is
// unstructured purpose.
func applySEPA(b *statement.Booking, chunks []string, extra []string) []string {
	var starts []int
	t := joinChunks(chunks, &starts)
	type kv struct {
		key        string
		start, end int // value bounds
		at         int // keyword position
	}
	var found []kv
	si := 0
	for i := 0; i < len(t); i++ {
		atStart := false
		for si < len(starts) && starts[si] < i {
			si++
		}
		if si < len(starts) && starts[si] == i {
			atStart = true
		}
		if !atStart && (i == 0 || t[i-1] != ' ') {
			continue
		}
		if k := sepaKeyAt(t, i); k != "" {
			if n := len(found); n > 0 {
				found[n-1].end = i
			}
			found = append(found, kv{key: k, at: i, start: i + len(k) + 1, end: len(t)})
			i += len(k)
		}
	}
	if len(found) == 0 {
		b.Purpose = normSpace(t)
		return extra
	}
	var svwz []string
	if pre := normSpace(t[:found[0].at]); pre != "" {
		svwz = append(svwz, pre)
	}
	for _, f := range found {
		v := normSpace(t[f.start:f.end])
		switch f.key {
		case "SVWZ":
			if v != "" {
				svwz = append(svwz, v)
			}
		case "EREF":
			if !isNoRef(v) {
				b.EndToEndRef = v
			}
		case "KREF":
			if !isNoRef(v) {
				b.CustomerRef = v
			}
		case "MREF":
			b.MandateRef = v
		case "CRED":
			b.CreditorID = v
		case "ABWA":
			b.UltimateDebtor = v
		case "ABWE":
			b.UltimateCreditor = v
		case "IBAN":
			if b.CounterpartyIBAN == "" {
				b.CounterpartyIBAN = v
			}
		case "BIC":
			if b.CounterpartyBIC == "" {
				b.CounterpartyBIC = v
			}
		case "ANAM":
			if b.CounterpartyName == "" {
				b.CounterpartyName = v
			}
		default:
			if v != "" {
				extra = append(extra, f.key+"+"+v)
			}
		}
	}
	b.Purpose = strings.Join(svwz, " ")
	return extra
}

// applyNS reads the German non-SWIFT :NS: lines of a booking: two-digit
// code + text; 01–14 purpose, 15 counterparty name, 17 posting text.
func applyNS(b *statement.Booking, lines []string) {
	var purpose, extra []string
	for _, l := range lines {
		if len(l) < 2 || !isDigit(l[0]) || !isDigit(l[1]) {
			continue
		}
		code, v := l[:2], normSpace(l[2:])
		switch {
		case code >= "01" && code <= "14":
			purpose = append(purpose, v)
		case code == "15" || code == "16":
			b.CounterpartyName = joinNonEmpty(b.CounterpartyName, v)
		case code == "17":
			b.PostingText = v
		default:
			if v != "" {
				extra = append(extra, code+"="+v)
			}
		}
	}
	if len(purpose) > 0 {
		b.Purpose = joinNonEmpty(b.Purpose, strings.Join(purpose, " "))
	}
	if len(extra) > 0 {
		b.Extra = joinNonEmpty(b.Extra, strings.Join(extra, " "))
	}
}

func joinNonEmpty(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " " + b
}

// normSpace trims s and collapses runs of white space to one blank. It
// returns s itself (no copy) when nothing needs changing.
func normSpace(s string) string {
	clean := true
	prevSpace := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' {
			if prevSpace {
				clean = false
				break
			}
			prevSpace = true
			continue
		}
		if c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' {
			clean = false
			break
		}
		prevSpace = false
	}
	if clean && (len(s) == 0 || s[len(s)-1] != ' ') {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}
