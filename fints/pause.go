package fints

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"saldo/fints/wire"
)

// Pausing (§11.2): an operation waiting for a TAN, or just an open
// standing dialog, freezes to bytes and continues later, in this process
// or another one, with the same dialog ID and the next message number.
//
//	// process A
//	_, err := c.Transactions(ctx, acct, from, to) // Prompter.TAN returns ErrPause
//	if errors.Is(err, fints.ErrPause) { blob, _ := c.Pause(); save(blob) }
//
//	// process B
//	c, _ := fints.New(cfg)         // same login; Prompter asks for the TAN
//	p, _ := c.Resume(blob)         // p.Challenge is what was shown
//	res, err := p.Complete(ctx)    // sends the TAN, finishes the operation
//	c.Close(ctx)                   // the dialog is now c's standing dialog
//
// A paused state is single-use: Resume records its ID with the PauseGuard
// and refuses it a second time. It only works while the bank keeps the
// dialog (minutes) and the challenge valid.

// pausedOp is everything needed to continue.
type pausedOp struct {
	dialog    *dialog
	task      *tanTask // nil: a standing dialog paused between operations
	op        *opSpec  // operation to finish, nil for a bare dialog
	run       *run     // its tasks, nil when paused during dialog init
	waiting   *task    // the task whose SCA is pending
	stepCodes wire.Codes
	stepData  []*wire.Segment
	standing  bool
	payment   *payment // a Transfer waiting for its TAN or payee confirmation
}

// pause freezes the task the Prompter declined to answer now.
func (c *Client) pause(d *dialog, t *tanTask) error {
	c.paused = &pausedOp{dialog: d, task: t}
	return fmt.Errorf("%s: %w", t.Op, ErrPause)
}

const pauseFormat = "saldo-fints-paused"

type pausedBlob struct {
	Format   string    `json:"format"`
	Version  int       `json:"version"`
	ID       string    `json:"id"`
	Created  time.Time `json:"created"`
	State    []byte    `json:"state"` // Deconstruct(true)
	Dialog   *dialog   `json:"dialog"`
	Task     *tanTask  `json:"task,omitempty"`
	Op       *opSpec   `json:"op,omitempty"`
	Tasks    []taskDTO `json:"tasks,omitempty"`
	Waiting  int       `json:"waiting"` // index into Tasks, -1 none
	Step     taskDTO   `json:"step"`    // codes/data of the waiting task's first answer
	RunOp    string    `json:"run_op,omitempty"`
	Retry    bool      `json:"retry,omitempty"`
	Standing bool      `json:"standing,omitempty"`
	Payment  *payment  `json:"payment,omitempty"`
}

// taskDTO is a task in serialisable form (segments in FinTS syntax).
type taskDTO struct {
	Job       string     `json:"job,omitempty"`
	Account   string     `json:"account,omitempty"`
	Seg       []byte     `json:"seg,omitempty"`
	TouchPos  int        `json:"touch_pos,omitempty"`
	Touchdown string     `json:"touchdown,omitempty"`
	DialogID  string     `json:"dialog_id,omitempty"`
	Pages     int        `json:"pages,omitempty"`
	Data      []byte     `json:"data,omitempty"`
	Codes     wire.Codes `json:"codes,omitempty"`
	SCA       SCAOutcome `json:"sca,omitempty"`
	Done      bool       `json:"done,omitempty"`
	Err       string     `json:"err,omitempty"`
}

func encodeSegs(segs []*wire.Segment) []byte {
	if len(segs) == 0 {
		return nil
	}
	b, err := segCodec.Encode(segs...)
	if err != nil {
		return nil
	}
	return b
}

func decodeSegs(b []byte) ([]*wire.Segment, error) {
	if len(b) == 0 {
		return nil, nil
	}
	m, err := wire.Decode(b)
	if err != nil {
		return nil, err
	}
	return m.Segments, nil
}

func toDTO(t *task) taskDTO {
	d := taskDTO{Job: t.Job, Account: t.Account, TouchPos: t.TouchPos, Touchdown: t.Touchdown, DialogID: t.DialogID,
		Pages: t.Pages, Data: encodeSegs(t.Data), Codes: t.Codes, SCA: t.SCA, Done: t.Done}
	if t.Seg != nil {
		d.Seg = encodeSegs([]*wire.Segment{t.Seg})
	}
	if t.Err != nil {
		d.Err = t.Err.Error()
	}
	return d
}

func fromDTO(d taskDTO) (*task, error) {
	t := &task{Job: d.Job, Account: d.Account, TouchPos: d.TouchPos, Touchdown: d.Touchdown, DialogID: d.DialogID,
		Pages: d.Pages, Codes: d.Codes, SCA: d.SCA, Done: d.Done}
	segs, err := decodeSegs(d.Seg)
	if err != nil {
		return nil, err
	}
	if len(segs) == 1 {
		t.Seg = segs[0]
	}
	if t.Data, err = decodeSegs(d.Data); err != nil {
		return nil, err
	}
	if d.Err != "" {
		t.Err = errors.New(d.Err)
	}
	return t, nil
}

// Pause freezes the paused operation (after ErrPause) or else the open
// standing dialog to bytes, and retires the client: it cannot be used
// afterwards. The bytes hold the state blob with private data (UPD,
// accounts) but never the PIN or a TAN; store them like the state.
func (c *Client) Pause() ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, ErrClosed
	}
	p := c.paused
	if p == nil {
		if !c.dlg.alive() {
			return nil, errors.New("nothing to pause: no operation waits for a TAN and no dialog is open")
		}
		p = &pausedOp{dialog: c.dlg, standing: true}
	}
	id := make([]byte, 16)
	if _, err := rand.Read(id); err != nil {
		return nil, fmt.Errorf("pausing: %w", err)
	}
	b := pausedBlob{
		Format: pauseFormat, Version: 1, ID: hex.EncodeToString(id), Created: c.cfg.Clock.Now(),
		State: c.deconstruct(true), Dialog: p.dialog, Task: p.task, Op: p.op, Waiting: -1,
		Standing: p.standing,
	}
	if p.payment != nil {
		p.payment.freeze()
		b.Payment = p.payment
	}
	if p.run != nil {
		b.RunOp, b.Retry = p.run.Op, p.run.Retry
		for i, t := range p.run.Tasks {
			if t == p.waiting {
				b.Waiting = i
			}
			b.Tasks = append(b.Tasks, toDTO(t))
		}
		b.Step = taskDTO{Codes: p.stepCodes, Data: encodeSegs(p.stepData)}
	}
	out, err := json.Marshal(b)
	if err != nil {
		return nil, fmt.Errorf("pausing: %w", err)
	}
	c.closed, c.dlg, c.paused = true, nil, nil
	return out, nil
}

// Pending is a resumed operation waiting to be completed.
type Pending struct {
	c *Client
	p *pausedOp
	// Operation names what waits ("Login", "Transactions", "Transfer" …).
	Operation string
	// Challenge is the challenge shown before the pause; zero when only a
	// dialog was paused.
	Challenge Challenge
	Decoupled bool
	Paused    time.Time
	// Transfer is the order of a paused Transfer, VoP its payee check
	// result when the pause waits for the payee confirmation.
	Transfer *Transfer
	VoP      *VoPResult
}

// Resume loads a paused state into c (a fresh client of the same login,
// whose Prompter will be asked for the TAN). Each paused state can be
// resumed once; a second Resume fails with ErrPauseUsed.
func (c *Client) Resume(blob []byte) (*Pending, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed || c.paused != nil || c.dlg.alive() {
		return nil, errors.New("resume needs a fresh client without an open dialog")
	}
	var b pausedBlob
	if err := json.Unmarshal(blob, &b); err != nil || b.Format != pauseFormat {
		return nil, fmt.Errorf("%w: not a paused saldo dialog", ErrState)
	}
	if b.Version != 1 {
		return nil, fmt.Errorf("%w: paused dialog version %d not supported", ErrState, b.Version)
	}
	if b.Dialog == nil || !b.Dialog.alive() {
		return nil, fmt.Errorf("%w: the paused dialog is not open", ErrState)
	}
	if err := c.restore(b.State); err != nil {
		return nil, err
	}
	c.learnAccounts()
	c.publish()
	if err := c.cfg.PauseGuard.Claim(b.ID); err != nil {
		return nil, err
	}
	p := &pausedOp{dialog: b.Dialog, task: b.Task, op: b.Op, standing: b.Standing, payment: b.Payment}
	if b.RunOp != "" {
		p.run = &run{Op: b.RunOp, Retry: b.Retry}
		for _, td := range b.Tasks {
			t, err := fromDTO(td)
			if err != nil {
				return nil, fmt.Errorf("%w: paused task: %v", ErrState, err)
			}
			p.run.Tasks = append(p.run.Tasks, t)
		}
		if b.Waiting >= 0 && b.Waiting < len(p.run.Tasks) {
			p.waiting = p.run.Tasks[b.Waiting]
		}
		p.stepCodes = b.Step.Codes
		var err error
		if p.stepData, err = decodeSegs(b.Step.Data); err != nil {
			return nil, fmt.Errorf("%w: paused answer: %v", ErrState, err)
		}
	}
	pend := &Pending{c: c, p: p, Paused: b.Created, Operation: "Dialog"}
	if b.Task != nil {
		pend.Operation, pend.Challenge, pend.Decoupled = b.Task.Op, b.Task.Challenge, b.Task.Decoupled
	}
	if b.Payment != nil {
		t := b.Payment.T
		pend.Operation, pend.Transfer, pend.VoP = payOp, &t, b.Payment.Result
	}
	c.paused = p
	return pend, nil
}

// Complete finishes the resumed operation: asks the Prompter for the TAN
// (or polls for the app approval), then runs the rest of the operation
// (further touchdown pages included). The dialog stays open as the
// client's standing dialog; Close ends it.
func (p *Pending) Complete(ctx context.Context) (*Result, error) {
	c := p.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.paused != p.p {
		return nil, errors.New("this pending operation was already completed")
	}
	c.paused = nil
	d := p.p.dialog
	c.dlg = d
	if p.p.payment != nil {
		return c.completePayment(ctx, p)
	}
	if p.p.task == nil {
		return &Result{}, nil // a bare dialog: it is open again
	}
	a := &answer{}
	if err := c.authorise(ctx, d, p.p.task, a); err != nil {
		if c.paused != nil { // paused again: keep the operation state
			c.paused.op, c.paused.run, c.paused.waiting = p.p.op, p.p.run, p.p.waiting
			c.paused.stepCodes, c.paused.stepData, c.paused.standing = p.p.stepCodes, p.p.stepData, p.p.standing
			c.dlg = nil
		}
		return nil, p.expired(err)
	}
	if p.p.run == nil {
		// Paused during dialog init: the login is now complete.
		if a.resp != nil {
			c.absorbParams(a.resp)
			if err := classify("dialog initialisation", a.codes, c.cfg.ProductID); err != nil {
				return nil, err
			}
		}
		if p.p.op == nil {
			return &Result{}, nil
		}
		return c.runOp(ctx, d, p.p.op, nil)
	}
	if t := p.p.waiting; t != nil {
		t.SCA = a.outcome
		c.absorbTask(t, d, append(p.p.stepCodes, a.codes...), append(p.p.stepData, a.data...), nil)
	}
	return c.runOp(ctx, d, p.p.op, p.p.run)
}

// expired turns the bank's "unknown dialog" into ErrPauseExpired.
func (p *Pending) expired(err error) error {
	var be *wire.BankError
	if errors.As(err, &be) && be.Has("9800", "9120", "9010") && !be.Has(wrongLogin...) {
		return fmt.Errorf("%w: %w", ErrPauseExpired, err)
	}
	return err
}

// PauseGuard records which paused states were resumed, so that each is
// used once (sending the same message number twice would be refused by
// the bank anyway, but only after sending the TAN).
type PauseGuard interface {
	// Claim marks id as resumed; it fails with ErrPauseUsed if it was.
	Claim(id string) error
}

type memGuard struct {
	mu   sync.Mutex
	seen map[string]bool
}

func (g *memGuard) Claim(id string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.seen[id] {
		return ErrPauseUsed
	}
	g.seen[id] = true
	return nil
}

var processGuard PauseGuard = &memGuard{seen: map[string]bool{}}

// FileGuard is a PauseGuard that works across processes: it creates one
// marker file per resumed state in dir (exclusive create, so two processes
// racing for the same state cannot both win).
type FileGuard struct{ Dir string }

// Claim implements PauseGuard.
func (g FileGuard) Claim(id string) error {
	if err := os.MkdirAll(g.Dir, 0o700); err != nil {
		return fmt.Errorf("pause guard: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(g.Dir, "resumed-"+filepath.Base(id)), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if errors.Is(err, os.ErrExist) {
		return ErrPauseUsed
	}
	if err != nil {
		return fmt.Errorf("pause guard: %w", err)
	}
	return f.Close()
}
