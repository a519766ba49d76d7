package app

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"saldo/fints"
	"saldo/fints/secret"
	"saldo/fints/statement"
	"saldo/ui"
)

// Kinds of operation, as recorded with a paused dialog so the next start
// knows how to finish it.
const (
	opSync     = "sync"
	opOlder    = "older"
	opTransfer = "transfer"
	opLogin    = "login"
)

// op describes one running operation: what it is (for the resume offer
// and the journal) and the last challenge shown for it.
type op struct {
	kind    string
	label   string // for people: "Transfer 50,00 € to Max Mustermann"
	account string // FetchOlder: the account key
	from    statement.Date
	to      statement.Date
	orderID string // transfers: the journal entry
	started time.Time

	mu        sync.Mutex
	challenge fints.Challenge
	switched  *ui.SwitchMethodError
}

func (o *op) reset() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.switched = nil
}

func (o *op) noteChallenge(c fints.Challenge) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.challenge = c
}

func (o *op) lastChallenge() fints.Challenge {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.challenge
}

// prompter hands the engine's prompts to the UI job and translates the
// UI's answers: quitting while a TAN is awaited pauses the operation
// (fints.ErrPause) instead of dropping it, and a TAN method switch is
// remembered so that the engine's own retry does not ask again with the
// old method.
type prompter struct {
	job ui.Job
	op  *op
}

// errNoJob answers prompts of operations started without a UI job.
var errNoJob = errors.New("no way to ask for this here")

func (p *prompter) translate(err error) error {
	if err == nil {
		return nil
	}
	var sw *ui.SwitchMethodError
	if errors.As(err, &sw) {
		p.op.mu.Lock()
		p.op.switched = sw
		p.op.mu.Unlock()
		return err
	}
	if errors.Is(err, ui.ErrQuitting) {
		return fmt.Errorf("%w: %w", fints.ErrPause, err)
	}
	return err
}

func (p *prompter) pendingSwitch() error {
	p.op.mu.Lock()
	defer p.op.mu.Unlock()
	if p.op.switched != nil {
		return p.op.switched
	}
	return nil
}

// TAN implements fints.Prompter.
func (p *prompter) TAN(ctx context.Context, c fints.Challenge) (secret.Value, error) {
	if err := p.pendingSwitch(); err != nil {
		return secret.Value{}, err
	}
	p.op.noteChallenge(c)
	if p.job == nil {
		return secret.Value{}, errNoJob
	}
	v, err := p.job.TAN(ctx, c)
	return v, p.translate(err)
}

// Decoupled implements fints.Prompter.
func (p *prompter) Decoupled(ctx context.Context, s fints.DecoupledStatus) {
	p.op.noteChallenge(s.Challenge)
	if p.job != nil {
		p.job.Decoupled(ctx, s)
	}
}

// ConfirmApproval implements fints.Prompter.
func (p *prompter) ConfirmApproval(ctx context.Context, c fints.Challenge) error {
	if err := p.pendingSwitch(); err != nil {
		return err
	}
	p.op.noteChallenge(c)
	if p.job == nil {
		return errNoJob
	}
	return p.translate(p.job.ConfirmApproval(ctx, c))
}

// ConfirmPayee implements fints.Prompter. Quitting here pauses the order
// too: the engine keeps it unreleased at the bank, and the next start
// offers to confirm and release it.
func (p *prompter) ConfirmPayee(ctx context.Context, r fints.VoPResult) (bool, error) {
	if p.job == nil {
		return false, errNoJob
	}
	ok, err := p.job.ConfirmPayee(ctx, r)
	return ok, p.translate(err)
}

// pauseClock is the engine's clock for one backend. Its Sleep, used while
// waiting for an app approval, returns fints.ErrPause once the backend
// closes, so the waiting operation is paused and can be resumed on the next
// start instead of being lost.
type pauseClock struct {
	quit <-chan struct{}
	now  func() time.Time
}

func (c pauseClock) Now() time.Time { return c.now() }

func (c pauseClock) Sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-c.quit:
		return fints.ErrPause
	default:
	}
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-c.quit:
		return fints.ErrPause
	}
}
