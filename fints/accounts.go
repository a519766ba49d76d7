package fints

import (
	"context"
	"strings"

	"saldo/fints/wire"
)

// Accounts returns the login's accounts: the UPD (HIUPD) merged with the
// SEPA account list (HKSPA/HISPA) for IBAN and BIC.
func (c *Client) Accounts(ctx context.Context) ([]Account, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	res, err := c.do(ctx, &opSpec{Kind: opAccounts})
	if err != nil {
		return nil, err
	}
	return res.Accounts, nil
}

// KnownAccounts returns the accounts from the last UPD/HISPA without
// contacting the bank (nil before the first dialog).
func (c *Client) KnownAccounts() []Account {
	return append([]Account(nil), c.view.Load().accounts...)
}

func (c *Client) accountTasks(r *run) error {
	jp, ok := c.p.job("HKSPA", 1, 2, 3)
	if !ok {
		// No HKSPA: the UPD are all there is.
		return nil
	}
	r.Tasks = append(r.Tasks, &task{Job: "HKSPA", Seg: wire.NewSegment("HKSPA", jp.version), TouchPos: 4})
	return nil
}

// absorbSEPAAccounts merges HISPA into the UPD accounts and remembers
// the result for later operations.
func (c *Client) absorbSEPAAccounts(t *task) []Account {
	var sepa []Account
	for _, s := range t.Data {
		if s.ID != "HISPA" {
			continue
		}
		for pos := 2; pos <= s.Len(); pos++ {
			z := wire.ParseKTZ(s.Group(pos), 1)
			if z.Number == "" && z.IBAN == "" {
				continue
			}
			sepa = append(sepa, Account{IBAN: z.IBAN, BIC: z.BIC, Number: z.Number, SubAccount: z.Sub, BankCode: z.Bank.Code})
		}
	}
	c.accounts = mergeAccounts(c.p.accounts, sepa)
	c.learnAccounts()
	c.publish()
	return append([]Account(nil), c.accounts...)
}

// mergeAccounts combines the UPD accounts with SEPA data (from HISPA or
// an earlier merge): IBAN and BIC are filled in where the account number
// matches. SEPA accounts missing from the UPD are appended.
func mergeAccounts(upd, sepa []Account) []Account {
	if len(upd) == 0 {
		return append([]Account(nil), sepa...)
	}
	out := make([]Account, len(upd))
	copy(out, upd)
	used := make([]bool, len(sepa))
	for i := range out {
		for j, s := range sepa {
			if used[j] || !sameAccount(out[i], s) {
				continue
			}
			used[j] = true
			if out[i].IBAN == "" {
				out[i].IBAN = s.IBAN
			}
			if out[i].BIC == "" {
				out[i].BIC = s.BIC
			}
			break
		}
	}
	for j, s := range sepa {
		if !used[j] && s.IBAN != "" && !hasIBAN(out, s.IBAN) {
			out = append(out, s)
		}
	}
	return out
}

func sameAccount(a, b Account) bool {
	if a.IBAN != "" && b.IBAN != "" {
		return strings.EqualFold(a.IBAN, b.IBAN)
	}
	return strings.TrimLeft(a.Number, "0") == strings.TrimLeft(b.Number, "0") && a.SubAccount == b.SubAccount
}

func hasIBAN(list []Account, iban string) bool {
	for _, a := range list {
		if strings.EqualFold(a.IBAN, iban) {
			return true
		}
	}
	return false
}

// kti and ktv build the account groups for job segments.
func (c *Client) kti(a Account) wire.DE {
	return wire.KTI{IBAN: a.IBAN, BIC: a.BIC, Number: a.Number, Sub: a.SubAccount, Bank: wire.KIK{Country: wire.CountryDE, Code: c.bankOf(a)}}.DE()
}

func (c *Client) ktv(a Account) wire.DE {
	return wire.KTV{Number: a.Number, Sub: a.SubAccount, Bank: wire.KIK{Country: wire.CountryDE, Code: c.bankOf(a)}}.DE()
}

func (c *Client) bankOf(a Account) string {
	if a.BankCode != "" {
		return a.BankCode
	}
	return c.cfg.BankCode
}
