package demobank

import (
	"fmt"
	"strings"
)

// ibanLengths are the IBAN lengths of the SEPA countries (SWIFT IBAN
// registry). A transfer outside SEPA is not something this bank offers.
var ibanLengths = map[string]int{
	"AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22,
	"DK": 18, "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GI": 23, "GR": 27,
	"HR": 21, "HU": 28, "IE": 22, "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20,
	"LV": 21, "MC": 27, "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24,
	"SE": 24, "SI": 19, "SK": 24, "SM": 27, "VA": 22,
}

// NormalizeIBAN drops spaces and upper-cases, the form IBANs are compared in.
func NormalizeIBAN(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}

// CheckIBAN says why s is not a valid SEPA IBAN, or returns nil. Spaces and
// lower case are accepted (people type them).
func CheckIBAN(s string) error {
	iban := NormalizeIBAN(s)
	if len(iban) < 5 {
		return fmt.Errorf("IBAN %q is too short", s)
	}
	for i := 0; i < len(iban); i++ {
		c := iban[i]
		letter, digit := c >= 'A' && c <= 'Z', c >= '0' && c <= '9'
		if !letter && !digit || (i < 2 && !letter) || (i >= 2 && i < 4 && !digit) {
			return fmt.Errorf("IBAN %q: want two letters, two check digits, then letters and digits", s)
		}
	}
	want, ok := ibanLengths[iban[:2]]
	if !ok {
		return fmt.Errorf("IBAN %q: %s is not a SEPA country", s, iban[:2])
	}
	if len(iban) != want {
		return fmt.Errorf("IBAN %q: %s IBANs have %d characters, this one %d", s, iban[:2], want, len(iban))
	}
	if mod97(iban[4:]+iban[:4]) != 1 {
		return fmt.Errorf("IBAN %q: check digits do not match (typo?)", s)
	}
	return nil
}

// mod97 computes the ISO 7064 MOD 97-10 remainder of s, letters counting
// as 10–35. s must be alphanumeric upper case.
func mod97(s string) int {
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

// checkDigits returns the two check digits for country code cc and body.
func checkDigits(cc, body string) string {
	return fmt.Sprintf("%02d", 98-mod97(body+cc+"00"))
}

// germanIBAN builds DEkk BBBBBBBB CCCCCCCCCC from a bank code and an
// account number (left-padded to 10 digits).
func germanIBAN(blz, account string) string {
	bban := blz + strings.Repeat("0", max(0, 10-len(account))) + account
	return "DE" + checkDigits("DE", bban) + bban
}

// creditorID builds a SEPA creditor identifier (Gläubiger-ID) for
// Germany: DE, check digits, business code ZZZ, 11-character national id.
// The business code is left out of the check-digit calculation.
func creditorID(national string) string {
	return "DE" + checkDigits("DE", national) + "ZZZ" + national
}

// FormatIBAN groups an IBAN in fours for people.
func FormatIBAN(iban string) string {
	iban = NormalizeIBAN(iban)
	var b strings.Builder
	for i := 0; i < len(iban); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(iban[i:min(i+4, len(iban))])
	}
	return b.String()
}
