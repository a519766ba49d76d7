// Sync: one sync message in the standing dialog, merged into the vault cache.

package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"saldo/fints"
	"saldo/fints/statement"
	"saldo/ui"
	"saldo/vault"
)

// Sync implements ui.Backend: one sync message in the standing dialog
// (balances and the bookings since shortly before the last sync, at most
// the SCA-exempt 90 days), merged into the vault cache.
func (b *Backend) Sync(ctx context.Context, loginID string, job ui.Job) error {
	s, err := b.session(loginID)
	if err != nil {
		return err
	}
	o := &op{kind: opSync, label: "Sync " + s.bankName(), started: b.opts.Now()}
	err = s.run(ctx, job, o, func(ctx context.Context, c *fints.Client) error {
		return s.syncLocked(ctx, job, c)
	})
	switch {
	case err == nil:
	case errors.Is(err, ErrPaused), errors.Is(err, context.Canceled), errors.Is(err, ui.ErrCancelled),
		errors.Is(err, ui.ErrQuitting), errors.Is(err, ErrClosed):
		// not a bank problem worth showing in the status bar
	default:
		s.setSyncError(err.Error())
		b.log.Info("sync failed", "login", s.id, "err", err.Error())
	}
	return err
}

// syncMargin is how many days before the last sync a warm sync starts:
// banks book late, with value dates in the past.
const syncMargin = 10

func (s *session) syncLocked(ctx context.Context, job ui.Job, c *fints.Client) error {
	v, err := s.b.vault()
	if err != nil {
		return err
	}
	today := s.b.today()
	from := today.AddDays(-fints.SyncWindow)
	if last := s.lastSyncTime(v); !last.IsZero() {
		if f := statement.DateOf(last.In(berlin)).AddDays(-syncMargin); f.After(from) {
			from = f
		}
	}
	cached, _ := v.Accounts(s.key)
	if len(cached) == 0 {
		// First sync: the SEPA account list brings IBAN and BIC where the
		// UPD lack them.
		progress(job, "Fetching the accounts", 1, 3)
		if _, err := c.Accounts(ctx); err != nil {
			return err
		}
	}
	progress(job, "Fetching balances and bookings", 2, 3)
	res, err := c.Sync(ctx, from)
	if err != nil {
		return err
	}
	progress(job, "Saving", 3, 3)
	if err := s.storeSync(v, res.Accounts, res.Balances, res.Statements); err != nil {
		return err
	}
	if s.stored {
		s.resolveOrders(v)
	}
	msg := ""
	if len(res.Failures) > 0 {
		parts := make([]string, 0, len(res.Failures))
		for _, f := range res.Failures {
			parts = append(parts, f.Error())
		}
		msg = "partly failed: " + strings.Join(parts, "; ")
	}
	s.setSyncError(msg)
	s.mu.Lock()
	s.lastSync = s.b.opts.Now()
	s.mu.Unlock()
	s.b.log.Info("sync done", "login", s.id, "accounts", len(res.Accounts), "statements", len(res.Statements), "failures", len(res.Failures))
	return nil
}

// lastSyncTime is when the login was last synced (this session or before).
func (s *session) lastSyncTime(v *vault.Vault) time.Time {
	s.mu.Lock()
	last := s.lastSync
	s.mu.Unlock()
	if !last.IsZero() {
		return last
	}
	if sums, err := v.Logins(); err == nil {
		for _, sm := range sums {
			if sm.Key == s.key {
				return sm.LastSync
			}
		}
	}
	return time.Time{}
}

// storeSync writes a sync's results into the vault: the account list,
// each balance, and the bookings (booked merged by ID, pending replaced).
func (s *session) storeSync(v *vault.Vault, accounts []fints.Account, balances []fints.Balance, sts []fints.AccountStatements) error {
	if !s.stored {
		return nil
	}
	if len(accounts) > 0 {
		if err := v.PutAccounts(s.key, accounts); err != nil {
			return fmt.Errorf("caching the accounts: %w", err)
		}
	}
	for _, bal := range balances {
		if err := v.PutBalance(s.key, bal); err != nil {
			return fmt.Errorf("caching the balance of %s: %w", bal.Account, err)
		}
	}
	for _, st := range sts {
		res, err := v.MergeBookings(s.key, st.Account, st.Booked, st.Pending)
		if err != nil {
			return fmt.Errorf("caching the bookings: %w", err)
		}
		if len(res.Rewritten) > 0 {
			s.b.log.Warn("damaged months rewritten from the bank's data", "login", s.id, "months", strings.Join(res.Rewritten, ","))
		}
	}
	return nil
}
