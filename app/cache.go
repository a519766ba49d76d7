package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"saldo/fints"
	"saldo/fints/bankdir"
	"saldo/fints/demobank"
	"saldo/fints/sepa"
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

// spelledOut reports whether recorded is orig as a transfer sends it
// (Sören Kühn → Soeren Kuehn): the address book then keeps orig, the
// spelling the person types and the bank shows in the statement.
func spelledOut(recorded, orig string) bool {
	if recorded == orig {
		return false
	}
	t, err := sepa.Transliterate(orig, sepa.Basic)
	return err == nil && strings.EqualFold(t, recorded)
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

// Sync implements ui.Backend: one sync message in the standing dialog
// (balances and the bookings since shortly before the last sync, at most
// the SCA-exempt 90 days), merged into the vault cache.
func (b *Backend) Sync(ctx context.Context, loginID string, job ui.Job) error {
	s, err := b.session(loginID)
	if err != nil {
		return err
	}
	o := &op{kind: opSync, label: "Sync " + s.bankName(), started: b.opts.Now()}
	err = s.run(ctx, job, o, func(ctx context.Context, c *fints.Client) error {
		return s.syncLocked(ctx, job, c)
	})
	switch {
	case err == nil:
	case errors.Is(err, ErrPaused), errors.Is(err, context.Canceled), errors.Is(err, ui.ErrCancelled),
		errors.Is(err, ui.ErrQuitting), errors.Is(err, ErrClosed):
		// not a bank problem worth showing in the status bar
	default:
		s.setSyncError(err.Error())
		b.log.Info("sync failed", "login", s.id, "err", err.Error())
	}
	return err
}

// syncMargin is how many days before the last sync a warm sync starts:
// banks book late, with value dates in the past.
const syncMargin = 10

func (s *session) syncLocked(ctx context.Context, job ui.Job, c *fints.Client) error {
	v, err := s.b.vault()
	if err != nil {
		return err
	}
	today := s.b.today()
	from := today.AddDays(-fints.SyncWindow)
	if last := s.lastSyncTime(v); !last.IsZero() {
		if f := statement.DateOf(last.In(berlin)).AddDays(-syncMargin); f.After(from) {
			from = f
		}
	}
	cached, _ := v.Accounts(s.key)
	if len(cached) == 0 {
		// First sync: the SEPA account list brings IBAN and BIC where the
		// UPD lack them.
		progress(job, "Fetching the accounts", 1, 3)
		if _, err := c.Accounts(ctx); err != nil {
			return err
		}
	}
	progress(job, "Fetching balances and bookings", 2, 3)
	res, err := c.Sync(ctx, from)
	if err != nil {
		return err
	}
	progress(job, "Saving", 3, 3)
	if err := s.storeSync(v, res.Accounts, res.Balances, res.Statements); err != nil {
		return err
	}
	if s.stored {
		s.resolveOrders(v)
	}
	msg := ""
	if len(res.Failures) > 0 {
		parts := make([]string, 0, len(res.Failures))
		for _, f := range res.Failures {
			parts = append(parts, f.Error())
		}
		msg = "partly failed: " + strings.Join(parts, "; ")
	}
	s.setSyncError(msg)
	s.mu.Lock()
	s.lastSync = s.b.opts.Now()
	s.mu.Unlock()
	s.b.log.Info("sync done", "login", s.id, "accounts", len(res.Accounts), "statements", len(res.Statements), "failures", len(res.Failures))
	return nil
}

// lastSyncTime is when the login was last synced (this session or before).
func (s *session) lastSyncTime(v *vault.Vault) time.Time {
	s.mu.Lock()
	last := s.lastSync
	s.mu.Unlock()
	if !last.IsZero() {
		return last
	}
	if sums, err := v.Logins(); err == nil {
		for _, sm := range sums {
			if sm.Key == s.key {
				return sm.LastSync
			}
		}
	}
	return time.Time{}
}

// storeSync writes a sync's results into the vault: the account list,
// each balance, and the bookings (booked merged by ID, pending replaced).
func (s *session) storeSync(v *vault.Vault, accounts []fints.Account, balances []fints.Balance, sts []fints.AccountStatements) error {
	if !s.stored {
		return nil
	}
	if len(accounts) > 0 {
		if err := v.PutAccounts(s.key, accounts); err != nil {
			return fmt.Errorf("caching the accounts: %w", err)
		}
	}
	for _, bal := range balances {
		if err := v.PutBalance(s.key, bal); err != nil {
			return fmt.Errorf("caching the balance of %s: %w", bal.Account, err)
		}
	}
	for _, st := range sts {
		res, err := v.MergeBookings(s.key, st.Account, st.Booked, st.Pending)
		if err != nil {
			return fmt.Errorf("caching the bookings: %w", err)
		}
		if len(res.Rewritten) > 0 {
			s.b.log.Warn("damaged months rewritten from the bank's data", "login", s.id, "months", strings.Join(res.Rewritten, ","))
		}
	}
	return nil
}

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

// olderChunk is how much history one FetchOlder asks for.
const olderChunk = 365

// FetchOlder implements ui.Backend: the year before the cached period, or
// less where the bank's storage ends. Older data needs a TAN at most banks.
func (b *Backend) FetchOlder(ctx context.Context, loginID, account string, job ui.Job) error {
	s, err := b.session(loginID)
	if err != nil {
		return err
	}
	h, err := b.History(ctx, loginID, account)
	if err != nil {
		return err
	}
	if !h.CanFetchOlder {
		return errors.New("the bank keeps no older bookings for this account")
	}
	v, err := b.vault()
	if err != nil {
		return err
	}
	acct, err := cachedAccount(v, s.key, account)
	if err != nil {
		return err
	}
	to := h.From.AddDays(-1)
	from := to.AddDays(-(olderChunk - 1))
	o := &op{kind: opOlder, label: "Bookings before " + h.From.String(), account: account, started: b.opts.Now()}
	return s.run(ctx, job, o, func(ctx context.Context, c *fints.Client) error {
		limit := statement.Date{}
		if days := c.HistoryDays(); days > 0 {
			limit = b.today().AddDays(-days + 1)
		}
		if !limit.IsZero() && from.Before(limit) {
			from = limit
		}
		if !limit.IsZero() && to.Before(limit) {
			s.markOlder(account, limit, true)
			return nil
		}
		o.from, o.to = from, to
		progress(job, "Fetching bookings "+from.String()+" – "+to.String(), 1, 2)
		sts, err := c.Transactions(ctx, from, to, acct)
		var partial *fints.PartialError
		if err != nil && !(errors.As(err, &partial) && len(sts) > 0) {
			return err
		}
		progress(job, "Saving", 2, 2)
		n, err := s.storeOlder(v, account, sts)
		if err != nil {
			return err
		}
		s.markOlder(account, from, n == 0 || from == limit)
		b.log.Info("older bookings fetched", "login", s.id, "bookings", n)
		return nil
	})
}

// storeOlder merges older booked entries, keeping the cached pending ones
// (an older period carries none).
func (s *session) storeOlder(v *vault.Vault, account string, sts []fints.AccountStatements) (int, error) {
	n := 0
	for _, st := range sts {
		if st.Account != account && len(sts) > 1 {
			continue
		}
		pending, err := v.PendingBookings(s.key, account)
		if err != nil {
			return n, fmt.Errorf("reading the cached pending bookings: %w", err)
		}
		if _, err := v.MergeBookings(s.key, account, st.Booked, pending); err != nil {
			return n, fmt.Errorf("caching the bookings: %w", err)
		}
		n += len(st.Booked)
	}
	return n, nil
}

func (s *session) markOlder(account string, reached statement.Date, exhausted bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.older[account]
	if cur, err := statement.ParseDate(st.reached); err != nil || cur.IsZero() || reached.Before(cur) {
		st.reached = reached.String()
	}
	st.exhausted = st.exhausted || exhausted
	s.older[account] = st
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

// paidByTransfer tells transfers (one-off, standing order, instant) from
// card payments and direct debits, whose counterparties one does not pay
// by hand and which would crowd the address book.
func paidByTransfer(b *statement.Booking) bool {
	if b.MandateRef != "" || b.CreditorID != "" {
		return false
	}
	switch b.GVC {
	case "116", "117", "118", "119", "177": // 177: a transfer made in online banking
		return true
	case "":
		p := strings.ToUpper(b.PostingText)
		return !strings.Contains(p, "KARTE") && !strings.Contains(p, "LASTSCHRIFT")
	}
	return false
}

// payeeWindow is how far back booked counterparties feed the address book.
const payeeWindow = 365

// Payees implements ui.Backend: recipients learned from transfers, then
// people paid from the cached bookings of the last year, most used first.
func (b *Backend) Payees(ctx context.Context) ([]ui.Payee, error) {
	v, err := b.vault()
	if err != nil {
		return nil, err
	}
	sums, err := v.Logins()
	if err != nil {
		return nil, err
	}
	type entry struct {
		p     ui.Payee
		score int
		last  time.Time
	}
	byIBAN := map[string]*entry{}
	add := func(name, iban, bic string, uses int, last time.Time) {
		iban = sepa.NormalizeIBAN(iban)
		if iban == "" || strings.TrimSpace(name) == "" || sepa.ValidateIBAN(iban) != nil {
			return
		}
		e := byIBAN[iban]
		if e == nil {
			e = &entry{p: ui.Payee{Name: name, IBAN: iban, BIC: bic}}
			byIBAN[iban] = e
		}
		e.score += uses
		if last.After(e.last) {
			e.last = last
		}
		if spelledOut(e.p.Name, name) {
			e.p.Name = name
		}
		if e.p.BIC == "" {
			e.p.BIC = bic
		}
	}
	since := b.today().AddDays(-payeeWindow)
	for _, sm := range sums {
		if sm.Err != nil {
			continue
		}
		recs, _ := v.Recipients(sm.Key)
		for _, r := range recs {
			add(r.Name, r.IBAN, r.BIC, max(r.Uses, 1), r.LastUsed)
		}
		accts, _ := v.Accounts(sm.Key)
		for _, a := range accts {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			list, err := v.Bookings(sm.Key, a.Key(), since, statement.Date{})
			if err != nil {
				continue
			}
			for i := range list {
				bk := &list[i]
				if bk.Amount.Sign() >= 0 || !paidByTransfer(bk) {
					continue
				}
				add(bk.CounterpartyName, bk.CounterpartyIBAN, bk.CounterpartyBIC, 1, bk.BookingDate.Time())
			}
		}
	}
	list := make([]*entry, 0, len(byIBAN))
	for _, e := range byIBAN {
		list = append(list, e)
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].score != list[j].score {
			return list[i].score > list[j].score
		}
		if !list[i].last.Equal(list[j].last) {
			return list[i].last.After(list[j].last)
		}
		return list[i].p.Name < list[j].p.Name
	})
	out := make([]ui.Payee, len(list))
	for i, e := range list {
		out[i] = e.p
	}
	return slices.Clip(out), nil
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
