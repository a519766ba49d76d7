// --account: one account of the login, by IBAN or account number.

package cli

import (
	"context"
	"fmt"
	"strings"

	"saldo/fints"
)

// accounts returns the accounts selected by --account (all when empty).
func (s *session) selectAccounts(ctx context.Context) ([]fints.Account, error) {
	if s.flags.account == "" {
		return nil, nil
	}
	list := s.c.KnownAccounts()
	if len(list) == 0 {
		var err error
		if list, err = s.c.Accounts(ctx); err != nil {
			return nil, err
		}
	}
	want := strings.ToUpper(strings.ReplaceAll(s.flags.account, " ", ""))
	for _, a := range list {
		if strings.EqualFold(a.IBAN, want) || strings.TrimLeft(a.Number, "0") == strings.TrimLeft(want, "0") {
			return []fints.Account{a}, nil
		}
	}
	return nil, noAccount(s.flags.account, list)
}

// noAccount says that --account matched none of the login's accounts and
// which ones there are.
func noAccount(name string, list []fints.Account) error {
	var have []string
	for _, a := range list {
		if a.IBAN != "" {
			have = append(have, a.IBAN)
		} else if a.Number != "" {
			have = append(have, a.Number)
		}
	}
	if len(have) == 0 {
		return fmt.Errorf("no account %q in this login (see 'saldo accounts')", name)
	}
	return fmt.Errorf("no account %q in this login; give one of %s (IBAN or account number)", name, strings.Join(have, ", "))
}
