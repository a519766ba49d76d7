package demobank

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
	_ "time/tzdata" // the bank books in Europe/Berlin on every machine

	"saldo/fints/money"
	"saldo/fints/secret"
	"saldo/fints/statement"
)

// Errors of the ledger. The server maps them to FinTS return codes:
// ErrInsufficientFunds to 9230, all others to 9210.
var (
	ErrUnknownLogin      = errors.New("unknown login")
	ErrUnknownAccount    = errors.New("unknown account")
	ErrInvalidIBAN       = errors.New("invalid IBAN")
	ErrInvalidOrder      = errors.New("invalid order")
	ErrNotAllowed        = errors.New("not allowed for this account")
	ErrInsufficientFunds = errors.New("insufficient funds")
	ErrUnknownOrder      = errors.New("unknown order")
)

// LedgerOptions configure a ledger. The zero value is usable: seed 0, the real
// clock, Berlin time.
type LedgerOptions struct {
	// Seed selects the generated history; the same seed and the same Now
	// give identical data.
	Seed uint64
	// Now is the clock; nil means time.Now. Its value when NewLedger is called
	// fixes the generated history; later values drive booking dates of
	// transfers and when scheduled and pending entries are booked.
	Now func() time.Time
	// Location is the bank's time zone; nil means Europe/Berlin.
	Location *time.Location
}

// Ledger is the demo bank's book-keeping. It is safe for concurrent use.
// Histories are generated on first use of a login's account.
type Ledger struct {
	mu        sync.Mutex
	seed      uint64
	now       func() time.Time
	loc       *time.Location
	genToday  statement.Date
	genMinute int
	logins    []Login
	accounts  map[string]Account // by IBAN
	books     map[string]*book   // by IBAN; missing until generated
	orders    []*ScheduledTransfer
	seq       int // order and booking reference counter
}

// NewLedger returns a ledger. It generates nothing yet.
func NewLedger(opts LedgerOptions) *Ledger {
	l := &Ledger{seed: opts.Seed, now: opts.Now, loc: opts.Location}
	if l.now == nil {
		l.now = time.Now
	}
	if l.loc == nil {
		loc, err := time.LoadLocation("Europe/Berlin")
		if err != nil {
			loc = time.UTC // unreachable with time/tzdata linked in
		}
		l.loc = loc
	}
	t := l.now().In(l.loc)
	l.genToday = statement.DateOf(t)
	l.genMinute = t.Hour()*60 + t.Minute()
	l.logins = logins()
	l.accounts = map[string]Account{}
	for _, a := range []Account{maxGiro, maxTagesgeld, maxJoint, shopGiro} {
		l.accounts[a.IBAN] = a
	}
	l.books = map[string]*book{}
	return l
}

// Today is the bank's current business date (calendar day in its zone).
func (l *Ledger) Today() statement.Date { return statement.DateOf(l.now().In(l.loc)) }

// Logins lists the demo users.
func (l *Ledger) Logins() []Login {
	out := make([]Login, len(l.logins))
	for i, lg := range l.logins {
		lg.IBANs = append([]string(nil), lg.IBANs...)
		out[i] = lg
	}
	return out
}

// Login returns the user with this user ID.
func (l *Ledger) Login(userID string) (Login, error) {
	for _, lg := range l.Logins() {
		if lg.UserID == userID {
			return lg, nil
		}
	}
	return Login{}, fmt.Errorf("%w %q", ErrUnknownLogin, userID)
}

// CheckPIN reports whether pin is the PIN of userID. The comparison takes
// the same time for every wrong PIN.
func (l *Ledger) CheckPIN(userID string, pin secret.Value) bool {
	if _, err := l.Login(userID); err != nil {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(pin.Reveal()), []byte(DemoPIN)) == 1
}

// Accounts returns the accounts of a login in display order.
func (l *Ledger) Accounts(userID string) ([]Account, error) {
	lg, err := l.Login(userID)
	if err != nil {
		return nil, err
	}
	out := make([]Account, len(lg.IBANs))
	for i, iban := range lg.IBANs {
		out[i] = l.accounts[iban]
	}
	return out, nil
}

// Account returns the account with this IBAN (spaces and case ignored).
func (l *Ledger) Account(iban string) (Account, error) {
	a, ok := l.accounts[NormalizeIBAN(iban)]
	if !ok {
		return Account{}, fmt.Errorf("%w %s", ErrUnknownAccount, FormatIBAN(iban))
	}
	return a, nil
}

// BalanceInfo is an account balance as a bank reports it.
type BalanceInfo struct {
	IBAN   string
	Booked statement.Balance // booked balance, dated today
	// Pending is the sum of the pending entries (negative for card
	// payments not yet booked).
	Pending    money.Amount
	CreditLine money.Amount
	// Available is what may still be spent: booked + pending + credit
	// line, never below zero.
	Available money.Amount
	At        time.Time
}

// Balance returns the current balance of an account.
func (l *Ledger) Balance(iban string) (BalanceInfo, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	bk, today, err := l.open(iban)
	if err != nil {
		return BalanceInfo{}, err
	}
	return l.balanceOf(bk, today), nil
}

func (l *Ledger) balanceOf(bk *book, today statement.Date) BalanceInfo {
	var pend money.Amount
	for _, p := range bk.pending {
		pend = pend.Add(p.b.Amount)
	}
	avail := bk.balance.Add(pend).Add(bk.acct.CreditLine)
	if avail.Sign() < 0 {
		avail = money.Zero
	}
	return BalanceInfo{
		IBAN:       bk.acct.IBAN,
		Booked:     statement.Balance{Amount: bk.balance, Currency: Currency, Date: today},
		Pending:    pend,
		CreditLine: bk.acct.CreditLine,
		Available:  avail,
		At:         l.now().In(l.loc),
	}
}

// Range is an account's entries for a period, ready for an MT940/MT942 or
// camt writer.
type Range struct {
	IBAN string
	// Opening is the balance at the start of the period (the end of the
	// day before From); Closing the balance at the end of To.
	Opening, Closing statement.Balance
	From, To         statement.Date
	// Booked entries with From ≤ BookingDate ≤ To, ascending, each with
	// its RunningBalance. Pending entries are those not booked yet, in
	// the order they were announced; they come only with periods that
	// reach today.
	Booked  []statement.Booking
	Pending []statement.Booking
}

// Bookings returns the entries of an account from from to to, both
// inclusive. A zero from means the start of the history, a zero to today.
// Bookings get no IDs; statement.AssignIDs is the client's job.
func (l *Ledger) Bookings(iban string, from, to statement.Date) (Range, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	bk, today, err := l.open(iban)
	if err != nil {
		return Range{}, err
	}
	if from.IsZero() {
		from = bk.start
	}
	if to.IsZero() {
		to = today
	}
	if to.Before(from) {
		return Range{}, fmt.Errorf("%w: period ends %s before it starts %s", ErrInvalidOrder, to, from)
	}
	lo := sort.Search(len(bk.booked), func(i int) bool { return !bk.booked[i].BookingDate.Before(from) })
	hi := sort.Search(len(bk.booked), func(i int) bool { return bk.booked[i].BookingDate.After(to) })
	bal := bk.opening
	for _, b := range bk.booked[:lo] {
		bal = bal.Add(b.Amount)
	}
	r := Range{IBAN: bk.acct.IBAN, From: from, To: to}
	r.Opening = statement.Balance{Amount: bal, Currency: Currency, Date: from}
	r.Booked = make([]statement.Booking, hi-lo)
	running := make([]money.Amount, hi-lo)
	for i, b := range bk.booked[lo:hi] {
		bal = bal.Add(b.Amount)
		running[i] = bal
		b.RunningBalance = &running[i]
		r.Booked[i] = b
	}
	r.Closing = statement.Balance{Amount: bal, Currency: Currency, Date: to}
	// Pending entries are the state of today, so they come with every
	// period that reaches today, whatever day they carry (an order due on
	// a Sunday is announced with Monday's date).
	if !to.Before(today) {
		for _, p := range bk.pending {
			r.Pending = append(r.Pending, p.b)
		}
	}
	return r, nil
}

// open returns the book of iban, generating its login's history on first
// use, after bringing the ledger up to date with the clock. l.mu is held.
func (l *Ledger) open(iban string) (*book, statement.Date, error) {
	today := l.Today()
	l.runDue(today)
	bk, err := l.book(iban)
	return bk, today, err
}

// book returns the book of iban, generating it if needed. l.mu is held.
func (l *Ledger) book(iban string) (*book, error) {
	iban = NormalizeIBAN(iban)
	if bk, ok := l.books[iban]; ok {
		return bk, nil
	}
	var gen []*book
	switch iban {
	case maxGiro.IBAN, maxTagesgeld.IBAN, maxJoint.IBAN:
		gen = generateDemo(l.seed, l.genToday, l.genMinute)
	case shopGiro.IBAN:
		gen = generateShop(l.seed, l.genToday)
	default:
		return nil, fmt.Errorf("%w %s", ErrUnknownAccount, FormatIBAN(iban))
	}
	for _, bk := range gen {
		l.books[bk.acct.IBAN] = bk
	}
	// Entries that came due between New and now.
	today := l.Today()
	for _, bk := range gen {
		l.bookPending(bk, today)
	}
	return l.books[iban], nil
}

// runDue books pending entries whose day has come and executes scheduled
// transfers that are due. l.mu is held.
func (l *Ledger) runDue(today statement.Date) {
	for _, bk := range l.books {
		l.bookPending(bk, today)
	}
	for _, o := range l.orders {
		if o.State != OrderScheduled || o.Order.ExecutionDate.After(today) {
			continue
		}
		// Like a real bank: a due order that cannot be executed (funds
		// gone since it was placed) fails and stays listed with the reason.
		if _, err := l.execute(o.Order, today, txScheduled, o.Reference); err != nil {
			o.State, o.Reason = OrderFailed, err.Error()
			continue
		}
		o.State = OrderExecuted
	}
}

// bookPending books the pending entries of bk that are due by today.
func (l *Ledger) bookPending(bk *book, today statement.Date) {
	keep := bk.pending[:0]
	for _, p := range bk.pending {
		if p.bookOn.After(today) {
			keep = append(keep, p)
			continue
		}
		b := p.b
		b.Status = statement.Booked
		b.BookingDate = p.bookOn
		l.insert(bk, b)
	}
	bk.pending = keep
}

// insert adds a booked entry after all entries of its booking day or
// earlier, keeping the history sorted.
func (l *Ledger) insert(bk *book, b statement.Booking) {
	i := sort.Search(len(bk.booked), func(i int) bool { return bk.booked[i].BookingDate.After(b.BookingDate) })
	bk.booked = append(bk.booked, statement.Booking{})
	copy(bk.booked[i+1:], bk.booked[i:])
	bk.booked[i] = b
	bk.balance = bk.balance.Add(b.Amount)
}
