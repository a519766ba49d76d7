package fints

import (
	"context"
	"errors"
	"fmt"

	"saldo/fints/wire"
)

// maxTANAttempts bounds how often a wrong TAN (9941) is asked again for
// the same task before giving up; banks lock after a few more.
const maxTANAttempts = 3

// SCAOutcome says how the bank decided on strong authentication for a job.
type SCAOutcome string

const (
	SCANone      SCAOutcome = ""          // job is not TAN-relevant; no HKTAN sent
	SCAExempt    SCAOutcome = "exempt"    // 3076: no TAN needed
	SCATAN       SCAOutcome = "tan"       // 0030: a TAN was entered (HKTAN process 2)
	SCADecoupled SCAOutcome = "decoupled" // 3955: approved in the app (HKTAN process S)
)

// scaStep locates the answer to one HKTAN process 4 in a message.
type scaStep struct {
	op     string // what is authorised, for the Prompter ("Login", "Balance" …)
	job    string // job ID the HKTAN was for
	sent   *sent
	pos    int // index of the HKTAN segment among the message's jobs
	jobPos int // index of the job segment, -1 for none (dialog init)
}

// answer is the SCA result for one job: where process 2/S was needed, the
// job's codes and data come from that later answer.
type answer struct {
	job     *wire.Segment
	outcome SCAOutcome
	resp    *wire.Response // answer carrying the job result after SCA
	codes   wire.Codes     // codes for the job in resp
	data    []*wire.Segment
}

// tanTask is a challenge the bank is waiting on (§11.2 pending TAN task).
type tanTask struct {
	Ref       string    `json:"ref"`
	Decoupled bool      `json:"decoupled"`
	Method    TANMethod `json:"method"`
	Challenge Challenge `json:"challenge"`
	Job       string    `json:"job"`
	Op        string    `json:"op"`
	Attempt   int       `json:"attempt"` // TAN prompts so far
	Polls     int       `json:"polls"`   // status requests so far
}

// sca reads the bank's decision on an HKTAN process 4 (§5.4–§5.6, §5.8)
// and completes the authentication if one was demanded: 3076 exempt,
// 0030 challenge → TAN → process 2, 3955 → process S polling.
func (c *Client) sca(ctx context.Context, d *dialog, st *scaStep, a *answer) error {
	resp := st.sent.resp
	num := st.sent.number(st.pos)
	codes := resp.Codes.ForSegment(num)
	if st.jobPos >= 0 {
		codes = append(codes, resp.Codes.ForSegment(st.sent.number(st.jobPos))...)
	}
	var hitan *wire.Segment
	for _, s := range resp.FindAll("HITAN") {
		if s.Ref == num || hitan == nil {
			hitan = s
		}
	}
	ref := ""
	if hitan != nil {
		ref = hitan.Str(4)
	}
	switch {
	case codes.Has("3076") || ref == "noref":
		a.outcome = SCAExempt
		return nil
	case codes.Err() != nil:
		return nil // the job's own error; the caller classifies it
	case !codes.Has("0030", "3955") && (hitan == nil || ref == ""):
		return nil // no HKTAN answer: treat as no SCA demanded
	}
	m := c.methodByCode(d.Function)
	task := &tanTask{
		Ref: ref, Method: m, Job: st.job, Op: st.op,
		Decoupled: codes.Has("3955") || m.Kind == TANDecoupled,
		Challenge: challengeFrom(hitan, m, st.op, d.Medium),
	}
	task.Challenge.Reference = ref
	if ref == "" {
		return fmt.Errorf("%s: the bank demands a TAN but sent no task reference", st.op)
	}
	return c.authorise(ctx, d, task, a)
}

// authorise completes a pending task: a TAN for classic methods, status
// polling for decoupled ones. ErrPause from the Prompter (or a context
// cancelled with cause ErrPause) freezes the task into c.paused.
func (c *Client) authorise(ctx context.Context, d *dialog, task *tanTask, a *answer) error {
	if task.Decoupled {
		a.outcome = SCADecoupled
		return c.pollDecoupled(ctx, d, task, a)
	}
	a.outcome = SCATAN
	if c.cfg.Prompter == nil {
		d.Lost = true // the bank keeps the task open; start afresh next time
		return fmt.Errorf("%s: %w", task.Op, ErrNoPrompter)
	}
	for {
		task.Attempt++
		ch := task.Challenge
		ch.Attempt = task.Attempt
		tan, err := c.cfg.Prompter.TAN(ctx, ch)
		if isPause(ctx, err) {
			task.Attempt--
			return c.pause(d, task)
		}
		if err != nil {
			d.Lost = true
			return fmt.Errorf("%s: TAN entry: %w", task.Op, err)
		}
		if tan.Empty() {
			d.Lost = true
			return fmt.Errorf("%s: no TAN entered: %w", task.Op, context.Canceled)
		}
		seg := wire.NewSegment("HKTAN", d.HKTAN, wire.S("2"), nil, nil, nil, wire.S(task.Ref), wire.S("N"))
		s, err := c.send(ctx, d, tan, seg)
		tan.Wipe()
		if err != nil {
			return fmt.Errorf("%s: sending the TAN: %w", task.Op, err)
		}
		num := s.number(0)
		codes := s.resp.Codes.ForSegment(num)
		switch {
		case s.resp.Codes.Has("9941") && task.Attempt < maxTANAttempts && d.alive():
			c.trace.note("TAN rejected (9941), asking again")
			continue
		case s.resp.Codes.Has("9941", "9951", "9991", "9943"):
			return &Error{Op: task.Op, Kind: ErrTANRejected, Bank: bankErr(s.resp.Codes), Hint: "Start the operation again to get a new challenge"}
		}
		if err := s.resp.Codes.Global().Err(); err != nil {
			return classify(task.Op, s.resp.Codes, c.cfg.ProductID)
		}
		a.resp, a.codes, a.data = s.resp, codes, resultData(s.resp, num)
		return nil
	}
}

// resultData returns the data segments answering segment num; banks that
// reference the original job number instead are covered by taking every
// data segment when none references num.
func resultData(resp *wire.Response, num int) []*wire.Segment {
	var out, all []*wire.Segment
	for _, s := range resp.Body() {
		switch s.ID {
		case "HIRMG", "HIRMS", "HITAN":
			continue
		}
		all = append(all, s)
		if s.Ref == num {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return all
	}
	return out
}

func bankErr(codes wire.Codes) *wire.BankError {
	var be *wire.BankError
	errors.As(codes.Err(), &be)
	return be
}

// isPause tells a pause request from a cancellation.
func isPause(ctx context.Context, err error) bool {
	if errors.Is(err, ErrPause) {
		return true
	}
	return err != nil && ctx.Err() != nil && errors.Is(context.Cause(ctx), ErrPause)
}

// methodByCode returns the method with code, or a bare one.
func (c *Client) methodByCode(code string) TANMethod {
	for _, m := range c.p.methods {
		if m.Code == code {
			return m
		}
	}
	return TANMethod{Code: code, Name: code}
}

// hktanFor builds HKTAN process 4 when job is TAN-relevant in d, else nil.
func (c *Client) hktanFor(d *dialog, job string) *wire.Segment {
	if d.Function == "999" || d.HKTAN == 0 || !c.p.tanRequired(job) {
		return nil
	}
	return hktan4(d, job)
}
