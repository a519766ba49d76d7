package app

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"

	"saldo/export"
	"saldo/fints"
	"saldo/fints/statement"
	"saldo/ui"
	"saldo/vault"
)

// ExportFormats implements ui.Backend.
func (b *Backend) ExportFormats() []string {
	var out []string
	for _, f := range export.Formats() {
		out = append(out, string(f))
	}
	return out
}

// Export implements ui.Backend: exactly the rows of the view go to a new
// file (never over an existing one, never left half-written).
func (b *Backend) Export(ctx context.Context, r ui.ExportRequest) error {
	f, err := export.ParseFormat(r.Format)
	if err != nil {
		return err
	}
	if r.Path == "" {
		return errors.New("no file name given for the export")
	}
	acct := export.Account{Account: r.Account.Key(), Currency: r.Account.Currency, Bookings: dateOrder(r.Bookings)}
	file, err := os.OpenFile(r.Path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s exists already; choose another name", r.Path)
	}
	if err != nil {
		return fmt.Errorf("creating %s: %w", r.Path, err)
	}
	w := bufio.NewWriter(file)
	err = export.Write(w, f, []export.Account{acct})
	if err == nil {
		err = w.Flush()
	}
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		_ = os.Remove(r.Path)
		return fmt.Errorf("writing %s: %w", r.Path, err)
	}
	b.log.Info("bookings exported", "format", r.Format, "bookings", len(r.Bookings))
	return nil
}

// dateOrder turns the UI's newest-first rows into the exporters' date
// order, keeping the bank's order within a day.
func dateOrder(rows []statement.Booking) []statement.Booking {
	out := slices.Clone(rows)
	slices.Reverse(out)
	sort.SliceStable(out, func(i, j int) bool {
		return effDate(&out[i]).Before(effDate(&out[j]))
	})
	return out
}

func effDate(b *statement.Booking) statement.Date {
	if !b.BookingDate.IsZero() {
		return b.BookingDate
	}
	return b.ValueDate
}

// ExportAccounts reads the cached bookings of a login's accounts (all when
// none are named) for an export, with the cached balance as the closing
// checkpoint and the opening balance it implies, so ledgers end on the
// bank's figure. Accounts are named by IBAN or account number.
func ExportAccounts(v *vault.Vault, key vault.LoginKey, names ...string) ([]export.Account, error) {
	accts, err := v.Accounts(key)
	if err != nil {
		return nil, fmt.Errorf("reading the cached accounts: %w", err)
	}
	if len(accts) == 0 {
		return nil, fmt.Errorf("no accounts cached for %s yet: sync first (saldo balance or the app)", key)
	}
	// Every name must match: a typo would otherwise quietly leave an
	// account out of the ledger.
	for _, n := range names {
		if !slices.ContainsFunc(accts, func(a fints.Account) bool { return AccountMatches(a, n) }) {
			have := make([]string, 0, len(accts))
			for _, a := range accts {
				have = append(have, a.Key())
			}
			return nil, fmt.Errorf("%s has no account %q; its accounts are %s (IBAN or account number)", key, n, strings.Join(have, ", "))
		}
	}
	var out []export.Account
	for _, a := range accts {
		if len(names) > 0 && !slices.ContainsFunc(names, func(n string) bool { return AccountMatches(a, n) }) {
			continue
		}
		list, err := v.Bookings(key, a.Key(), statement.Date{}, statement.Date{})
		if err != nil {
			return nil, fmt.Errorf("reading the cached bookings of %s: %w", a.Key(), err)
		}
		ea := export.Account{Account: a.Key(), Currency: a.Currency, Bookings: list}
		if bal, err := v.Balance(key, a.Key()); err == nil {
			withBalance(&ea, bal.Booked)
		}
		out = append(out, ea)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s has no account %s (see saldo accounts)", key, strings.Join(names, ", "))
	}
	return out, nil
}

// withBalance adds the bank's booked balance as a checkpoint when the
// cache reaches its date, and the opening balance before the first cached
// booking that follows from it.
func withBalance(a *export.Account, bal statement.Balance) {
	if bal.Date.IsZero() || len(a.Bookings) == 0 {
		return
	}
	sum := bal.Amount
	for i := range a.Bookings {
		b := &a.Bookings[i]
		d := effDate(b)
		if b.Status != statement.Booked {
			continue
		}
		if d.IsZero() || d.After(bal.Date) {
			return // bookings after the balance: it cannot anchor them
		}
		sum = sum.Sub(b.Amount)
	}
	first := effDate(&a.Bookings[0])
	if first.IsZero() {
		return
	}
	a.Opening = &statement.Balance{Amount: sum, Currency: bal.Currency, Date: first.AddDays(-1)}
	a.Balances = []statement.Balance{bal}
}
