// The session's PIN (asked once, forgotten when rejected) and the TAN method
// chosen in the UI.

package app

import (
	"context"
	"fmt"
	"slices"

	"saldo/fints"
	"saldo/fints/secret"
	"saldo/ui"
)

// ensurePIN asks for the PIN when this session has none yet.
func (s *session) ensurePIN(ctx context.Context, job ui.Job, c *fints.Client, retry bool) error {
	s.mu.Lock()
	have := !s.pin.Empty()
	req := ui.PINRequest{LoginID: s.id, BankName: displayName(s.settings), UserID: s.settings.UserID, Retry: retry}
	s.mu.Unlock()
	if have && !retry {
		return nil
	}
	if job == nil {
		return fmt.Errorf("login %s: %w", s.id, fints.ErrNoPIN)
	}
	pin, err := job.PIN(ctx, req)
	if err != nil {
		return fmt.Errorf("PIN entry: %w", err)
	}
	if pin.Empty() {
		return fmt.Errorf("no PIN entered: %w", ui.ErrCancelled)
	}
	s.mu.Lock()
	s.pin = pin
	s.mu.Unlock()
	c.SetPIN(pin)
	return nil
}

// forgetPIN drops a PIN the bank rejected, so the next operation asks.
func (s *session) forgetPIN() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pin.Wipe()
	s.pin = secret.Value{}
}

// SetPIN gives a login's PIN for this session, so that no prompt asks for
// it (the demo, whose PIN is published). It is kept in memory only.
func (b *Backend) SetPIN(loginID string, pin secret.Value) error {
	s, err := b.session(loginID)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pin = pin
	return nil
}

// applyChoice makes a TAN method chosen in the UI effective. FinTS fixes
// the method for a dialog, so an open standing dialog is ended first.
func (s *session) applyChoice(ctx context.Context, c *fints.Client) error {
	s.mu.Lock()
	ch := s.choice
	s.mu.Unlock()
	if ch == nil {
		return nil
	}
	s.dropDialog(ctx)
	if err := c.SetTANMethod(ch.code, ch.medium); err != nil {
		s.mu.Lock()
		s.choice = nil
		s.mu.Unlock()
		return fmt.Errorf("TAN method %s: %w", ch.code, err)
	}
	s.mu.Lock()
	s.choice = nil
	s.settings.TANMethod, s.settings.TANMedium = ch.code, ch.medium
	set := s.settings
	s.mu.Unlock()
	if s.stored {
		if v, err := s.b.vault(); err == nil {
			if err := v.PutLogin(set); err != nil {
				s.b.log.Warn("saving the TAN method failed", "login", s.id, "err", err.Error())
			}
		}
	}
	return nil
}

// knownMethod reports whether code is among the methods learned so far
// (true while none are known: the bank decides then).
func (s *session) knownMethod(code string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.methods) == 0 || slices.ContainsFunc(s.methods, func(m fints.TANMethod) bool { return m.Code == code })
}
