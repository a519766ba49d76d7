package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"saldo/fints/demobank"
	"saldo/fints/secret"
	"saldo/vault"
)

// demoServer is a demo bank this process started for demo logins.
type demoServer struct {
	bank   *demobank.Bank
	url    string
	cancel context.CancelFunc
}

func (d *demoServer) stop() {
	d.cancel()
	_ = d.bank.Close() // it served only this process; nobody to tell
}

// demoURL returns the demo bank's address, starting one in this process
// on first use (a demo login in a real vault).
func (b *Backend) demoURL(ctx context.Context) (string, error) {
	if b.opts.DemoURL != "" {
		return b.opts.DemoURL, nil
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return "", ErrClosed
	}
	if b.demo != nil {
		return b.demo.url, nil
	}
	bank := demobank.New(demobank.Options{})
	bctx, cancel := context.WithCancel(context.Background())
	url := bank.Start(bctx)
	if url == "" {
		cancel()
		return "", fmt.Errorf("starting the demo bank: %w", bank.Err())
	}
	b.demo = &demoServer{bank: bank, url: url, cancel: cancel}
	return url, nil
}

// DemoPassphrase protects the demo's throw-away vault. It is no secret:
// the vault lives in a temporary directory and holds only demo data.
const DemoPassphrase = "saldo-demo-vault"

// demoKDF is cheap: the demo vault guards nothing, and starting the demo
// should not wait for Argon2.
var demoKDF = vault.KDFParams{Time: 1, MemoryKiB: 8 << 10, Threads: 1}

// DemoOptions configure StartDemo.
type DemoOptions struct {
	// Bank configures the demo bank; the zero value serves both demo
	// logins with the published PIN and every TAN method.
	Bank demobank.Options
	// UserID is the demo login to register; demobank.DemoUser when empty.
	UserID string
	// PIN, when set, is given to the session up front, so the app opens
	// logged in without asking. Leave it empty to be asked.
	PIN string
	// Dir holds the throw-away vault; a new temporary directory when
	// empty (removed by Close, while a given Dir is kept).
	Dir string
	// VaultPath, when set, is a demo vault kept across runs (created with
	// DemoPassphrase if missing), so a restart finds the cached state.
	VaultPath string

	Trace      io.Writer
	Logger     *slog.Logger
	HTTPClient *http.Client
	Now        func() time.Time
}

// Demo is a complete demo setup: the demo bank serving on loopback in
// this process, a throw-away vault, unlocked, with the demo login in it.
type Demo struct {
	Backend *Backend
	Bank    *demobank.Bank
	LoginID string
	// VaultPath is the throw-away vault file.
	VaultPath string

	dir, ownDir string
	cancel      context.CancelFunc
}

// StartDemo starts the demo bank and a backend over a new vault with the
// demo login registered. Close stops both and removes the vault.
func StartDemo(ctx context.Context, o DemoOptions) (*Demo, error) {
	if o.UserID == "" {
		o.UserID = demobank.DemoUser
	}
	bank := demobank.New(o.Bank)
	bctx, cancel := context.WithCancel(context.Background())
	url := bank.Start(bctx)
	if url == "" {
		cancel()
		return nil, fmt.Errorf("starting the demo bank: %w", bank.Err())
	}
	d := &Demo{Bank: bank, dir: o.Dir, cancel: cancel}
	fail := func(err error) (*Demo, error) {
		d.Close(context.Background())
		return nil, err
	}
	switch {
	case o.VaultPath != "":
		d.VaultPath = o.VaultPath
	default:
		if d.dir == "" {
			dir, err := os.MkdirTemp("", "saldo-demo-*")
			if err != nil {
				return fail(fmt.Errorf("creating the demo vault's directory: %w", err))
			}
			d.dir, d.ownDir = dir, dir
		}
		d.VaultPath = filepath.Join(d.dir, "vault.db")
	}
	d.Backend = New(Options{
		VaultPath: d.VaultPath, KDF: demoKDF, DemoURL: url, ProductID: DemoProductID,
		HTTPClient: o.HTTPClient, Trace: o.Trace, Logger: o.Logger, Now: o.Now,
	})
	if err := d.Backend.Unlock(ctx, secret.New(DemoPassphrase), !d.Backend.VaultExists()); err != nil {
		return fail(fmt.Errorf("%w (a kept demo vault must use the demo passphrase %q)", err, DemoPassphrase))
	}
	v, err := d.Backend.vault()
	if err != nil {
		return fail(err)
	}
	set := vault.LoginSettings{Name: demobank.BankName, URL: url, BankCode: demobank.BankCode, UserID: o.UserID}
	if old, err := v.Login(set.Key()); err == nil {
		set = old // keep the chosen TAN method of an earlier run
		set.URL = url
	}
	if err := v.PutLogin(set); err != nil {
		return fail(fmt.Errorf("registering the demo login: %w", err))
	}
	d.LoginID = set.Key().String()
	// Each run starts a new demo bank, which knows no dialog of an earlier
	// one: a paused operation of a kept demo vault cannot be resumed.
	if err := d.Backend.DiscardTAN(ctx, d.LoginID); err != nil {
		return fail(err)
	}
	if o.PIN != "" {
		if err := d.Backend.SetPIN(d.LoginID, secret.New(o.PIN)); err != nil {
			return fail(err)
		}
	}
	return d, nil
}

// Close stops the backend (if the UI has not yet) and the demo bank and
// removes the throw-away vault.
func (d *Demo) Close(ctx context.Context) error {
	var errs []error
	if d.Backend != nil {
		errs = append(errs, d.Backend.Close(ctx))
	}
	d.cancel()
	if err := d.Bank.Close(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		errs = append(errs, fmt.Errorf("stopping the demo bank: %w", err))
	}
	if d.ownDir != "" {
		errs = append(errs, os.RemoveAll(d.ownDir))
	}
	return errors.Join(errs...)
}
