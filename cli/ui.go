package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"time"

	tea "charm.land/bubbletea/v2"
	"golang.org/x/term"

	"saldo/app"
	"saldo/fints/demobank"
	"saldo/theme"
	"saldo/ui"
	"saldo/vault"
)

// uiFlags are the flags of the terminal app.
type uiFlags struct {
	demo         bool
	vaultPath    string
	lang         string
	highContrast bool
	trace        string
	logFile      string
}

func (f *uiFlags) define(fs *flag.FlagSet) {
	fs.BoolVar(&f.demo, "demo", false, "try saldo against the built-in demo bank, with a throw-away vault, already logged in")
	fs.StringVar(&f.vaultPath, "vault", "", "vault file (default: $"+vault.EnvPath+", else the user data directory); with --demo: keep the demo's vault there")
	fs.StringVar(&f.lang, "lang", "de", "language of numbers and dates: de or en")
	fs.BoolVar(&f.highContrast, "high-contrast", false, "high-contrast colours")
	fs.StringVar(&f.trace, "trace", "", "write every FinTS message to this file, PIN, TAN and account numbers redacted")
	fs.StringVar(&f.logFile, "log", "", "write a log of syncs, transfers and pauses to this file (never PINs or TANs)")
}

func init() {
	var f uiFlags
	register(&Command{
		Name:    uiCommand,
		Usage:   "[--demo] [--vault FILE] [--lang de|en] [--high-contrast] [--trace FILE] [--log FILE]",
		Summary: "open the terminal app (the default command)",
		Flags:   f.define,
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			if fs.NArg() > 0 {
				return fmt.Errorf("%w: unexpected arguments %q", ErrUsage, fs.Args())
			}
			a, err := f.start(ctx, env)
			if err != nil {
				return err
			}
			return a.run(ctx, env)
		},
	})
}

// uiApp is a started terminal app: its model, and what to clean up after.
type uiApp struct {
	model   *ui.Model
	backend *app.Backend
	demo    *app.Demo
	files   []*os.File
}

// start checks everything that can fail fast before the program takes
// the terminal (a program that ends within milliseconds leaves terminal
// answers on the shell prompt) and builds the model over the real backend.
func (f *uiFlags) start(ctx context.Context, env *Env) (*uiApp, error) {
	lang, err := theme.ParseLang(f.lang)
	if err != nil {
		return nil, fmt.Errorf("%w: --lang: %v", ErrUsage, err)
	}
	a := &uiApp{}
	fail := func(err error) (*uiApp, error) {
		a.close(context.Background())
		return nil, err
	}
	var opts app.Options
	if err := f.checkVault(env); err != nil {
		return nil, err
	}
	if err := needTerminal(env); err != nil {
		return nil, err
	}
	open := func(flagName, path string) (*os.File, error) {
		file, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return nil, appendFileProblem(flagName, path, err)
		}
		a.files = append(a.files, file)
		return file, nil
	}
	if f.trace != "" {
		file, err := open("--trace", f.trace)
		if err != nil {
			return fail(err)
		}
		opts.Trace = file
	}
	if f.logFile != "" {
		file, err := open("--log", f.logFile)
		if err != nil {
			return fail(err)
		}
		opts.Logger = slog.New(slog.NewTextHandler(file, nil))
	}
	uo := ui.Options{Lang: lang, HighContrast: f.highContrast, NoColor: theme.NoColorRequested(env.Getenv), Dark: true}
	if f.demo {
		d, err := app.StartDemo(ctx, app.DemoOptions{PIN: demobank.DemoPIN, VaultPath: f.vaultPath, Trace: opts.Trace, Logger: opts.Logger})
		if err != nil {
			return fail(err)
		}
		a.demo, a.backend = d, d.Backend
		uo.Demo, uo.Unlocked = true, true
	} else {
		path := f.vaultPath
		if path == "" {
			if path, err = vault.DefaultPath(env.Getenv); err != nil {
				return fail(err)
			}
		}
		opts.VaultPath = path
		if env.Getenv != nil {
			opts.ProductID = env.Getenv("SALDO_PRODUCT_ID")
		}
		a.backend = app.New(opts)
	}
	uo.Backend = a.backend
	a.model = ui.New(uo)
	return a, nil
}

// needTerminal refuses to start the full-screen app without a terminal
// (the program would fail with its input library's words).
func needTerminal(env *Env) error {
	for _, s := range []struct {
		name string
		f    any
	}{{"input", env.Stdin}, {"output", env.Stdout}} {
		if f, ok := s.f.(*os.File); ok && !term.IsTerminal(int(f.Fd())) {
			return fmt.Errorf("the terminal app needs a terminal, but its %s is redirected: run saldo in a terminal, or use the commands for scripts (see 'saldo help')", s.name)
		}
	}
	return nil
}

// checkVault looks at an existing --vault file before the app starts: a
// directory or a file that is not a vault is said here, not on the
// unlock screen. A missing one is fine: the app offers to create it.
func (f *uiFlags) checkVault(env *Env) error {
	path := f.vaultPath
	if path == "" {
		if f.demo {
			return nil // a throw-away vault
		}
		var err error
		if path, err = vault.DefaultPath(env.Getenv); err != nil {
			return nil // the app reports it
		}
	}
	return vaultOpenProblem(path)
}

// run hands the terminal to the app until the person quits. The app closes
// the backend itself on quit (dialogs ended, state saved); the deferred
// close is for the ways out that skip that (a signal, a crash).
func (a *uiApp) run(ctx context.Context, env *Env) error {
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		a.close(cctx)
	}()
	opts := []tea.ProgramOption{tea.WithContext(ctx)}
	if env.Stdin != nil {
		opts = append(opts, tea.WithInput(env.Stdin))
	}
	if env.Stdout != nil {
		opts = append(opts, tea.WithOutput(env.Stdout))
	}
	_, err := tea.NewProgram(a.model, opts...).Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		err = nil // interrupted by a signal: the deferred close saves
	}
	if err != nil {
		return err
	}
	return a.model.Err()
}

func (a *uiApp) close(ctx context.Context) {
	if a.demo != nil {
		_ = a.demo.Close(ctx) // closes the backend too
	} else if a.backend != nil {
		_ = a.backend.Close(ctx)
	}
	for _, f := range a.files {
		f.Close()
	}
}
