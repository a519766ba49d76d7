package app

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"saldo/fints/demobank"
	"saldo/fints/secret"
	"saldo/vault"
)

const canaryPIN = "CANARY-PIN-5821"

// TestCanary runs a full session with a recognisable PIN — a wrong PIN
// first, the login TAN, older history with a TAN, a transfer with a TAN,
// a transfer paused at quit and resumed after a restart — and then scans
// the vault file, the trace file and the captured logs (and every error
// returned) for the PIN, the wrong PIN and every TAN typed. None may
// appear, in clear or in a common encoding.
func TestCanary(t *testing.T) {
	dir := t.TempDir()
	tracePath := filepath.Join(dir, "trace.txt")
	trace, err := os.OpenFile(tracePath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer trace.Close()
	logs := &bytes.Buffer{}
	logger := slog.New(slog.NewTextHandler(&lockedWriter{w: logs}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx := ctxT(t)

	d, err := StartDemo(ctx, DemoOptions{Bank: smsBank(canaryPIN), Dir: dir, Trace: trace, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close(context.Background())
	b := d.Backend
	if err := b.SetTANMethod(d.LoginID, demobank.MethodSMS, ""); err != nil {
		t.Fatal(err)
	}
	p := &person{bank: d.Bank, user: demobank.DemoUser, pin: canaryPIN, wrongPIN: 1}
	var errs []error
	note := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}

	if err := b.Sync(ctx, d.LoginID, p); err != nil {
		t.Fatalf("sync: %v", err)
	}
	ls, _ := b.Logins(ctx)
	giro := ls[0].Accounts[0].Account
	if err := b.FetchOlder(ctx, d.LoginID, giro.Key(), p); err != nil {
		t.Fatalf("older: %v", err)
	}
	if _, err := b.Transfer(ctx, d.LoginID, order(giro, "3.21"), p); err != nil {
		t.Fatalf("transfer: %v", err)
	}
	p.set(func(p *person) { p.quitTAN = true })
	_, err = b.Transfer(ctx, d.LoginID, order(giro, "4.32"), p)
	if !errors.Is(err, ErrPaused) {
		t.Fatalf("paused transfer: %v", err)
	}
	note(err)
	note(b.Close(ctx))

	// Second start on the same vault and trace.
	b = New(Options{VaultPath: d.VaultPath, DemoURL: d.Bank.URL(), Trace: trace, Logger: logger})
	d.Backend = b
	note(b.Unlock(ctx, secret.New(DemoPassphrase), false))
	p.set(func(p *person) { p.quitTAN = false })
	out, err := b.ResumeTAN(ctx, d.LoginID, p)
	if err != nil || out == nil {
		t.Fatalf("resume: %v %v", out, err)
	}
	note(b.Close(ctx))

	// A third start where every PIN typed is wrong: the errors must not
	// carry it either.
	b = New(Options{VaultPath: d.VaultPath, DemoURL: d.Bank.URL(), Trace: trace, Logger: logger})
	d.Backend = b
	note(b.Unlock(ctx, secret.New(DemoPassphrase), false))
	p2 := &person{bank: d.Bank, user: demobank.DemoUser, pin: canaryPIN + "-X", wrongPIN: 3}
	err = b.Sync(ctx, d.LoginID, p2)
	if err == nil {
		t.Fatal("sync with wrong PINs succeeded")
	}
	note(err)
	note(b.Close(ctx))

	if len(p.tans) < 4 {
		t.Fatalf("only %d TANs typed; the session did not exercise the TAN paths", len(p.tans))
	}
	secrets := []secret.Value{secret.New(canaryPIN), secret.New(canaryPIN + "-WRONG"), secret.New(canaryPIN + "-X-WRONG")}
	for _, tan := range p.tans {
		secrets = append(secrets, secret.New(tan))
	}
	for _, path := range []string{d.VaultPath, tracePath} {
		leaks, err := vault.ScanFile(path, secrets...)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range leaks {
			t.Errorf("%s: %v", filepath.Base(path), l)
		}
	}
	if fi, err := os.Stat(tracePath); err != nil || fi.Size() == 0 {
		t.Fatalf("no trace written: %v", err)
	}
	for _, l := range vault.ScanBytes(logs.Bytes(), secrets...) {
		t.Errorf("logs: %v", l)
	}
	for _, e := range errs {
		for _, l := range vault.ScanBytes([]byte(e.Error()), secrets...) {
			t.Errorf("error %q: %v", e, l)
		}
	}
	if logs.Len() == 0 {
		t.Error("nothing was logged; the scan proves nothing")
	}
}
