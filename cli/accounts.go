package cli

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"

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
			if f.json {
				return printJSON(env.Stdout, accounts)
			}
			return printAccounts(env, accounts)
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
