package demobank

import (
	"fmt"
	"math/rand/v2"
	"strconv"

	"saldo/fints/money"
	"saldo/fints/statement"
)

// book is one account's history inside the ledger.
type book struct {
	acct    Account
	start   statement.Date // first day of the history
	opening money.Amount   // balance at the start of that day
	booked  []statement.Booking
	balance money.Amount // after the last booked entry
	pending []pendingEntry
	// accrued sums end-of-day balances in cent-days for interest.
	accrued int64
}

// pendingEntry is an announced booking (vorgemerkter Umsatz) that turns
// into a booked one on bookOn.
type pendingEntry struct {
	b      statement.Booking
	bookOn statement.Date
}

func newBook(a Account, start statement.Date, opening money.Amount) *book {
	return &book{acct: a, start: start, opening: opening, balance: opening}
}

// gen produces a deterministic history: all randomness comes from rng,
// all dates from today.
type gen struct {
	rng   *rand.Rand
	start statement.Date
	today statement.Date
	// nowMinute is the minute of the day of "now"; purchases today happen
	// before it.
	nowMinute int
	ref       int // bank reference counter
	refDay    statement.Date
	refPrefix string
	queue     []queued
}

// queued is a booking waiting for its booking day.
type queued struct {
	bk  *book
	due statement.Date // the day it happens
	on  statement.Date // the day it is booked
	b   statement.Booking
}

func newGen(seed, stream uint64, today statement.Date, nowMinute int, years int) *gen {
	return &gen{
		rng:       rand.New(rand.NewPCG(seed, stream)),
		start:     statement.NewDate(today.Year-years, today.Month, today.Day).AddDays(1),
		today:     today,
		nowMinute: nowMinute,
	}
}

// schedule books b on the first business day on or after due. The value
// date defaults to that booking day.
func (g *gen) schedule(bk *book, due statement.Date, b statement.Booking) {
	g.queue = append(g.queue, queued{bk: bk, due: due, on: nextBusinessDay(due), b: b})
}

// flush books everything due by d, in the order it was scheduled.
func (g *gen) flush(d statement.Date) {
	keep := g.queue[:0]
	for _, q := range g.queue {
		if q.on.After(d) {
			keep = append(keep, q)
			continue
		}
		g.post(q.bk, q.on, q.b)
	}
	g.queue = keep
}

// post books b on day on.
func (g *gen) post(bk *book, on statement.Date, b statement.Booking) {
	g.complete(&b, on)
	b.Status = statement.Booked
	bk.booked = append(bk.booked, b)
	bk.balance = bk.balance.Add(b.Amount)
}

// complete fills what every booking carries.
func (g *gen) complete(b *statement.Booking, on statement.Date) {
	b.BookingDate = on
	if b.ValueDate.IsZero() {
		b.ValueDate = on
	}
	b.Currency = Currency
	g.ref++
	if on != g.refDay { // one Sprintf per day, not per booking
		g.refDay, g.refPrefix = on, on.Compact()[2:]
	}
	n := strconv.Itoa(1_000_000 + g.ref%1_000_000)
	b.BankRef = g.refPrefix + n[1:]
	if b.PrimaNota == "" {
		b.PrimaNota = strconv.Itoa(9000 + g.ref%1000)
	}
}

// finish turns what is still queued into pending entries: it happened
// but would be booked after today. What has not happened yet (a refund
// due next week) is dropped.
func (g *gen) finish() {
	for _, q := range g.queue {
		happened := q.due
		if !q.b.ValueDate.IsZero() { // card payments: the day of purchase
			happened = q.b.ValueDate
		}
		if happened.After(g.today) {
			continue
		}
		b := q.b
		g.complete(&b, q.on)
		// A pending entry shows the day it happened; it gets its booking
		// date when it is booked.
		b.BookingDate = b.ValueDate
		b.Status = statement.Pending
		q.bk.pending = append(q.bk.pending, pendingEntry{b: b, bookOn: q.on})
	}
	g.queue = nil
}

// transfer moves cents between two books of the bank on the day due: a
// debit on from and a credit on to, each with the other as counterparty.
func (g *gen) transfer(from, to *book, due statement.Date, cents int64, purpose string, debit, credit txType) {
	d := statement.Booking{
		Amount: money.FromCents(-cents), Purpose: purpose,
		CounterpartyName: to.acct.Owner, CounterpartyIBAN: to.acct.IBAN, CounterpartyBIC: to.acct.BIC,
	}
	debit.apply(&d)
	c := statement.Booking{
		Amount: money.FromCents(cents), Purpose: purpose,
		CounterpartyName: from.acct.Owner, CounterpartyIBAN: from.acct.IBAN, CounterpartyBIC: from.acct.BIC,
	}
	credit.apply(&c)
	g.schedule(from, due, d)
	g.schedule(to, due, c)
}

// txType is the classification of a booking as German banks send it.
type txType struct {
	GVC, Text, Code string
}

func (t txType) apply(b *statement.Booking) {
	b.GVC, b.PostingText, b.TypeCode = t.GVC, t.Text, t.Code
}

// The booking types the demo bank uses (GVC, posting text, SWIFT code).
var (
	txSalary       = txType{"153", "LOHN/GEHALT", "NTRF"}
	txCreditIn     = txType{"166", "GUTSCHR. UEBERWEISUNG", "NTRF"}
	txStandingOut  = txType{"117", "DAUERAUFTRAG", "NSTO"}
	txStandingIn   = txType{"152", "GUTSCHRIFT DAUERAUFTRAG", "NSTO"}
	txOnline       = txType{"177", "ONLINE-UEBERWEISUNG", "NTRF"}
	txInstant      = txType{"118", "ECHTZEIT-UEBERWEISUNG", "NTRF"}
	txInstantIn    = txType{"166", "ECHTZEIT-GUTSCHRIFT", "NTRF"}
	txScheduled    = txType{"116", "TERMINUEBERWEISUNG", "NTRF"}
	txDirectDebit  = txType{"105", "FOLGELASTSCHRIFT", "NDDT"}
	txFirstDebit   = txType{"105", "ERSTLASTSCHRIFT", "NDDT"}
	txCard         = txType{"106", "KARTENZAHLUNG", "NMSC"}
	txCardReversal = txType{"106", "STORNO KARTENZAHLUNG", "NMSC"}
	txCash         = txType{"083", "BARGELDAUSZAHLUNG", "NMSC"}
	txTransferOut  = txType{"116", "UMBUCHUNG", "NTRF"}
	txTransferIn   = txType{"166", "UMBUCHUNG", "NTRF"}
	txRefund       = txType{"166", "GUTSCHRIFT", "NTRF"}
	txInterest     = txType{"805", "ABSCHLUSS", "NINT"}
	txFee          = txType{"808", "ENTGELTABSCHLUSS", "NCHG"}
)

// Random helpers. Amounts are whole cents drawn from integer ranges; no
// floats come near money.

// cents draws uniformly from [lo, hi].
func (g *gen) cents(lo, hi int64) int64 { return lo + g.rng.Int64N(hi-lo+1) }

// skewed draws from [lo, hi] with small amounts more likely, as real
// shopping is (the smaller of two draws).
func (g *gen) skewed(lo, hi int64) int64 { return min(g.cents(lo, hi), g.cents(lo, hi)) }

// chance is true with probability perMille/1000.
func (g *gen) chance(perMille int) bool { return g.rng.IntN(1000) < perMille }

// digits returns n random decimal digits.
func (g *gen) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + g.rng.IntN(10))
	}
	return string(b)
}

// alnum returns n random upper-case letters and digits.
func (g *gen) alnum(n int) string {
	const set = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = set[g.rng.IntN(len(set))]
	}
	return string(b)
}

// clock returns a time of day as minutes, between from and to o'clock;
// on today it stays before now.
func (g *gen) clock(d statement.Date, from, to int) int {
	m := from*60 + g.rng.IntN((to-from)*60)
	if d == g.today && m > g.nowMinute {
		m = g.nowMinute
	}
	return m
}

// monthYear formats "01/2025".
func monthYear(d statement.Date) string { return fmt.Sprintf("%02d/%d", int(d.Month), d.Year) }

// germanDate formats "14.01.2025".
func germanDate(d statement.Date) string {
	return fmt.Sprintf("%02d.%02d.%d", d.Day, int(d.Month), d.Year)
}
