package cli

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"

	"saldo/fints"
	"saldo/fints/statement"
	"saldo/vault"
)

func init() {
	var f loginFlags
	var from, to string
	register(&Command{
		Name:    "transactions",
		Usage:   loginUsage + " [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--account IBAN]",
		Summary: "download the bookings of a bank login's accounts (all pages)",
		Flags: func(fs *flag.FlagSet) {
			f.define(fs)
			fs.StringVar(&from, "from", "", "first booking day (default: 90 days ago)")
			fs.StringVar(&to, "to", "", "last booking day (default: today)")
		},
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			fromD, err := parseDateFlag("from", from)
			if err != nil {
				return err
			}
			toD, err := parseDateFlag("to", to)
			if err != nil {
				return err
			}
			if err := checkFrom(fromD); err != nil {
				return err
			}
			defaultFrom := fromD.IsZero()
			if defaultFrom {
				fromD = statement.Today().AddDays(-fints.SyncWindow)
			}
			if !toD.IsZero() && toD.Before(fromD) {
				if defaultFrom {
					return fmt.Errorf("%w: --to %s is before the default first day %s (%d days ago): give --from as well", ErrUsage, toD, fromD, fints.SyncWindow)
				}
				return fmt.Errorf("%w: --to %s is before --from %s", ErrUsage, toD, fromD)
			}
			s, ctx, err := f.open(ctx, env, fs)
			if err != nil {
				return err
			}
			sts, err := perAccount(ctx, env, s, func(ctx context.Context, sel ...fints.Account) ([]fints.AccountStatements, error) {
				return s.c.Transactions(ctx, fromD, toD, sel...)
			})
			err = s.done(err, func(v *vault.Vault, key vault.LoginKey) error {
				return cacheStatements(v, key, sts, toD)
			})
			if err != nil {
				return err
			}
			if f.json {
				type out struct {
					Account string              `json:"account"`
					Format  string              `json:"format"`
					Pages   int                 `json:"pages"`
					Booked  []statement.Booking `json:"booked"`
					Pending []statement.Booking `json:"pending"`
				}
				list := make([]out, 0, len(sts))
				for _, st := range sts {
					o := out{Account: st.Account, Format: st.Format, Pages: st.Pages, Booked: st.Booked, Pending: st.Pending}
					if o.Booked == nil {
						o.Booked = []statement.Booking{}
					}
					if o.Pending == nil {
						o.Pending = []statement.Booking{}
					}
					list = append(list, o)
				}
				return printJSON(env.Stdout, list)
			}
			tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
			for _, st := range sts {
				fmt.Fprintf(tw, "%s (%d booked, %d pending)\n", st.Account, len(st.Booked), len(st.Pending))
				for _, b := range append(append([]statement.Booking{}, st.Pending...), st.Booked...) {
					name := b.CounterpartyName
					if name == "" {
						name = b.PostingText
					}
					fmt.Fprintf(tw, "  %s\t%s\t%s %s\t%s\t%s\n", b.BookingDate, b.Status, b.Amount, b.Currency, name, truncate(b.Purpose, 60))
				}
			}
			return tw.Flush()
		},
	})
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// cacheStatements merges fetched bookings into the vault. Pending entries
// replace the cached ones only when the period reaches today: an older
// period says nothing about what is pending now.
func cacheStatements(v *vault.Vault, key vault.LoginKey, sts []fints.AccountStatements, to statement.Date) error {
	current := to.IsZero() || !to.Before(statement.Today())
	for _, st := range sts {
		pending := st.Pending
		if !current {
			var err error
			if pending, err = v.PendingBookings(key, st.Account); err != nil {
				return err
			}
		}
		if _, err := v.MergeBookings(key, st.Account, st.Booked, pending); err != nil {
			return err
		}
	}
	return nil
}
