package ui

import (
	"context"
	"errors"
	"fmt"
	"sync"

	tea "charm.land/bubbletea/v2"

	"saldo/fints"
	"saldo/fints/secret"
)

// This file is the one place where job goroutines meet the UI.
//
// A backend call runs in a command goroutine with its own context. When it
// needs the person (PIN, TAN, payee check) it calls a method of its Job;
// the jobHandle turns the call into a request message carrying a reply
// channel, sends it into the program through the bridge, and blocks until
// the modal answers or the context ends. The root model re-arms
// bridge.next after every event, so exactly one reader waits at any time.

type jobID int

// bridge carries events from job goroutines into Update.
type bridge struct {
	events chan tea.Msg
}

func newBridge() *bridge { return &bridge{events: make(chan tea.Msg, 64)} }

// bridgeMsg wraps every event that came through the bridge, so the root
// knows to re-arm the reader after handling it.
type bridgeMsg struct{ inner tea.Msg }

// next waits for the next event.
func (b *bridge) next() tea.Cmd {
	return func() tea.Msg { return bridgeMsg{<-b.events} }
}

// result is one answer to a prompt.
type result[T any] struct {
	val T
	err error
}

// prompt is a question from a job to the person: a buffered reply channel
// that is answered exactly once, so a modal never blocks on it.
type prompt[T any] struct {
	ch   chan result[T]
	once sync.Once
}

func newPrompt[T any]() *prompt[T] { return &prompt[T]{ch: make(chan result[T], 1)} }

func (p *prompt[T]) answer(v T, err error) {
	p.once.Do(func() { p.ch <- result[T]{v, err} })
}

func (p *prompt[T]) wait(ctx context.Context) (T, error) {
	select {
	case r := <-p.ch:
		return r.val, r.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// Requests and reports sent by jobs.
type (
	pinRequestMsg struct {
		job jobID
		req PINRequest
		p   *prompt[secret.Value]
	}
	tanRequestMsg struct {
		job   jobID
		login string
		c     fints.Challenge
		p     *prompt[secret.Value]
	}
	approvalRequestMsg struct {
		job jobID
		c   fints.Challenge
		p   *prompt[struct{}]
	}
	payeeRequestMsg struct {
		job jobID
		r   fints.VoPResult
		p   *prompt[bool]
	}
	decoupledMsg struct {
		job   jobID
		login string
		s     fints.DecoupledStatus
	}
	progressMsg struct {
		job         jobID
		step        string
		done, total int
	}
	// jobDoneMsg is returned by the job's own command, not the bridge.
	jobDoneMsg struct {
		job jobID
		val any
		err error
	}
)

// jobHandle implements Job for one running job.
type jobHandle struct {
	id     jobID
	login  string
	events chan<- tea.Msg
}

var _ Job = (*jobHandle)(nil)

func (j *jobHandle) send(ctx context.Context, msg tea.Msg) error {
	select {
	case j.events <- msg:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// PIN implements Job.
func (j *jobHandle) PIN(ctx context.Context, r PINRequest) (secret.Value, error) {
	p := newPrompt[secret.Value]()
	if err := j.send(ctx, pinRequestMsg{job: j.id, req: r, p: p}); err != nil {
		return secret.Value{}, err
	}
	return p.wait(ctx)
}

// TAN implements fints.Prompter.
func (j *jobHandle) TAN(ctx context.Context, c fints.Challenge) (secret.Value, error) {
	p := newPrompt[secret.Value]()
	if err := j.send(ctx, tanRequestMsg{job: j.id, login: j.login, c: c, p: p}); err != nil {
		return secret.Value{}, err
	}
	return p.wait(ctx)
}

// Decoupled implements fints.Prompter. It must not block, so when the
// event buffer is full the status is delivered from a helper goroutine.
func (j *jobHandle) Decoupled(ctx context.Context, s fints.DecoupledStatus) {
	msg := decoupledMsg{job: j.id, login: j.login, s: s}
	select {
	case j.events <- msg:
	default:
		go func() { _ = j.send(ctx, msg) }()
	}
}

// ConfirmApproval implements fints.Prompter.
func (j *jobHandle) ConfirmApproval(ctx context.Context, c fints.Challenge) error {
	p := newPrompt[struct{}]()
	if err := j.send(ctx, approvalRequestMsg{job: j.id, c: c, p: p}); err != nil {
		return err
	}
	_, err := p.wait(ctx)
	return err
}

// ConfirmPayee implements fints.Prompter.
func (j *jobHandle) ConfirmPayee(ctx context.Context, r fints.VoPResult) (bool, error) {
	p := newPrompt[bool]()
	if err := j.send(ctx, payeeRequestMsg{job: j.id, r: r, p: p}); err != nil {
		return false, err
	}
	return p.wait(ctx)
}

// Progress implements Job. Progress is informational: when the UI is busy
// the update is dropped rather than slowing the protocol down.
func (j *jobHandle) Progress(step string, done, total int) {
	select {
	case j.events <- progressMsg{job: j.id, step: step, done: done, total: total}:
	default:
	}
}

// jobKind decides how a job shows up and whether quitting needs care.
type jobKind int

const (
	jobQuiet   jobKind = iota // short local work (vault reads): no spinner
	jobSync                   // background sync of a login
	jobNetwork                // user-started network work
	jobPayment                // a payment in flight: quitting asks first
)

// jobSpec describes a job for the status bar.
type jobSpec struct {
	Label string
	Login string
	Kind  jobKind
	// OnPayeeEdit, when set, lets the payee-check dialog offer "correct
	// the name to the bank's suggestion": the order is then dropped and
	// the hook receives the suggested name.
	OnPayeeEdit func(name string)
	// Resume marks the finishing of an operation paused at the last quit.
	Resume bool
}

// jobInfo is the UI's record of a running job.
type jobInfo struct {
	jobSpec
	id          jobID
	step        string
	done, total int
	cancel      context.CancelFunc
	stop        context.CancelCauseFunc // cancel with a reason the job's error carries
	finish      func(any, error) tea.Cmd
}

// jobs is the registry of running jobs; it lives on the UI goroutine only.
type jobs struct {
	last    jobID
	running map[jobID]*jobInfo
	order   []jobID
}

func (js *jobs) add(j *jobInfo) {
	if js.running == nil {
		js.running = map[jobID]*jobInfo{}
	}
	js.running[j.id] = j
	js.order = append(js.order, j.id)
}

func (js *jobs) remove(id jobID) *jobInfo {
	j := js.running[id]
	delete(js.running, id)
	for i, o := range js.order {
		if o == id {
			js.order = append(js.order[:i], js.order[i+1:]...)
			break
		}
	}
	return j
}

// list returns running jobs in start order.
func (js *jobs) list() []*jobInfo {
	out := make([]*jobInfo, 0, len(js.order))
	for _, id := range js.order {
		out = append(out, js.running[id])
	}
	return out
}

func (js *jobs) any(k jobKind) bool {
	for _, j := range js.running {
		if j.Kind == k {
			return true
		}
	}
	return false
}

func (js *jobs) cancelAll() {
	for _, j := range js.running {
		j.cancel()
	}
}

// startJob registers a job and returns the command that runs it. finish is
// called on the UI goroutine with the typed result; a panic in run becomes
// an error instead of taking the terminal down.
func startJob[T any](c *Context, spec jobSpec, run func(context.Context, Job) (T, error), finish func(T, error) tea.Cmd) tea.Cmd {
	c.jobs.last++
	id := c.jobs.last
	ctx, stop := context.WithCancelCause(c.base)
	cancel := func() { stop(nil) }
	h := &jobHandle{id: id, login: spec.Login, events: c.bridge.events}
	c.jobs.add(&jobInfo{jobSpec: spec, id: id, cancel: cancel, stop: stop, finish: func(v any, err error) tea.Cmd {
		t, _ := v.(T) // v is always a T (or nil after a panic); see below
		return finish(t, err)
	}})
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = jobDoneMsg{job: id, err: fmt.Errorf("internal error in %s: %v", spec.Label, r)}
			}
			cancel()
		}()
		v, err := run(ctx, h)
		if cause := context.Cause(ctx); err != nil && cause != nil && !errors.Is(err, cause) && !errors.Is(cause, context.Canceled) {
			err = fmt.Errorf("%w (%w)", cause, err)
		}
		return jobDoneMsg{job: id, val: v, err: err}
	}
}
