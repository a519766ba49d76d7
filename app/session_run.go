// run: one operation of a session, with PIN retries, TAN method switches
// and pausing.

package app

import (
	"context"
	"errors"

	"saldo/fints"
	"saldo/ui"
)

// maxSwitches bounds how often one operation follows a TAN method change;
// maxPINRetries how often a rejected PIN is asked again (banks lock the
// access after a few wrong ones).
const (
	maxSwitches   = 3
	maxPINRetries = 2
)

// run executes fn as one operation of the session: it makes sure a client,
// the PIN and the standing dialog exist, hands the job's prompts to the
// engine, and afterwards saves the state. A TAN method switch submits the
// operation again; a rejected PIN is asked again; a pause (quitting while
// a TAN was awaited) saves the paused dialog to the vault.
func (s *session) run(ctx context.Context, job ui.Job, o *op, fn func(context.Context, *fints.Client) error) error {
	if err := s.acquire(ctx); err != nil {
		return err
	}
	defer s.release()
	return s.runLocked(ctx, job, o, fn)
}

func (s *session) runLocked(ctx context.Context, job ui.Job, o *op, fn func(context.Context, *fints.Client) error) error {
	switches, pinRetries, retryPIN := 0, 0, false
	for {
		if s.b.quitting() {
			return ErrClosed
		}
		c, err := s.clientLocked(ctx)
		if err != nil {
			return err
		}
		if err := s.ensurePIN(ctx, job, c, retryPIN); err != nil {
			return err
		}
		retryPIN = false
		if err := s.applyChoice(ctx, c); err != nil {
			return err
		}
		o.reset()
		c.SetPrompter(&prompter{job: job, op: o})
		if !s.open {
			progress(job, "Opening the bank dialog", 0, 0)
			if err = c.Open(ctx); err == nil {
				s.open = true
			}
		}
		if err == nil {
			err = fn(ctx, c)
		}
		c.SetPrompter(nil)
		if errors.Is(err, fints.ErrPause) {
			return s.pause(c, o, err)
		}
		s.saveState(c)
		s.learn(c)
		var sw *ui.SwitchMethodError
		switch {
		case errors.As(err, &sw) && switches < maxSwitches:
			switches++
			s.b.log.Info("TAN method changed, submitting again", "login", s.id, "op", o.label, "method", sw.Code)
			s.dropDialog(ctx)
			s.mu.Lock()
			if s.choice == nil { // the UI normally told us already
				s.choice = &methodChoice{code: sw.Code, medium: sw.Medium}
			}
			s.mu.Unlock()
			continue
		case errors.Is(err, fints.ErrWrongPIN) && pinRetries < maxPINRetries:
			pinRetries++
			s.b.log.Info("the bank rejected the PIN", "login", s.id)
			s.forgetPIN()
			s.open = false
			retryPIN = true
			continue
		}
		if err != nil && !s.clientUsable(err) {
			s.setClient(nil, false)
		}
		return err
	}
}

// clientUsable tells whether the client may serve the next operation
// after err; a closed one (paused elsewhere, retired) is replaced.
func (s *session) clientUsable(err error) bool {
	return !errors.Is(err, fints.ErrClosed)
}

func progress(job ui.Job, step string, done, total int) {
	if job != nil {
		job.Progress(step, done, total)
	}
}
