package fints

import (
	"context"
	"errors"
	"fmt"

	"saldo/fints/statement"
)

// opSpec describes an operation so it can be rebuilt after a pause.
type opSpec struct {
	Kind     string         `json:"kind"` // opAccounts, opBalances, opStatements, opSync, opMedia
	Accounts []Account      `json:"accounts,omitempty"`
	From     statement.Date `json:"from,omitempty"`
	To       statement.Date `json:"to,omitempty"`
	Name     string         `json:"name,omitempty"` // display name for opExec
	Segs     [][]byte       `json:"segs,omitempty"` // opExec jobs in FinTS syntax
}

const (
	opAccounts   = "accounts"
	opBalances   = "balances"
	opStatements = "statements"
	opSync       = "sync"
	opMedia      = "media"
	opExec       = "exec"
)

func (s *opSpec) name() string {
	switch s.Kind {
	case opAccounts:
		return "Accounts"
	case opBalances:
		return "Balance"
	case opStatements:
		return "Transactions"
	case opSync:
		return "Sync"
	case opMedia:
		return "TAN media"
	case opExec:
		return s.Name
	}
	return s.Kind
}

// Result is what an operation (or a completed paused one) returns; only
// the fields of the operation's kind are set.
type Result struct {
	Accounts   []Account
	Balances   []Balance
	Statements []AccountStatements
	Media      []TANMedium
	Jobs       []JobResult // Exec
	// Payment is the outcome of a resumed Transfer.
	Payment *Outcome
	// Failures lists per-account problems of a multi-account operation
	// whose other accounts succeeded.
	Failures []AccountError
}

// AccountError is a failure for one account inside a larger operation.
type AccountError struct {
	Account string // Account.Key()
	Job     string // HKSAL, HKKAZ, HKCAZ …
	Err     error
}

func (e AccountError) Error() string { return fmt.Sprintf("%s (%s): %v", e.Account, e.Job, e.Err) }

// do runs spec in the standing dialog or a dialog of its own; a query is
// repeated in a new dialog when the bank dropped the old one.
func (c *Client) do(ctx context.Context, spec *opSpec) (*Result, error) {
	return c.runSpec(ctx, spec, true)
}

// runSpec is do with the choice: retry false never repeats the jobs
// (orders sent through Exec).
func (c *Client) runSpec(ctx context.Context, spec *opSpec, retry bool) (*Result, error) {
	var res *Result
	err := c.withDialog(ctx, retry, func(d *dialog) error {
		var err error
		res, err = c.runOp(ctx, d, spec, nil)
		return err
	})
	if c.paused != nil && c.paused.op == nil {
		c.paused.op = spec // paused during dialog initialisation
	}
	return res, err
}

// runOp builds (or continues) the tasks of spec, runs them in d and
// turns their answers into a Result.
func (c *Client) runOp(ctx context.Context, d *dialog, spec *opSpec, r *run) (*Result, error) {
	if r == nil {
		var err error
		if r, err = c.buildRun(spec); err != nil {
			return nil, err
		}
	}
	err := c.runTasks(ctx, d, r)
	if c.paused != nil {
		c.paused.op, c.paused.run = spec, r
		return nil, err
	}
	if err != nil {
		return nil, err
	}
	return c.finish(spec, r)
}

func (c *Client) buildRun(spec *opSpec) (*run, error) {
	r := &run{Op: spec.name(), Retry: true}
	var err error
	switch spec.Kind {
	case opAccounts:
		err = c.accountTasks(r)
	case opBalances:
		err = c.balanceTasks(r, spec.Accounts)
	case opStatements:
		err = c.statementTasks(r, spec.Accounts, spec.From, spec.To)
	case opSync:
		if err = c.balanceTasks(r, spec.Accounts); err == nil {
			err = c.statementTasks(r, spec.Accounts, spec.From, spec.To)
		}
	case opMedia:
		err = c.mediaTasks(r)
	case opExec:
		err = c.execTasks(r, spec)
	default:
		err = fmt.Errorf("%w: unknown operation %q", ErrState, spec.Kind)
	}
	return r, err
}

func (c *Client) finish(spec *opSpec, r *run) (*Result, error) {
	res := &Result{}
	var firstErr error
	ok := 0
	if spec.Kind == opExec {
		for _, t := range r.Tasks {
			res.Jobs = append(res.Jobs, JobResult{Job: t.Job, Codes: t.Codes, Data: t.Data, SCA: t.SCA, Err: t.Err})
		}
		return res, nil
	}
	for _, t := range r.Tasks {
		if t.Err != nil {
			res.Failures = append(res.Failures, AccountError{Account: t.Account, Job: t.Job, Err: t.Err})
			if firstErr == nil {
				firstErr = t.Err
			}
			continue
		}
		ok++
		var err error
		switch t.Job {
		case "HKSPA":
			res.Accounts = c.absorbSEPAAccounts(t)
		case "HKSAL":
			var bs []Balance
			bs, err = parseBalances(t)
			res.Balances = append(res.Balances, bs...)
		case "HKKAZ", "HKCAZ":
			var st AccountStatements
			st, err = c.parseStatements(t)
			res.Statements = append(res.Statements, st)
		case "HKTAB":
			res.Media = c.absorbMedia(t)
		}
		if err != nil {
			ok--
			res.Failures = append(res.Failures, AccountError{Account: t.Account, Job: t.Job, Err: err})
			if firstErr == nil {
				firstErr = err
			}
		}
	}
	if ok == 0 && firstErr != nil {
		return res, firstErr
	}
	return res, nil
}

// accountsFor returns the accounts an operation applies to: the given
// ones, or all known accounts.
func (c *Client) accountsFor(given []Account) []Account {
	if len(given) > 0 {
		return given
	}
	if len(c.accounts) > 0 {
		return c.accounts
	}
	return c.p.accounts
}

var errNoAccounts = errors.New("the bank reported no accounts for this login")
