package fints

import (
	"context"
	"fmt"

	"saldo/fints/wire"
)

// Pausing a payment: it can wait for the payee confirmation (after the
// check, before HKVPA) or for the TAN (after HKTAN process 4). Either way
// the order itself was sent once; what is resumed is the step that
// releases it, so completing the paused state in another process sends
// the release exactly once, and the PauseGuard (plus the bank's message
// numbers) refuses a second completion.

// freeze prepares p for the paused blob.
func (p *payment) freeze() {
	if p.seg != nil && p.Seg == nil {
		p.Seg = encodeSegs([]*wire.Segment{p.seg})
	}
}

// completePayment continues a paused payment and returns its outcome in
// Result.Payment. Errors mean the order was not executed (as for Transfer).
func (c *Client) completePayment(ctx context.Context, pend *Pending) (*Result, error) {
	pp := pend.p
	p, d := pp.payment, pp.dialog
	var (
		out Outcome
		err error
	)
	switch {
	case !p.Sent:
		out, err = c.loginThenPay(ctx, pp)
	case pp.task != nil:
		a := &answer{}
		if err = c.authorise(ctx, d, pp.task, a); err != nil {
			out, err = c.scaFailed(p, err)
		} else {
			out = c.afterSCA(p, nil, -1, a)
		}
	default:
		out, err = c.confirmAndRelease(ctx, d, p)
	}
	if c.paused != nil {
		// Paused again (another TAN prompt declined): keep the order.
		c.paused.payment = p
		c.dlg = nil
		return nil, err
	}
	if err != nil {
		return nil, pend.expired(err)
	}
	if out.State == Rejected && out.Code != "" && isGoneCode(out.Code) {
		out.Reason = fmt.Sprintf("%s (the paused dialog was no longer known to the bank: %v)", out.Reason, ErrPauseExpired)
	}
	return &Result{Payment: &out}, nil
}

// loginThenPay completes a login that paused at its SCA, then sends the
// order that waited for it.
func (c *Client) loginThenPay(ctx context.Context, pp *pausedOp) (Outcome, error) {
	p, d := pp.payment, pp.dialog
	if pp.task != nil {
		a := &answer{}
		if err := c.authorise(ctx, d, pp.task, a); err != nil {
			return Outcome{}, err
		}
		if a.resp != nil {
			c.absorbParams(a.resp)
			if err := classify("dialog initialisation", a.codes, c.cfg.ProductID); err != nil {
				return Outcome{}, err
			}
		}
	}
	if p.Job == "" {
		built, err := c.newPayment(p.T)
		if err != nil {
			return Outcome{}, err
		}
		*p = *built
	}
	return c.pay(ctx, d, p)
}

// isGoneCode names codes with which a bank refuses a dialog it no longer
// knows.
func isGoneCode(code string) bool {
	switch code {
	case "9800", "9120", "9010":
		return true
	}
	return false
}
