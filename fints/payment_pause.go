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
	if _, err := p.segment(); err != nil {
		return nil, err
	}
	var (
		out Outcome
		err error
	)
	if pp.task != nil {
		a := &answer{}
		if err = c.authorise(ctx, d, pp.task, a); err != nil {
			out, err = c.scaFailed(p, err)
		} else {
			out = c.afterSCA(p, nil, -1, a)
		}
	} else {
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

// isGoneCode names codes with which a bank refuses a dialog it no longer
// knows.
func isGoneCode(code string) bool {
	switch code {
	case "9800", "9120", "9010":
		return true
	}
	return false
}
