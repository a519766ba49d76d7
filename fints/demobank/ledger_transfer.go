package demobank

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"saldo/fints/money"
	"saldo/fints/statement"
)

// Limits of a SEPA credit transfer (pain.001 field lengths) and of the
// bank's order book (HICSES: 1 to 360 days ahead).
const (
	maxNameLen    = 70
	maxPurposeLen = 140
	maxE2ELen     = 35
	maxAheadDays  = 360
)

var maxAmount = money.FromCents(999_999_999_99)

// TransferOrder is a SEPA credit transfer as the server reads it from a
// pain.001 message.
type TransferOrder struct {
	FromIBAN   string
	DebtorName string // account holder as given; defaults to the owner
	ToName     string
	ToIBAN     string
	ToBIC      string
	Amount     money.Amount
	Currency   string // "" means EUR
	Purpose    string
	EndToEndID string
	Instant    bool
	// ExecutionDate in the future schedules the order (HKCSE); zero or
	// today or earlier (the DK convention 1999-01-01) means now.
	ExecutionDate statement.Date
}

// OrderState is where an order stands.
type OrderState int

const (
	OrderExecuted  OrderState = iota // booked
	OrderScheduled                   // waiting for its execution date
	OrderFailed                      // due but could not be executed; see Reason
	OrderCancelled                   // deleted by the customer before execution
)

func (s OrderState) String() string {
	switch s {
	case OrderScheduled:
		return "scheduled"
	case OrderFailed:
		return "failed"
	case OrderCancelled:
		return "cancelled"
	}
	return "executed"
}

// TransferResult is the bank's answer to a transfer.
type TransferResult struct {
	Reference     string // Auftragsidentifikation
	State         OrderState
	ExecutionDate statement.Date
	Instant       bool
	// Booking is the debit entry on the ordering account, once executed.
	Booking *statement.Booking
}

// ScheduledTransfer is an order in the bank's book of future transfers.
type ScheduledTransfer struct {
	Reference string
	Order     TransferOrder
	State     OrderState
	Reason    string // why a due order failed
	Placed    statement.Date
}

// Transfer executes or schedules a credit transfer. Validation errors wrap
// ErrUnknownAccount, ErrInvalidIBAN, ErrInvalidOrder or ErrNotAllowed (the
// server answers 9210) or ErrInsufficientFunds (9230); nothing is booked
// then. Transfers to another account of this bank credit it as well.
func (l *Ledger) Transfer(o TransferOrder) (TransferResult, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	today, err := l.admit(&o)
	if err != nil {
		return TransferResult{}, err
	}
	if o.ExecutionDate.After(today) {
		l.seq++
		ref := fmt.Sprintf("TRM%s%05d", today.Compact(), l.seq)
		l.orders = append(l.orders, &ScheduledTransfer{Reference: ref, Order: o, State: OrderScheduled, Placed: today})
		return TransferResult{Reference: ref, State: OrderScheduled, ExecutionDate: o.ExecutionDate}, nil
	}
	tx := txOnline
	if o.Instant {
		tx = txInstant
	}
	l.seq++
	ref := fmt.Sprintf("SCT%s%05d", today.Compact(), l.seq)
	b, err := l.execute(o, today, tx, ref)
	if err != nil {
		return TransferResult{}, err
	}
	return TransferResult{Reference: ref, State: OrderExecuted, ExecutionDate: today, Instant: o.Instant, Booking: &b}, nil
}

// admit brings the ledger up to today, normalises the IBANs of o and
// checks it as an arriving order. l.mu is held.
func (l *Ledger) admit(o *TransferOrder) (statement.Date, error) {
	today := l.Today()
	l.runDue(today)
	o.FromIBAN, o.ToIBAN = NormalizeIBAN(o.FromIBAN), NormalizeIBAN(o.ToIBAN)
	return today, l.validate(*o, today)
}

// validate checks what can be checked when the order arrives.
func (l *Ledger) validate(o TransferOrder, today statement.Date) error {
	from, err := l.Account(o.FromIBAN)
	if err != nil {
		return err
	}
	if err := CheckIBAN(o.ToIBAN); err != nil {
		return fmt.Errorf("%w: %v", ErrInvalidIBAN, err)
	}
	if o.ToIBAN == from.IBAN {
		return fmt.Errorf("%w: payee account is the ordering account", ErrInvalidOrder)
	}
	if from.ReferenceIBAN != "" && o.ToIBAN != from.ReferenceIBAN {
		return fmt.Errorf("%w: a %s pays out only to its reference account %s", ErrNotAllowed, from.Product, FormatIBAN(from.ReferenceIBAN))
	}
	switch {
	case o.Currency != "" && o.Currency != Currency:
		return fmt.Errorf("%w: currency %q, only EUR is possible", ErrInvalidOrder, o.Currency)
	case o.Amount.Sign() <= 0:
		return fmt.Errorf("%w: amount %s must be positive", ErrInvalidOrder, o.Amount)
	case o.Amount.Cmp(maxAmount) > 0:
		return fmt.Errorf("%w: amount %s exceeds %s", ErrInvalidOrder, o.Amount, maxAmount)
	case o.Amount.Decimals() > 2:
		return fmt.Errorf("%w: amount %s has more than two decimals", ErrInvalidOrder, o.Amount)
	case strings.TrimSpace(o.ToName) == "":
		return fmt.Errorf("%w: payee name is missing", ErrInvalidOrder)
	case utf8.RuneCountInString(o.ToName) > maxNameLen:
		return fmt.Errorf("%w: payee name longer than %d characters", ErrInvalidOrder, maxNameLen)
	case utf8.RuneCountInString(o.Purpose) > maxPurposeLen:
		return fmt.Errorf("%w: purpose longer than %d characters", ErrInvalidOrder, maxPurposeLen)
	case len(o.EndToEndID) > maxE2ELen:
		return fmt.Errorf("%w: end-to-end reference longer than %d characters", ErrInvalidOrder, maxE2ELen)
	case o.ExecutionDate.After(today.AddDays(maxAheadDays)):
		return fmt.Errorf("%w: execution date %s is more than %d days ahead", ErrInvalidOrder, o.ExecutionDate, maxAheadDays)
	case o.Instant && o.ExecutionDate.After(today):
		return fmt.Errorf("%w: instant transfers cannot be scheduled", ErrInvalidOrder)
	}
	return nil
}

// execute books o today: the debit on the ordering account and, for a
// payee at this bank, the credit. l.mu is held.
func (l *Ledger) execute(o TransferOrder, today statement.Date, tx txType, ref string) (statement.Booking, error) {
	from, err := l.book(o.FromIBAN)
	if err != nil {
		return statement.Booking{}, err
	}
	if avail := l.balanceOf(from, today).Available; o.Amount.Cmp(avail) > 0 {
		return statement.Booking{}, fmt.Errorf("%w: %s EUR ordered, %s EUR available", ErrInsufficientFunds, o.Amount.Format(true), avail.Format(true))
	}
	debtor := strings.TrimSpace(o.DebtorName)
	if debtor == "" {
		debtor = from.acct.Owner
	}
	toBIC := strings.ToUpper(strings.TrimSpace(o.ToBIC))
	var to *book
	if _, ok := l.accounts[o.ToIBAN]; ok {
		if to, err = l.book(o.ToIBAN); err != nil {
			return statement.Booking{}, err
		}
		toBIC = BankBIC
	}
	d := statement.Booking{
		Amount: o.Amount.Neg(), Purpose: o.Purpose, EndToEndRef: o.EndToEndID,
		CounterpartyName: strings.TrimSpace(o.ToName), CounterpartyIBAN: o.ToIBAN, CounterpartyBIC: toBIC,
	}
	tx.apply(&d)
	l.stamp(&d, today, ref)
	l.insert(from, d)
	if to != nil {
		c := statement.Booking{
			Amount: o.Amount, Purpose: o.Purpose, EndToEndRef: o.EndToEndID,
			CounterpartyName: debtor, CounterpartyIBAN: from.acct.IBAN, CounterpartyBIC: BankBIC,
		}
		if tx == txInstant {
			txInstantIn.apply(&c)
		} else {
			txCreditIn.apply(&c)
		}
		l.stamp(&c, today, ref)
		l.insert(to, c)
	}
	return d, nil
}

// stamp fills the bank's fields of a booking made today.
func (l *Ledger) stamp(b *statement.Booking, today statement.Date, ref string) {
	b.Status = statement.Booked
	b.BookingDate, b.ValueDate = today, today
	b.Currency = Currency
	b.BankRef = ref
	b.PrimaNota = "9990"
	if len(b.BankRef) > 16 { // :61: bank reference is x..16
		b.BankRef = b.BankRef[len(b.BankRef)-16:]
	}
}

// Scheduled lists the scheduled orders of an account, oldest first,
// including executed, failed and cancelled ones.
func (l *Ledger) Scheduled(iban string) []ScheduledTransfer {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.runDue(l.Today())
	iban = NormalizeIBAN(iban)
	var out []ScheduledTransfer
	for _, o := range l.orders {
		if o.Order.FromIBAN == iban {
			out = append(out, *o)
		}
	}
	return out
}

// CancelScheduled deletes a scheduled order that is not yet due.
func (l *Ledger) CancelScheduled(iban, reference string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.runDue(l.Today())
	for _, o := range l.orders {
		if o.Reference != reference || o.Order.FromIBAN != NormalizeIBAN(iban) {
			continue
		}
		if o.State != OrderScheduled {
			return fmt.Errorf("%w: order %s is already %s", ErrNotAllowed, reference, o.State)
		}
		o.State = OrderCancelled
		return nil
	}
	return fmt.Errorf("%w %q", ErrUnknownOrder, reference)
}
