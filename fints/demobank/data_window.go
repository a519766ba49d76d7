package demobank

import (
	"strings"

	"saldo/fints/statement"
)

// windowCap bounds the booked entries of any 91 booking days, the span of
// a 90-day statement query. The server pages statements at 100 bookings,
// and a client's 90-day sync must fit in one page; the margin leaves room
// for the pending entries of the last days and for transfers made in the
// demo.
const windowCap = 88

// fitStatementWindow leaves out card payments that would overfill a
// 90-day window. Card payments are the optional part of a history; salary,
// rent and direct debits stay. A payment a shop later reversed stays too,
// so no reversal points at nothing. The balance is recomputed; running
// balances are derived from it when statements are read.
func fitStatementWindow(bk *book) {
	reversed := map[string]bool{}
	for _, b := range bk.booked {
		if b.Reversal {
			reversed[strings.TrimPrefix(b.Purpose, "Storno ")] = true
		}
	}
	for _, p := range bk.pending {
		if p.b.Reversal {
			reversed[strings.TrimPrefix(p.b.Purpose, "Storno ")] = true
		}
	}
	var window []statement.Date // booking dates of kept entries, ascending
	kept := bk.booked[:0]
	bal := bk.opening
	for _, b := range bk.booked {
		start := b.BookingDate.AddDays(-90)
		for len(window) > 0 && window[0].Before(start) {
			window = window[1:]
		}
		optional := b.PostingText == txCard.Text && !b.Reversal && !reversed[b.Purpose]
		if optional && len(window) >= windowCap {
			continue
		}
		window = append(window, b.BookingDate)
		kept = append(kept, b)
		bal = bal.Add(b.Amount)
	}
	clear(bk.booked[len(kept):])
	bk.booked = kept
	bk.balance = bal
}
