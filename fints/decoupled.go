package fints

import (
	"context"
	"fmt"
	"time"

	"saldo/fints/secret"
	"saldo/fints/wire"
)

// Defaults when a decoupled method's HITANS entry lacks the waits (v6
// entries, short v7 entries).
const (
	defaultFirstWait = 2 * time.Second
	defaultNextWait  = 2 * time.Second
)

// pollDecoupled waits for approval in the banking app (§5.6): it sends
// HKTAN process S after the first wait, then after every next wait, at most
// MaxPolls times, all in the same dialog. The Prompter hears about every
// step through Decoupled. When the bank forbids automatic polling the
// person confirms through ConfirmApproval before each status request.
func (c *Client) pollDecoupled(ctx context.Context, d *dialog, task *tanTask, a *answer) error {
	m := task.Method
	first, next := m.FirstWait, m.NextWait
	if first <= 0 {
		first = defaultFirstWait
	}
	if next <= 0 {
		next = defaultNextWait
	}
	p := c.cfg.Prompter
	auto := m.AutoPoll || !m.ManualConfirm // banks that allow neither still need a poll
	if !auto && p == nil {
		return fmt.Errorf("%s: %w", task.Op, ErrNoPrompter)
	}
	start := c.cfg.Clock.Now()
	var deadline time.Time
	if m.MaxPolls > 0 {
		remaining := m.MaxPolls - task.Polls
		deadline = start.Add(first + time.Duration(max(remaining-1, 0))*next)
	}
	wait := first
	if task.Polls > 0 {
		wait = next
	}
	for {
		status := DecoupledStatus{Challenge: task.Challenge, Polls: task.Polls, MaxPolls: m.MaxPolls, Deadline: deadline, NextPoll: wait}
		if p != nil {
			p.Decoupled(ctx, status)
		}
		var err error
		if auto {
			err = c.cfg.Clock.Sleep(ctx, wait)
		} else {
			err = p.ConfirmApproval(ctx, task.Challenge)
		}
		if isPause(ctx, err) {
			return c.pause(d, task)
		}
		if err != nil {
			d.Lost = true
			return fmt.Errorf("%s: waiting for the approval: %w", task.Op, err)
		}
		seg := wire.NewSegment("HKTAN", max(d.HKTAN, 7), wire.S("S"), nil, nil, nil, wire.S(task.Ref), wire.S("N"))
		s, err := c.send(ctx, d, secret.Value{}, seg)
		if err != nil {
			return fmt.Errorf("%s: asking for the approval status: %w", task.Op, err)
		}
		task.Polls++
		num := s.number(0)
		codes := s.resp.Codes
		switch {
		case codes.Has("3956", "3957") && codes.Err() == nil:
			if m.MaxPolls > 0 && task.Polls >= m.MaxPolls {
				d.Lost = true
				return &Error{Op: task.Op, Kind: ErrApprovalTimeout, Hint: fmt.Sprintf("No approval after %d status requests; start the operation again", task.Polls)}
			}
			wait = next
			continue
		case codes.Has("9941", "9951", "9991", "9943", "9210"):
			return &Error{Op: task.Op, Kind: ErrTANRejected, Bank: bankErr(codes), Hint: "The approval was refused or has expired; start the operation again"}
		}
		if err := codes.Global().Err(); err != nil {
			return classify(task.Op, codes, c.cfg.ProductID)
		}
		if p != nil {
			p.Decoupled(ctx, DecoupledStatus{Challenge: task.Challenge, Polls: task.Polls, MaxPolls: m.MaxPolls, Deadline: deadline})
		}
		a.resp, a.codes, a.data = s.resp, codes.ForSegment(num), resultData(s.resp, num)
		return nil
	}
}
