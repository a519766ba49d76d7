package mt940

import (
	"strings"

	"saldo/fints/statement"
)

// wrapWidth is the line width banks wrap :86: at (SWIFT: 65 characters).
const wrapWidth = 65

// chunkWidth is the width of a DK sub-field (?20…?29, ?32, ?33).
const chunkWidth = 27

// applyInfo fills b from the :86: fields of its booking, each already
// joined onto one line (see prepare). Most banks send one field; Rabobank
// and Danske send one per line of text.
func applyInfo(b *statement.Booking, fields []string) {
	first := strings.TrimLeft(fields[0], " ")
	sep, dk := dkSeparator(first)
	nl := !dk && nlKeyAt(first, 0) != ""
	t := fields[0]
	if len(fields) > 1 {
		glue := " "
		if dk || nl {
			glue = ""
		}
		t = strings.Join(fields, glue)
	}
	switch {
	case dk:
		applyDK(b, t, sep)
	default:
		applyFree(b, t)
	}
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

// applyDK reads the DK "Mehrzweckfeld": GVC, then sub-fields sep+2 digits.
func applyDK(b *statement.Booking, t string, sep byte) {
	t = strings.TrimLeft(t, " ")
	i := 0
	if len(t) >= 3 && isDigit(t[0]) && isDigit(t[1]) && isDigit(t[2]) {
		b.GVC = t[:3]
		i = 3
	}
	// Fixed arrays keep the common case free of heap allocations; more
	// sub-fields than fit simply grow the slices.
	var purposeArr [16]string
	var nameArr [4]string
	purpose, name := purposeArr[:0], nameArr[:0]
	var extra []string
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
// if not nil, receives the offset where each chunk begins (it must have
// room for len(chunks) entries).
func joinChunks(chunks []string, starts []int) string {
	if len(chunks) == 1 {
		if starts != nil {
			starts[0] = 0
		}
		return chunks[0]
	}
	n := 0
	for _, c := range chunks {
		n += len(c) + 1
	}
	var sb strings.Builder
	sb.Grow(n)
	for i, c := range chunks {
		if i > 0 && len(chunks[i-1]) < chunkWidth {
			sb.WriteByte(' ')
		}
		if starts != nil {
			starts[i] = sb.Len()
		}
		sb.WriteString(c)
	}
	return sb.String()
}

// sepaKeyAt returns the SEPA purpose keyword starting at t[i] ("SVWZ" for
// "SVWZ+"), or "": the DK keywords and the few bank-specific ones seen in
// the wild.
func sepaKeyAt(t string, i int) string {
	if i+4 < len(t) && t[i+4] == '+' {
		switch k := t[i : i+4]; k {
		case "EREF", "KREF", "MREF", "CRED", "DEBT", "COAM", "OAMT", "SVWZ",
			"ABWA", "ABWE", "IBAN", "BREF", "RREF", "PURP", "ANAM":
			return k
		}
	}
	if i+3 < len(t) && t[i+3] == '+' && t[i:i+3] == "BIC" {
		return "BIC"
	}
	return ""
}

// applySEPA splits the purpose sub-fields at SEPA keywords. A keyword
// counts where a sub-field starts or after a blank (Deutsche Bank packs
// several keywords into one sub-field); text before the first keyword is
// unstructured purpose.
func applySEPA(b *statement.Booking, chunks []string, extra []string) []string {
	var startsArr [16]int
	var starts []int
	if len(chunks) <= len(startsArr) {
		starts = startsArr[:len(chunks)]
	} else {
		starts = make([]int, len(chunks))
	}
	t := joinChunks(chunks, starts)
	type kv struct {
		key        string
		start, end int // value bounds
		at         int // keyword position
	}
	var foundArr [12]kv
	found := foundArr[:0]
	// Every keyword ends in '+', which is rare in text: look at each '+'
	// and check for a keyword before it that starts a sub-field or
	// follows a blank.
	si := 0
	for pos := 0; pos < len(t); {
		j := strings.IndexByte(t[pos:], '+')
		if j < 0 {
			break
		}
		plus := pos + j
		pos = plus + 1
		for _, n := range [2]int{4, 3} {
			at := plus - n
			if at < 0 {
				continue
			}
			for si < len(starts) && starts[si] < at {
				si++
			}
			atStart := si < len(starts) && starts[si] == at
			if !atStart && at > 0 && t[at-1] != ' ' {
				continue
			}
			if k := sepaKeyAt(t, at); k != "" {
				if n := len(found); n > 0 {
					found[n-1].end = at
				}
				found = append(found, kv{key: k, at: at, start: plus + 1, end: len(t)})
				break
			}
		}
	}
	if len(found) == 0 {
		b.Purpose = normSpace(t)
		return extra
	}
	var svwzArr [4]string
	svwz := svwzArr[:0]
	if pre := normSpace(t[:found[0].at]); pre != "" {
		svwz = append(svwz, pre)
	}
	for _, f := range found {
		v := ""
		if f.end >= f.start {
			v = normSpace(t[f.start:f.end])
		}
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
		case "PURP":
			b.PurposeCode = v
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

// normSpace trims s and collapses runs of blanks, tabs and line breaks to
// one blank.
// It returns s itself (no copy) when nothing needs changing, which is the
// common case and checked with fast substring searches.
func normSpace(s string) string {
	// Outer blanks are common (values end where the next sub-field or
	// keyword begins) and cost nothing to cut: a substring, no copy.
	for len(s) > 0 && s[0] == ' ' {
		s = s[1:]
	}
	for len(s) > 0 && s[len(s)-1] == ' ' {
		s = s[:len(s)-1]
	}
	if len(s) < 32 {
		// Short values: one plain loop beats several searches.
		prev := byte(' ')
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c == '\t' || c == '\n' || c == ' ' && prev == ' ' {
				return strings.Join(strings.Fields(s), " ")
			}
			prev = c
		}
		if prev == ' ' && s != "" {
			return strings.Join(strings.Fields(s), " ")
		}
		return s
	}
	if s[0] != ' ' && s[len(s)-1] != ' ' && !strings.Contains(s, "  ") &&
		strings.IndexByte(s, '\t') < 0 && strings.IndexByte(s, '\n') < 0 {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}
