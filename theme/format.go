package theme

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"saldo/fints/money"
	"saldo/fints/statement"
)

// Lang selects number and date formats.
type Lang int

const (
	German  Lang = iota // 1.234,56 €   31.12.2025
	English             // €1,234.56    2025-12-31
)

// ParseLang accepts "de" or "en" (case-insensitive, with or without region).
func ParseLang(s string) (Lang, error) {
	switch l := strings.ToLower(strings.TrimSpace(s)); {
	case l == "de" || strings.HasPrefix(l, "de_") || strings.HasPrefix(l, "de-"):
		return German, nil
	case l == "en" || strings.HasPrefix(l, "en_") || strings.HasPrefix(l, "en-"):
		return English, nil
	}
	return German, fmt.Errorf("language %q: use de or en", s)
}

func (l Lang) String() string {
	if l == English {
		return "en"
	}
	return "de"
}

// Locale formats and parses numbers and dates for one language.
type Locale struct{ Lang Lang }

func (l Locale) german() bool { return l.Lang != English }

// Number formats a with grouping and at least two decimals: 1.234,56.
func (l Locale) Number(a money.Amount) string { return a.Format(l.german()) }

// Money formats an amount with its currency: "-1.234,56 €" in German,
// "-€1,234.56" in English. Unknown currencies use the ISO code.
func (l Locale) Money(a money.Amount, currency string) string {
	sym := currencySymbol(currency)
	num := a.Abs().Format(l.german())
	sign := ""
	if a.Sign() < 0 {
		sign = "-"
	}
	if l.german() {
		return sign + num + " " + sym
	}
	if len([]rune(sym)) == 1 {
		return sign + sym + num
	}
	return sign + sym + " " + num
}

// SignedMoney is Money with an explicit "+" for incoming amounts, as in
// statement tables, so the direction is readable without colour.
func (l Locale) SignedMoney(a money.Amount, currency string) string {
	if a.Sign() > 0 {
		return "+" + l.Money(a, currency)
	}
	return l.Money(a, currency)
}

func currencySymbol(c string) string {
	switch strings.ToUpper(c) {
	case "EUR", "":
		return "€"
	case "USD":
		return "$"
	case "GBP":
		return "£"
	case "CHF":
		return "CHF"
	}
	return strings.ToUpper(c)
}

// Date formats d as 31.12.2025 (German) or 2025-12-31 (English); both are
// ten characters wide, which keeps table columns aligned.
func (l Locale) Date(d statement.Date) string {
	if d.IsZero() {
		return ""
	}
	if l.german() {
		return fmt.Sprintf("%02d.%02d.%04d", d.Day, int(d.Month), d.Year)
	}
	return d.String()
}

// Time formats the clock time of t (15:04, both languages).
func (l Locale) Time(t time.Time) string { return t.Format("15:04") }

// DateTime formats t with date and minutes.
func (l Locale) DateTime(t time.Time) string {
	return l.Date(statement.DateOf(t)) + " " + l.Time(t)
}

// Ago describes how long ago t was, relative to now, in a few characters.
// It is part of English sentences of the interface ("synced 5 min ago"),
// so it is English in both languages; only numbers and dates follow the
// locale.
func (l Locale) Ago(now, t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d/time.Minute))
	case d < 24*time.Hour:
		return fmt.Sprintf("%d h ago", int(d/time.Hour))
	}
	if days := int(d / (24 * time.Hour)); days != 1 {
		return fmt.Sprintf("%d days ago", days)
	}
	return "1 day ago"
}

// ErrAmount is wrapped by every ParseAmount error.
var ErrAmount = errors.New("not an amount")

// ParseAmount reads an amount as people type it. It is lenient about the
// separators because people mix conventions: "1.234,56", "1234,56",
// "1,234.56" and "12.50" all work in both languages. A lone separator
// followed by exactly three digits is read as a thousands separator of the
// locale ("1.234" is 1234 in German, 1.234 in English). Currency marks
// (€, EUR) and spaces are ignored.
func (l Locale) ParseAmount(s string) (money.Amount, error) {
	orig := s
	s = strings.NewReplacer(" ", "", "\u00a0", "", "€", "", "EUR", "", "eur", "").Replace(strings.TrimSpace(s))
	if s == "" {
		return money.Zero, fmt.Errorf("%w: empty", ErrAmount)
	}
	sign := ""
	if s[0] == '-' || s[0] == '+' {
		sign, s = s[:1], s[1:]
		if sign == "+" {
			sign = ""
		}
	}
	dot, comma := strings.Count(s, "."), strings.Count(s, ",")
	var dec byte // the decimal separator, 0 = none
	switch {
	case dot > 0 && comma > 0:
		dec = '.'
		if strings.LastIndexByte(s, ',') > strings.LastIndexByte(s, '.') {
			dec = ','
		}
	case dot+comma == 1:
		sep := byte('.')
		if comma == 1 {
			sep = ','
		}
		group := byte('.')
		if !l.german() {
			group = ','
		}
		after := len(s) - strings.IndexByte(s, sep) - 1
		if !(sep == group && after == 3) {
			dec = sep
		}
	case dot > 1 && comma == 0, comma > 1 && dot == 0:
		// several of one kind: grouping only ("1.234.567")
	}
	intPart, frac := s, ""
	if dec != 0 {
		i := strings.LastIndexByte(s, dec)
		intPart, frac = s[:i], s[i+1:]
		if strings.ContainsAny(frac, ".,") {
			return money.Zero, fmt.Errorf("%w: %q has separators after the decimal mark", ErrAmount, orig)
		}
	}
	if err := checkGroups(intPart); err != nil {
		return money.Zero, fmt.Errorf("%w: %q: %v", ErrAmount, orig, err)
	}
	digits := strings.NewReplacer(".", "", ",", "").Replace(intPart)
	if digits == "" && frac == "" {
		return money.Zero, fmt.Errorf("%w: %q has no digits", ErrAmount, orig)
	}
	if digits == "" {
		digits = "0"
	}
	num := sign + digits
	if frac != "" {
		num += "." + frac
	}
	a, err := money.Parse(num)
	if err != nil {
		return money.Zero, fmt.Errorf("%w: %q", ErrAmount, orig)
	}
	return a, nil
}

// checkGroups insists that thousands separators, where used, separate groups
// of three digits; "1.23.4" is a typo, not a number.
func checkGroups(s string) error {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == ',' })
	if len(parts) <= 1 {
		if strings.ContainsAny(s, ".,") && len(parts) == 1 && (s[0] == '.' || s[0] == ',') {
			return errors.New("starts with a separator")
		}
		return nil
	}
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, ",") || strings.HasSuffix(s, ".") || strings.HasSuffix(s, ",") {
		return errors.New("misplaced thousands separator")
	}
	for i, p := range parts {
		if (i == 0 && len(p) > 3) || (i > 0 && len(p) != 3) {
			return errors.New("thousands separators must separate groups of three digits")
		}
	}
	return nil
}

// ParseDate reads a date typed by a person: 31.12.2025, 31.12.25, 31.12.
// (this year), 2025-12-31 or 20251231, in either language. An empty string
// gives the zero date.
func (l Locale) ParseDate(s string, today statement.Date) (statement.Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return statement.Date{}, nil
	}
	if strings.Contains(s, ".") {
		parts := strings.Split(strings.TrimSuffix(s, "."), ".")
		num := func(p string) (int, bool) {
			if p == "" || len(p) > 4 || strings.Trim(p, "0123456789") != "" {
				return 0, false
			}
			n, err := strconv.Atoi(p)
			return n, err == nil
		}
		var d, m, y int
		switch len(parts) {
		case 2:
			y = today.Year
		case 3:
			var ok bool
			if y, ok = num(parts[2]); !ok || (len(parts[2]) != 2 && len(parts[2]) != 4) {
				return statement.Date{}, dateErr(s)
			}
			if len(parts[2]) == 2 {
				y += 2000
			}
		default:
			return statement.Date{}, dateErr(s)
		}
		d, okD := num(parts[0])
		m, okM := num(parts[1])
		if !okD || !okM {
			return statement.Date{}, dateErr(s)
		}
		out := statement.NewDate(y, time.Month(m), d)
		if m < 1 || m > 12 || d < 1 || out.Day != d {
			return statement.Date{}, fmt.Errorf("%q: %w", s, ErrNoSuchDay)
		}
		return out, nil
	}
	d, err := statement.ParseDate(s)
	if err != nil {
		return statement.Date{}, dateErr(s)
	}
	return d, nil
}

// ErrNoSuchDay is a date in the right shape that the calendar lacks
// (31.02.): the form can then say so instead of repeating the format.
var ErrNoSuchDay = errors.New("no such day in the calendar")

func dateErr(s string) error {
	return fmt.Errorf("date %q: type it as 31.12.2025 or 2025-12-31", s)
}
