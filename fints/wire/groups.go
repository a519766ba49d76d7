package wire

import (
	"fmt"

	"saldo/fints/money"
	"saldo/fints/statement"
)

// Common data element groups (§1.7). Each has a DE method for building and
// a Parse function that reads it from a group starting at a 1-based
// position, so nested occurrences (e.g. the kik inside a ktv) read the same
// way as top-level ones.

// CountryDE is the numeric ISO 3166 code for Germany, used in every kik.
const CountryDE = "280"

// KIK is a Kreditinstitutskennung: country and bank code.
type KIK struct {
	Country string // "280"
	Code    string // Bankleitzahl
}

// DE returns the 2-position group.
func (k KIK) DE() DE { return S(k.Country, k.Code) }

// ParseKIK reads a kik from d at position at.
func ParseKIK(d DE, at int) KIK { return KIK{d.Str(at), d.Str(at + 1)} }

// KTV is a Kontoverbindung (national account).
type KTV struct {
	Number string
	Sub    string // Unterkontomerkmal
	Bank   KIK
}

// DE returns the 4-position group.
func (a KTV) DE() DE { return Cat(S(a.Number, a.Sub), a.Bank.DE()) }

// ParseKTV reads a ktv from d at position at.
func ParseKTV(d DE, at int) KTV {
	return KTV{Number: d.Str(at), Sub: d.Str(at + 1), Bank: ParseKIK(d, at+2)}
}

// KTI is a Kontoverbindung international.
type KTI struct {
	IBAN   string
	BIC    string
	Number string
	Sub    string
	Bank   KIK
}

// DE returns the 6-position group (trailing empty positions are dropped
// by the encoder when the group is a whole element).
func (a KTI) DE() DE { return Cat(S(a.IBAN, a.BIC, a.Number, a.Sub), a.Bank.DE()) }

// ParseKTI reads a kti from d at position at.
func ParseKTI(d DE, at int) KTI {
	return KTI{IBAN: d.Str(at), BIC: d.Str(at + 1), Number: d.Str(at + 2), Sub: d.Str(at + 3), Bank: ParseKIK(d, at+4)}
}

// KTZ is a Kontoverbindung ZV international (SEPA account, HISPA).
type KTZ struct {
	SEPA   bool
	IBAN   string
	BIC    string
	Number string
	Sub    string
	Bank   KIK
}

// DE returns the 7-position group.
func (a KTZ) DE() DE { return Cat(S(JN(a.SEPA), a.IBAN, a.BIC, a.Number, a.Sub), a.Bank.DE()) }

// ParseKTZ reads a ktz from d at position at.
func ParseKTZ(d DE, at int) KTZ {
	return KTZ{SEPA: ParseJN(d.Str(at)), IBAN: d.Str(at + 1), BIC: d.Str(at + 2), Number: d.Str(at + 3), Sub: d.Str(at + 4), Bank: ParseKIK(d, at+5)}
}

// BTG is a Betrag: amount and currency.
type BTG struct {
	Amount   money.Amount
	Currency string
}

// DE returns wrt:cur in canonical form.
func (b BTG) DE() DE { return S(FormatAmount(b.Amount), b.Currency) }

// ParseBTG reads a btg from d at position at.
func ParseBTG(d DE, at int) (BTG, error) {
	a, err := ParseAmount(d.Str(at))
	if err != nil {
		return BTG{}, fmt.Errorf("btg: %w", err)
	}
	return BTG{Amount: a, Currency: d.Str(at + 1)}, nil
}

// Saldo is a balance: C/D:wrt:cur:dat[:tim].
type Saldo struct {
	Amount   money.Amount // signed: negative for D (debit)
	Currency string
	Date     statement.Date
	Time     *Clock // nil when the bank sent no time
}

// Balance returns the saldo as the booking model's balance.
func (s Saldo) Balance() statement.Balance {
	return statement.Balance{Amount: s.Amount, Currency: s.Currency, Date: s.Date}
}

// DE returns the 4- or 5-position group.
func (s Saldo) DE() DE {
	cd := "C"
	if s.Amount.Sign() < 0 {
		cd = "D"
	}
	d := S(cd, s.Amount.FinTS(), s.Currency, FormatDate(s.Date))
	if s.Time != nil {
		d = append(d, Text(s.Time.String()))
	}
	return d
}

// ParseSaldo reads a saldo from d at position at.
func ParseSaldo(d DE, at int) (Saldo, error) {
	a, err := ParseAmount(d.Str(at + 1))
	if err != nil {
		return Saldo{}, fmt.Errorf("saldo: %w", err)
	}
	switch d.Str(at) {
	case "C":
	case "D":
		a = a.Neg()
	default:
		return Saldo{}, fmt.Errorf("saldo: credit/debit mark %q: want C or D", d.Str(at))
	}
	s := Saldo{Amount: a, Currency: d.Str(at + 2)}
	if s.Date, err = ParseDate(d.Str(at + 3)); err != nil {
		return Saldo{}, fmt.Errorf("saldo: %w", err)
	}
	if t := d.Str(at + 4); t != "" {
		c, err := ParseClock(t)
		if err != nil {
			return Saldo{}, fmt.Errorf("saldo: %w", err)
		}
		s.Time = &c
	}
	return s, nil
}
