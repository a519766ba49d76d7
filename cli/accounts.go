package cli

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"text/tabwriter"

	"saldo/app"
	"saldo/fints"
	"saldo/vault"
)

func init() {
	var f loginFlags
	register(&Command{
		Name:    "accounts",
		Usage:   loginUsage,
		Summary: "list the accounts of a bank login",
		Flags:   f.define,
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			s, ctx, err := f.open(ctx, env, fs)
			if err != nil {
				return err
			}
			accounts, err := s.c.Accounts(ctx)
			if err == nil {
				err = s.c.Close(ctx)
			}
			err = s.done(err, func(v *vault.Vault, key vault.LoginKey) error {
				if len(accounts) == 0 {
					return nil
				}
				return v.PutAccounts(key, accounts)
			})
			if err != nil {
				return err
			}
			shown := accounts
			if f.account != "" {
				// --account narrows the listing; the vault got them all.
				shown = slices.DeleteFunc(slices.Clone(accounts), func(a fints.Account) bool { return !app.AccountMatches(a, f.account) })
				if len(shown) == 0 {
					return noAccount(f.account, accounts)
				}
			}
			if f.json {
				return printJSON(env.Stdout, shown)
			}
			return printAccounts(env, shown)
		},
	})
}

func printAccounts(env *Env, accounts []fints.Account) error {
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "IBAN\tBIC\tNUMBER\tPRODUCT\tOWNER\tCURRENCY")
	for _, a := range accounts {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", a.IBAN, a.BIC, a.Number, a.Product, a.Owner, a.Currency)
	}
	return tw.Flush()
}
