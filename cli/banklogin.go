package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"saldo/app"
	"saldo/fints"
	"saldo/vault"
)

// loginFlags are the flags of the bank commands (accounts, balance,
// transactions, transfer): the connection flags plus the vault. By default
// the login comes from the vault — named by a LOGIN argument (BLZ/USER or
// its display name), by --blz/--user, or the only one there is — with its
// settings and the engine's state restored before the command and saved
// after it, and what the bank sent cached for the app. --no-vault (or a
// --state file) runs on the flags alone.
type loginFlags struct {
	bankFlags
	vaultFlags
}

func (f *loginFlags) define(fs *flag.FlagSet) {
	f.bankFlags.define(fs)
	f.vaultFlags.define(fs, true)
}

// loginUsage is the common part of the bank commands' usage line.
const loginUsage = "[LOGIN | --blz BLZ --user USER [--url URL]] [--pin-stdin] [--json] [--vault FILE | --no-vault]"

// bankSession is an open client for one command and, unless --no-vault,
// the vault it belongs to.
type bankSession struct {
	*session
	v       *vault.Vault // nil with --no-vault
	key     vault.LoginKey
	set     vault.LoginSettings
	isNew   bool // not in the vault yet: stored once the bank accepted it
	changed bool // flags changed the stored settings
	// storedTAN is the stored TAN method, kept when --tan-method names
	// one the bank does not offer.
	storedTAN string
}

// open starts a bank command. Flags may follow the LOGIN argument.
func (f *loginFlags) open(ctx context.Context, env *Env, fs *flag.FlagSet) (*bankSession, context.Context, error) {
	args, err := parseInterspersed(fs, fs.Args())
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrUsage, err)
	}
	if err := f.bankFlags.check(); err != nil {
		return nil, nil, err
	}
	if len(args) > 1 {
		return nil, nil, fmt.Errorf("%w: name at most one login, not %q", ErrUsage, args)
	}
	if f.noVault || f.state != "" {
		if len(args) > 0 {
			return nil, nil, fmt.Errorf("%w: a LOGIN name needs the vault; without it give --url, --blz and --user", ErrUsage)
		}
		s, ctx, err := f.bankFlags.open(ctx, env, flag.NewFlagSet("", flag.ContinueOnError))
		if err != nil {
			return nil, nil, err
		}
		return &bankSession{session: s}, ctx, nil
	}
	src, err := f.vaultFlags.source(env)
	if err != nil {
		return nil, nil, err
	}
	v, pass, err := f.vaultFlags.unlock(env, src)
	pass.Wipe()
	if err != nil {
		return nil, nil, err
	}
	bs := &bankSession{v: v}
	if err := f.pickLogin(bs, args); err != nil {
		v.Close()
		return nil, nil, err
	}
	// The PIN and TANs come after the passphrase on the same stdin.
	in := newLineReader(env.Stdin)
	if src.lines != nil && f.passFD < 0 {
		in = &lineReader{r: src.lines}
	}
	s, ctx, err := f.connect(ctx, env, bs, in)
	if err != nil {
		v.Close()
		return nil, nil, err
	}
	bs.session = s
	return bs, ctx, nil
}

// pickLogin finds the login in the vault, or prepares a new one from the
// flags, and lets the flags override what is stored.
func (f *loginFlags) pickLogin(bs *bankSession, args []string) error {
	v := bs.v
	var err error
	switch {
	case len(args) == 1:
		bs.key, err = findLogin(v, args[0])
	case f.blz != "" && f.user != "":
		bs.key = vault.NewLoginKey(f.blz, f.user, f.customer)
		if _, err = v.Login(bs.key); errors.Is(err, vault.ErrUnknownLogin) || errors.Is(err, vault.ErrNotFound) {
			bs.isNew, err = true, nil
		}
	case f.blz != "" || f.user != "":
		return fmt.Errorf("%w: give both --blz and --user, or a LOGIN name", ErrUsage)
	default:
		bs.key, err = onlyLogin(v)
	}
	if err != nil {
		return err
	}
	if bs.isNew {
		if strings.TrimSpace(f.url) == "" {
			return fmt.Errorf("%w: %s is not in the vault yet: give --url as well to add it (see 'saldo vault list')", ErrUsage, bs.key)
		}
		bs.set = vault.LoginSettings{BankCode: bs.key.BankCode, UserID: bs.key.UserID, CustomerID: bs.key.CustomerID}
	} else if bs.set, err = v.Login(bs.key); err != nil {
		return err
	}
	bs.storedTAN = bs.set.TANMethod
	for _, o := range []struct {
		flag string
		dst  *string
	}{{f.url, &bs.set.URL}, {f.productID, &bs.set.ProductID}, {f.tanMethod, &bs.set.TANMethod}, {f.tanMedium, &bs.set.TANMedium}} {
		if v := strings.TrimSpace(o.flag); v != "" && v != *o.dst {
			*o.dst, bs.changed = v, true
		}
	}
	return nil
}

// onlyLogin is the login to use when none is named: the only one there is.
func onlyLogin(v *vault.Vault) (vault.LoginKey, error) {
	logins, err := v.Logins()
	if err != nil {
		return vault.LoginKey{}, err
	}
	var keys []string
	for _, l := range logins {
		if l.Err == nil {
			keys = append(keys, l.Key.String())
		}
	}
	switch len(keys) {
	case 0:
		return vault.LoginKey{}, fmt.Errorf("%w: the vault has no logins yet: add one with --url, --blz and --user", ErrUsage)
	case 1:
		return vault.ParseLoginKey(keys[0])
	}
	return vault.LoginKey{}, fmt.Errorf("%w: the vault has %d logins (%s): name one", ErrUsage, len(keys), strings.Join(keys, ", "))
}

// connect builds the engine client from the login's settings and saved
// state, then asks for the PIN.
func (f *loginFlags) connect(ctx context.Context, env *Env, bs *bankSession, in *lineReader) (*session, context.Context, error) {
	set := bs.set
	cfg := fints.Config{
		URL: set.URL, BankCode: set.BankCode, UserID: set.UserID, CustomerID: set.CustomerID,
		ProductID: set.ProductID, ProductVersion: f.productVersion,
		TANMethod: set.TANMethod, TANMedium: set.TANMedium,
	}
	if !bs.isNew {
		state, err := bs.v.State(bs.key)
		switch {
		case err == nil:
			cfg.State = state
		case errors.Is(err, vault.ErrNotFound):
		default:
			fmt.Fprintf(env.Stderr, "warning: the saved bank state is unreadable and is rebuilt: %v\n", err)
		}
	}
	return f.bankFlags.start(ctx, env, in, cfg, true)
}

// done ends the command: with the vault, a new login is stored once the
// bank accepted it, the state is saved (also after a failed operation: a
// new system ID is worth keeping), cache writes what the bank sent, and
// the vault is closed.
func (bs *bankSession) done(runErr error, cache func(v *vault.Vault, key vault.LoginKey) error) error {
	if bs.v == nil {
		return bs.finish(runErr)
	}
	defer bs.v.Close()
	var errs []error
	stored := !bs.isNew
	if ignored, _ := tanMethodIgnored(bs.flags, bs.c); ignored {
		bs.set.TANMethod = bs.storedTAN // the vault keeps a method that works
	}
	if (bs.isNew && runErr == nil) || (!bs.isNew && bs.changed) {
		if err := bs.v.PutLogin(bs.set); err != nil {
			errs = append(errs, fmt.Errorf("saving the login: %w", err))
		} else {
			stored = true
		}
	}
	if stored {
		if err := bs.v.PutState(bs.key, bs.c.Deconstruct(true)); err != nil {
			errs = append(errs, fmt.Errorf("saving the bank state: %w", err))
		}
		if runErr == nil && cache != nil {
			if err := cache(bs.v, bs.key); err != nil {
				errs = append(errs, fmt.Errorf("caching in the vault: %w", err))
			}
		}
	}
	err := bs.finish(runErr)
	if err == nil {
		err = errors.Join(errs...)
	}
	return err
}

// selectAccounts narrows to --account; from the vault cache when the
// client knows no accounts yet.
func (bs *bankSession) selectAccounts(ctx context.Context) ([]fints.Account, error) {
	if bs.flags.account == "" {
		return nil, nil
	}
	if bs.v != nil && len(bs.c.KnownAccounts()) == 0 {
		if accts, err := bs.v.Accounts(bs.key); err == nil {
			for _, a := range accts {
				if app.AccountMatches(a, bs.flags.account) {
					return []fints.Account{a}, nil
				}
			}
		}
	}
	return bs.session.selectAccounts(ctx)
}

// perAccount runs op in one dialog for the accounts --account selects
// (all when none is given), then ends the dialog. A partial failure that
// still brought results is a warning on stderr, not the command's error.
func perAccount[T any](ctx context.Context, env *Env, s *bankSession, op func(context.Context, ...fints.Account) ([]T, error)) ([]T, error) {
	var res []T
	err := s.c.Open(ctx)
	if err == nil {
		var sel []fints.Account
		if sel, err = s.selectAccounts(ctx); err == nil {
			res, err = op(ctx, sel...)
		}
		if cerr := s.c.Close(ctx); err == nil {
			err = cerr
		}
	}
	var partial *fints.PartialError
	if errors.As(err, &partial) && len(res) > 0 {
		fmt.Fprintf(env.Stderr, "warning: %v\n", err)
		err = nil
	}
	return res, err
}
