package fints

import (
	"context"
	"errors"
	"fmt"

	"saldo/fints/secret"
	"saldo/fints/wire"
)

// task is one business transaction of an operation, followed through its
// touchdown pages and its SCA step. The runner batches the pending tasks
// of an operation into as few messages as the BPD allow.
type task struct {
	Job       string        // HKSAL, HKKAZ …
	Account   string        // Account.Key(), for mapping results
	Seg       *wire.Segment // the job without touchdown
	TouchPos  int           // position of the Aufsetzpunkt element, 0 = none
	Touchdown string        // cursor for the next page, "" = first page
	DialogID  string        // dialog the cursor belongs to
	Pages     int
	Data      []*wire.Segment // data segments of every page, in order
	Codes     wire.Codes      // codes of every page
	SCA       SCAOutcome
	Done      bool
	Err       error
}

// segment returns the job for the next page.
func (t *task) segment() *wire.Segment {
	s := t.Seg.Clone()
	if t.Touchdown != "" && t.TouchPos > 0 {
		for s.Len() < t.TouchPos-1 {
			s.Add(nil)
		}
		s.DEs = s.DEs[:t.TouchPos-2]
		s.Add(wire.S(t.Touchdown))
	}
	return s
}

// run is an operation's batch of tasks.
type run struct {
	Op    string // for the Prompter and errors: "Balance", "Transactions" …
	Tasks []*task
	Retry bool // safe to repeat in a new dialog (queries: yes, payments: no)
}

func (r *run) todo() []*task {
	var out []*task
	for _, t := range r.Tasks {
		if !t.Done {
			out = append(out, t)
		}
	}
	return out
}

// nextBatch takes as many pending tasks as one message may carry: HIBPA
// limits the number of job types, each HIxxxS the count of its job, and
// HITANS whether more than one TAN-relevant job may share a message.
func (c *Client) nextBatch(d *dialog, pending []*task) []*task {
	if c.noBatch || len(pending) == 1 {
		return pending[:1]
	}
	var out []*task
	types := map[string]int{}
	tanJobs := 0
	for _, t := range pending {
		tan := c.hktanFor(d, t.Job) != nil
		if tan && tanJobs > 0 && (!c.p.multiTAN || c.noMultiTAN) {
			continue
		}
		if _, seen := types[t.Job]; !seen && c.p.maxJobTypes > 0 && len(types) >= c.p.maxJobTypes {
			continue
		}
		if jp, ok := c.p.job(t.Job, t.Seg.Version); ok && jp.maxJobs > 0 && types[t.Job] >= jp.maxJobs {
			continue
		}
		types[t.Job]++
		if tan {
			tanJobs++
		}
		out = append(out, t)
	}
	return out
}

// runTasks sends the pending tasks of r in d until every one is done or
// an error stops the dialog. A task's own bank error is kept in task.Err
// and does not stop the others.
func (c *Client) runTasks(ctx context.Context, d *dialog, r *run) error {
	for _, t := range r.todo() {
		if t.Touchdown != "" && t.DialogID != d.ID {
			// Touchdowns die with their dialog: fetch this one again.
			t.Touchdown, t.Data, t.Codes, t.Pages = "", nil, nil, 0
		}
	}
	for {
		pending := r.todo()
		if len(pending) == 0 {
			return nil
		}
		batch := c.nextBatch(d, pending)
		var segs []*wire.Segment
		jobIdx := make([]int, len(batch))
		tanIdx := make([]int, len(batch))
		for i, t := range batch {
			jobIdx[i] = len(segs)
			segs = append(segs, t.segment())
			tanIdx[i] = -1
			if h := c.hktanFor(d, t.Job); h != nil {
				tanIdx[i] = len(segs)
				segs = append(segs, h)
			}
		}
		s, err := c.send(ctx, d, secret.Value{}, segs...)
		if err != nil {
			return fmt.Errorf("%s: %w", r.Op, err)
		}
		if len(batch) > 1 && batchRefused(s, jobIdx) {
			c.trace.note("bank refused %d jobs in one message; sending one per message from now on", len(batch))
			c.noBatch = true
			if !d.alive() {
				return fmt.Errorf("%s: %w", r.Op, s.resp.Err())
			}
			continue
		}
		if err := fatalCodes(s.resp.Codes); err != nil {
			return c.opError(r.Op, s.resp.Codes, err)
		}
		// A bank that allows several TAN-relevant jobs per message may still
		// open only one TAN task at a time: with several challenges in one
		// answer, those jobs are sent again one per message.
		challenged := map[int]bool{}
		for i := range batch {
			if tanIdx[i] >= 0 && s.resp.Codes.ForSegment(s.number(tanIdx[i])).Has("0030", "3955") {
				challenged[i] = true
			}
		}
		if len(challenged) > 1 {
			c.trace.note("%d challenges in one answer; sending TAN-relevant jobs one per message from now on", len(challenged))
			c.noMultiTAN = true
		}
		for i, t := range batch {
			if len(challenged) > 1 && challenged[i] {
				continue // stays pending, sent again on its own
			}
			num := s.number(jobIdx[i])
			codes := s.resp.Codes.ForSegment(num)
			data := s.resp.ForSegment(num)
			if tanIdx[i] >= 0 {
				a := &answer{job: segs[jobIdx[i]]}
				err := c.sca(ctx, d, &scaStep{op: r.Op, job: t.Job, sent: s, pos: tanIdx[i], jobPos: jobIdx[i]}, a)
				if err != nil {
					if c.paused != nil {
						c.paused.waiting = t
						// The rest of this message's answers are kept.
						for j := i + 1; j < len(batch); j++ {
							c.absorbTask(batch[j], d, s.resp.Codes.ForSegment(s.number(jobIdx[j])), s.resp.ForSegment(s.number(jobIdx[j])), s.resp.Codes.ForSegment(s.number(max(tanIdx[j], 0))))
						}
						c.paused.stepCodes = codes
						c.paused.stepData = data
						return err
					}
					return err
				}
				t.SCA = a.outcome
				tcodes := s.resp.Codes.ForSegment(s.number(tanIdx[i]))
				if a.resp != nil {
					codes = append(codes, a.codes...)
					data = append(data, a.data...)
					tcodes = nil
				}
				c.absorbTask(t, d, codes, data, tcodes)
				continue
			}
			c.absorbTask(t, d, codes, data, nil)
		}
	}
}

// absorbTask files one answer page under t: its codes and data, a
// touchdown (3040) for the next page, or the task's error. tanCodes are
// the codes on the job's HKTAN (a touchdown may be reported there).
func (c *Client) absorbTask(t *task, d *dialog, codes wire.Codes, data []*wire.Segment, tanCodes wire.Codes) {
	t.Pages++
	t.Codes = append(t.Codes, codes...)
	t.Data = append(t.Data, data...)
	all := append(append(wire.Codes{}, codes...), tanCodes...)
	if err := classify(t.Job, all, c.cfg.ProductID); err != nil {
		t.Err, t.Done = err, true
		return
	}
	if rc, ok := all.Find("3040"); ok && len(rc.Params) > 0 && rc.Params[0] != "" {
		if t.TouchPos == 0 {
			// No touchdown element to continue with (a job sent through
			// Exec): asking again would fetch the first page forever. The
			// caller gets this page, and the 3040 with its cursor in Codes.
			t.Touchdown, t.Done = "", true
			return
		}
		if rc.Params[0] == t.Touchdown {
			// A bank repeating the cursor would loop forever.
			t.Err, t.Done = fmt.Errorf("%s: the bank sent the same touchdown %q twice", t.Job, rc.Params[0]), true
			return
		}
		t.Touchdown, t.DialogID = rc.Params[0], d.ID
		return
	}
	t.Touchdown, t.Done = "", true
}

// batchRefused recognises a bank that rejects several jobs in one message:
// every job failed and the reasons are about the message's shape.
func batchRefused(s *sent, jobIdx []int) bool {
	shape := []string{"9953", "9170", "9110", "9954", "9120"}
	if s.resp.Codes.Global().Has(shape...) {
		return true
	}
	for _, i := range jobIdx {
		cs := s.resp.Codes.ForSegment(s.number(i))
		if cs.Err() == nil || !cs.Has(shape...) {
			return false
		}
	}
	return true
}

// fatalCodes returns the error for message-level codes that stop the whole
// operation: a dead dialog, a rejected or locked PIN.
func fatalCodes(codes wire.Codes) error {
	g := codes.Global()
	if g.Has("9800") || codes.Has(wrongLogin...) || codes.Has(lockedCodes...) && codes.Err() != nil {
		return codes.Err()
	}
	if err := g.Err(); err != nil && !g.Has("9050") {
		return err
	}
	return nil
}

func (c *Client) opError(op string, codes wire.Codes, err error) error {
	if e := classify(op, codes, c.cfg.ProductID); e != nil {
		var ce *Error
		if errors.As(e, &ce) && ce.Kind == nil && isDialogGone(err) {
			return err // keep *wire.BankError on top so withDialog retries
		}
		return e
	}
	return err
}
