// Package sepa holds the SEPA helpers shared by the pain writer, the camt
// parser, the demo bank and the UI: IBAN and BIC validation and formatting,
// BIC derivation for German IBANs, and the SEPA character set with
// transliteration.
//
// Entry points: [ValidateIBAN] and [ValidateBIC] say which rule an input
// breaks, [NormalizeIBAN] and [FormatIBAN] convert between the typed,
// compact and grouped forms, [GermanIBAN] and [GermanAccount] convert
// between an IBAN and a German bank code and account number,
// [BICForIBAN] looks the BIC up in the bank directory, and [Check] and
// [Transliterate] fit payment texts to a [Charset] (refusing, with a
// [*CharError], characters that have no sensible spelling in it).
package sepa

import (
	"errors"
	"fmt"
	"strings"

	"saldo/fints/bankdir"
)

// ErrInvalidIBAN is wrapped by every IBAN validation error.
var ErrInvalidIBAN = errors.New("invalid IBAN")

// ibanLengths gives the IBAN length of every country in the SEPA scheme
// (EPC list, including the 2024/2025 accessions). Overseas territories that
// use their mother country's IBAN prefix (e.g. French DOM, Åland, Jersey)
// need no entry of their own.
var ibanLengths = map[string]int{
	"AD": 24, "AL": 28, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24,
	"DE": 22, "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GI": 23,
	"GR": 27, "HR": 21, "HU": 28, "IE": 22, "IS": 26, "IT": 27, "LI": 21, "LT": 20,
	"LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MT": 31, "NL": 18,
	"NO": 15, "PL": 28, "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27,
	"VA": 22,
}

// IBANLength returns the IBAN length for a SEPA country code.
func IBANLength(country string) (int, bool) {
	n, ok := ibanLengths[strings.ToUpper(country)]
	return n, ok
}

// IsSEPACountry reports whether the country (ISO 3166 alpha-2) takes part
// in SEPA credit transfers.
func IsSEPACountry(country string) bool {
	_, ok := ibanLengths[strings.ToUpper(country)]
	return ok
}

// NormalizeIBAN removes spaces (and the other separators people paste) and
// upper-cases: "de87 1234-5678…" → "DE871234…". It does not validate.
func NormalizeIBAN(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		case r == ' ' || r == '-' || r == '.' || r == '\t' || r == '\u00a0':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// FormatIBAN writes a normalised IBAN in groups of four for people:
// "DE87 1234 5678 1234 5678 90".
func FormatIBAN(s string) string {
	s = NormalizeIBAN(s)
	var b strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[i:min(i+4, len(s))])
	}
	return b.String()
}

// ValidateIBAN checks an IBAN (spaces allowed) for SEPA use: country code
// of a SEPA country, the length of that country, only letters and digits,
// and the ISO 13616 mod-97 check digits. The error says which rule failed.
func ValidateIBAN(s string) error {
	iban := NormalizeIBAN(s)
	if iban == "" {
		return fmt.Errorf("%w: empty", ErrInvalidIBAN)
	}
	if len(iban) < 5 {
		return fmt.Errorf("%w: %q is too short", ErrInvalidIBAN, s)
	}
	for i, r := range iban {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return fmt.Errorf("%w: character %q at position %d is not a letter or digit", ErrInvalidIBAN, r, i+1)
		}
	}
	cc := iban[:2]
	if cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z' {
		return fmt.Errorf("%w: %q must start with two letters, the country code", ErrInvalidIBAN, s)
	}
	if iban[2] < '0' || iban[2] > '9' || iban[3] < '0' || iban[3] > '9' {
		return fmt.Errorf("%w: positions 3 and 4 of %q must be check digits", ErrInvalidIBAN, s)
	}
	want, ok := ibanLengths[cc]
	if !ok {
		return fmt.Errorf("%w: %s is not a SEPA country", ErrInvalidIBAN, cc)
	}
	if len(iban) != want {
		return fmt.Errorf("%w: a %s IBAN has %d characters, %q has %d", ErrInvalidIBAN, cc, want, FormatIBAN(iban), len(iban))
	}
	if cc == "DE" && strings.IndexFunc(iban[4:], func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
		return fmt.Errorf("%w: a German IBAN has only digits after DE", ErrInvalidIBAN)
	}
	if Mod97(iban[4:]+iban[:4]) != 1 {
		return fmt.Errorf("%w: check digits of %s do not match, probably a typing error", ErrInvalidIBAN, FormatIBAN(iban))
	}
	return nil
}

// Mod97 computes the ISO 7064 MOD 97-10 remainder of s, an upper-case
// alphanumeric string, with letters counting as 10..35. An identifier
// moved into check position (body, country code, check digits) is valid
// when the remainder is 1: IBANs (ISO 13616) and SEPA creditor
// identifiers use it.
func Mod97(s string) int {
	r := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			v := int(c-'A') + 10
			r = (r*100 + v) % 97
		} else {
			r = (r*10 + int(c-'0')) % 97
		}
	}
	return r
}

// GermanAccount splits a valid German IBAN into bank code (BLZ) and account
// number (leading zeros removed).
func GermanAccount(iban string) (blz, account string, err error) {
	iban = NormalizeIBAN(iban)
	if err := ValidateIBAN(iban); err != nil {
		return "", "", err
	}
	if iban[:2] != "DE" {
		return "", "", fmt.Errorf("%w: %s is not a German IBAN", ErrInvalidIBAN, FormatIBAN(iban))
	}
	account = strings.TrimLeft(iban[12:], "0")
	if account == "" {
		account = "0"
	}
	return iban[4:12], account, nil
}

// GermanIBAN builds the IBAN for a German bank code and account number by
// the standard rule (account left-padded to ten digits). A few banks use
// special rules for old account numbers; for those the bank's own IBAN wins.
func GermanIBAN(blz, account string) (string, error) {
	blz = strings.ReplaceAll(blz, " ", "")
	account = strings.ReplaceAll(account, " ", "")
	if len(blz) != 8 || !allDigits(blz) {
		return "", fmt.Errorf("bank code %q: want 8 digits", blz)
	}
	if account == "" || len(account) > 10 || !allDigits(account) {
		return "", fmt.Errorf("account number %q: want 1 to 10 digits", account)
	}
	bban := blz + strings.Repeat("0", 10-len(account)) + account
	return "DE" + CheckDigits("DE", bban) + bban, nil
}

// CheckDigits returns the two check digits that make country code cc,
// the digits and body a valid ISO 7064 MOD 97-10 identifier: an IBAN's
// (body = BBAN) or a SEPA creditor identifier's (body = national
// identifier, the business code left out).
func CheckDigits(cc, body string) string {
	return fmt.Sprintf("%02d", 98-Mod97(body+cc+"00"))
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// BICForIBAN derives the BIC of a German IBAN from the bank directory. It
// reports false for foreign IBANs and unknown bank codes; SEPA transfers do
// not need a BIC, so callers may simply leave it out then.
func BICForIBAN(iban string) (string, bool) {
	blz, _, err := GermanAccount(iban)
	if err != nil {
		return "", false
	}
	b, ok := bankdir.Lookup(blz)
	if !ok || b.BIC == "" {
		return "", false
	}
	return b.BIC, true
}
