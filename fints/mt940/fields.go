package mt940

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"saldo/fints/money"
	"saldo/fints/statement"
)

// parseBalance reads a balance field (:60F: :62F: :64: :65:):
// C|D, date YYMMDD, currency, amount ("C250113EUR1548,42"). Leniencies: a
// date of "0" or "000000" (no date), a missing currency, padding blanks.
func parseBalance(s string) (statement.Balance, error) {
	s = strings.TrimSpace(s)
	var b statement.Balance
	if s == "" {
		return b, errors.New("empty")
	}
	neg := false
	switch s[0] {
	case 'C':
	case 'D':
		neg = true
	default:
		return b, fmt.Errorf("debit/credit mark %q is neither C nor D", s[:1])
	}
	s = s[1:]
	n := digitRun(s)
	switch {
	case n >= 6:
		d, err := parseYYMMDD(s[:6])
		if err != nil {
			return b, err
		}
		b.Date = d
		s = s[6:]
	case n > 0 && strings.Trim(s[:n], "0") == "":
		s = s[n:] // "0": the bank has no date for this balance
	case n > 0:
		return b, fmt.Errorf("date %q is not YYMMDD", s[:n])
	}
	l := 0
	for l < len(s) && isLetter(s[l]) {
		l++
	}
	switch l {
	case 0:
	case 3:
		b.Currency = strings.ToUpper(s[:3])
		s = s[3:]
	default:
		return b, fmt.Errorf("currency %q is not a three-letter code", s[:l])
	}
	a, err := parseAmount(s)
	if err != nil {
		return b, err
	}
	if neg {
		a = a.Neg()
	}
	b.Amount = a
	return b, nil
}

// parseAmount reads an MT940 amount: digits with ',' (or, rarely, '.') as
// the decimal mark, possibly without decimals ("50,", "500").
func parseAmount(s string) (money.Amount, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return money.Zero, errors.New("amount missing")
	}
	if s[0] < '0' || s[0] > '9' {
		if s[0] != ',' && s[0] != '.' {
			return money.Zero, fmt.Errorf("amount %q does not start with a digit", s)
		}
	}
	return money.Parse(s)
}

// swiftAmountValue reads the digits-and-comma amount of a :61: line. The
// common case, at most two decimals, is counted in cents here (this runs
// once per booking); anything else goes to money.Parse.
func swiftAmountValue(s string) (money.Amount, error) {
	var cents int64
	dec, digits, sep := 0, 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if sep {
				dec++
			}
			digits++
			cents = cents*10 + int64(c-'0')
		case (c == ',' || c == '.') && !sep:
			sep = true
		default:
			return money.Parse(s)
		}
		// 13 digits are far inside what an Amount holds; longer
		// numbers get the general parser's range check.
		if dec > 2 || digits > 13 {
			return money.Parse(s)
		}
	}
	if len(s) == 0 || s == "," || s == "." {
		return money.Parse(s)
	}
	for ; dec < 2; dec++ {
		cents *= 10
	}
	return money.FromCents(cents), nil
}

// parse61 reads a statement line. first is the text after ":61:", rest the
// continuation lines (supplementary details).
//
//	value date YYMMDD, [entry date MMDD], C|D|RC|RD (EC/ED in MT942),
//	[funds code letter], amount, [type: letter + 3], [customer ref],
//	["//" bank ref], [newline supplementary details]
func parse61(b *statement.Booking, first, rest string) error {
	s := first
	if len(s) < 6 || digitRun(s) < 6 {
		return errors.New("value date (YYMMDD) missing")
	}
	vd, err := parseYYMMDD(s[:6])
	if err != nil {
		return fmt.Errorf("value date: %w", err)
	}
	b.ValueDate = vd
	i := 6
	if len(s) >= i+4 && digitRun(s[i:]) >= 4 {
		b.BookingDate = entryDate(vd, s[i:i+4])
		i += 4
	}
	for i < len(s) && s[i] == ' ' {
		i++ // Citibank leaves the entry date blank
	}
	if i >= len(s) {
		return errors.New("debit/credit mark missing")
	}
	neg := false
	switch {
	case s[i] == 'R' && i+1 < len(s) && (s[i+1] == 'C' || s[i+1] == 'D'):
		// RC reverses a credit (money goes out), RD reverses a debit.
		b.Reversal = true
		neg = s[i+1] == 'C'
		i += 2
	case s[i] == 'E' && i+1 < len(s) && (s[i+1] == 'C' || s[i+1] == 'D'):
		neg = s[i+1] == 'D' // MT942 "expected" credit/debit
		i += 2
	case s[i] == 'C':
		i++
	case s[i] == 'D':
		neg = true
		i++
	default:
		return fmt.Errorf("debit/credit mark %q is not C, D, RC or RD", s[i:i+1])
	}
	if i < len(s) && isLetter(s[i]) {
		i++ // funds code, the third letter of the currency
	}
	j := i
	for j < len(s) && (isDigit(s[j]) || s[j] == ',' || s[j] == '.') {
		j++
	}
	if j == i {
		return errors.New("amount missing")
	}
	amt, err := swiftAmountValue(s[i:j])
	if err != nil {
		return fmt.Errorf("amount: %w", err)
	}
	if neg {
		amt = amt.Neg()
	}
	b.Amount = amt
	i = j
	for i < len(s) && s[i] == ' ' {
		i++ // Deutsche Bank: "D12,35 NRTI"
	}
	if i < len(s) && isLetter(s[i]) && !strings.HasPrefix(s[i:], "//") {
		k := min(i+4, len(s))
		if d := strings.Index(s[i:k], "//"); d >= 0 {
			k = i + d
		}
		b.TypeCode = strings.TrimSpace(s[i:k])
		i = k
	}
	ref := s[i:]
	if d := strings.Index(ref, "//"); d >= 0 {
		b.BankRef = strings.TrimSpace(ref[d+2:])
		ref = ref[:d]
	}
	ref = strings.TrimSpace(ref)
	if len(ref) > 16 && strings.Contains(ref, "  ") {
		// Old Rabobank layout: counterparty account and name padded
		// into the reference ("0121470966      W.P. Jansen").
		acct, name, _ := strings.Cut(ref, " ")
		if !isNoRef(acct) {
			b.CounterpartyIBAN = acct
		}
		b.CounterpartyName = normSpace(name)
	} else if !isNoRef(ref) {
		b.CustomerRef = normSpace(ref)
	}
	if rest = strings.TrimSpace(rest); rest != "" {
		b.Extra = normSpace(rest)
	}
	return nil
}

func isNoRef(s string) bool {
	switch s {
	case "", "NONREF", "NOTPROVIDED":
		return true
	}
	return len(s) >= 6 && len(s) <= 11 && (strings.EqualFold(s, "NONREF") || strings.EqualFold(s, "NOTPROVIDED"))
}

// entryDate places MMDD in the year of the value date, or the year next to
// it when the two straddle New Year (value 151230, entry 0102 is
// 2016-01-02; value 160102, entry 1231 is 2015-12-31). An invalid or zero
// entry date counts as missing.
func entryDate(value statement.Date, mmdd string) statement.Date {
	m := int(mmdd[0]-'0')*10 + int(mmdd[1]-'0')
	d := int(mmdd[2]-'0')*10 + int(mmdd[3]-'0')
	if m < 1 || m > 12 || d < 1 || d > 31 || value.IsZero() {
		return statement.Date{}
	}
	y := value.Year
	switch diff := m - int(value.Month); {
	case diff > 6:
		y--
	case diff < -6:
		y++
	}
	return civilDate(y, m, d)
}

// parseYYMMDD reads a six-digit date. "000000" is no date. Years 80–99 are
// 19xx (HBCI predates 2000), everything else 20xx. A day past the end of
// the month (banks have sent 30 February) is moved to the month's last day
// rather than rolled into the next month.
func parseYYMMDD(s string) (statement.Date, error) {
	if s == "000000" {
		return statement.Date{}, nil
	}
	y := int(s[0]-'0')*10 + int(s[1]-'0')
	m := int(s[2]-'0')*10 + int(s[3]-'0')
	d := int(s[4]-'0')*10 + int(s[5]-'0')
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return statement.Date{}, fmt.Errorf("%q is not a date (YYMMDD)", s)
	}
	if y >= 80 {
		y += 1900
	} else {
		y += 2000
	}
	return civilDate(y, m, d), nil
}

func civilDate(y, m, d int) statement.Date {
	if last := daysIn(y, time.Month(m)); d > last {
		d = last
	}
	return statement.Date{Year: y, Month: time.Month(m), Day: d}
}

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

func digitRun(s string) int {
	n := 0
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	return n
}

// normalizeAccount reads :25:. The account is kept as the bank names it
// (IBAN, "BLZ/number", "BIC/number"), except that a currency suffix
// ("NL50RABO0156750961 EUR", "1291.99.348EUR") moves to the currency and
// dots inside a purely numeric account number are dropped.
func normalizeAccount(s, cur string) (string, string) {
	s = strings.TrimSpace(s)
	if n := len(s); n > 4 && isUpper(s[n-1]) && isUpper(s[n-2]) && isUpper(s[n-3]) &&
		(isDigit(s[n-4]) || s[n-4] == ' ') && !validIBAN(s) {
		cur = s[n-3:]
		s = strings.TrimSpace(s[:n-3])
	}
	if strings.IndexByte(s, '.') >= 0 && strings.Trim(s, "0123456789.") == "" {
		s = strings.ReplaceAll(s, ".", "")
	}
	return s, cur
}

// mt942Currency takes the currency from :34F: ("EURD0,") or :90D:/:90C: ("1EUR49,99").
func mt942Currency(s string, num int) string {
	s = strings.TrimSpace(s)
	if num == 90 {
		s = s[digitRun(s):]
	}
	if len(s) >= 3 && isUpper(s[0]) && isUpper(s[1]) && isUpper(s[2]) {
		return s[:3]
	}
	return ""
}

// validIBAN checks the IBAN shape and its ISO 7064 mod-97 check digits.
func validIBAN(s string) bool {
	if len(s) < 15 || len(s) > 34 || !isUpper(s[0]) || !isUpper(s[1]) || !isDigit(s[2]) || !isDigit(s[3]) {
		return false
	}
	r := 0
	for i := 0; i < len(s); i++ {
		c := s[(i+4)%len(s)]
		switch {
		case isDigit(c):
			r = (r*10 + int(c-'0')) % 97
		case isUpper(c):
			r = (r*100 + int(c-'A') + 10) % 97
		default:
			return false
		}
	}
	return r == 1
}

// accountToken returns s when it is a single token that looks like an
// account number or IBAN (Rabobank's :61: second line), else "".
func accountToken(s string) string {
	if len(s) < 6 || len(s) > 34 {
		return ""
	}
	digits := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isDigit(c):
			digits++
		case isUpper(c):
		default:
			return ""
		}
	}
	if digits < 6 {
		return ""
	}
	return s
}
