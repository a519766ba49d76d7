// The read side of the vault cache for the UI: the login list, an account's
// history, and account lookup by the names people type.

package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"saldo/fints"
	"saldo/fints/bankdir"
	"saldo/fints/demobank"
	"saldo/fints/statement"
	"saldo/ui"
	"saldo/vault"
)

// displayName is the login's name for people: the one chosen when it was
// added, else the bank's name from the directory.
func displayName(s vault.LoginSettings) string {
	switch {
	case strings.TrimSpace(s.Name) != "":
		return s.Name
	case s.BankCode == demobank.BankCode:
		return demobank.BankName
	}
	if bk, ok := bankdir.Lookup(s.BankCode); ok {
		return bk.Name
	}
	return "Bank " + s.BankCode
}

// Logins implements ui.Backend: everything comes from the vault cache.
func (b *Backend) Logins(ctx context.Context) ([]ui.Login, error) {
	v, err := b.vault()
	if err != nil {
		return nil, err
	}
	sums, err := v.Logins()
	if err != nil {
		return nil, fmt.Errorf("reading the logins: %w", err)
	}
	unresolved := map[vault.LoginKey][]vault.Order{}
	if orders, err := v.PendingOrders(); err == nil {
		for _, o := range orders {
			unresolved[o.Login] = append(unresolved[o.Login], o)
		}
	}
	out := make([]ui.Login, 0, len(sums))
	for _, sm := range sums {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if sm.Err != nil {
			// The other logins stay usable; `saldo vault remove #ID` cleans up.
			b.log.Warn("login unreadable", "id", sm.ID, "err", sm.Err.Error())
			continue
		}
		l := ui.Login{
			ID: sm.Key.String(), BankName: displayName(sm.Settings), BankCode: sm.Settings.BankCode,
			UserID: sm.Settings.UserID, URL: sm.Settings.URL, Demo: sm.Settings.BankCode == demobank.BankCode,
			LastSync: sm.LastSync, HasPending: sm.Paused,
		}
		accts, err := v.Accounts(sm.Key)
		if err != nil {
			l.SyncError = "cached accounts unreadable: " + err.Error()
		}
		bals, _ := v.Balances(sm.Key) // a damaged balance is refetched by the next sync
		for _, a := range accts {
			info := ui.AccountInfo{Account: a}
			for i := range bals {
				if bals[i].Account == a.Key() {
					info.Balance = &bals[i]
					break
				}
			}
			l.Accounts = append(l.Accounts, info)
		}
		b.mu.Lock()
		s := b.sessions[sm.Key]
		b.mu.Unlock()
		if s != nil {
			s.mu.Lock()
			if s.syncErr != "" {
				l.SyncError = s.syncErr
			}
			s.mu.Unlock()
		}
		if os := withoutPaused(v, sm, unresolved[sm.Key]); len(os) > 0 {
			o := os[len(os)-1]
			l.Notice = fmt.Sprintf("the transfer of %s %s to %s has no final answer from the bank: check the statement before sending it again",
				o.Transfer.Amount.Format(true), o.Transfer.Currency, o.Transfer.ToName)
		}
		out = append(out, l)
	}
	return out, nil
}

// withoutPaused drops the order a paused operation is about: the bank
// still holds it for the TAN and the resume offer speaks for it, so
// "no final answer, check the statement" would be wrong there.
func withoutPaused(v *vault.Vault, sm vault.LoginSummary, orders []vault.Order) []vault.Order {
	if !sm.Paused || len(orders) == 0 {
		return orders
	}
	data, err := v.Paused(sm.Key)
	if err != nil {
		return orders
	}
	rec, err := decodePaused(data)
	if err != nil || rec.OrderID == "" {
		return orders
	}
	out := make([]vault.Order, 0, len(orders))
	for _, o := range orders {
		if o.ID != rec.OrderID {
			out = append(out, o)
		}
	}
	return out
}

// today is the bank's calendar day.
func (b *Backend) today() statement.Date {
	return statement.DateOf(b.opts.Now().In(berlin))
}

var berlin = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/Berlin"); err == nil {
		return loc
	}
	return time.FixedZone("CET", 3600)
}()

// History implements ui.Backend, from the vault cache only.
func (b *Backend) History(ctx context.Context, loginID, account string) (ui.History, error) {
	s, err := b.session(loginID)
	if err != nil {
		return ui.History{}, err
	}
	v, err := b.vault()
	if err != nil {
		return ui.History{}, err
	}
	list, err := v.Bookings(s.key, account, statement.Date{}, statement.Date{})
	if err != nil {
		return ui.History{}, fmt.Errorf("reading the cached bookings: %w", err)
	}
	h := ui.History{Bookings: newestFirst(list)}
	h.From = oldestBooked(list)
	s.mu.Lock()
	st := s.older[account]
	days := s.historyDays
	s.mu.Unlock()
	if reached, err := statement.ParseDate(st.reached); err == nil && !reached.IsZero() && (h.From.IsZero() || reached.Before(h.From)) {
		h.From = reached
	}
	last := s.lastSyncTime(v)
	if !last.IsZero() {
		h.To = statement.DateOf(last.In(berlin))
		if h.From.IsZero() {
			h.From = h.To.AddDays(-fints.SyncWindow)
		}
	}
	h.CanFetchOlder = !last.IsZero() && !st.exhausted && (days <= 0 || h.From.After(b.today().AddDays(-days)))
	return h, nil
}

// newestFirst turns the vault's order (oldest first, pending after booked
// on a day) into the UI's: pending first, then booked, each newest first.
func newestFirst(list []statement.Booking) []statement.Booking {
	out := make([]statement.Booking, 0, len(list))
	for i := len(list) - 1; i >= 0; i-- {
		if list[i].Status == statement.Pending {
			out = append(out, list[i])
		}
	}
	for i := len(list) - 1; i >= 0; i-- {
		if list[i].Status != statement.Pending {
			out = append(out, list[i])
		}
	}
	return out
}

func oldestBooked(list []statement.Booking) statement.Date {
	for i := range list {
		if list[i].Status == statement.Pending {
			continue
		}
		d := list[i].BookingDate
		if d.IsZero() {
			d = list[i].ValueDate
		}
		if !d.IsZero() {
			return d // the vault sorts oldest first
		}
	}
	return statement.Date{}
}

// cachedAccount finds an account of the login by its key.
func cachedAccount(v *vault.Vault, key vault.LoginKey, account string) (fints.Account, error) {
	accts, err := v.Accounts(key)
	if err != nil {
		return fints.Account{}, fmt.Errorf("reading the cached accounts: %w", err)
	}
	for _, a := range accts {
		if a.Key() == account {
			return a, nil
		}
	}
	return fints.Account{}, fmt.Errorf("login %s has no account %s (sync first)", key, account)
}

// AccountMatches reports whether name (an IBAN with or without spaces, an
// account number with or without leading zeros, or "BLZ/number") names a.
func AccountMatches(a fints.Account, name string) bool {
	n := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(name), " ", ""))
	switch {
	case n == "":
		return false
	case a.IBAN != "" && strings.EqualFold(a.IBAN, n), a.Key() == n:
		return true
	}
	num := strings.TrimLeft(a.Number, "0")
	return num != "" && num == strings.TrimLeft(n, "0")
}
