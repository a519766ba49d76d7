// Package app joins the engine (fints) and the vault for the terminal UI
// and the command line. Backend implements ui.Backend: every bank login
// gets one session with one standing dialog, opened by the first
// operation that needs the bank and closed on Close; the engine's state
// blob comes from the vault before and goes back after every operation;
// accounts, balances and bookings are served from the vault cache and
// merged into it after each sync; transfers go through the vault's journal
// (prepared → sent → executed/rejected/unknown) so that a crash can never
// hide a payment; operations waiting for a TAN when saldo quits are paused
// into the vault and offered again on the next start.
//
// PINs live in memory only, per session, as secret.Value; they never
// reach the vault, a log or an error.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"sort"
	"sync"
	"time"

	"saldo/fints/secret"
	"saldo/ui"
	"saldo/vault"
)

// Options configure a Backend.
type Options struct {
	// VaultPath is the vault file (see vault.DefaultPath).
	VaultPath string
	// KDF is used when Unlock creates a new vault; zero means
	// vault.DefaultKDF. The demo passes a cheap one.
	KDF vault.KDFParams

	// ProductID is the FinTS product registration sent to banks whose
	// login has none of its own (e.g. from $SALDO_PRODUCT_ID).
	ProductID      string
	ProductVersion string

	// HTTPClient replaces the engine's default client (tests).
	HTTPClient *http.Client
	// ResponseTimeout bounds each bank request; 0 = the engine's default.
	ResponseTimeout time.Duration
	// Trace receives every FinTS message, PIN, TAN and account numbers
	// redacted by the engine. Writes from several logins are serialised.
	Trace io.Writer
	// Logger receives one line per notable event (sync done, order state,
	// pauses); never a credential. nil discards.
	Logger *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time

	// DemoURL is the address of a running demo bank used for logins with
	// the demo bank code. Empty: one is started in this process on first
	// use and stopped by Close.
	DemoURL string
}

// Backend implements ui.Backend over the engine and the vault. Its methods
// are safe for concurrent use.
type Backend struct {
	opts  Options
	log   *slog.Logger
	trace io.Writer

	mu       sync.Mutex
	v        *vault.Vault
	sessions map[vault.LoginKey]*session
	closed   bool
	demo     *demoServer

	// quit is closed when Close starts: decoupled waits pause then, so
	// they can be resumed on the next start (see pauseClock).
	quit     chan struct{}
	quitOnce sync.Once
}

var _ ui.Backend = (*Backend)(nil)

// New returns a backend for the vault at o.VaultPath. It does not touch
// the disk or the network until Unlock.
func New(o Options) *Backend {
	if o.Now == nil {
		o.Now = time.Now
	}
	b := &Backend{opts: o, sessions: map[vault.LoginKey]*session{}, quit: make(chan struct{})}
	b.log = o.Logger
	if b.log == nil {
		b.log = slog.New(slog.DiscardHandler)
	}
	if o.Trace != nil {
		b.trace = &lockedWriter{w: o.Trace}
	}
	return b
}

// lockedWriter serialises trace writes of concurrent sessions.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// ErrLocked is returned when the vault has not been unlocked yet.
var ErrLocked = errors.New("the vault is locked: unlock it first")

// ErrClosed is returned after Close.
var ErrClosed = errors.New("saldo is shutting down")

// VaultExists implements ui.Backend.
func (b *Backend) VaultExists() bool {
	_, err := os.Stat(b.opts.VaultPath)
	return err == nil
}

// Unlock implements ui.Backend.
func (b *Backend) Unlock(ctx context.Context, pass secret.Value, create bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return ErrClosed
	}
	if b.v != nil {
		return nil
	}
	var v *vault.Vault
	var err error
	if create {
		kdf := b.opts.KDF
		if kdf == (vault.KDFParams{}) {
			kdf = vault.DefaultKDF
		}
		v, err = vault.Create(b.opts.VaultPath, pass, kdf)
	} else {
		v, err = vault.Open(b.opts.VaultPath, pass)
	}
	switch {
	case errors.Is(err, vault.ErrWrongPassphrase):
		return fmt.Errorf("opening the vault: %w (%w)", ui.ErrBadPassphrase, err)
	case err != nil:
		return fmt.Errorf("opening the vault: %w", err)
	}
	if ro := v.ReadOnly(); ro != nil {
		b.log.Warn("vault opened read-only", "reason", ro.Error())
	}
	b.v = v
	return nil
}

// Vault returns the unlocked vault, or ErrLocked.
func (b *Backend) vault() (*vault.Vault, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case b.closed:
		return nil, ErrClosed
	case b.v == nil:
		return nil, ErrLocked
	}
	return b.v, nil
}

// quitting reports whether Close has started.
func (b *Backend) quitting() bool {
	select {
	case <-b.quit:
		return true
	default:
		return false
	}
}

// Close implements ui.Backend: running operations waiting for an app
// approval are paused, then every session ends its standing dialog and
// saves its state, and the vault is closed. A session still busy when ctx
// ends is left alone (its dialog times out at the bank).
func (b *Backend) Close(ctx context.Context) error {
	b.quitOnce.Do(func() { close(b.quit) })
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return nil
	}
	list := make([]*session, 0, len(b.sessions))
	for _, s := range b.sessions {
		list = append(list, s)
	}
	b.mu.Unlock()
	sort.Slice(list, func(i, j int) bool { return list[i].id < list[j].id })

	var errs []error
	for _, s := range list {
		if err := s.shutdown(ctx); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", s.id, err))
		}
	}

	b.mu.Lock()
	b.closed = true
	v, demo := b.v, b.demo
	b.v, b.demo = nil, nil
	b.mu.Unlock()
	if v != nil {
		if err := v.Close(); err != nil {
			errs = append(errs, fmt.Errorf("closing the vault: %w", err))
		}
	}
	if demo != nil {
		demo.stop()
	}
	return errors.Join(errs...)
}
