package demobank

import (
	"fmt"
	"strings"

	"saldo/fints/sepa"
)

// The bank checks IBANs with fints/sepa, the rules the client applies
// before it sends an order; this file only adds what is particular to
// the bank's side.

// NormalizeIBAN drops white space and upper-cases, the form IBANs are
// compared in. Unlike sepa.NormalizeIBAN it keeps other separators: an
// IBAN in an order (pain.001) must not contain any, so a '-' there is an
// error, not formatting.
func NormalizeIBAN(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}

// CheckIBAN says why s is not a valid SEPA IBAN, or returns nil. Spaces and
// lower case are accepted (people type them).
func CheckIBAN(s string) error {
	iban := NormalizeIBAN(s)
	switch {
	case len(iban) < 5:
		return fmt.Errorf("IBAN %q is too short", s)
	case strings.IndexFunc(iban, func(r rune) bool { return (r < 'A' || r > 'Z') && (r < '0' || r > '9') }) >= 0:
		return fmt.Errorf("IBAN %q: want letters and digits only", s)
	}
	if err := sepa.ValidateIBAN(iban); err != nil {
		// The ledger adds its own ErrInvalidIBAN; say the rule once.
		return fmt.Errorf("IBAN %q: %s", s, strings.TrimPrefix(err.Error(), sepa.ErrInvalidIBAN.Error()+": "))
	}
	return nil
}

// mod97 is the ISO 7064 MOD 97-10 remainder (see sepa.Mod97).
func mod97(s string) int { return sepa.Mod97(s) }

// checkDigits returns the two check digits for country code cc and body.
func checkDigits(cc, body string) string { return sepa.CheckDigits(cc, body) }

// germanIBAN builds DEkk BBBBBBBB CCCCCCCCCC from a bank code and an
// account number (left-padded to 10 digits). Unlike sepa.GermanIBAN it
// returns no error: the demo data's numbers are digits, at most ten.
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
func FormatIBAN(iban string) string { return sepa.FormatIBAN(iban) }
