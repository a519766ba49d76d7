// The vault flags every vault-using command shares: where the file is,
// unlocking it, and naming a login in it.

package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

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
