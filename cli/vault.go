// saldo vault: create the vault, list its logins, change the passphrase,
// remove a login.

package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"saldo/vault"
)

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
