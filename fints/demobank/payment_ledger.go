package demobank

import "fmt"

// checkTransfer tells whether Transfer would accept o now, without
// booking anything: the checks of an arriving order, and the funds for
// one due today. The server runs it before it asks for a TAN, as banks
// refuse an uncovered order at once; Transfer checks again on execution.
func (l *Ledger) checkTransfer(o TransferOrder) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	today, err := l.admit(&o)
	if err != nil {
		return err
	}
	if o.ExecutionDate.After(today) {
		return nil // funds count on the execution day
	}
	from, err := l.book(o.FromIBAN)
	if err != nil {
		return err
	}
	if avail := l.balanceOf(from, today).Available; o.Amount.Cmp(avail) > 0 {
		return fmt.Errorf("%w: %s EUR ordered, %s EUR available", ErrInsufficientFunds, o.Amount.Format(true), avail.Format(true))
	}
	return nil
}
