// Package money holds Amount, an exact signed decimal for account amounts.
//
// Amounts are fixed-point with five decimal places in an int64. That is exact
// for every amount a bank sends (two decimals, occasionally three to five in
// camt), covers ±92 trillion, and keeps arithmetic and comparison trivial.
// Floats are never used: parsing and formatting work on digit strings.
//
// Entry points: [Parse] (and [MustParse] for constants) reads "12.50",
// "-3", "1548,42" and the FinTS form "50,"; [FromCents] converts whole cents;
// [Amount.Add], [Amount.Sub], [Amount.Cmp] and [Amount.Neg] compute;
// [Amount.String] gives the canonical "1234.56", [Amount.Format] the
// German or English form for people and [Amount.FinTS] the wire form.
// Amounts marshal as text, so JSON carries them as strings.
package money

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Scale is the number of decimal places an Amount keeps.
const Scale = 5

const unit = 100000 // 10^Scale

// Amount is an exact decimal amount; the zero value is 0.
type Amount struct{ v int64 }

// Zero is the amount 0.
var Zero Amount

// ErrSyntax is returned (wrapped) for text that is not a decimal amount.
var ErrSyntax = errors.New("not a decimal amount")

// FromCents returns the amount cents/100.
func FromCents(cents int64) Amount { return Amount{cents * (unit / 100)} }

// Cents returns the amount in hundredths, truncated toward zero.
func (a Amount) Cents() int64 { return a.v / (unit / 100) }

// Add returns a+b.
func (a Amount) Add(b Amount) Amount { return Amount{a.v + b.v} }

// Sub returns a-b.
func (a Amount) Sub(b Amount) Amount { return Amount{a.v - b.v} }

// Neg returns -a.
func (a Amount) Neg() Amount { return Amount{-a.v} }

// Abs returns |a|.
func (a Amount) Abs() Amount {
	if a.v < 0 {
		return Amount{-a.v}
	}
	return a
}

// Sign returns -1, 0 or 1.
func (a Amount) Sign() int {
	switch {
	case a.v < 0:
		return -1
	case a.v > 0:
		return 1
	}
	return 0
}

// IsZero reports whether a is 0.
func (a Amount) IsZero() bool { return a.v == 0 }

// Cmp compares a and b: -1, 0 or 1.
func (a Amount) Cmp(b Amount) int {
	switch {
	case a.v < b.v:
		return -1
	case a.v > b.v:
		return 1
	}
	return 0
}

// Decimals returns how many decimal places are needed to write a exactly.
func (a Amount) Decimals() int {
	f := a.v % unit
	if f < 0 {
		f = -f
	}
	n := Scale
	for n > 0 && f%10 == 0 {
		f /= 10
		n--
	}
	return n
}

// Parse reads a decimal written with '.' or ',' as the decimal separator and an
// optional leading sign: "12.50", "-3", "1548,42", "50,", ",5". Thousands
// separators are not accepted (banks never send them in data fields).
func Parse(s string) (Amount, error) {
	orig := s
	s = strings.TrimSpace(s)
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "" {
		return Zero, fmt.Errorf("%w: %q", ErrSyntax, orig)
	}
	intPart, frac := s, ""
	if i := strings.IndexAny(s, ".,"); i >= 0 {
		intPart, frac = s[:i], s[i+1:]
	}
	if intPart == "" && frac == "" {
		return Zero, fmt.Errorf("%w: %q", ErrSyntax, orig)
	}
	if len(frac) > Scale {
		// Extra trailing zeros are harmless; real precision beyond Scale is not.
		if strings.TrimRight(frac[Scale:], "0") != "" {
			return Zero, fmt.Errorf("%w: %q has more than %d decimal places", ErrSyntax, orig, Scale)
		}
		frac = frac[:Scale]
	}
	var v int64
	for _, c := range intPart {
		if c < '0' || c > '9' {
			return Zero, fmt.Errorf("%w: %q", ErrSyntax, orig)
		}
		if v > (1<<63-1)/10/unit {
			return Zero, fmt.Errorf("%w: %q is too large", ErrSyntax, orig)
		}
		v = v*10 + int64(c-'0')
	}
	v *= unit
	mul := int64(unit / 10)
	for _, c := range frac {
		if c < '0' || c > '9' {
			return Zero, fmt.Errorf("%w: %q", ErrSyntax, orig)
		}
		v += int64(c-'0') * mul
		mul /= 10
	}
	if neg {
		v = -v
	}
	return Amount{v}, nil
}

// MustParse is Parse for constants in tests and fixtures; it panics on error.
func MustParse(s string) Amount {
	a, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return a
}

// digits renders |a| with decimal separator sep, at least minDec decimals, and
// grouping separator group every three integer digits (0 = none).
func (a Amount) digits(sep byte, minDec int, group byte) string {
	return string(a.appendDigits(make([]byte, 0, 24), sep, minDec, group))
}

func (a Amount) appendDigits(dst []byte, sep byte, minDec int, group byte) []byte {
	v := uint64(a.v)
	if a.v < 0 {
		v = uint64(-a.v)
	}
	var ipb [24]byte
	ip := strconv.AppendUint(ipb[:0], v/unit, 10)
	if group != 0 && len(ip) > 3 {
		lead := len(ip) % 3
		dst = append(dst, ip[:lead]...)
		for i := lead; i < len(ip); i += 3 {
			if i > 0 {
				dst = append(dst, group)
			}
			dst = append(dst, ip[i:i+3]...)
		}
	} else {
		dst = append(dst, ip...)
	}
	dec := a.Decimals()
	if dec < minDec {
		dec = minDec
	}
	if dec == 0 {
		return dst
	}
	dst = append(dst, sep)
	f := v % unit
	for div := uint64(unit / 10); dec > 0; dec-- {
		dst = append(dst, byte('0'+f/div))
		f %= div
		div /= 10
	}
	return dst
}

// AppendString appends the String form to dst without allocating.
func (a Amount) AppendString(dst []byte) []byte {
	if a.v < 0 {
		dst = append(dst, '-')
	}
	return a.appendDigits(dst, '.', 2, 0)
}

func (a Amount) sign() string {
	if a.v < 0 {
		return "-"
	}
	return ""
}

// String gives the canonical machine form: '.' separator, at least two
// decimals, '-' for negatives: "-1234.50".
func (a Amount) String() string { return a.sign() + a.digits('.', 2, 0) }

// FinTS gives the FinTS "wrt" form of |a|: comma separator, trailing zeros
// removed, comma always present: "1000," "100,2" "0,5". The sign travels
// separately on the wire (C/D marks), so it is not written.
func (a Amount) FinTS() string {
	s := a.Abs().digits(',', 0, 0)
	if !strings.Contains(s, ",") {
		s += ","
	}
	return s
}

// Format renders a for people: German style "1.234,56" when german is true,
// English "1,234.56" otherwise; at least two decimals, '-' for negatives.
func (a Amount) Format(german bool) string {
	if german {
		return a.sign() + a.digits(',', 2, '.')
	}
	return a.sign() + a.digits('.', 2, ',')
}

// MarshalText writes the canonical form, so JSON carries amounts as strings
// ("12.50") and never as floats.
func (a Amount) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalText reads what MarshalText (or Parse) accepts.
func (a *Amount) UnmarshalText(b []byte) error {
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}
