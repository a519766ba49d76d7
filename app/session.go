package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"saldo/fints"
	"saldo/fints/secret"
	"saldo/ui"
	"saldo/vault"
)

// session is one bank login of this process: its engine client with the
// standing dialog, the PIN typed in this session, and what the UI needs to
// read without waiting for a running operation (TAN methods, last error).
type session struct {
	b   *Backend
	key vault.LoginKey
	id  string // key.String(), the ui.Login ID

	// sem admits one operation at a time: the engine serialises anyway,
	// but the prompter and the method switch belong to one operation.
	sem chan struct{}

	// Touched only while holding sem.
	client *fints.Client
	open   bool // the standing dialog was opened on client
	stored bool // the login is in the vault (AddLogin stores it late)

	mu       sync.Mutex    // guards the fields below; never held over I/O
	live     *fints.Client // s.client, for reads from inside a prompt
	settings vault.LoginSettings
	pin      secret.Value
	lastSync time.Time
	syncErr  string
	methods  []fints.TANMethod
	current  string
	media    []fints.TANMedium
	medium   string
	// historyDays is the bank's statement storage period (0 unknown).
	historyDays int
	choice      *methodChoice         // chosen in the UI, applied before the next operation
	older       map[string]olderState // per account: how far FetchOlder reached
	closed      bool
}

type methodChoice struct{ code, medium string }

// olderState remembers, for this session, how far back FetchOlder got and
// whether the bank had nothing older.
type olderState struct {
	reached   string // YYYY-MM-DD of the oldest day asked for
	exhausted bool
}

func newSession(b *Backend, s vault.LoginSettings, stored bool) *session {
	return &session{
		b: b, key: s.Key(), id: s.Key().String(), sem: make(chan struct{}, 1), stored: stored,
		settings: s, current: s.TANMethod, medium: s.TANMedium, older: map[string]olderState{},
	}
}

// session returns the session of a login, creating it from the vault.
func (b *Backend) session(loginID string) (*session, error) {
	key, err := vault.ParseLoginKey(loginID)
	if err != nil {
		return nil, fmt.Errorf("unknown login %q: %w", loginID, err)
	}
	v, err := b.vault()
	if err != nil {
		return nil, err
	}
	b.mu.Lock()
	s := b.sessions[key]
	b.mu.Unlock()
	if s != nil {
		return s, nil
	}
	settings, err := v.Login(key)
	if err != nil {
		return nil, fmt.Errorf("login %s: %w", key, err)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if s := b.sessions[key]; s != nil {
		return s, nil
	}
	s = newSession(b, settings, true)
	b.sessions[key] = s
	return s, nil
}

func (s *session) isDemo() bool { return s.b.inProcessDemo(s.settings) }

func (s *session) acquire(ctx context.Context) error {
	select {
	case s.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-s.b.quit:
		return ErrClosed
	}
}

func (s *session) release() { <-s.sem }

// bankName is what the UI shows for the login.
func (s *session) bankName() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return displayName(s.settings)
}

// client returns the session's engine client, creating it from the
// settings and the state blob in the vault. Call with sem held.
func (s *session) clientLocked(ctx context.Context) (*fints.Client, error) {
	if s.client != nil {
		return s.client, nil
	}
	c, err := s.newClient(ctx)
	if err != nil {
		return nil, err
	}
	s.setClient(c, false)
	return c, nil
}

// setClient replaces the session's client. Call with sem held.
func (s *session) setClient(c *fints.Client, open bool) {
	s.client, s.open = c, open
	s.mu.Lock()
	s.live = c
	s.mu.Unlock()
}

// newClient builds a fresh client with the saved state. A state blob the
// engine cannot use is dropped: it only saves round trips.
func (s *session) newClient(ctx context.Context) (*fints.Client, error) {
	v, err := s.b.vault()
	if err != nil {
		return nil, err
	}
	var state []byte
	if s.stored {
		state, err = v.State(s.key)
		if err != nil && !errors.Is(err, vault.ErrNotFound) {
			s.b.log.Warn("saved bank state unreadable, starting afresh", "login", s.id, "err", err.Error())
			state = nil
		}
	}
	s.mu.Lock()
	set, pin := s.settings, s.pin
	s.mu.Unlock()
	url := set.URL
	if s.isDemo() {
		if url, err = s.b.demoURL(ctx); err != nil {
			return nil, err
		}
	}
	cfg := fints.Config{
		URL: url, BankCode: set.BankCode, UserID: set.UserID, CustomerID: set.CustomerID,
		ProductID: s.b.productID(set), ProductVersion: s.b.opts.ProductVersion, PIN: pin,
		HTTPClient: s.b.opts.HTTPClient, ResponseTimeout: s.b.opts.ResponseTimeout,
		TANMethod: set.TANMethod, TANMedium: set.TANMedium, State: state,
		Clock: pauseClock{quit: s.b.quit, now: s.b.opts.Now},
		Notice: func(n fints.Notice) {
			s.b.log.Info("bank notice", "login", s.id, "code", n.Code, "text", n.Text)
		},
	}
	if s.b.trace != nil {
		cfg.Trace = s.b.trace
	}
	c, err := fints.New(cfg)
	if err != nil && state != nil && errors.Is(err, fints.ErrState) {
		s.b.log.Warn("saved bank state not usable, starting afresh", "login", s.id, "err", err.Error())
		cfg.State = nil
		c, err = fints.New(cfg)
	}
	if err != nil {
		return nil, fmt.Errorf("login %s: %w", s.id, err)
	}
	s.learn(c)
	return c, nil
}

// learn copies what the UI reads without waiting for an operation: the
// TAN methods and the bank's storage period. Call only while no
// operation runs on c (HistoryDays waits for one).
func (s *session) learn(c *fints.Client) {
	if days := c.HistoryDays(); days > 0 {
		s.mu.Lock()
		s.historyDays = days
		s.mu.Unlock()
	}
	s.learnMethods(c)
}

// learnMethods copies the TAN methods from the engine's published view;
// safe while an operation waits in a TAN prompt.
func (s *session) learnMethods(c *fints.Client) {
	methods, current := c.TANMethods()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(methods) > 0 {
		s.methods = methods
	}
	if current != "" && s.choice == nil {
		s.current = current
	}
}

// ensurePIN asks for the PIN when this session has none yet.
func (s *session) ensurePIN(ctx context.Context, job ui.Job, c *fints.Client, retry bool) error {
	s.mu.Lock()
	have := !s.pin.Empty()
	req := ui.PINRequest{LoginID: s.id, BankName: displayName(s.settings), UserID: s.settings.UserID, Retry: retry}
	s.mu.Unlock()
	if have && !retry {
		return nil
	}
	if job == nil {
		return fmt.Errorf("login %s: %w", s.id, fints.ErrNoPIN)
	}
	pin, err := job.PIN(ctx, req)
	if err != nil {
		return fmt.Errorf("PIN entry: %w", err)
	}
	if pin.Empty() {
		return fmt.Errorf("no PIN entered: %w", ui.ErrCancelled)
	}
	s.mu.Lock()
	s.pin = pin
	s.mu.Unlock()
	c.SetPIN(pin)
	return nil
}

// forgetPIN drops a PIN the bank rejected, so the next operation asks.
func (s *session) forgetPIN() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pin.Wipe()
	s.pin = secret.Value{}
}

// SetPIN gives a login's PIN for this session, so that no prompt asks for
// it (the demo, whose PIN is published). It is kept in memory only.
func (b *Backend) SetPIN(loginID string, pin secret.Value) error {
	s, err := b.session(loginID)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pin = pin
	return nil
}

// applyChoice makes a TAN method chosen in the UI effective. FinTS fixes
// the method for a dialog, so an open standing dialog is ended first.
func (s *session) applyChoice(ctx context.Context, c *fints.Client) error {
	s.mu.Lock()
	ch := s.choice
	s.mu.Unlock()
	if ch == nil {
		return nil
	}
	s.dropDialog(ctx)
	if err := c.SetTANMethod(ch.code, ch.medium); err != nil {
		s.mu.Lock()
		s.choice = nil
		s.mu.Unlock()
		return fmt.Errorf("TAN method %s: %w", ch.code, err)
	}
	s.mu.Lock()
	s.choice = nil
	s.settings.TANMethod, s.settings.TANMedium = ch.code, ch.medium
	set := s.settings
	s.mu.Unlock()
	if s.stored {
		if v, err := s.b.vault(); err == nil {
			if err := v.PutLogin(set); err != nil {
				s.b.log.Warn("saving the TAN method failed", "login", s.id, "err", err.Error())
			}
		}
	}
	return nil
}

// dropDialog ends the standing dialog (best effort: the bank times it out
// anyway). Call with sem held.
func (s *session) dropDialog(ctx context.Context) {
	if s.client == nil || !s.open {
		return
	}
	if err := s.client.Close(ctx); err != nil {
		s.b.log.Info("ending the dialog failed", "login", s.id, "err", err.Error())
	}
	s.open = false
}

// saveState writes the engine's state blob (system ID, BPD, UPD, TAN
// method) to the vault. Call with sem held.
func (s *session) saveState(c *fints.Client) {
	if !s.stored || c == nil {
		return
	}
	v, err := s.b.vault()
	if err != nil {
		return
	}
	if err := v.PutState(s.key, c.Deconstruct(true)); err != nil {
		s.b.log.Warn("saving the bank state failed", "login", s.id, "err", err.Error())
	}
}

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

// shutdown ends the standing dialog and saves the state; called by Close
// after running operations had their chance to pause.
func (s *session) shutdown(ctx context.Context) error {
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("still busy, dialog left to time out: %w", ctx.Err())
	}
	defer s.release()
	if s.client != nil {
		s.dropDialog(ctx)
		s.saveState(s.client)
		s.setClient(nil, false)
	}
	s.mu.Lock()
	s.pin.Wipe() // the client that shared it is gone
	s.pin = secret.Value{}
	s.closed = true
	s.mu.Unlock()
	return nil
}

// setSyncError records the outcome of the last sync for the status bar.
func (s *session) setSyncError(msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.syncErr = msg
}

func progress(job ui.Job, step string, done, total int) {
	if job != nil {
		job.Progress(step, done, total)
	}
}

// knownMethod reports whether code is among the methods learned so far
// (true while none are known: the bank decides then).
func (s *session) knownMethod(code string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.methods) == 0 || slices.ContainsFunc(s.methods, func(m fints.TANMethod) bool { return m.Code == code })
}
