// Package export writes bookings as CSV, JSON, hledger journal or
// beancount ledger.
//
// Every booking carries its stable ID (statement.AssignIDs): the CSV and
// JSON have an id column, hledger gets it as the transaction code and an
// "id:" tag, beancount as "id" metadata. Exporting the same bookings again
// gives the same IDs, so a user (or a script) appending exports to a ledger
// can drop entries whose ID is already there instead of booking them twice.
//
// Balances the bank stated become checks where the ledger format has them:
// the opening balance is a balance assignment (hledger) or pad + balance
// (beancount), and each end-of-day closing balance an assertion. An
// assertion is written only where the exported bookings reproduce the
// bank's figure; where they do not (a statement missing from the input, a
// bank whose figures do not add up), a comment says so instead, because an
// assertion that fails would make the whole file unusable.
//
// Ledgers get booked entries only: pending ones change when the bank books
// them (and get new IDs), so they would linger as duplicates. CSV and JSON
// include them with their status.
package export

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"saldo/fints/money"
	"saldo/fints/statement"
)

// Account is what an export holds for one bank account.
type Account struct {
	Account  string // IBAN or "BLZ/number", as the bank names it
	Currency string // account currency; bookings without one get it

	// Bookings in date order, with IDs (see FromStatements).
	Bookings []statement.Booking

	// Opening is the balance before the first booking, where known.
	Opening *statement.Balance
	// Balances are the bank's end-of-day booked balances (closing
	// balances), in date order, at most one per day.
	Balances []statement.Balance
}

// Format is an export format.
type Format string

// The export formats.
const (
	CSV       Format = "csv"
	JSON      Format = "json"
	Hledger   Format = "hledger"
	Beancount Format = "beancount"
)

// Formats lists the export formats.
func Formats() []Format { return []Format{CSV, JSON, Hledger, Beancount} }

// ParseFormat reads a format name (case-insensitive; "ledger" and "bean"
// are accepted as well).
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "csv":
		return CSV, nil
	case "json":
		return JSON, nil
	case "hledger", "ledger", "journal":
		return Hledger, nil
	case "beancount", "bean":
		return Beancount, nil
	}
	names := make([]string, 0, 4)
	for _, f := range Formats() {
		names = append(names, string(f))
	}
	return "", fmt.Errorf("unknown export format %q: choose one of %s", s, strings.Join(names, ", "))
}

// Write writes accts in format f.
func Write(w io.Writer, f Format, accts []Account) error {
	switch f {
	case CSV:
		return WriteCSV(w, accts)
	case JSON:
		return WriteJSON(w, accts)
	case Hledger:
		return WriteHledger(w, accts)
	case Beancount:
		return WriteBeancount(w, accts)
	}
	_, err := ParseFormat(string(f))
	return err
}

// FromStatements gathers statements into one Account per bank account.
// Each group is one source (a file, one download); within a group the
// bookings of an account are given IDs in their order, across groups the
// same booking (same ID) is kept once. So overlapping downloads merge
// cleanly, and two identical coffees on one day stay two bookings.
func FromStatements(groups ...[]statement.Statement) []Account {
	type acc struct {
		Account
		seen     map[string]bool
		balances map[statement.Date]statement.Balance
		order    int
	}
	byName := map[string]*acc{}
	var order []*acc
	for _, group := range groups {
		// Collect this group's bookings per account first: IDs count
		// identical bookings across all statements of the group (a day
		// split over several pages stays one sequence).
		type part struct {
			bookings []statement.Booking
		}
		parts := map[string]*part{}
		var partOrder []string
		for _, st := range group {
			a := byName[st.Account]
			if a == nil {
				a = &acc{Account: Account{Account: st.Account}, seen: map[string]bool{}, balances: map[statement.Date]statement.Balance{}, order: len(order)}
				byName[st.Account] = a
				order = append(order, a)
			}
			if a.Currency == "" {
				a.Currency = st.Currency
			}
			p := parts[st.Account]
			if p == nil {
				p = &part{}
				parts[st.Account] = p
				partOrder = append(partOrder, st.Account)
			}
			for _, b := range st.Bookings {
				if b.Currency == "" {
					b.Currency = st.Currency
				}
				p.bookings = append(p.bookings, b)
			}
			if st.Pending {
				continue
			}
			if st.Opening != nil && (a.Opening == nil || st.Opening.Date.Before(a.Opening.Date) && !st.Opening.Date.IsZero()) {
				op := *st.Opening
				a.Opening = &op
			}
			if st.Closing != nil && !st.Closing.Date.IsZero() {
				// The last statement naming a day has that day's
				// final balance (earlier pages carry interim ones).
				a.balances[st.Closing.Date] = *st.Closing
			}
		}
		for _, name := range partOrder {
			a, p := byName[name], parts[name]
			statement.AssignIDs(name, p.bookings)
			for _, b := range p.bookings {
				if a.seen[b.ID] {
					continue
				}
				a.seen[b.ID] = true
				a.Bookings = append(a.Bookings, b)
			}
		}
	}
	out := make([]Account, 0, len(order))
	for _, a := range order {
		sort.SliceStable(a.Bookings, func(i, j int) bool {
			return bookingDate(&a.Bookings[i]).Before(bookingDate(&a.Bookings[j]))
		})
		for _, b := range a.balances {
			a.Balances = append(a.Balances, b)
		}
		sort.Slice(a.Balances, func(i, j int) bool { return a.Balances[i].Date.Before(a.Balances[j].Date) })
		out = append(out, a.Account)
	}
	return out
}

// bookingDate is the date a ledger books an entry on: the booking date,
// or the value date where the bank gave none.
func bookingDate(b *statement.Booking) statement.Date {
	if !b.BookingDate.IsZero() {
		return b.BookingDate
	}
	return b.ValueDate
}

// Between returns the part of a dated from..to (inclusive; a zero date is
// open). The opening balance moves to the start of the range: it is the
// last balance the bank stated before from, plus the bookings after it.
func (a Account) Between(from, to statement.Date) Account {
	out := Account{Account: a.Account, Currency: a.Currency}
	in := func(d statement.Date) bool {
		return (from.IsZero() || !d.Before(from)) && (to.IsZero() || !d.After(to))
	}
	for _, b := range a.Bookings {
		if in(bookingDate(&b)) {
			out.Bookings = append(out.Bookings, b)
		}
	}
	for _, bal := range a.Balances {
		if in(bal.Date) {
			out.Balances = append(out.Balances, bal)
		}
	}
	out.Opening = a.Opening
	if from.IsZero() || a.Opening == nil {
		return out
	}
	// Walk up to from: a balance the bank stated replaces the running
	// figure (it already counts the bookings of its day and before), a
	// booking moves it.
	run, moved, bi := a.Opening.Amount, false, 0
	for _, bal := range a.Balances {
		if !bal.Date.Before(from) {
			break
		}
		for bi < len(a.Bookings) && !bookingDate(&a.Bookings[bi]).After(bal.Date) {
			bi++
		}
		run, moved = bal.Amount, true
	}
	for ; bi < len(a.Bookings) && bookingDate(&a.Bookings[bi]).Before(from); bi++ {
		if a.Bookings[bi].Status == statement.Booked {
			run, moved = run.Add(a.Bookings[bi].Amount), true
		}
	}
	if moved {
		out.Opening = &statement.Balance{Amount: run, Currency: a.Opening.Currency, Date: from.AddDays(-1)}
	}
	return out
}

// currency is the currency of b in a.
func (a *Account) currency(b *statement.Booking) string {
	if b.Currency != "" {
		return b.Currency
	}
	return a.Currency
}

// withIDs returns a's bookings, assigning IDs if any is missing (callers
// that build Accounts by hand need not).
func (a *Account) withIDs() []statement.Booking {
	for _, b := range a.Bookings {
		if b.ID == "" {
			bs := append([]statement.Booking(nil), a.Bookings...)
			statement.AssignIDs(a.Account, bs)
			return bs
		}
	}
	return a.Bookings
}

// checkpoint is a balance check in a ledger: after all booked entries up
// to and including Date, the account holds Amount.
type checkpoint struct {
	statement.Balance
	ok       bool         // the exported bookings reproduce it
	computed money.Amount // what they give instead
}

// checkpoints pairs the bank's balances with what the exported booked
// entries add up to, starting from the opening balance (or zero).
func checkpoints(a *Account, bookings []statement.Booking) []checkpoint {
	run := money.Zero
	if a.Opening != nil {
		run = a.Opening.Amount
	}
	var out []checkpoint
	bi := 0
	for _, bal := range a.Balances {
		for ; bi < len(bookings) && !bookingDate(&bookings[bi]).After(bal.Date); bi++ {
			if bookings[bi].Status == statement.Booked {
				run = run.Add(bookings[bi].Amount)
			}
		}
		out = append(out, checkpoint{Balance: bal, ok: run.Cmp(bal.Amount) == 0, computed: run})
	}
	return out
}
