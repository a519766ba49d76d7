package fints

import (
	"context"
	"errors"
	"fmt"
	"time"

	"saldo/fints/secret"
	"saldo/fints/wire"
)

// payOp names payments for the Prompter and in errors.
const payOp = "Transfer"

// payment is one order on its way through the dialog: everything needed
// to continue it after a pause, in this process or another one (§11.2).
type payment struct {
	T          Transfer `json:"transfer"` // From and DebtorName as resolved
	Job        string   `json:"job"`      // HKCCS, HKIPZ or HKCSE
	Seg        []byte   `json:"seg"`      // the job segment in FinTS syntax (set when pausing)
	MsgID      string   `json:"msg_id"`   // pain.001 MsgId
	EndToEndID string   `json:"end_to_end_id"`

	VoPCheck bool       `json:"vop_check,omitempty"` // the bank verifies the payee (HIVPPS)
	Formats  []string   `json:"formats,omitempty"`   // pain.002 descriptors for HKVPP
	Result   *VoPResult `json:"vop,omitempty"`
	VoPID    []byte     `json:"vop_id,omitempty"`
	VoPUntil time.Time  `json:"vop_until,omitzero"`
	// Sent is set once the order message is on its way. A payment paused
	// before (at the login's SCA) is sent when the login is completed; Job
	// is empty when it was not even built then (no BPD yet).
	Sent bool `json:"sent,omitempty"`

	seg *wire.Segment
}

// segment returns the job segment, decoding it after a resume.
func (p *payment) segment() (*wire.Segment, error) {
	if p.seg != nil {
		return p.seg, nil
	}
	segs, err := decodeSegs(p.Seg)
	if err != nil || len(segs) != 1 || segs[0].ID != p.Job {
		return nil, fmt.Errorf("%w: the paused transfer's order cannot be read", ErrState)
	}
	p.seg = segs[0]
	return p.seg, nil
}

// pay sends the order (§4.5–§4.7 with §4.10 and §5.4/§5.6): the job with
// HKTAN process 4 and, where the bank checks payees, HKVPP; then it polls
// for the payee check, asks for a confirmation and releases the order
// with HKVPA where needed, and completes the TAN step. It never sends the
// order again after a message got lost.
func (c *Client) pay(ctx context.Context, d *dialog, p *payment) (Outcome, error) {
	seg, err := p.segment()
	if err != nil {
		return Outcome{}, err
	}
	segs := []*wire.Segment{seg}
	tanIdx, vppIdx := -1, -1
	if h := c.hktanFor(d, p.Job); h != nil {
		tanIdx = len(segs)
		segs = append(segs, h)
	}
	if p.VoPCheck {
		vppIdx = len(segs)
		segs = append(segs, hkvpp(p.Formats, nil, ""))
	}
	p.Sent = true
	s, err := c.send(ctx, d, secret.Value{}, segs...)
	if err != nil {
		return c.lost(p, err)
	}
	if vppIdx < 0 {
		return c.settle(ctx, d, p, s, tanIdx)
	}
	va := readVoP(s.resp.Body(), s.resp.Codes, s.number(vppIdx), p.T)
	ans := s
	for polls := 0; va.Poll; polls++ {
		if polls >= maxVoPPolls {
			d.Lost = true // the bank still holds the unreleased order: start afresh
			return Outcome{}, fmt.Errorf("%s: the bank did not finish the payee check after %d requests; the order was not released", payOp, polls)
		}
		if err := c.cfg.Clock.Sleep(ctx, va.Wait); err != nil {
			d.Lost = true
			return Outcome{}, fmt.Errorf("%s: waiting for the payee check: %w (the order was not released)", payOp, err)
		}
		ps, err := c.send(ctx, d, secret.Value{}, hkvpp(p.Formats, va.PollingID, va.Touchdown))
		if err != nil {
			return c.lost(p, err)
		}
		va = readVoP(ps.resp.Body(), ps.resp.Codes, ps.number(0), p.T)
		// A challenge in a poll answer refers to the first message's HKTAN.
		ans = &sent{out: s.out, resp: ps.resp}
	}
	p.Result = va.Result
	if ans.resp.Codes.Err() != nil {
		// The order, the check or the whole message was refused; the
		// order is not released without a payee check.
		return judge(p, ans.resp.Codes, nil), nil
	}
	if va.NoConfirm || va.VoPID == nil || answeredSCA(ans, tanIdx) {
		// The bank goes on without HKVPA: the SCA step (or the result)
		// is in this answer.
		return c.settle(ctx, d, p, ans, tanIdx)
	}
	p.VoPID, p.VoPUntil = va.VoPID, va.ValidUntil
	if p.Result == nil {
		p.Result = &VoPResult{Match: VoPNotPossible, IBAN: p.T.ToIBAN, GivenName: p.T.ToName}
	}
	return c.confirmAndRelease(ctx, d, p)
}

// answeredSCA reports whether the answer already decides about the SCA of
// the order's HKTAN (a challenge, an exemption).
func answeredSCA(s *sent, tanIdx int) bool {
	if tanIdx < 0 {
		return false
	}
	if s.resp.Find("HITAN") != nil {
		return true
	}
	return s.resp.Codes.ForSegment(s.number(tanIdx)).Has("0030", "3955", "3076")
}

// confirmAndRelease asks the person about a payee check that found no
// full match, then releases the order: the job again, HKVPA with the
// VOP-ID, HKTAN process 4.
func (c *Client) confirmAndRelease(ctx context.Context, d *dialog, p *payment) (Outcome, error) {
	r := *p.Result
	if r.Match != VoPMatched {
		if c.cfg.Prompter == nil {
			d.Lost = true
			return Outcome{VoP: p.Result}, fmt.Errorf("%s: the payee check needs a confirmation: %w", payOp, ErrNoPrompter)
		}
		ok, err := c.cfg.Prompter.ConfirmPayee(ctx, r)
		if isPause(ctx, err) {
			c.paused = &pausedOp{dialog: d, payment: p}
			return Outcome{VoP: p.Result}, fmt.Errorf("%s: %w", payOp, ErrPause)
		}
		if err != nil {
			d.Lost = true
			return Outcome{VoP: p.Result}, fmt.Errorf("%s: payee confirmation: %w (the order was not released)", payOp, err)
		}
		if !ok {
			return Outcome{VoP: p.Result}, fmt.Errorf("%s: %w (payee check: %s)", payOp, ErrPayeeNotConfirmed, r.Match)
		}
	}
	// The check's "valid until" is the bank's clock, not ours: a local
	// refusal would block every confirmed payee on a machine whose clock
	// runs ahead. The bank refuses an expired VOP-ID itself (below).
	seg, err := p.segment()
	if err != nil {
		return Outcome{VoP: p.Result}, err
	}
	segs := []*wire.Segment{seg, hkvpa(p.VoPID)}
	tanIdx := -1
	if h := c.hktanFor(d, p.Job); h != nil {
		tanIdx = len(segs)
		segs = append(segs, h)
	}
	s, err := c.send(ctx, d, secret.Value{}, segs...)
	if err != nil {
		return c.lost(p, err)
	}
	if err := s.resp.Codes.ForSegment(s.number(1)).Err(); err != nil {
		// HKVPA refused (VOP-ID unknown or expired): not released.
		return c.expiredCheck(p, judge(p, s.resp.Codes.ForSegment(s.number(1)), nil)), nil
	}
	o, err := c.settle(ctx, d, p, s, tanIdx)
	return c.expiredCheck(p, o), err
}

// expiredCheck explains a rejection that came after the payee check's
// validity (by our clock, so only as a likely reason).
func (c *Client) expiredCheck(p *payment, o Outcome) Outcome {
	if o.State == Rejected && !p.VoPUntil.IsZero() && c.cfg.Clock.Now().After(p.VoPUntil) {
		o.Reason += fmt.Sprintf(" – the payee check was valid until %s; start the transfer again (nothing was paid)",
			p.VoPUntil.In(berlin).Format("15:04:05"))
	}
	return o
}

// settle completes the SCA of an order whose job is the first segment of
// s (HKTAN at tanIdx, -1 for none) and judges the bank's answer.
func (c *Client) settle(ctx context.Context, d *dialog, p *payment, s *sent, tanIdx int) (Outcome, error) {
	jobNum := s.number(0)
	codes := append(s.resp.Codes.ForSegment(jobNum), s.resp.Codes.Global()...)
	data := s.resp.ForSegment(jobNum)
	if tanIdx < 0 {
		return judge(p, codes, data), nil
	}
	a := &answer{}
	if err := c.sca(ctx, d, &scaStep{op: payOp, job: p.Job, sent: s, pos: tanIdx, jobPos: 0}, a); err != nil {
		return c.scaFailed(p, err)
	}
	return c.afterSCA(p, s, tanIdx, a), nil
}

// afterSCA judges the order once its SCA step is done: with the answer to
// process 2/S, or (exempt, or an error before SCA) with the first answer.
func (c *Client) afterSCA(p *payment, s *sent, tanIdx int, a *answer) Outcome {
	if a.resp != nil {
		return judge(p, a.resp.Codes, a.data)
	}
	if s == nil {
		return judge(p, nil, nil) // unreachable: SCA completed without an answer
	}
	jobNum, tanNum := s.number(0), s.number(tanIdx)
	codes := append(s.resp.Codes.ForSegment(jobNum), s.resp.Codes.ForSegment(tanNum)...)
	codes = append(codes, s.resp.Codes.Global()...)
	return judge(p, codes, append(s.resp.ForSegment(jobNum), nonTAN(s.resp.ForSegment(tanNum))...))
}

// nonTAN drops HITAN from data segments.
func nonTAN(segs []*wire.Segment) []*wire.Segment {
	var out []*wire.Segment
	for _, s := range segs {
		if s.ID != "HITAN" {
			out = append(out, s)
		}
	}
	return out
}

// scaFailed turns an error of the TAN step into the order's outcome: a
// pause keeps the payment with the paused task; a lost answer after the
// TAN went out is Unknown; a refused TAN or a bank error is a rejection;
// anything else (a cancelled prompt) leaves the order unreleased.
func (c *Client) scaFailed(p *payment, err error) (Outcome, error) {
	if c.paused != nil {
		c.paused.payment = p
		return Outcome{VoP: p.Result}, err
	}
	var te *TransportError
	if errors.As(err, &te) {
		return c.lost(p, err)
	}
	if errors.Is(err, ErrApprovalTimeout) {
		// The person may still approve in the app, and the bank may then
		// execute the order: only a look at the account can tell.
		return Outcome{State: Unknown, VoP: p.Result,
			Reason: "no approval arrived while saldo was waiting; if it is approved in the app later, the bank may still execute it – check the account before trying again"}, nil
	}
	var fe *Error
	if errors.As(err, &fe) && fe.Bank != nil && !errors.Is(err, ErrWrongPIN) && !errors.Is(err, ErrLocked) {
		return judge(p, fe.Bank.All, nil), nil
	}
	return Outcome{VoP: p.Result}, err
}

// lost handles a failed exchange: an order (or TAN) that may have reached
// the bank without an answer has an unknown outcome and is never sent
// again; one that was not sent at all was not executed.
func (c *Client) lost(p *payment, err error) (Outcome, error) {
	var te *TransportError
	if errors.As(err, &te) && te.Sent {
		return Outcome{State: Unknown, VoP: p.Result,
			Reason: "the connection broke after the order was sent (" + te.Err.Error() + "); it is not sent again – check the account to see whether it was executed"}, nil
	}
	return Outcome{VoP: p.Result}, fmt.Errorf("%s: %w (the order was not executed)", payOp, err)
}
