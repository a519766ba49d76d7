package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"saldo/fints"
	"saldo/fints/statement"
)

// ErrPaused is returned by an operation that was waiting for a TAN when
// saldo quit: it was saved to the vault and is offered on the next start.
var ErrPaused = errors.New("paused while waiting for the TAN; saldo offers to finish it on the next start")

// pausedFormat marks the vault's paused record as ours: the engine's
// paused dialog wrapped with what the resume offer shows.
const pausedFormat = "saldo-app-paused"

type pausedRecord struct {
	Format  string          `json:"format"`
	Version int             `json:"version"`
	Kind    string          `json:"kind"`
	Label   string          `json:"label"`
	Account string          `json:"account,omitempty"`
	From    statement.Date  `json:"from,omitzero"`
	To      statement.Date  `json:"to,omitzero"`
	OrderID string          `json:"order_id,omitempty"`
	Started time.Time       `json:"started"`
	Paused  time.Time       `json:"paused"`
	Chal    fints.Challenge `json:"challenge"`
	Engine  []byte          `json:"engine"` // fints.Client.Pause
}

func decodePaused(b []byte) (*pausedRecord, error) {
	var r pausedRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("paused operation unreadable: %w", err)
	}
	if r.Format != pausedFormat || r.Version != 1 || len(r.Engine) == 0 {
		return nil, fmt.Errorf("paused operation in an unknown format (%q v%d)", r.Format, r.Version)
	}
	return &r, nil
}

// pause freezes the operation c was running when its prompt answered
// ErrPause and stores it in the vault with what the resume offer needs.
// The client is retired by the engine; the session makes a new one next
// time. Call with sem held.
func (s *session) pause(c *fints.Client, o *op, cause error) error {
	state := c.Deconstruct(true)
	blob, err := c.Pause()
	s.setClient(nil, false)
	if err != nil {
		return fmt.Errorf("%s: saving the paused operation failed: %w (%w)", o.label, err, cause)
	}
	rec := pausedRecord{
		Format: pausedFormat, Version: 1, Kind: o.kind, Label: o.label, Account: o.account,
		From: o.from, To: o.to, OrderID: o.orderID, Started: o.started, Paused: s.b.opts.Now(),
		Chal: o.lastChallenge(), Engine: blob,
	}
	data, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("%s: saving the paused operation failed: %w", o.label, err)
	}
	if !s.stored {
		return fmt.Errorf("%s: stopped while waiting for the TAN (the login is not saved yet, so it cannot be resumed)", o.label)
	}
	v, err := s.b.vault()
	if err != nil {
		return fmt.Errorf("%s: saving the paused operation failed: %w", o.label, err)
	}
	if err := v.PutState(s.key, state); err != nil {
		s.b.log.Warn("saving the bank state failed", "login", s.id, "err", err.Error())
	}
	if err := v.PutPaused(s.key, data); err != nil {
		return fmt.Errorf("%s: saving the paused operation failed: %w", o.label, err)
	}
	s.b.log.Info("operation paused for the next start", "login", s.id, "op", o.kind)
	return fmt.Errorf("%s: %w", o.label, ErrPaused)
}
