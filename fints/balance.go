package fints

import (
	"context"
	"fmt"
	"time"

	"saldo/fints/money"
	"saldo/fints/wire"
)

// Balances fetches the balance of each account (all known accounts when
// none are given) with HKSAL in the highest version (5–7) the bank offers,
// batching the queries into as few messages as the BPD allow.
func (c *Client) Balances(ctx context.Context, accounts ...Account) ([]Balance, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	res, err := c.do(ctx, &opSpec{Kind: opBalances, Accounts: accounts})
	if err != nil {
		return nil, err
	}
	return res.Balances, joinFailures(res.Failures)
}

// Balance fetches the balance of one account.
func (c *Client) Balance(ctx context.Context, a Account) (Balance, error) {
	bs, err := c.Balances(ctx, a)
	if err != nil {
		return Balance{}, err
	}
	if len(bs) == 0 {
		return Balance{}, fmt.Errorf("balance of %s: the bank sent none", a.Key())
	}
	return bs[0], nil
}

func (c *Client) balanceTasks(r *run, given []Account) error {
	accounts := c.accountsFor(given)
	if len(accounts) == 0 {
		return errNoAccounts
	}
	jp, ok := c.p.job("HKSAL", 5, 6, 7)
	if !ok {
		return fmt.Errorf("balance: %w (no HISALS in versions 5–7)", ErrNotSupported)
	}
	for _, a := range accounts {
		if !c.p.allowsJob(a, "HKSAL") {
			continue
		}
		acct := c.ktv(a)
		if jp.version >= 7 {
			acct = c.kti(a)
		}
		seg := wire.NewSegment("HKSAL", jp.version, acct, wire.S("N"))
		r.Tasks = append(r.Tasks, &task{Job: "HKSAL", Account: a.Key(), Seg: seg, TouchPos: 5})
	}
	return nil
}

// parseBalances reads the HISAL segments of a task (§4.2).
func parseBalances(t *task) ([]Balance, error) {
	var out []Balance
	for _, s := range t.Data {
		if s.ID != "HISAL" {
			continue
		}
		b := Balance{Account: t.Account}
		booked, err := wire.ParseSaldo(s.Group(5), 1)
		if err != nil {
			return nil, fmt.Errorf("HISAL booked balance: %w", err)
		}
		b.Booked = booked.Balance()
		if s.Has(6) {
			if p, err := wire.ParseSaldo(s.Group(6), 1); err == nil {
				pb := p.Balance()
				b.Pending = &pb
			}
		}
		b.CreditLine = optAmount(s.Group(7))
		b.Available = optAmount(s.Group(8))
		switch {
		case s.Version >= 6:
			b.At = timestamp(s.Group(11), 1)
		default:
			b.At = timestamp(wire.DE{s.Group(10).At(1), s.Group(11).At(1)}, 1)
		}
		if b.At.IsZero() && booked.Time != nil {
			b.At = wire.At(booked.Date, *booked.Time, berlin)
		}
		out = append(out, b)
	}
	return out, nil
}

func optAmount(d wire.DE) *money.Amount {
	if d.IsEmpty() {
		return nil
	}
	b, err := wire.ParseBTG(d, 1)
	if err != nil {
		return nil
	}
	return &b.Amount
}

// timestamp reads dat[:tim] at position at; zero when absent or invalid.
func timestamp(d wire.DE, at int) time.Time {
	day, err := wire.ParseDate(d.Str(at))
	if err != nil || day.IsZero() {
		return time.Time{}
	}
	clock := wire.Clock{}
	if c, err := wire.ParseClock(d.Str(at + 1)); err == nil {
		clock = c
	}
	return wire.At(day, clock, berlin)
}

// joinFailures reports per-account failures of an otherwise successful
// multi-account operation as one error (nil when there are none).
func joinFailures(fs []AccountError) error {
	if len(fs) == 0 {
		return nil
	}
	return &PartialError{Failures: fs}
}

// PartialError is returned together with the results that did arrive
// when some accounts of a multi-account operation failed.
type PartialError struct{ Failures []AccountError }

func (e *PartialError) Error() string {
	if len(e.Failures) == 1 {
		return e.Failures[0].Error()
	}
	return fmt.Sprintf("%s (and %d more accounts failed)", e.Failures[0].Error(), len(e.Failures)-1)
}

// Unwrap exposes the individual errors to errors.Is/As.
func (e *PartialError) Unwrap() []error {
	out := make([]error, len(e.Failures))
	for i, f := range e.Failures {
		out[i] = f.Err
	}
	return out
}
