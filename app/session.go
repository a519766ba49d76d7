// A session is one bank login of this process: its state, how it is found
// or created, the one-operation-at-a-time lock, and its shutdown.

package app

import (
	"context"
	"fmt"
	"sync"
	"time"

	"saldo/fints"
	"saldo/fints/secret"
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
