package demobank

import (
	"time"

	"saldo/fints/statement"
)

// Banks book on TARGET2 business days: Monday to Friday except New Year,
// Good Friday, Easter Monday, 1 May and 25/26 December.
func isBusinessDay(d statement.Date) bool {
	switch d.Time().Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	switch {
	case d.Month == time.January && d.Day == 1,
		d.Month == time.May && d.Day == 1,
		d.Month == time.December && (d.Day == 25 || d.Day == 26):
		return false
	}
	easter := easterSunday(d.Year)
	return d != easter.AddDays(-2) && d != easter.AddDays(1)
}

// nextBusinessDay returns d if it is a business day, else the next one.
func nextBusinessDay(d statement.Date) statement.Date {
	for !isBusinessDay(d) {
		d = d.AddDays(1)
	}
	return d
}

// lastBusinessDay returns the last business day of d's month.
func lastBusinessDay(y int, m time.Month) statement.Date {
	d := statement.NewDate(y, m+1, 0)
	for !isBusinessDay(d) {
		d = d.AddDays(-1)
	}
	return d
}

// easterSunday uses the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
func easterSunday(y int) statement.Date {
	a := y % 19
	b, c := y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return statement.NewDate(y, time.Month(month), day)
}
