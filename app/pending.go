package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"saldo/fints"
	"saldo/ui"
	"saldo/vault"
)

// expiryWarning is how close to the end of a challenge's validity the
// resume offer warns that it is about to expire.
const expiryWarning = 2 * time.Minute

// PendingTANs implements ui.Backend: the paused operations in the vault,
// one per login at most, read without consuming them.
func (b *Backend) PendingTANs(ctx context.Context) ([]ui.PendingTAN, error) {
	v, err := b.vault()
	if err != nil {
		return nil, err
	}
	sums, err := v.Logins()
	if err != nil {
		return nil, err
	}
	var out []ui.PendingTAN
	for _, sm := range sums {
		if sm.Err != nil || !sm.Paused {
			continue
		}
		p := ui.PendingTAN{ID: sm.Key.String(), LoginID: sm.Key.String(), BankName: displayName(sm.Settings)}
		data, err := v.Paused(sm.Key)
		var rec *pausedRecord
		if err == nil {
			rec, err = decodePaused(data)
		}
		if err != nil {
			if errors.Is(err, vault.ErrNotFound) {
				continue // resumed meanwhile
			}
			// Listed so the person can discard it; resuming will say why not.
			b.log.Warn("paused operation unreadable", "login", p.LoginID, "err", err.Error())
			p.Operation = "A paused operation that can no longer be read"
			out = append(out, p)
			continue
		}
		p.Operation, p.Started, p.Challenge, p.IsPayment = rec.Label, rec.Started, rec.Chal, rec.Kind == opTransfer
		if exp := rec.Chal.ExpiresAt; !exp.IsZero() && b.opts.Now().Add(expiryWarning).After(exp) {
			p.ExpiresSoon = true
		}
		out = append(out, p)
	}
	return out, nil
}

// ResumeTAN implements ui.Backend: the paused dialog is taken from the
// vault (single use), continued in a fresh client that then serves as the
// login's standing dialog, and its result is stored like that of the
// original operation. For payments the Outcome is recorded in the journal
// and returned.
func (b *Backend) ResumeTAN(ctx context.Context, id string, job ui.Job) (*fints.Outcome, error) {
	s, err := b.session(id)
	if err != nil {
		return nil, err
	}
	v, err := b.vault()
	if err != nil {
		return nil, err
	}
	if err := s.acquire(ctx); err != nil {
		return nil, err
	}
	defer s.release()
	c, err := s.newClient(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.ensurePIN(ctx, job, c, false); err != nil {
		return nil, err
	}
	data, err := v.TakePaused(s.key)
	if errors.Is(err, vault.ErrNotFound) {
		return nil, errors.New("nothing is paused for this login any more (already finished or discarded)")
	}
	if err != nil {
		return nil, fmt.Errorf("the paused operation is damaged and was dropped: %w", err)
	}
	rec, err := decodePaused(data)
	if err != nil {
		return nil, fmt.Errorf("the paused operation was dropped: %w", err)
	}
	o := &op{kind: rec.Kind, label: rec.Label, account: rec.Account, from: rec.From, to: rec.To,
		orderID: rec.OrderID, started: rec.Started, challenge: rec.Chal}
	// The resumed dialog becomes the standing one; end ours first.
	s.dropDialog(ctx)
	s.setClient(c, false)
	c.SetPrompter(&prompter{job: job, op: o})
	res, err := resume(ctx, c, rec.Engine)
	c.SetPrompter(nil)
	if errors.Is(err, fints.ErrPause) {
		return nil, s.pause(c, o, err)
	}
	if err != nil {
		b.log.Info("resuming failed", "login", s.id, "op", rec.Kind, "err", err.Error())
		s.setClient(nil, false)
		if rec.Kind == opTransfer && rec.OrderID != "" && !errors.Is(err, fints.ErrPauseUsed) {
			// The release (TAN) never reached the bank: not executed.
			return nil, b.orderFailed(v, rec.OrderID, err)
		}
		if errors.Is(err, fints.ErrPauseExpired) && rec.Kind != opTransfer {
			// A query is safe to repeat: run it afresh (a new challenge)
			// instead of making the person start it again by hand.
			return s.finishResumed(ctx, job, nil, v, rec, &fints.Result{})
		}
		return nil, err
	}
	s.setClient(c, true)
	s.saveState(c)
	s.learn(c)
	b.log.Info("paused operation resumed", "login", s.id, "op", rec.Kind)
	return s.finishResumed(ctx, job, c, v, rec, res)
}

// resume loads the paused blob into c and completes it.
func resume(ctx context.Context, c *fints.Client, blob []byte) (*fints.Result, error) {
	pend, err := c.Resume(blob)
	if err != nil {
		return nil, err
	}
	return pend.Complete(ctx)
}

// finishResumed stores what a resumed operation brought, or runs the
// operation now if the pause happened while logging in (then the result
// is empty and the dialog is merely open).
func (s *session) finishResumed(ctx context.Context, job ui.Job, c *fints.Client, v *vault.Vault, rec *pausedRecord, res *fints.Result) (*fints.Outcome, error) {
	o := &op{kind: rec.Kind, label: rec.Label, account: rec.Account, orderID: rec.OrderID, started: rec.Started}
	run := func(fn func(context.Context, *fints.Client) error) error {
		return s.runLocked(ctx, job, o, fn)
	}
	switch rec.Kind {
	case opTransfer:
		if res.Payment != nil {
			s.recordOutcome(v, rec.OrderID, *res.Payment)
			return res.Payment, nil
		}
		ord, err := v.Order(rec.OrderID)
		if err != nil {
			return nil, fmt.Errorf("the paused transfer is missing from the journal: %w", err)
		}
		if ord.State != vault.OrderPrepared {
			// Sent before the pause, yet the engine reports nothing:
			// never send it again; the statement will tell.
			out := fints.Outcome{State: fints.Unknown, Reason: "the bank reported no outcome for the resumed order; check the statement"}
			s.recordOutcome(v, rec.OrderID, out)
			return &out, nil
		}
		// Paused while logging in: the order has not left yet.
		var got *fints.Outcome
		err = run(func(ctx context.Context, c *fints.Client) error {
			out, err := s.sendOrder(ctx, c, v, rec.OrderID, ord.Transfer)
			if err == nil {
				got = &out
			}
			return err
		})
		if got != nil {
			return got, nil
		}
		return nil, s.b.orderFailed(v, rec.OrderID, err)
	case opSync:
		if len(res.Balances) == 0 && len(res.Statements) == 0 {
			return nil, run(func(ctx context.Context, c *fints.Client) error { return s.syncLocked(ctx, job, c) })
		}
		if err := s.storeSync(v, res.Accounts, res.Balances, res.Statements); err != nil {
			return nil, err
		}
		s.setSyncError("")
		return nil, nil
	case opOlder:
		if len(res.Statements) == 0 && !rec.From.IsZero() {
			acct, err := cachedAccount(v, s.key, rec.Account)
			if err != nil {
				return nil, err
			}
			return nil, run(func(ctx context.Context, c *fints.Client) error {
				sts, err := c.Transactions(ctx, rec.From, rec.To, acct)
				if err != nil {
					return err
				}
				n, err := s.storeOlder(v, rec.Account, sts)
				s.markOlder(rec.Account, rec.From, n == 0)
				return err
			})
		}
		n, err := s.storeOlder(v, rec.Account, res.Statements)
		if err == nil && !rec.From.IsZero() {
			s.markOlder(rec.Account, rec.From, n == 0)
		}
		return nil, err
	}
	return nil, nil
}

// DiscardTAN implements ui.Backend: the paused operation is dropped
// without sending its TAN. A paused payment was therefore not executed
// and is recorded as rejected.
func (b *Backend) DiscardTAN(ctx context.Context, id string) error {
	s, err := b.session(id)
	if err != nil {
		return err
	}
	v, err := b.vault()
	if err != nil {
		return err
	}
	if err := s.acquire(ctx); err != nil {
		return err
	}
	defer s.release()
	data, err := v.TakePaused(s.key)
	switch {
	case errors.Is(err, vault.ErrNotFound):
		return nil
	case err != nil:
		// Damaged, and removed by TakePaused: nothing left to discard.
		b.log.Warn("damaged paused operation dropped", "login", s.id, "err", err.Error())
		return nil
	}
	rec, err := decodePaused(data)
	if err != nil {
		b.log.Warn("unreadable paused operation dropped", "login", s.id, "err", err.Error())
		return nil
	}
	if rec.Kind == opTransfer && rec.OrderID != "" {
		out := fints.Outcome{State: fints.Rejected, Reason: "discarded while waiting for the TAN: the bank did not execute it"}
		if err := v.MarkOutcome(rec.OrderID, out); err != nil {
			b.log.Warn("journal not updated", "order", rec.OrderID, "err", err.Error())
		}
	}
	b.log.Info("paused operation discarded", "login", s.id, "op", rec.Kind)
	return nil
}
