package fints

import (
	"context"
	"fmt"

	"saldo/fints/wire"
)

// JobResult is the bank's answer to one job sent with Exec.
type JobResult struct {
	Job   string
	Codes wire.Codes      // the job's codes (after SCA: those of the HKTAN that released it)
	Data  []*wire.Segment // data segments answering the job
	SCA   SCAOutcome
	Err   error // the job's own bank error, classified
}

// Exec is the building block for business transactions outside this
// package (payments): it sends segs as one operation in the standing
// dialog (or one of its own), each job that HIPINS marks TAN-relevant
// followed by HKTAN process 4, and completes SCA the same way as for
// queries: 3076 exempt, 0030 → Prompter.TAN → HKTAN process 2 (9941 asks
// again), 3955 → HKTAN process S polling. It never repeats a message in a
// new dialog, so an order is not sent twice; a *TransportError with Sent
// set means the outcome is unknown.
//
// op names the operation for the Prompter ("Transfer"). Jobs are not
// paged: a job the bank answers in pages returns the first one, with the
// 3040 and its touchdown in Codes.
// When the Prompter pauses (ErrPause), Pause/Resume/Complete continue it
// and Result.Jobs carries the answers.
func (c *Client) Exec(ctx context.Context, op string, segs ...*wire.Segment) ([]JobResult, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(segs) == 0 {
		return nil, fmt.Errorf("%s: no jobs to send", op)
	}
	spec := &opSpec{Kind: opExec, Name: op}
	for _, s := range segs {
		spec.Segs = append(spec.Segs, encodeSegs([]*wire.Segment{s}))
	}
	res, err := c.runSpec(ctx, spec, false)
	if err != nil {
		return nil, err
	}
	return res.Jobs, nil
}

func (c *Client) execTasks(r *run, spec *opSpec) error {
	r.Retry = false
	for _, b := range spec.Segs {
		segs, err := decodeSegs(b)
		if err != nil || len(segs) != 1 {
			return fmt.Errorf("%s: job segment cannot be encoded: %v", spec.Name, err)
		}
		r.Tasks = append(r.Tasks, &task{Job: segs[0].ID, Seg: segs[0]})
	}
	return nil
}
