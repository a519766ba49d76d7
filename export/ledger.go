package export

import (
	"bufio"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"saldo/fints/statement"
)

// Counter accounts for the other side of each booking, and for opening
// balances. Both hledger and beancount accept these names.
const (
	expenseAccount = "Expenses:Unknown"
	incomeAccount  = "Income:Unknown"
	openingAccount = "Equity:Opening-Balances"
	assetsPrefix   = "Assets:Bank:"
)

// LedgerAccount is the ledger account name for a bank account:
// "Assets:Bank:" and the IBAN or account number, reduced to what both
// hledger and beancount accept in an account name component (letters,
// digits and '-', starting with a capital letter or digit).
func LedgerAccount(acct string) string {
	var b strings.Builder
	dash := false
	for _, r := range acct {
		switch {
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	name := b.String()
	if name == "" {
		return assetsPrefix + "Unknown"
	}
	return assetsPrefix + strings.ToUpper(name[:1]) + name[1:]
}

// entryKind orders ledger entries on one day: opening first, then the
// day's bookings, then the checks of the day's closing balance.
type entryKind int

const (
	kindSkipped entryKind = iota // cannot be booked; listed first as a comment
	kindOpening
	kindBooking
	kindBalance
)

// entry is one dated item of a ledger, in a form both ledger writers use.
type entry struct {
	date    statement.Date
	kind    entryKind
	acct    int // index into the accounts, for a stable order
	seq     int // position within its account
	account string
	booking *statement.Booking
	check   *checkpoint
	opening *statement.Balance
	skip    string // why a booking cannot be a ledger entry
}

// unbookable says why b cannot be a ledger entry, or "".
func unbookable(b *statement.Booking) string {
	switch {
	case bookingDate(b).IsZero():
		return "it has no date"
	case b.Currency == "":
		return "it has no currency"
	}
	return ""
}

// skipComment describes a booking that could not be written.
func skipComment(e *entry) string {
	b := e.booking
	return fmt.Sprintf("booking %s on %s (%s, %s) is not in this file: %s",
		b.ID, e.account, b.Amount, oneLine(b.CounterpartyName+" "+b.Purpose), e.skip)
}

// ledgerEntries lists the booked entries, opening balances and balance
// checks of all accounts in date order.
func ledgerEntries(accts []Account) []entry {
	var out []entry
	used := map[string]string{} // ledger name -> bank account
	for ai := range accts {
		a := &accts[ai]
		name := LedgerAccount(a.Account)
		// Two bank accounts that reduce to the same name ("1/2", "1-2")
		// must not share a ledger account.
		for n := 2; used[name] != "" && used[name] != a.Account; n++ {
			name = fmt.Sprintf("%s-%d", LedgerAccount(a.Account), n)
		}
		used[name] = a.Account
		bookings := a.withIDs()
		var booked []statement.Booking
		for i := range bookings {
			if bookings[i].Status != statement.Booked {
				continue
			}
			b := bookings[i]
			b.Currency = a.currency(&b)
			if why := unbookable(&b); why != "" {
				// A ledger entry needs both; say so in the file rather
				// than drop the booking silently or refuse the export.
				sk := b
				out = append(out, entry{kind: kindSkipped, acct: ai, seq: i, account: name, booking: &sk, skip: why})
				continue
			}
			booked = append(booked, b)
		}
		for i := range booked {
			out = append(out, entry{date: bookingDate(&booked[i]), kind: kindBooking, acct: ai, seq: i, account: name, booking: &booked[i]})
		}
		if a.Opening != nil {
			op := *a.Opening
			if op.Currency == "" {
				op.Currency = a.Currency
			}
			// The opening goes before the first booking even where the
			// bank dates it on that booking's day or later.
			d := op.Date
			if len(booked) > 0 && (d.IsZero() || bookingDate(&booked[0]).Before(d)) {
				d = bookingDate(&booked[0])
			}
			if !d.IsZero() && op.Currency != "" {
				out = append(out, entry{date: d, kind: kindOpening, acct: ai, account: name, opening: &op})
			}
		}
		for i, c := range checkpoints(a, booked) {
			c := c
			if c.Currency == "" {
				c.Currency = a.Currency
			}
			if c.Currency == "" {
				continue
			}
			out = append(out, entry{date: c.Date, kind: kindBalance, acct: ai, seq: i, account: name, check: &c})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		x, y := &out[i], &out[j]
		if c := x.date.Compare(y.date); c != 0 {
			return c < 0
		}
		if x.kind != y.kind {
			return x.kind < y.kind
		}
		if x.acct != y.acct {
			return x.acct < y.acct
		}
		return x.seq < y.seq
	})
	return out
}

// counterAccount is where the other side of a booking goes.
func counterAccount(b *statement.Booking) string {
	if b.Amount.Sign() < 0 {
		return expenseAccount
	}
	return incomeAccount
}

// oneLine makes text safe for a one-line field: control characters and
// runs of blanks become one blank.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
}

// accountNames returns the ledger accounts used, sorted, and the
// currencies.
func accountNames(entries []entry) (accounts, currencies []string) {
	seenA, seenC := map[string]bool{}, map[string]bool{}
	add := func(a, c string) {
		if a != "" && !seenA[a] {
			seenA[a] = true
			accounts = append(accounts, a)
		}
		if c != "" && !seenC[c] {
			seenC[c] = true
			currencies = append(currencies, c)
		}
	}
	for _, e := range entries {
		switch {
		case e.skip != "":
		case e.booking != nil:
			add(e.account, e.booking.Currency)
			add(counterAccount(e.booking), "")
		case e.opening != nil:
			add(e.account, e.opening.Currency)
			add(openingAccount, "")
		case e.check != nil:
			add(e.account, e.check.Currency)
		}
	}
	sort.Strings(accounts)
	sort.Strings(currencies)
	return accounts, currencies
}

// bookingRefs lists the references of a booking that both ledger formats
// keep as metadata, in a fixed order, without the empty ones.
func bookingRefs(b *statement.Booking) [][2]string {
	var out [][2]string
	for _, r := range [...][2]string{
		{"iban", b.CounterpartyIBAN}, {"bic", b.CounterpartyBIC}, {"eref", b.EndToEndRef},
		{"mref", b.MandateRef}, {"cred", b.CreditorID}, {"gvc", b.GVC}, {"bankref", b.BankRef},
	} {
		if v := oneLine(r[1]); v != "" {
			out = append(out, [2]string{r[0], v})
		}
	}
	return out
}

// writeMismatch writes, as a comment both formats read, why a balance the
// bank stated is not asserted.
func writeMismatch(bw *bufio.Writer, e *entry) {
	fmt.Fprintf(bw, "; %s: the bank states %s %s for %s, the exported bookings give %s %s;\n",
		e.date, e.check.Amount, e.check.Currency, e.account, e.check.computed, e.check.Currency)
	bw.WriteString("; not asserted (a statement missing from the export, or the bank's figures do not add up)\n")
}

// payeeAndNarration give the text a ledger shows for a booking.
func payeeAndNarration(b *statement.Booking) (string, string) {
	payee := oneLine(b.CounterpartyName)
	narration := oneLine(b.Purpose)
	if narration == "" {
		narration = oneLine(b.PostingText)
	}
	return payee, narration
}
