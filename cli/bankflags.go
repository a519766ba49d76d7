// The flags and the session of the headless bank commands: from the flags
// to a client with the PIN set, and afterwards the state saved.

package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"saldo/app"
	"saldo/fints"
	"saldo/fints/demobank"
)

// bankFlags are the flags shared by the headless bank commands (accounts,
// balance, transactions): where the bank is, who logs in, and where the
// state and trace go. The PIN never comes from a flag: it is read from
// the terminal, or from the first line of stdin with --pin-stdin.
type bankFlags struct {
	url, blz, user, customer  string
	productID, productVersion string
	pinStdin                  bool
	state, trace              string
	tanMethod, tanMedium      string
	account                   string
	json                      bool
	timeout                   time.Duration
}

func (f *bankFlags) define(fs *flag.FlagSet) {
	fs.StringVar(&f.url, "url", "", "the bank's FinTS address (https; http only for loopback, e.g. the demo bank)")
	fs.StringVar(&f.blz, "blz", "", "the bank code (Bankleitzahl)")
	fs.StringVar(&f.user, "user", "", "the login name (Benutzerkennung)")
	fs.StringVar(&f.customer, "customer", "", "the customer ID (Kunden-ID), if it differs from the login name")
	fs.StringVar(&f.productID, "product-id", "", "FinTS product registration ID (default: $SALDO_PRODUCT_ID)")
	fs.StringVar(&f.productVersion, "product-version", "", "product version sent to the bank")
	fs.BoolVar(&f.pinStdin, "pin-stdin", false, "read the PIN from the first line of stdin (further lines answer TAN prompts)")
	fs.StringVar(&f.state, "state", "", "state file: read before and written after the command (system ID, BPD/UPD, TAN method; never the PIN)")
	fs.StringVar(&f.trace, "trace", "", "write every FinTS message to this file, PIN, TAN and account numbers redacted")
	fs.StringVar(&f.tanMethod, "tan-method", "", "security function of the TAN method to use (e.g. 942); default: app approval if offered")
	fs.StringVar(&f.tanMedium, "tan-medium", "", "TAN medium name, for methods that need one")
	fs.StringVar(&f.account, "account", "", "limit to one account (IBAN or account number)")
	fs.BoolVar(&f.json, "json", false, "print JSON instead of a table")
	fs.DurationVar(&f.timeout, "timeout", 5*time.Minute, "give up after this long (TAN entry included)")
}

// session is an open client plus what must be cleaned up after the command.
type session struct {
	ctx    context.Context // the command's, with its --timeout
	env    *Env
	c      *fints.Client
	flags  *bankFlags
	trace  *os.File
	cancel context.CancelFunc
	// prompter is the command's terminal prompter, for commands that
	// extend it (transfer: payee confirmation, pausing).
	prompter *cliPrompter
}

func (f *bankFlags) open(ctx context.Context, env *Env, fs *flag.FlagSet) (*session, context.Context, error) {
	if fs.NArg() > 0 {
		return nil, nil, fmt.Errorf("%w: unexpected arguments %q", ErrUsage, fs.Args())
	}
	if err := f.check(); err != nil {
		return nil, nil, err
	}
	var missing []string
	for _, m := range []struct{ v, name string }{{f.url, "--url"}, {f.blz, "--blz"}, {f.user, "--user"}} {
		if strings.TrimSpace(m.v) == "" {
			missing = append(missing, m.name)
		}
	}
	if len(missing) > 0 {
		return nil, nil, fmt.Errorf("%w: %s required", ErrUsage, strings.Join(missing, ", "))
	}
	cfg := fints.Config{
		URL: f.url, BankCode: f.blz, UserID: f.user, CustomerID: f.customer,
		ProductID: f.productID, ProductVersion: f.productVersion,
		TANMethod: f.tanMethod, TANMedium: f.tanMedium,
	}
	if f.state != "" {
		// The state is written after the command: a path that cannot
		// take it is said before the PIN, not after the work is done.
		if err := outputFlagProblem("--state", f.state); err != nil {
			return nil, nil, err
		}
		b, err := os.ReadFile(f.state)
		switch {
		case err == nil:
			cfg.State = b
			cfg.PauseGuard = fints.FileGuard{Dir: f.state + ".resumed"}
		case errors.Is(err, os.ErrNotExist):
			// first run: the file is written afterwards
		default:
			return nil, nil, fmt.Errorf("reading the state file: %w", err)
		}
	}
	return f.start(ctx, env, newLineReader(env.Stdin), cfg, false)
}

// start is what every bank command does once it knows the login: the
// product ID's defaults, the terminal prompter, the trace file, bank
// notices on stderr, the client, the PIN, and the command's time limit.
// With rebuildState a saved state the engine cannot use is dropped with a
// warning (the vault's; a --state file the user named is an error).
func (f *bankFlags) start(ctx context.Context, env *Env, in *lineReader, cfg fints.Config, rebuildState bool) (*session, context.Context, error) {
	if cfg.ProductID == "" && env.Getenv != nil {
		cfg.ProductID = env.Getenv("SALDO_PRODUCT_ID")
	}
	if cfg.ProductID == "" && cfg.BankCode == demobank.BankCode {
		cfg.ProductID = app.DemoProductID // the demo bank needs no registration
	}
	prompter := &cliPrompter{env: env, in: in, interactive: !f.pinStdin && isTerminal(env.Stdin), timeout: f.timeout}
	cfg.Prompter = prompter
	s := &session{env: env, flags: f, prompter: prompter}
	if f.trace != "" {
		tf, err := os.OpenFile(f.trace, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return nil, nil, appendFileProblem("--trace", f.trace, err)
		}
		s.trace, cfg.Trace = tf, tf
	}
	cfg.Notice = func(n fints.Notice) { fmt.Fprintf(env.Stderr, "bank: %s\n", n) }
	// The configuration (URL, state) is checked before asking for the
	// PIN, so a typo does not cost a PIN entry.
	c, err := fints.New(cfg)
	if err != nil && rebuildState && cfg.State != nil && errors.Is(err, fints.ErrState) {
		fmt.Fprintf(env.Stderr, "warning: the saved bank state is not usable and is rebuilt: %v\n", err)
		cfg.State = nil
		c, err = fints.New(cfg)
	}
	if err != nil && cfg.State != nil && errors.Is(err, fints.ErrState) && f.state != "" {
		why := strings.TrimPrefix(err.Error(), fints.ErrState.Error()+": ")
		if strings.HasPrefix(why, "not a saldo state blob") || strings.HasPrefix(why, "blob format") {
			why = "it is not a state file written by saldo"
		}
		err = fmt.Errorf("--state %s cannot be used: %s; name the file an earlier --state run wrote, or a new path for a fresh start", f.state, why)
	}
	if err == nil {
		err = f.chooseTANMethod(c)
	}
	if errors.Is(err, fints.ErrConfig) {
		// The engine's prefix names its package; the rest says it all.
		err = &quietError{strings.TrimPrefix(err.Error(), fints.ErrConfig.Error()+": "), err}
	}
	if err != nil {
		s.closeFiles()
		return nil, nil, err
	}
	pin, err := readPIN(env, in, f.pinStdin, cfg.UserID)
	if err != nil {
		s.closeFiles()
		return nil, nil, err
	}
	c.SetPIN(pin)
	s.c = c
	ctx, s.cancel = context.WithTimeout(ctx, f.timeout)
	s.ctx = ctx
	return s, ctx, nil
}

// finish saves the state (also after a failed operation: a new system ID
// or BPD are worth keeping) and closes the trace.
func (s *session) finish(runErr error) error {
	defer s.closeFiles()
	runErr = s.timedOut(runErr)
	s.cancel()
	warnTANMethod(s.env, s.flags, s.c)
	if s.flags.state != "" {
		if err := writeFileAtomic(s.flags.state, s.c.Deconstruct(true)); err != nil && runErr == nil {
			return fmt.Errorf("writing the state file: %w", err)
		}
	}
	return runErr
}

// timedOut words an error caused by the command's --timeout running out,
// which the engine reports as Go's "context deadline exceeded".
func (s *session) timedOut(err error) error {
	if err == nil || s.ctx == nil || !errors.Is(s.ctx.Err(), context.DeadlineExceeded) || !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	limit := fmt.Sprintf("the command's time limit ran out (--timeout %s; allow more with a longer --timeout)", s.flags.timeout)
	msg := err.Error()
	if strings.Contains(msg, context.DeadlineExceeded.Error()) {
		msg = strings.ReplaceAll(msg, context.DeadlineExceeded.Error(), limit)
	} else if !strings.Contains(msg, "--timeout") {
		msg += " (" + limit + ")"
	}
	return &quietError{msg, err}
}

func (s *session) closeFiles() {
	if s.trace != nil {
		s.trace.Close()
	}
}

func writeFileAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".saldo-state-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// quietError is a message in the program's words over a cause kept for
// errors.Is.
type quietError struct {
	msg string
	err error
}

func (e *quietError) Error() string { return e.msg }
func (e *quietError) Unwrap() error { return e.err }
