package ui

import (
	"strings"

	"saldo/fints/money"
	"saldo/fints/statement"
	"saldo/theme"
)

// filter selects bookings of a statement. The zero filter selects all.
type filter struct {
	words    []string // lower-case; every word must occur in the booking
	text     string   // as typed
	min, max *money.Amount
	from, to statement.Date
	dir      int // 0 all, 1 incoming, -1 outgoing
}

func (f filter) active() bool {
	return len(f.words) > 0 || f.min != nil || f.max != nil || !f.from.IsZero() || !f.to.IsZero() || f.dir != 0
}

func (f *filter) setText(s string) {
	f.text = s
	f.words = strings.Fields(strings.ToLower(s))
}

// narrows reports whether every booking g selects is also selected by f,
// so g can be applied to f's result instead of to all bookings: the only
// difference is more search text.
func (f filter) narrows(g filter) bool {
	return sameAmount(f.min, g.min) && sameAmount(f.max, g.max) && f.from == g.from && f.to == g.to &&
		f.dir == g.dir && strings.HasPrefix(strings.ToLower(g.text), strings.ToLower(f.text))
}

func sameAmount(a, b *money.Amount) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Cmp(*b) == 0
}

// matches tests one booking; key is its lower-case search text.
func (f filter) matches(b *statement.Booking, key string) bool {
	if f.dir != 0 && b.Amount.Sign() != f.dir {
		return false
	}
	abs := b.Amount.Abs()
	if f.min != nil && abs.Cmp(*f.min) < 0 {
		return false
	}
	if f.max != nil && abs.Cmp(*f.max) > 0 {
		return false
	}
	d := bookingDate(b)
	if !f.from.IsZero() && d.Before(f.from) {
		return false
	}
	if !f.to.IsZero() && d.After(f.to) {
		return false
	}
	for _, w := range f.words {
		if !strings.Contains(key, w) {
			return false
		}
	}
	return true
}

// describe summarises the filter for the line above the table.
func (f filter) describe(l theme.Locale) string {
	var parts []string
	if f.text != "" {
		parts = append(parts, "“"+f.text+"”")
	}
	switch f.dir {
	case 1:
		parts = append(parts, "incoming")
	case -1:
		parts = append(parts, "outgoing")
	}
	switch {
	case f.min != nil && f.max != nil:
		parts = append(parts, l.Number(*f.min)+" – "+l.Number(*f.max))
	case f.min != nil:
		parts = append(parts, "≥ "+l.Number(*f.min))
	case f.max != nil:
		parts = append(parts, "≤ "+l.Number(*f.max))
	}
	switch {
	case !f.from.IsZero() && !f.to.IsZero():
		parts = append(parts, l.Date(f.from)+" – "+l.Date(f.to))
	case !f.from.IsZero():
		parts = append(parts, "from "+l.Date(f.from))
	case !f.to.IsZero():
		parts = append(parts, "until "+l.Date(f.to))
	}
	return strings.Join(parts, " · ")
}

// bookingDate is the date a booking is listed under: the booking date, or
// the value date when the bank sent none (pending items often lack it).
func bookingDate(b *statement.Booking) statement.Date {
	if b.BookingDate.IsZero() {
		return b.ValueDate
	}
	return b.BookingDate
}

// searchKey is the lower-case text a booking is searched by.
func searchKey(b *statement.Booking, l theme.Locale) string {
	return strings.ToLower(strings.Join([]string{
		b.CounterpartyName, b.CounterpartyIBAN, b.CounterpartyBIC, b.Purpose, b.PostingText,
		b.EndToEndRef, b.MandateRef, b.CreditorID, b.CustomerRef, b.BankRef,
		b.UltimateDebtor, b.UltimateCreditor, l.Number(b.Amount.Abs()),
	}, "\x00"))
}
