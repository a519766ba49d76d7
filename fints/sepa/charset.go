package sepa

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Charset is a set of characters a SEPA text field may hold.
type Charset int

const (
	// Basic is the EPC SEPA Latin subset every bank accepts:
	// a–z A–Z 0–9 / - ? : ( ) . , ' + and space.
	Basic Charset = iota
	// German is Basic plus what the German DK rulebook admits in names and
	// remittance text: Ä Ö Ü ä ö ü ß & * $ %. Not every bank is known to
	// accept it, so Basic is the safe default.
	German
)

func (c Charset) String() string {
	if c == German {
		return "German SEPA character set"
	}
	return "SEPA character set"
}

// ErrCharset is wrapped by every character set error.
var ErrCharset = errors.New("character not allowed")

// CharError names the first character that cannot be represented.
type CharError struct {
	Rune rune
	Pos  int // 1-based rune position in the original text
	Set  Charset
}

func (e *CharError) Error() string {
	return fmt.Sprintf("%s: %q (U+%04X) at position %d cannot be written in the %s; please replace or remove it",
		ErrCharset, e.Rune, e.Rune, e.Pos, e.Set)
}

// Unwrap lets errors.Is(err, ErrCharset) work.
func (e *CharError) Unwrap() error { return ErrCharset }

// Allowed reports whether r belongs to cs.
func (cs Charset) Allowed(r rune) bool {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		return true
	}
	switch r {
	case '/', '-', '?', ':', '(', ')', '.', ',', '\'', '+', ' ':
		return true
	case 'Ä', 'Ö', 'Ü', 'ä', 'ö', 'ü', 'ß', '&', '*', '$', '%':
		return cs == German
	}
	return false
}

// Check reports the first character of s outside cs.
func Check(s string, cs Charset) error {
	pos := 0
	for _, r := range s {
		pos++
		if !cs.Allowed(r) {
			return &CharError{Rune: r, Pos: pos, Set: cs}
		}
	}
	return nil
}

// special maps characters that have a conventional spelling in the basic
// set and that Unicode decomposition does not reduce to a base letter.
var special = map[rune]string{
	'Ä': "Ae", 'Ö': "Oe", 'Ü': "Ue", 'ä': "ae", 'ö': "oe", 'ü': "ue", 'ß': "ss", 'ẞ': "SS",
	'Æ': "AE", 'æ': "ae", 'Œ': "OE", 'œ': "oe", 'Ø': "O", 'ø': "o", 'Å': "A", 'å': "a",
	'Ł': "L", 'ł': "l", 'Đ': "D", 'đ': "d", 'Ð': "D", 'ð': "d", 'Þ': "Th", 'þ': "th",
	'ı': "i", 'Ħ': "H", 'ħ': "h", 'ŀ': "l", 'Ŀ': "L",
	// Punctuation people type or paste, spelled with allowed characters;
	// '&' becomes '+', the usual stand-in where the basic set applies.
	'&': "+", '‘': "'", '’': "'", '‚': "'", '´': "'", '`': "'",
	'–': "-", '—': "-", '‐': "-", '‑': "-", '_': "-",
	'€': "EUR", '\t': " ", '\n': " ", '\r': " ", '\u00a0': " ",
	'[': "(", ']': ")", '{': "(", '}': ")",
	'"': "'", '“': "'", '”': "'", '„': "'", '«': "'", '»': "'",
	';': ",", '!': ".", '#': "Nr.", '~': "-", '@': "(at)",
}

// Transliterate rewrites s into cs: umlauts become Ae/Oe/Ue/ae/oe/ue and ß
// becomes ss (unless cs is German, which keeps them), accented Latin letters
// lose their accents (é → e, Č → C), common punctuation is mapped to an
// allowed look-alike. A character with no sensible spelling (Greek, Cyrillic,
// emoji, …) is refused with a *CharError naming it: a payment text must not
// silently lose meaning.
func Transliterate(s string, cs Charset) (string, error) {
	if Check(s, cs) == nil {
		return s, nil
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	pos := 0
	for _, r := range s {
		pos++
		if cs.Allowed(r) {
			b.WriteRune(r)
			continue
		}
		if t, ok := special[r]; ok {
			b.WriteString(t)
			continue
		}
		if t, ok := stripAccents(r, cs); ok {
			b.WriteString(t)
			continue
		}
		return "", &CharError{Rune: r, Pos: pos, Set: cs}
	}
	return b.String(), nil
}

// stripAccents decomposes r (NFD) and keeps it when what is left after
// dropping combining marks is allowed: é → e, Ç → C, ǅ → Dz.
func stripAccents(r rune, cs Charset) (string, bool) {
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	dec := norm.NFKD.String(string(buf[:n]))
	var b strings.Builder
	for _, c := range dec {
		if unicode.Is(unicode.Mn, c) {
			continue
		}
		if !cs.Allowed(c) {
			return "", false
		}
		b.WriteRune(c)
	}
	if b.Len() == 0 {
		return "", false
	}
	return b.String(), true
}

// ErrInvalidID is wrapped by identifier errors.
var ErrInvalidID = errors.New("invalid SEPA identifier")

// CheckID validates a SEPA reference identifier (MsgId, PmtInfId,
// EndToEndId, InstrId): 1 to 35 characters of
// A–Z a–z 0–9 + ? / - : ( ) . , ' and space, not starting with '/' and
// without "//".
func CheckID(s string) error {
	switch {
	case s == "":
		return fmt.Errorf("%w: empty", ErrInvalidID)
	case utf8.RuneCountInString(s) > 35:
		return fmt.Errorf("%w: %q is longer than 35 characters", ErrInvalidID, s)
	case strings.HasPrefix(s, "/"):
		return fmt.Errorf("%w: %q must not start with '/'", ErrInvalidID, s)
	case strings.Contains(s, "//"):
		return fmt.Errorf("%w: %q must not contain \"//\"", ErrInvalidID, s)
	}
	for i, r := range []rune(s) {
		if !Basic.Allowed(r) {
			return fmt.Errorf("%w: %q: character %q at position %d is not allowed", ErrInvalidID, s, r, i+1)
		}
	}
	return nil
}
