package vault

import (
	"fmt"
	"sort"

	bolt "go.etcd.io/bbolt"

	"saldo/fints"
)

// accountList is the cached account list of a login.
type accountList struct {
	Version  int             `json:"v"`
	Accounts []fints.Account `json:"accounts"`
}

// PutAccounts replaces the login's cached account list and marks the login
// as synced.
func (v *Vault) PutAccounts(key LoginKey, accounts []fints.Account) error {
	return v.update(key.String(), "accounts", func(tx *bolt.Tx) error {
		p, err := v.login(tx, key, false)
		if err != nil {
			return err
		}
		if err := v.keys.putJSON(p, keyAccounts, accountList{Version: 1, Accounts: accounts}); err != nil {
			return err
		}
		return v.touch(p, now())
	})
}

// Accounts returns the cached account list (empty if never synced).
func (v *Vault) Accounts(key LoginKey) ([]fints.Account, error) {
	var l accountList
	err := v.view(key.String(), "accounts", func(tx *bolt.Tx) error {
		p, err := v.login(tx, key, false)
		if err != nil {
			return err
		}
		_, err = v.keys.getJSON(p, keyAccounts, &l)
		return damaged(key, "accounts", err)
	})
	return l.Accounts, err
}

// PutBalance caches the latest balance of b.Account and marks the login as
// synced.
func (v *Vault) PutBalance(key LoginKey, b fints.Balance) error {
	if b.Account == "" {
		return fmt.Errorf("put balance: the balance names no account")
	}
	return v.update(key.String(), "balance", func(tx *bolt.Tx) error {
		p, err := v.login(tx, key, false)
		if err != nil {
			return err
		}
		bp, err := p.child(bucketBal, true)
		if err != nil {
			return err
		}
		if err := v.keys.putJSON(bp, v.keys.nameOf("account", b.Account), b); err != nil {
			return err
		}
		return v.touch(p, now())
	})
}

// Balance returns the cached balance of one account, or ErrNotFound.
func (v *Vault) Balance(key LoginKey, account string) (fints.Balance, error) {
	var b fints.Balance
	err := v.view(key.String(), "balance", func(tx *bolt.Tx) error {
		p, err := v.login(tx, key, false)
		if err != nil {
			return err
		}
		bp, _ := p.child(bucketBal, false)
		found := false
		if bp.ok() {
			found, err = v.keys.getJSON(bp, v.keys.nameOf("account", account), &b)
		}
		if err != nil {
			return damaged(key, "balance of "+account, err)
		}
		if !found {
			return fmt.Errorf("balance of %s: %w", account, ErrNotFound)
		}
		return nil
	})
	return b, err
}

// Balances returns all cached balances of the login, sorted by account. A
// damaged one is skipped and reported in the error (errors.Is ErrDamaged).
func (v *Vault) Balances(key LoginKey) ([]fints.Balance, error) {
	var out []fints.Balance
	var damage error
	err := v.view(key.String(), "balances", func(tx *bolt.Tx) error {
		p, err := v.login(tx, key, false)
		if err != nil {
			return err
		}
		bp, _ := p.child(bucketBal, false)
		if !bp.ok() {
			return nil
		}
		return bp.b.ForEach(func(k, _ []byte) error {
			var b fints.Balance
			if _, err := v.keys.getJSON(bp, k, &b); err != nil {
				damage = damaged(key, "balance", err)
				return nil
			}
			out = append(out, b)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Account < out[j].Account })
	return out, damage
}
