package fints

import (
	"fmt"
	"sync"
	"sync/atomic"

	"saldo/fints/secret"
)

// Client is one bank login. It runs one dialog at a time: methods are safe
// for concurrent use but are serialised. The package documentation
// explains the state blob, the standing dialog and pause/resume.
type Client struct {
	mu    sync.Mutex
	cfg   Config
	tr    *transport
	trace *tracer

	p        params
	systemID string
	allowed  []string // 3920: methods the user may use
	method   string   // chosen security function
	medium   string   // chosen TAN medium
	accounts []Account
	media    []TANMedium
	noBatch  bool // the bank refused several jobs in one message
	// noMultiTAN: the bank challenged several jobs of one message at once;
	// TAN-relevant jobs go one per message from then on.
	noMultiTAN bool

	pinErr error // set when the bank rejected or locked the PIN

	dlg    *dialog // standing dialog, nil when none is open
	paused *pausedOp
	closed bool

	// Accessors must not wait for a running operation, which may sit in a
	// TAN prompt of the same UI that asks: they read a published view, and
	// SetTANMethod leaves its choice for the next dialog.
	view     atomic.Pointer[view]
	choice   atomic.Pointer[[2]string] // code, medium
	noticeMu sync.Mutex
	warnings []Notice
}

// view is a snapshot of what the accessors report.
type view struct {
	bankName, systemID, method, medium string
	methods                            []TANMethod // described and allowed
	allowed                            []string
	accounts                           []Account
	media                              []TANMedium
}

// publish refreshes the view after the state changed.
func (c *Client) publish() {
	v := &view{bankName: c.p.bankName, systemID: c.systemID, method: c.method, medium: c.medium,
		allowed: append([]string(nil), c.allowed...), accounts: append([]Account(nil), c.accountsFor(nil)...),
		media: append([]TANMedium(nil), c.media...)}
	if ch := c.choice.Load(); ch != nil {
		v.method, v.medium = ch[0], ch[1]
	}
	for _, m := range c.p.methods {
		if len(c.allowed) == 0 || contains(c.allowed, m.Code) {
			v.methods = append(v.methods, m)
		}
	}
	c.view.Store(v)
}

// Stats counts what a client did, for benchmarks and diagnostics.
type Stats struct {
	Requests int64 // HTTP requests sent
}

// New returns a client for cfg. With cfg.State it restores the saved state
// (no BPD/UPD round trip on the next dialog). It does not contact the bank.
func New(cfg Config) (*Client, error) {
	if err := cfg.normalise(); err != nil {
		return nil, err
	}
	c := &Client{cfg: cfg, method: cfg.TANMethod, medium: cfg.TANMedium}
	c.trace = newTracer(cfg.Trace, cfg.Clock)
	tr, err := newTransport(&c.cfg, c.trace)
	if err != nil {
		return nil, err
	}
	c.tr = tr
	c.p.deriveBPD()
	if len(cfg.State) > 0 {
		if err := c.restore(cfg.State); err != nil {
			return nil, err
		}
	}
	c.learnAccounts()
	c.publish()
	return c, nil
}

// Stats returns the request counters.
func (c *Client) Stats() Stats { return Stats{Requests: c.tr.requests.Load()} }

// SetPIN replaces the PIN, e.g. after ErrWrongPIN, and allows new attempts.
func (c *Client) SetPIN(pin secret.Value) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cfg.PIN = pin
	c.pinErr = nil
}

// SetPrompter replaces the Prompter (the UI hands one per job).
func (c *Client) SetPrompter(p Prompter) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cfg.Prompter = p
}

// BankName returns the bank's name from the BPD ("" before the first dialog).
func (c *Client) BankName() string { return c.view.Load().bankName }

// SystemID returns the Kundensystem-ID ("" before synchronisation).
func (c *Client) SystemID() string { return c.view.Load().systemID }

// Notices returns and clears the warnings and notices collected so far.
func (c *Client) Notices() []Notice {
	c.noticeMu.Lock()
	defer c.noticeMu.Unlock()
	n := c.warnings
	c.warnings = nil
	return n
}

func (c *Client) notice(n Notice) {
	c.noticeMu.Lock()
	c.warnings = append(c.warnings, n)
	c.noticeMu.Unlock()
	if c.cfg.Notice != nil {
		c.cfg.Notice(n)
	}
}

// usable reports why the client cannot run an operation now.
func (c *Client) usable() error {
	switch {
	case c.closed:
		return ErrClosed
	case c.paused != nil:
		return fmt.Errorf("%w: an operation is paused waiting for a TAN; call Pause to save it or Resume to continue", ErrClosed)
	case c.pinErr != nil:
		return fmt.Errorf("not trying again with the PIN the bank rejected (set a new one first): %w", c.pinErr)
	case c.cfg.PIN.Empty():
		return ErrNoPIN
	}
	return nil
}

// learnAccounts tells the tracer which numbers to mask.
func (c *Client) learnAccounts() {
	if c.trace == nil {
		return
	}
	for _, a := range append(append([]Account{}, c.accounts...), c.p.accounts...) {
		c.trace.learn(a.Number, a.IBAN)
	}
}
