// The session's engine client: built from the settings and the saved state
// blob, the standing dialog ended, the state saved back to the vault.

package app

import (
	"context"
	"errors"
	"fmt"

	"saldo/fints"
	"saldo/vault"
)

// client returns the session's engine client, creating it from the
// settings and the state blob in the vault. Call with sem held.
func (s *session) clientLocked(ctx context.Context) (*fints.Client, error) {
	if s.client != nil {
		return s.client, nil
	}
	c, err := s.newClient(ctx)
	if err != nil {
		return nil, err
	}
	s.setClient(c, false)
	return c, nil
}

// setClient replaces the session's client. Call with sem held.
func (s *session) setClient(c *fints.Client, open bool) {
	s.client, s.open = c, open
	s.mu.Lock()
	s.live = c
	s.mu.Unlock()
}

// newClient builds a fresh client with the saved state. A state blob the
// engine cannot use is dropped: it only saves round trips.
func (s *session) newClient(ctx context.Context) (*fints.Client, error) {
	v, err := s.b.vault()
	if err != nil {
		return nil, err
	}
	var state []byte
	if s.stored {
		state, err = v.State(s.key)
		if err != nil && !errors.Is(err, vault.ErrNotFound) {
			s.b.log.Warn("saved bank state unreadable, starting afresh", "login", s.id, "err", err.Error())
			state = nil
		}
	}
	s.mu.Lock()
	set, pin := s.settings, s.pin
	s.mu.Unlock()
	url := set.URL
	if s.isDemo() {
		if url, err = s.b.demoURL(ctx); err != nil {
			return nil, err
		}
	}
	cfg := fints.Config{
		URL: url, BankCode: set.BankCode, UserID: set.UserID, CustomerID: set.CustomerID,
		ProductID: s.b.productID(set), ProductVersion: s.b.opts.ProductVersion, PIN: pin,
		HTTPClient: s.b.opts.HTTPClient, ResponseTimeout: s.b.opts.ResponseTimeout,
		TANMethod: set.TANMethod, TANMedium: set.TANMedium, State: state,
		Clock: pauseClock{quit: s.b.quit, now: s.b.opts.Now},
		Notice: func(n fints.Notice) {
			s.b.log.Info("bank notice", "login", s.id, "code", n.Code, "text", n.Text)
		},
	}
	if s.b.trace != nil {
		cfg.Trace = s.b.trace
	}
	c, err := fints.New(cfg)
	if err != nil && state != nil && errors.Is(err, fints.ErrState) {
		s.b.log.Warn("saved bank state not usable, starting afresh", "login", s.id, "err", err.Error())
		cfg.State = nil
		c, err = fints.New(cfg)
	}
	if err != nil {
		return nil, fmt.Errorf("login %s: %w", s.id, err)
	}
	s.learn(c)
	return c, nil
}

// learn copies what the UI reads without waiting for an operation: the
// TAN methods and the bank's storage period. Call only while no
// operation runs on c (HistoryDays waits for one).
func (s *session) learn(c *fints.Client) {
	if days := c.HistoryDays(); days > 0 {
		s.mu.Lock()
		s.historyDays = days
		s.mu.Unlock()
	}
	s.learnMethods(c)
}

// learnMethods copies the TAN methods from the engine's published view;
// safe while an operation waits in a TAN prompt.
func (s *session) learnMethods(c *fints.Client) {
	methods, current := c.TANMethods()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(methods) > 0 {
		s.methods = methods
	}
	if current != "" && s.choice == nil {
		s.current = current
	}
}

// dropDialog ends the standing dialog (best effort: the bank times it out
// anyway). Call with sem held.
func (s *session) dropDialog(ctx context.Context) {
	if s.client == nil || !s.open {
		return
	}
	if err := s.client.Close(ctx); err != nil {
		s.b.log.Info("ending the dialog failed", "login", s.id, "err", err.Error())
	}
	s.open = false
}

// saveState writes the engine's state blob (system ID, BPD, UPD, TAN
// method) to the vault. Call with sem held.
func (s *session) saveState(c *fints.Client) {
	if !s.stored || c == nil {
		return
	}
	v, err := s.b.vault()
	if err != nil {
		return
	}
	if err := v.PutState(s.key, c.Deconstruct(true)); err != nil {
		s.b.log.Warn("saving the bank state failed", "login", s.id, "err", err.Error())
	}
}
