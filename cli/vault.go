package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"saldo/fints/secret"
	"saldo/vault"
)

// vaultFlags are the flags of every command that uses the vault. The
// passphrase never comes from a flag: it is typed at the terminal, or read
// from a file descriptor (--passphrase-fd) or from stdin when stdin is not
// a terminal, one line per passphrase.
type vaultFlags struct {
	path    string
	passFD  int
	noVault bool
}

func (f *vaultFlags) define(fs *flag.FlagSet, withNoVault bool) {
	fs.StringVar(&f.path, "vault", "", "vault file (default: $"+vault.EnvPath+", else the user data directory, e.g. ~/.local/share/saldo/vault.db)")
	fs.IntVar(&f.passFD, "passphrase-fd", -1, "read the vault passphrase from this file descriptor, one line per passphrase")
	if withNoVault {
		fs.BoolVar(&f.noVault, "no-vault", false, "do not use the vault for this run")
	}
}

func (f *vaultFlags) resolve(env *Env) (string, error) {
	if f.path != "" {
		return f.path, nil
	}
	return vault.DefaultPath(env.Getenv)
}

// passSource hands out passphrases: from the terminal with prompts, or
// line by line from a descriptor or non-terminal stdin.
type passSource struct {
	env   *Env
	tty   *os.File      // set when prompting interactively
	lines *bufio.Reader // set otherwise
}

func (f *vaultFlags) source(env *Env) (*passSource, error) {
	if f.passFD >= 0 {
		file := os.NewFile(uintptr(f.passFD), "passphrase-fd")
		if file == nil {
			return nil, fmt.Errorf("--passphrase-fd %d is not an open file descriptor", f.passFD)
		}
		return &passSource{env: env, lines: bufio.NewReader(file)}, nil
	}
	if file, ok := env.Stdin.(*os.File); ok && term.IsTerminal(int(file.Fd())) {
		return &passSource{env: env, tty: file}, nil
	}
	in := env.Stdin
	if in == nil {
		in = strings.NewReader("")
	}
	return &passSource{env: env, lines: bufio.NewReader(in)}, nil
}

func (p *passSource) interactive() bool { return p.tty != nil }

// next returns one passphrase; prompt is shown only on a terminal.
func (p *passSource) next(prompt string) (secret.Value, error) {
	if p.tty != nil {
		fmt.Fprintf(p.env.Stderr, "%s: ", prompt)
		b, err := term.ReadPassword(int(p.tty.Fd()))
		fmt.Fprintln(p.env.Stderr)
		if err != nil {
			return secret.Value{}, fmt.Errorf("reading the passphrase: %w", err)
		}
		v := secret.New(string(b))
		clear(b)
		return v, nil
	}
	b, err := p.lines.ReadBytes('\n')
	if err != nil && (err != io.EOF || len(b) == 0) {
		if err == io.EOF {
			return secret.Value{}, errors.New("no passphrase given: input ended (pass one line per passphrase on stdin or --passphrase-fd)")
		}
		return secret.Value{}, fmt.Errorf("reading the passphrase: %w", err)
	}
	line := b
	for len(line) > 0 && (line[len(line)-1] == '\n' || line[len(line)-1] == '\r') {
		line = line[:len(line)-1]
	}
	v := secret.New(string(line))
	clear(b)
	return v, nil
}

// newPassphrase asks for a new passphrase, twice on a terminal.
func (p *passSource) newPassphrase(prompt string) (secret.Value, error) {
	v, err := p.next(prompt)
	if err != nil {
		return v, err
	}
	if v.Empty() {
		return v, errors.New("the passphrase is empty")
	}
	if p.interactive() {
		again, err := p.next("Repeat it")
		if err != nil {
			v.Wipe()
			return v, err
		}
		same := again.Reveal() == v.Reveal()
		again.Wipe()
		if !same {
			v.Wipe()
			return secret.Value{}, errors.New("the passphrases do not match; nothing was changed")
		}
	}
	return v, nil
}

// open unlocks the vault, asking again on a terminal after a wrong
// passphrase. It returns nil, nil with --no-vault. Commands from the
// engine issue use it to restore the state blob before and save it after.
func (f *vaultFlags) open(env *Env) (*vault.Vault, error) {
	if f.noVault {
		return nil, nil
	}
	src, err := f.source(env)
	if err != nil {
		return nil, err
	}
	v, pass, err := f.unlock(env, src)
	pass.Wipe()
	return v, err
}

// unlock opens the vault with passphrases from src and also returns the
// one that worked (the caller wipes it).
func (f *vaultFlags) unlock(env *Env, src *passSource) (*vault.Vault, secret.Value, error) {
	path, err := f.resolve(env)
	if err != nil {
		return nil, secret.Value{}, err
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, secret.Value{}, fmt.Errorf("no vault at %s: create one with 'saldo vault init' (or run with --no-vault)", path)
	}
	if err := vaultOpenProblem(path); err != nil {
		return nil, secret.Value{}, err
	}
	tries := 1
	if src.interactive() {
		tries = 3
	}
	for i := 0; ; i++ {
		pass, err := src.next("Vault passphrase")
		if err != nil {
			return nil, secret.Value{}, err
		}
		v, err := vault.Open(path, pass)
		if errors.Is(err, vault.ErrWrongPassphrase) && i+1 < tries {
			pass.Wipe()
			fmt.Fprintln(env.Stderr, "Wrong passphrase, try again.")
			continue
		}
		if err != nil {
			pass.Wipe()
			return nil, secret.Value{}, vaultPermissionProblem(path, err)
		}
		if ro := v.ReadOnly(); ro != nil {
			fmt.Fprintf(env.Stderr, "warning: %v\nThe vault was opened read-only.\n", ro)
		}
		return v, pass, nil
	}
}

func init() {
	var f vaultFlags
	register(&Command{
		Name:    "vault",
		Usage:   "init|list|passwd|remove LOGIN [--vault FILE] [--passphrase-fd N]",
		Summary: "manage the encrypted vault: create it, list logins, change the passphrase, remove a login",
		Flags:   func(fs *flag.FlagSet) { f.define(fs, false) },
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			if fs.NArg() == 0 {
				return fmt.Errorf("%w: which vault command? init, list, passwd or remove", ErrUsage)
			}
			sub := vaultCommands[fs.Arg(0)]
			if sub == nil {
				return fmt.Errorf("%w: unknown vault command %q", ErrUsage, fs.Arg(0))
			}
			// Flags may also follow the subcommand: saldo vault list --vault F.
			sf := flag.NewFlagSet("saldo vault "+fs.Arg(0), flag.ContinueOnError)
			sf.SetOutput(io.Discard) // parseInterspersed reports problems itself
			local := f
			sf.StringVar(&local.path, "vault", f.path, "vault file")
			sf.IntVar(&local.passFD, "passphrase-fd", f.passFD, "read the passphrase from this file descriptor")
			var opts vaultOpts
			if sub.flags != nil {
				sub.flags(sf, &opts)
			}
			rest, err := parseInterspersed(sf, fs.Args()[1:])
			if err != nil {
				return fmt.Errorf("%w: %w", ErrUsage, err)
			}
			return sub.run(ctx, env, &local, &opts, rest)
		},
	})
}

// parseInterspersed lets flags follow positional arguments, as in
// `saldo vault remove LOGIN --force`; "--" ends flag parsing.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, flagProblem(fs, err)
		}
		rest := fs.Args()
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

type vaultOpts struct {
	unlockTime time.Duration
	memMiB     uint
	retune     bool
	force      bool
}

type vaultSub struct {
	flags func(*flag.FlagSet, *vaultOpts)
	run   func(ctx context.Context, env *Env, f *vaultFlags, o *vaultOpts, args []string) error
}

var vaultCommands = map[string]*vaultSub{
	"init": {flags: kdfFlags, run: vaultInit},
	"passwd": {flags: func(fs *flag.FlagSet, o *vaultOpts) {
		kdfFlags(fs, o)
		fs.BoolVar(&o.retune, "retune", false, "also re-tune Argon2id (see --unlock-time, --kdf-memory)")
	}, run: vaultPasswd},
	"list": {run: vaultList},
	"remove": {flags: func(fs *flag.FlagSet, o *vaultOpts) {
		fs.BoolVar(&o.force, "force", false, "remove even if the login has transfers without a final answer")
	}, run: vaultRemove},
}

func kdfFlags(fs *flag.FlagSet, o *vaultOpts) {
	fs.DurationVar(&o.unlockTime, "unlock-time", 250*time.Millisecond, "tune Argon2id so unlocking takes about this long here")
	fs.UintVar(&o.memMiB, "kdf-memory", 64, "Argon2id memory in MiB")
}

func noArgs(args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("%w: unexpected arguments %q", ErrUsage, args)
	}
	return nil
}

func (o *vaultOpts) kdf() (vault.KDFParams, error) {
	if o.memMiB == 0 || o.memMiB > 4096 {
		return vault.KDFParams{}, fmt.Errorf("%w: --kdf-memory must be 1..4096 MiB", ErrUsage)
	}
	if o.unlockTime <= 0 {
		return vault.KDFParams{}, fmt.Errorf("%w: --unlock-time %s: give a time above zero, e.g. 250ms (longer is harder to guess)", ErrUsage, o.unlockTime)
	}
	return vault.TuneKDF(o.unlockTime, uint32(o.memMiB)), nil
}

func vaultInit(_ context.Context, env *Env, f *vaultFlags, o *vaultOpts, args []string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	path, err := f.resolve(env)
	if err != nil {
		return err
	}
	p, err := o.kdf()
	if err != nil {
		return err
	}
	if err := vaultCreateProblem(path); err != nil {
		return err
	}
	src, err := f.source(env)
	if err != nil {
		return err
	}
	pass, err := src.newPassphrase("New vault passphrase")
	if err != nil {
		return err
	}
	defer pass.Wipe()
	v, err := vault.Create(path, pass, p)
	if err != nil {
		return vaultPermissionProblem(path, err)
	}
	fmt.Fprintf(env.Stdout, "Created %s (%s).\n", path, p)
	return v.Close()
}

func vaultPasswd(_ context.Context, env *Env, f *vaultFlags, o *vaultOpts, args []string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	src, err := f.source(env)
	if err != nil {
		return err
	}
	v, old, err := f.unlock(env, src)
	if err != nil {
		return err
	}
	defer v.Close()
	defer old.Wipe()
	newPass, err := src.newPassphrase("New vault passphrase")
	if err != nil {
		return err
	}
	defer newPass.Wipe()
	var p vault.KDFParams // keep the current parameters unless asked
	if o.retune {
		if p, err = o.kdf(); err != nil {
			return err
		}
	}
	if err := v.ChangePassphrase(old, newPass, p); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Passphrase changed (%s).\n", v.KDF())
	return nil
}

func vaultList(_ context.Context, env *Env, f *vaultFlags, _ *vaultOpts, args []string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	v, err := f.open(env)
	if err != nil {
		return err
	}
	defer v.Close()
	logins, err := v.Logins()
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "LOGIN\tNAME\tLAST SYNC\tNOTE")
	for _, l := range logins {
		if l.Err != nil {
			fmt.Fprintf(tw, "#%s\t?\t?\t%v\n", l.ID, l.Err)
			continue
		}
		last := "never"
		if !l.LastSync.IsZero() {
			last = l.LastSync.Local().Format("2006-01-02 15:04")
		}
		note := ""
		if l.Paused {
			note = "paused dialog waiting"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", l.Key, l.Settings.Name, last, note)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(logins) == 0 {
		fmt.Fprintln(env.Stdout, "(no logins yet)")
	}
	pending, err := v.PendingOrders()
	for _, o := range pending {
		fmt.Fprintf(env.Stdout, "warning: transfer of %s %s to %s (%s) was sent %s without a final answer (%s): check the statement before sending it again\n",
			o.Transfer.Amount, o.Transfer.Currency, o.Transfer.ToName, o.Login, o.Sent.Local().Format("2006-01-02 15:04"), o.State)
	}
	return err
}

func vaultRemove(_ context.Context, env *Env, f *vaultFlags, o *vaultOpts, args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("%w: name one login: BLZ/USER[/CUSTOMER], its display name, or #ID from 'saldo vault list'", ErrUsage)
	}
	v, err := f.open(env)
	if err != nil {
		return err
	}
	defer v.Close()
	arg := args[0]
	if id, ok := strings.CutPrefix(arg, "#"); ok {
		if err := v.RemoveLoginID(id); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "Removed login %s.\n", arg)
		return nil
	}
	key, err := findLogin(v, arg)
	if err != nil {
		return err
	}
	orders, err := v.Orders(key)
	if err != nil {
		return err
	}
	open := 0
	for _, o := range orders {
		if o.State.Unresolved() {
			open++
		}
	}
	if open > 0 && !o.force {
		return fmt.Errorf("login %s has %d transfer(s) sent without a final answer; check the statement, then remove with --force", key, open)
	}
	if err := v.RemoveLogin(key); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Removed login %s with its cached data and transfer journal.\n", key)
	return nil
}

// findLogin resolves a login argument: a key, or a unique display name.
func findLogin(v *vault.Vault, arg string) (vault.LoginKey, error) {
	logins, err := v.Logins()
	if err != nil {
		return vault.LoginKey{}, err
	}
	var byName []vault.LoginKey
	for _, l := range logins {
		if l.Err != nil {
			continue
		}
		if l.Key.String() == arg {
			return l.Key, nil
		}
		if strings.EqualFold(l.Settings.Name, arg) {
			byName = append(byName, l.Key)
		}
	}
	if k, err := vault.ParseLoginKey(arg); err == nil {
		for _, l := range logins {
			if l.Err == nil && l.Key == k {
				return k, nil
			}
		}
	}
	switch len(byName) {
	case 1:
		return byName[0], nil
	case 0:
		return vault.LoginKey{}, fmt.Errorf("no login %q in the vault (see 'saldo vault list')", arg)
	}
	return vault.LoginKey{}, fmt.Errorf("%d logins are named %q: use BLZ/USER instead", len(byName), arg)
}
