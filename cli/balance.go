package cli

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"

	"saldo/vault"
)

func init() {
	var f loginFlags
	register(&Command{
		Name:    "balance",
		Usage:   loginUsage + " [--account IBAN]",
		Summary: "show the balances of a bank login's accounts",
		Flags:   f.define,
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			s, ctx, err := f.open(ctx, env, fs)
			if err != nil {
				return err
			}
			balances, err := perAccount(ctx, env, s, s.c.Balances)
			err = s.done(err, func(v *vault.Vault, key vault.LoginKey) error {
				if cached, _ := v.Accounts(key); len(cached) == 0 {
					if known := s.c.KnownAccounts(); len(known) > 0 {
						if err := v.PutAccounts(key, known); err != nil {
							return err
						}
					}
				}
				for _, b := range balances {
					if err := v.PutBalance(key, b); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
			if f.json {
				return printJSON(env.Stdout, balances)
			}
			tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
			fmt.Fprintln(tw, "ACCOUNT\tBOOKED\tAVAILABLE\tCURRENCY\tDATE\t")
			for _, b := range balances {
				avail := ""
				if b.Available != nil {
					avail = b.Available.String()
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", b.Account, b.Booked.Amount, avail, b.Booked.Currency, b.Booked.Date)
			}
			return tw.Flush()
		},
	})
}
