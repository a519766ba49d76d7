package app

import (
	"fmt"

	"saldo/fints"
	"saldo/fints/sepa"
	"saldo/fints/statement"
	"saldo/vault"
)

// resolveOrders settles transfers whose answer was lost (journal state
// unknown) once the statement shows them: bookings, booked or pending,
// from the ordering account to the same IBAN over the same amount, dated
// no earlier than the day before the orders were sent. Executed orders of
// the same kind account for bookings first, so an earlier identical
// transfer cannot settle a lost one; and when fewer bookings are left than
// lost orders, none is settled, because nobody can tell which one went
// through. An order the statement does not show stays unknown: only the
// person can tell that it was not executed.
func (s *session) resolveOrders(v *vault.Vault) {
	orders, err := v.Orders(s.key)
	if err != nil {
		return
	}
	type kind struct{ account, iban, amount string }
	kindOf := func(o vault.Order) kind {
		return kind{o.Transfer.From.Key(), sepa.NormalizeIBAN(o.Transfer.ToIBAN), o.Transfer.Amount.String()}
	}
	lost := map[kind][]vault.Order{}
	for _, o := range orders {
		if o.State == vault.OrderUnknown {
			lost[kindOf(o)] = append(lost[kindOf(o)], o)
		}
	}
	for k, os := range lost {
		since := statement.DateOf(os[0].Sent.In(berlin))
		for _, o := range os[1:] {
			if d := statement.DateOf(o.Sent.In(berlin)); d.Before(since) {
				since = d
			}
		}
		since = since.AddDays(-1)
		// Banks book late: an order executed a few days earlier may be
		// booked within the window. Counting too many of them errs on the
		// side of leaving a lost order unknown.
		executed := 0
		for _, o := range orders {
			if o.State == vault.OrderExecuted && kindOf(o) == k && !statement.DateOf(o.Sent.In(berlin)).Before(since.AddDays(-syncMargin)) {
				executed++
			}
		}
		list, err := v.Bookings(s.key, k.account, since, statement.Date{})
		if err != nil {
			continue
		}
		amount := os[0].Transfer.Amount.Neg()
		var shown []*statement.Booking
		for i := range list {
			if b := &list[i]; b.Amount.Cmp(amount) == 0 && sepa.NormalizeIBAN(b.CounterpartyIBAN) == k.iban {
				shown = append(shown, b)
			}
		}
		if len(shown)-executed < len(os) {
			continue // not shown yet, or ambiguous
		}
		b := shown[0]
		d := b.BookingDate
		if d.IsZero() {
			d = b.ValueDate
		}
		for _, o := range os {
			out := fints.Outcome{State: fints.Executed, Reason: fmt.Sprintf("the statement shows it (%s %s)", b.Status, d)}
			if err := v.MarkOutcome(o.ID, out); err != nil {
				s.b.log.Warn("journal not updated", "order", o.ID, "err", err.Error())
				continue
			}
			s.b.log.Info("transfer without answer found in the statement", "login", s.id, "order", o.ID)
		}
	}
}
