package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"saldo/fints"
	"saldo/ui"
	"saldo/vault"
)

// transferLabel names a transfer for people: "Transfer 50,00 € to Max".
func transferLabel(t fints.Transfer) string {
	cur := t.Currency
	if cur == "" || cur == "EUR" {
		cur = "€"
	}
	return fmt.Sprintf("Transfer %s %s to %s", t.Amount.Format(true), cur, strings.TrimSpace(t.ToName))
}

// Transfer implements ui.Backend. The order is written to the vault's
// journal before anything else (prepared), marked sent before it goes to
// the bank, and marked with the bank's answer afterwards, so that after a
// crash saldo knows whether the order may have reached the bank. An
// Outcome with State Unknown and no error means the answer was lost; an
// error means the order was not executed.
func (b *Backend) Transfer(ctx context.Context, loginID string, t fints.Transfer, job ui.Job) (fints.Outcome, error) {
	s, err := b.session(loginID)
	if err != nil {
		return fints.Outcome{}, err
	}
	v, err := b.vault()
	if err != nil {
		return fints.Outcome{}, err
	}
	if t.Currency == "" {
		t.Currency = "EUR"
	}
	id, err := v.PrepareOrder(s.key, t)
	if err != nil {
		return fints.Outcome{}, fmt.Errorf("not sent: %w", err)
	}
	b.log.Info("transfer prepared", "login", s.id, "order", id)
	o := &op{kind: opTransfer, label: transferLabel(t), orderID: id, started: b.opts.Now()}
	var got *fints.Outcome
	err = s.run(ctx, job, o, func(ctx context.Context, c *fints.Client) error {
		out, err := s.sendOrder(ctx, c, v, id, t)
		if err == nil {
			got = &out
		}
		return err
	})
	if got != nil {
		return *got, nil
	}
	return fints.Outcome{}, b.orderFailed(v, id, err)
}

// orderFailed records an order that the bank did not execute (the engine
// returns an error only then) and turns the error into the UI's terms. A
// paused order stays as it is: the next start finishes it.
func (b *Backend) orderFailed(v *vault.Vault, id string, err error) error {
	if err == nil || errors.Is(err, ErrPaused) {
		return err
	}
	out := fints.Outcome{State: fints.Rejected, Reason: "not sent: " + err.Error()}
	if errors.Is(err, fints.ErrPayeeNotConfirmed) {
		out.Reason = "not released after the payee check"
	}
	if merr := v.MarkOutcome(id, out); merr != nil {
		b.log.Warn("journal not updated", "order", id, "err", merr.Error())
	} else {
		b.log.Info("transfer not sent", "order", id)
	}
	if errors.Is(err, fints.ErrPayeeNotConfirmed) && !errors.Is(err, ui.ErrCancelled) {
		return fmt.Errorf("%w: %w", err, ui.ErrCancelled)
	}
	return err
}

// sendOrder hands the order to the engine. It marks the order sent first
// (committed before the first byte of it leaves), unless an earlier
// attempt of the same operation did (a TAN method switch submits again).
func (s *session) sendOrder(ctx context.Context, c *fints.Client, v *vault.Vault, id string, t fints.Transfer) (fints.Outcome, error) {
	ord, err := v.Order(id)
	if err != nil {
		return fints.Outcome{}, fmt.Errorf("reading the journal: %w", err)
	}
	switch ord.State {
	case vault.OrderPrepared:
		if err := v.MarkSent(id); err != nil {
			return fints.Outcome{}, fmt.Errorf("recording the order before sending: %w", err)
		}
	case vault.OrderSent:
	default:
		return fints.Outcome{}, fmt.Errorf("order %s is already %s: not sending it again", id, ord.State)
	}
	s.b.log.Info("transfer sent", "login", s.id, "order", id)
	out, err := c.Transfer(ctx, t)
	if err != nil {
		return out, err
	}
	s.recordOutcome(v, id, out)
	return out, nil
}

// recordOutcome writes the bank's answer to the journal. A failure here is
// logged, not returned: the money moved (or not) either way, and an order
// left "sent" tells the person to check the statement, the safe side.
func (s *session) recordOutcome(v *vault.Vault, id string, out fints.Outcome) {
	if err := v.MarkOutcome(id, out); err != nil {
		s.b.log.Warn("journal not updated", "order", id, "state", out.State.String(), "err", err.Error())
		return
	}
	s.b.log.Info("transfer outcome", "login", s.id, "order", id, "state", out.State.String(), "code", out.Code)
}
