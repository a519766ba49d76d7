package wire

import (
	"fmt"
	"time"

	"saldo/fints/money"
	"saldo/fints/statement"
)

// ParseAmount reads a FinTS "wrt" value leniently: `^-?\d+(,\d*)?$`. Banks
// keep trailing zeros ("12,00") and sometimes omit the comma ("12").
func ParseAmount(s string) (money.Amount, error) {
	body := s
	if body != "" && body[0] == '-' {
		body = body[1:]
	}
	digits, comma := 0, false
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case c >= '0' && c <= '9':
			if !comma {
				digits++
			}
		case c == ',' && !comma:
			comma = true
		default:
			return money.Zero, fmt.Errorf("amount %q: want digits with a decimal comma, e.g. 1523,42", s)
		}
	}
	if digits == 0 {
		return money.Zero, fmt.Errorf("amount %q: want digits with a decimal comma, e.g. 1523,42", s)
	}
	a, err := money.Parse(s)
	if err != nil {
		return money.Zero, fmt.Errorf("amount %q: %w", s, err)
	}
	return a, nil
}

// FormatAmount writes the canonical "wrt" form: comma always present,
// trailing zeros removed ("1000," "100,2" "0,5"). wrt fields carry no sign
// (C/D marks do); a negative amount is written with '-' rather than
// silently losing the sign.
func FormatAmount(a money.Amount) string {
	if a.Sign() < 0 {
		return "-" + a.FinTS()
	}
	return a.FinTS()
}

// ParseDate reads a FinTS "dat" value, YYYYMMDD. "" gives the zero date.
func ParseDate(s string) (statement.Date, error) {
	if s == "" {
		return statement.Date{}, nil
	}
	if len(s) != 8 {
		return statement.Date{}, fmt.Errorf("date %q: want 8 digits YYYYMMDD", s)
	}
	t, err := time.Parse("20060102", s)
	if err != nil {
		return statement.Date{}, fmt.Errorf("date %q: not a calendar date YYYYMMDD", s)
	}
	return statement.DateOf(t), nil
}

// FormatDate writes d as YYYYMMDD, "" for the zero date.
func FormatDate(d statement.Date) string { return d.Compact() }

// Clock is a FinTS "tim" value: a local wall-clock time without zone.
type Clock struct{ Hour, Minute, Second int }

// ParseClock reads hhmmss.
func ParseClock(s string) (Clock, error) {
	if len(s) != 6 {
		return Clock{}, fmt.Errorf("time %q: want 6 digits hhmmss", s)
	}
	n, ok := atoi(s)
	if !ok {
		return Clock{}, fmt.Errorf("time %q: want 6 digits hhmmss", s)
	}
	c := Clock{n / 10000, n / 100 % 100, n % 100}
	if c.Hour > 23 || c.Minute > 59 || c.Second > 60 {
		return Clock{}, fmt.Errorf("time %q: out of range", s)
	}
	return c, nil
}

// String writes hhmmss.
func (c Clock) String() string { return fmt.Sprintf("%02d%02d%02d", c.Hour, c.Minute, c.Second) }

// ClockOf returns the wall-clock part of t in t's location.
func ClockOf(t time.Time) Clock { return Clock{t.Hour(), t.Minute(), t.Second()} }

// At combines a date and a clock time in loc (banks send German local time,
// so callers usually pass Europe/Berlin).
func At(d statement.Date, c Clock, loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, c.Hour, c.Minute, c.Second, 0, loc)
}

// ParseJN reads a FinTS yes/no value: "J" is true, anything else (including
// absent, which the specification defines as N) is false.
func ParseJN(s string) bool { return s == "J" }
