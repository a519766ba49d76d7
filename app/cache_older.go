// FetchOlder: bookings from before the cached period, merged into the cache.

package app

import (
	"context"
	"errors"
	"fmt"

	"saldo/fints"
	"saldo/fints/statement"
	"saldo/ui"
	"saldo/vault"
)

// olderChunk is how much history one FetchOlder asks for.
const olderChunk = 365

// FetchOlder implements ui.Backend: the year before the cached period, or
// less where the bank's storage ends. Older data needs a TAN at most banks.
func (b *Backend) FetchOlder(ctx context.Context, loginID, account string, job ui.Job) error {
	s, err := b.session(loginID)
	if err != nil {
		return err
	}
	h, err := b.History(ctx, loginID, account)
	if err != nil {
		return err
	}
	if !h.CanFetchOlder {
		return errors.New("the bank keeps no older bookings for this account")
	}
	v, err := b.vault()
	if err != nil {
		return err
	}
	acct, err := cachedAccount(v, s.key, account)
	if err != nil {
		return err
	}
	to := h.From.AddDays(-1)
	from := to.AddDays(-(olderChunk - 1))
	o := &op{kind: opOlder, label: "Bookings before " + h.From.String(), account: account, started: b.opts.Now()}
	return s.run(ctx, job, o, func(ctx context.Context, c *fints.Client) error {
		limit := statement.Date{}
		if days := c.HistoryDays(); days > 0 {
			limit = b.today().AddDays(-days + 1)
		}
		if !limit.IsZero() && from.Before(limit) {
			from = limit
		}
		if !limit.IsZero() && to.Before(limit) {
			s.markOlder(account, limit, true)
			return nil
		}
		o.from, o.to = from, to
		progress(job, "Fetching bookings "+from.String()+" – "+to.String(), 1, 2)
		sts, err := c.Transactions(ctx, from, to, acct)
		var partial *fints.PartialError
		if err != nil && !(errors.As(err, &partial) && len(sts) > 0) {
			return err
		}
		progress(job, "Saving", 2, 2)
		n, err := s.storeOlder(v, account, sts)
		if err != nil {
			return err
		}
		s.markOlder(account, from, n == 0 || from == limit)
		b.log.Info("older bookings fetched", "login", s.id, "bookings", n)
		return nil
	})
}

// storeOlder merges older booked entries, keeping the cached pending ones
// (an older period carries none).
func (s *session) storeOlder(v *vault.Vault, account string, sts []fints.AccountStatements) (int, error) {
	n := 0
	for _, st := range sts {
		if st.Account != account && len(sts) > 1 {
			continue
		}
		pending, err := v.PendingBookings(s.key, account)
		if err != nil {
			return n, fmt.Errorf("reading the cached pending bookings: %w", err)
		}
		if _, err := v.MergeBookings(s.key, account, st.Booked, pending); err != nil {
			return n, fmt.Errorf("caching the bookings: %w", err)
		}
		n += len(st.Booked)
	}
	return n, nil
}

func (s *session) markOlder(account string, reached statement.Date, exhausted bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.older[account]
	if cur, err := statement.ParseDate(st.reached); err != nil || cur.IsZero() || reached.Before(cur) {
		st.reached = reached.String()
	}
	st.exhausted = st.exhausted || exhausted
	s.older[account] = st
}
