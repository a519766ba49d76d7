package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"text/tabwriter"

	"saldo/fints"
)

func init() {
	var f bankFlags
	register(&Command{
		Name:    "balance",
		Usage:   "--url URL --blz BLZ --user USER [--account IBAN] [--pin-stdin] [--json] [--state FILE]",
		Summary: "show the balances of a bank login's accounts",
		Flags:   f.define,
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			s, ctx, err := f.open(ctx, env, fs)
			if err != nil {
				return err
			}
			var balances []fints.Balance
			err = s.c.Open(ctx)
			if err == nil {
				var sel []fints.Account
				if sel, err = s.selectAccounts(ctx); err == nil {
					balances, err = s.c.Balances(ctx, sel...)
				}
				if cerr := s.c.Close(ctx); err == nil {
					err = cerr
				}
			}
			var partial *fints.PartialError
			if errors.As(err, &partial) && len(balances) > 0 {
				fmt.Fprintf(env.Stderr, "warning: %v\n", err)
				err = nil
			}
			if err = s.finish(err); err != nil {
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
