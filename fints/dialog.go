package fints

import (
	"context"
	"errors"
	"fmt"

	"saldo/fints/secret"
	"saldo/fints/wire"
)

// dialog is the state of one open dialog (§11.2).
type dialog struct {
	ID       string `json:"id"`
	Next     int    `json:"next"`     // number of the next message
	Function string `json:"function"` // security function, fixed for the dialog
	HKTAN    int    `json:"hktan,omitempty"`
	Medium   string `json:"medium,omitempty"`
	Ended    bool   `json:"ended,omitempty"` // bank closed it (0100/9800): no HKEND
	Lost     bool   `json:"lost,omitempty"`  // no answer to a sent message: state unknown
	Sync     bool   `json:"sync,omitempty"`  // a synchronisation dialog (system ID 0)
}

func newDialog(function string, hktan int, medium string) *dialog {
	return &dialog{ID: "0", Next: 1, Function: function, HKTAN: hktan, Medium: medium}
}

// alive reports whether more messages may be sent in d.
func (d *dialog) alive() bool { return d != nil && !d.Ended && !d.Lost }

// sent is one message exchange: what went out (with segment numbers) and
// what came back.
type sent struct {
	out  *wire.Outgoing
	resp *wire.Response
}

// number returns the segment number the i-th job got in the message.
func (s *sent) number(i int) int { return s.out.Jobs()[i].Number }

// send signs jobs into the next message of d and exchanges it. tan is
// empty except for HKTAN process 2. It updates the dialog state (ID,
// number, ended), reports notices and remembers credential rejections,
// but leaves the interpretation of error codes to the caller.
func (c *Client) send(ctx context.Context, d *dialog, tan secret.Value, jobs ...*wire.Segment) (*sent, error) {
	if !d.alive() {
		return nil, errors.New("internal: message for a closed dialog")
	}
	systemID := c.systemID
	if d.Sync {
		systemID = "0"
	}
	sec := wire.Security{
		BankCode: c.cfg.BankCode, UserID: c.cfg.UserID, SystemID: systemID,
		Function: d.Function, PIN: c.cfg.PIN, TAN: tan, Time: c.cfg.Clock.Now(),
	}
	out, err := wire.NewSigned(wire.Head{DialogID: d.ID, Number: d.Next}, sec, jobs...)
	if err != nil {
		return nil, fmt.Errorf("building message %d: %w", d.Next, err)
	}
	resp, err := c.tr.exchange(ctx, out)
	if err != nil {
		var te *TransportError
		if errors.As(err, &te) && te.Sent {
			d.Lost = true
		}
		return nil, err
	}
	d.Next++
	if d.ID == "0" && resp.Head.DialogID != "" {
		d.ID = resp.Head.DialogID
	}
	if resp.DialogEnded() {
		d.Ended = true
	}
	c.absorbCodes(resp)
	return &sent{out: out, resp: resp}, nil
}

// absorbCodes reports warnings and bank notices and blocks the PIN after
// a rejection or lock, so that no further attempt can lock the access.
func (c *Client) absorbCodes(resp *wire.Response) {
	for _, rc := range resp.Codes {
		switch rc.Code {
		case "3060", "3050", "3920", "3076", "3040", "3955", "3956", "0030":
			continue // handled by the engine, not news for the person
		case "3090", "3091", "3093", "3945", "3905":
			continue // the payee check: reported through ConfirmPayee and the Outcome
		}
		if rc.Class() == wire.Warning {
			c.notice(Notice{Code: rc.Code, Text: rc.Message()})
		}
	}
	for _, s := range resp.FindAll("HIKIM") {
		c.notice(Notice{Code: "HIKIM", Text: joinNames(s.Str(2)+":", s.Str(3))})
	}
	if resp.Codes.Has(lockedCodes...) || resp.Codes.Has(wrongLogin...) {
		c.pinErr = classify("login", resp.Codes, c.cfg.ProductID)
		if c.pinErr == nil { // lock warnings (3931, 3938) without an error code
			c.pinErr = &Error{Op: "login", Kind: ErrLocked, Hint: "Unlock the access with your bank"}
		}
	}
}

// end closes d with HKEND unless the bank already ended it. Errors are
// not fatal: the bank times the dialog out anyway.
func (c *Client) end(ctx context.Context, d *dialog) error {
	if !d.alive() || d.ID == "0" {
		return nil
	}
	s, err := c.send(ctx, d, secret.Value{}, wire.NewSegment("HKEND", 1, wire.S(d.ID)))
	d.Ended = true
	if err != nil {
		return fmt.Errorf("ending the dialog: %w", err)
	}
	if err := s.resp.Err(); err != nil && !isDialogGone(err) {
		return fmt.Errorf("ending the dialog: %w", err)
	}
	return nil
}

// Open starts a standing dialog: later operations run inside it until
// Close. Without Open every operation opens and closes its own dialog.
func (c *Client) Open(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.usable(); err != nil {
		return err
	}
	if c.dlg.alive() {
		return nil
	}
	d, err := c.openDialog(ctx)
	if err != nil {
		return err
	}
	c.dlg = d
	return nil
}

// Close ends the standing dialog, if any.
func (c *Client) Close(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	d := c.dlg
	c.dlg = nil
	if d == nil || c.paused != nil {
		return nil
	}
	return c.end(ctx, d)
}

// withDialog runs fn inside the standing dialog, or in a dialog of its
// own that is closed afterwards. If the bank has dropped the standing
// dialog (9800, timeout) it is re-opened and fn retried once; retry must be
// false for operations that must not be repeated (payments).
func (c *Client) withDialog(ctx context.Context, retry bool, fn func(d *dialog) error) error {
	if err := c.usable(); err != nil {
		return err
	}
	standing := c.dlg != nil
	for attempt := 0; ; attempt++ {
		d := c.dlg
		if !d.alive() {
			var err error
			if d, err = c.openDialog(ctx); err != nil {
				return err
			}
			if standing {
				c.dlg = d
			}
		}
		err := fn(d)
		if c.paused != nil {
			// The dialog now belongs to the paused operation.
			if standing {
				c.dlg = nil
			}
			return err
		}
		if !standing {
			if endErr := c.end(ctx, d); err == nil && endErr != nil {
				c.trace.note("%v", endErr)
			}
		}
		if err != nil && retry && attempt == 0 && (isDialogGone(err) || d.Lost && !isTransportUnsent(err)) && ctx.Err() == nil {
			c.trace.note("dialog dropped by the bank, opening a new one: %v", err)
			d.Ended = true
			continue
		}
		return err
	}
}

func isTransportUnsent(err error) bool {
	var te *TransportError
	return errors.As(err, &te) && !te.Sent
}
