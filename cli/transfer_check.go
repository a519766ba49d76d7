package cli

import (
	"errors"
	"fmt"
	"strings"

	"saldo/fints"
	"saldo/fints/money"
	"saldo/fints/pain"
	"saldo/fints/statement"
)

// Checks of a transfer typed on the command line, made before the vault
// is unlocked and the PIN asked for: each names the flag and what to write
// instead.

// parseAmount reads --amount: a positive euro amount with at most two
// decimals; "12,34" is read as 12.34, as Germans write it.
func parseAmount(s string) (money.Amount, error) {
	v := strings.TrimSpace(s)
	bad := func(why string) (money.Amount, error) {
		return money.Amount{}, fmt.Errorf("%w: --amount %q: %s", ErrUsage, s, why)
	}
	a, err := money.Parse(v)
	switch {
	case err != nil && strings.Contains(err.Error(), "too large"):
		return bad("above the SEPA maximum of 999999999.99")
	case err != nil && strings.Contains(v, ",") && strings.Contains(v, "."):
		return bad("write it without a thousands separator, e.g. 1234.50")
	case err != nil:
		return bad("not an amount; write euros and cents like 12.34 (no currency sign)")
	case a.Sign() == 0:
		return bad("the amount must be more than 0")
	case a.Sign() < 0:
		return bad("the amount cannot be negative: the money always goes from --from to --to")
	case a.Decimals() > 2:
		hint := "euro amounts have at most two decimals (cents)"
		// "1.234" is 1234 euros in German writing.
		if i := strings.IndexAny(v, ".,"); i >= 1 && i <= 3 && v[0] != '0' && len(v)-i-1 == 3 {
			hint += fmt.Sprintf("; for %s%s euros leave out the separator", v[:i], v[i+1:])
		}
		return bad(hint)
	case a.Cmp(pain.MaxAmount) > 0:
		return bad("above the SEPA maximum of 999999999.99")
	}
	return a, nil
}

// transferFieldFlags maps pain's field names to the flags they come from.
var transferFieldFlags = map[string]string{
	"creditor name":        "--name",
	"creditor IBAN":        "--to",
	"creditor BIC":         "--bic",
	"debtor IBAN":          "--from",
	"purpose":              "--purpose",
	"end-to-end reference": "--end-to-end",
	"amount":               "--amount",
	"execution date":       "--date",
}

// checkOrder runs the SEPA checks the engine runs later (names and purpose
// in the SEPA character set and short enough, BIC, end-to-end reference),
// and refuses an execution date before today.
func checkOrder(t fints.Transfer) error {
	if t.From.IBAN == t.ToIBAN {
		return fmt.Errorf("%w: --to is the ordering account itself (--from); a transfer needs another account", ErrUsage)
	}
	if !t.ExecutionDate.IsZero() {
		if today := statement.Today(); t.ExecutionDate.Before(today) {
			return fmt.Errorf("%w: --date %s is in the past (today is %s): leave --date out to pay now, or give a later day", ErrUsage, t.ExecutionDate, today)
		}
	}
	pt := pain.Transfer{
		// The account holder's name comes from the bank; any valid one
		// stands in for it here.
		DebtorName: "saldo", DebtorIBAN: t.From.IBAN,
		CreditorName: t.ToName, CreditorIBAN: t.ToIBAN, CreditorBIC: t.ToBIC,
		Amount: t.Amount, Currency: t.Currency, Purpose: t.Purpose, EndToEndID: t.EndToEndID,
		Instant: t.Instant,
	}
	_, err := pain.Prepare(pt)
	if err == nil {
		return nil
	}
	var msgs []string
	for _, e := range flatten(err) {
		var fe *pain.FieldError
		if errors.As(e, &fe) {
			if flag, ok := transferFieldFlags[fe.Field]; ok {
				msgs = append(msgs, fmt.Sprintf("%s: %v", flag, fe.Err))
				continue
			}
		}
		msgs = append(msgs, e.Error())
	}
	return fmt.Errorf("%w: %s", ErrUsage, strings.Join(msgs, "; "))
}

// flatten lists the errors joined in err.
func flatten(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

// foreignDebtor rewrites the engine's refusal of an ordering account it
// knows nothing about (no holder name) when --from is simply not one of
// the login's accounts. Nothing was sent either way.
func foreignDebtor(c *fints.Client, from string, err error) error {
	if err == nil || !errors.Is(err, pain.ErrInvalid) {
		return err
	}
	known := c.KnownAccounts()
	if len(known) == 0 {
		return err
	}
	have := make([]string, 0, len(known))
	for _, a := range known {
		if a.IBAN == from {
			return err
		}
		if a.IBAN != "" {
			have = append(have, a.IBAN)
		}
	}
	return fmt.Errorf("--from %s is not an account of this login; nothing was sent. Its accounts are %s", from, strings.Join(have, ", "))
}
