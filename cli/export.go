package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"saldo/app"
	"saldo/export"
	"saldo/fints/statement"
	"saldo/vault"
)

func init() {
	var format, out, from, to, login string
	var accounts listFlag
	var vf vaultFlags
	register(&Command{
		Name:    "export",
		Usage:   "[--format csv|json|hledger|beancount] [--out FILE] [--from YYYY-MM-DD] [--to YYYY-MM-DD] (FILE... | --login LOGIN [--account IBAN]...)",
		Summary: "write the bookings of statement files, or of a login synced into the vault, as CSV, JSON, hledger or beancount",
		Flags: func(fs *flag.FlagSet) {
			fs.StringVar(&format, "format", "csv", "csv, json, hledger or beancount")
			fs.StringVar(&out, "out", "", "write to FILE instead of standard output (replaced only once complete)")
			fs.StringVar(&from, "from", "", "first booking day to export")
			fs.StringVar(&to, "to", "", "last booking day to export")
			fs.StringVar(&login, "login", "", "export the bookings cached in the vault for this login (BLZ/USER or its name)")
			// Flags runs for every invocation; a list flag keeps what an
			// earlier run appended unless it is emptied here.
			accounts = nil
			fs.Var(&accounts, "account", "with --login: only this account (IBAN or account number); repeatable")
			vf.define(fs, false)
		},
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			paths, err := parseInterspersed(fs, fs.Args())
			if err != nil {
				return fmt.Errorf("%w: %w", ErrUsage, err)
			}
			f, err := export.ParseFormat(format)
			if err != nil {
				return fmt.Errorf("%w: --format: %v", ErrUsage, err)
			}
			fromD, err := parseDateFlag("from", from)
			if err != nil {
				return err
			}
			toD, err := parseDateFlag("to", to)
			if err != nil {
				return err
			}
			if !fromD.IsZero() && !toD.IsZero() && toD.Before(fromD) {
				return fmt.Errorf("%w: --to %s is before --from %s", ErrUsage, toD, fromD)
			}
			switch {
			case login != "" && len(paths) > 0:
				return fmt.Errorf("%w: export either statement files or --login, not both", ErrUsage)
			case login == "" && len(accounts) > 0:
				return fmt.Errorf("%w: --account needs --login", ErrUsage)
			case login != "":
				v, err := vf.open(env)
				if err != nil {
					return err
				}
				defer v.Close()
				key, err := findLogin(v, login)
				if err != nil {
					return err
				}
				return runExport(ctx, env, vaultSource{v: v, key: key, accounts: accounts}, f, out, fromD, toD)
			case len(paths) == 0:
				return fmt.Errorf("%w: name at least one statement file (MT940, MT942 or camt XML), or --login for the vault", ErrUsage)
			}
			return runExport(ctx, env, fileSource{paths: paths, warn: env.Stderr}, f, out, fromD, toD)
		},
	})
}

// bookingSource is where an export takes its bookings from: statement
// files, or the bookings a login synced into the vault.
type bookingSource interface {
	Accounts(ctx context.Context) ([]export.Account, error)
}

// fileSource reads statement files; each file is one download, so the
// same booking in two overlapping files is exported once.
type fileSource struct {
	paths []string
	warn  io.Writer // warnings about the files; nil: none shown
}

func (s fileSource) Accounts(ctx context.Context) ([]export.Account, error) {
	groups := make([][]statement.Statement, 0, len(s.paths))
	for _, p := range s.paths {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		f, err := readStatementFile(p)
		if err != nil {
			return nil, err
		}
		if s.warn != nil {
			printWarnings(s.warn, f)
		}
		groups = append(groups, f.Statements)
	}
	return export.FromStatements(groups...), nil
}

// vaultSource reads a login's cached bookings, with the cached balance as
// the closing figure the ledgers check.
type vaultSource struct {
	v        *vault.Vault
	key      vault.LoginKey
	accounts []string
}

func (s vaultSource) Accounts(ctx context.Context) ([]export.Account, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return app.ExportAccounts(s.v, s.key, s.accounts...)
}

// listFlag collects a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	if strings.TrimSpace(s) == "" {
		return fmt.Errorf("empty: give an IBAN or account number")
	}
	*l = append(*l, s)
	return nil
}

func runExport(ctx context.Context, env *Env, src bookingSource, f export.Format, out string, from, to statement.Date) error {
	if out != "" {
		// Before the inputs are read: a wrong --out should not wait.
		if err := outputProblem(out); err != nil {
			return err
		}
	}
	all, err := src.Accounts(ctx)
	if err != nil {
		return err
	}
	var accts []export.Account
	bookings, pending := 0, 0
	for _, a := range all {
		a = a.Between(from, to)
		if len(a.Bookings) == 0 && len(a.Balances) == 0 {
			continue
		}
		for _, b := range a.Bookings {
			bookings++
			if b.Status != statement.Booked {
				pending++
			}
		}
		accts = append(accts, a)
	}
	if out == "" {
		return export.Write(env.Stdout, f, accts)
	}
	if err := writeAtomic(out, func(w io.Writer) error { return export.Write(w, f, accts) }); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "exported %d bookings of %d accounts to %s\n", bookings, len(accts), out)
	if pending > 0 && (f == export.Hledger || f == export.Beancount) {
		fmt.Fprintf(env.Stderr, "note: %d pending bookings are left out of the ledger; they get booked (and new IDs) later\n", pending)
	}
	return nil
}

// writeAtomic writes a file through fn and puts it in place only when fn
// succeeded, so a failed export never leaves half a ledger behind. The
// file is readable by its owner only: it holds account data.
func writeAtomic(path string, fn func(io.Writer) error) error {
	if err := outputProblem(path); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".saldo-export-*")
	if err != nil {
		return writeProblem(path, err)
	}
	bw := bufio.NewWriter(tmp)
	err = fn(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		var pe *os.PathError
		var le *os.LinkError
		if errors.As(err, &pe) || errors.As(err, &le) {
			return writeProblem(path, err)
		}
		return fmt.Errorf("write %s: %w", path, err) // the export's own error
	}
	return nil
}
