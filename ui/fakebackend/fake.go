// Package fakebackend is an in-memory ui.Backend: a small simulated bank
// with realistic accounts, bookings, TAN methods (manual, flicker, photoTAN,
// decoupled), a payee check and fault switches. It serves the UI tests, the
// benchmarks and, until the real backend is wired, `saldo --demo`.
//
// Fault switches, by amount of a transfer: 13,13 € loses the answer (outcome
// unknown), 66,60 € is rejected by the bank.
package fakebackend

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"saldo/fints"
	"saldo/fints/bankdir"
	"saldo/fints/money"
	"saldo/fints/secret"
	"saldo/fints/statement"
	"saldo/ui"
)

// Options shape the simulated bank.
type Options struct {
	// Passphrase of an existing vault; empty means first start (no vault).
	Passphrase string
	PIN        string        // the login PIN; "12345" when empty
	TAN        string        // the TAN every challenge accepts; "123456" when empty
	Method     string        // initial TAN method code; "921" (smsTAN) when empty
	Bookings   int           // booked items on the demo Girokonto; 240 when 0
	Seed       uint64        // data seed
	Delay      time.Duration // simulated latency per protocol step
	// ApprovalWait is how long each status poll of an app approval waits;
	// 4×Delay when zero.
	ApprovalWait time.Duration
	Now          func() time.Time
	// SecondLogin adds a second bank with a USD account, to show several
	// logins and totals per currency.
	SecondLogin bool
	// Unlocked starts with the vault open (demo mode).
	Unlocked bool
	// LoginTAN makes the first sync of a session ask for a TAN (strong
	// authentication at dialog start, as banks do every 90 days).
	LoginTAN bool
}

// Backend implements ui.Backend in memory.
type Backend struct {
	mu       sync.Mutex
	o        Options
	pass     string
	unlocked bool
	logins   []*login
	pins     map[string]secret.Value
	waiting  map[string]*ui.PendingTAN // operations blocked in a TAN prompt
	paused   []ui.PendingTAN
	// transfers holds the order of a waiting or paused payment, by the
	// PendingTAN ID, so that resuming can execute it.
	transfers map[string]*fints.Transfer
	closed    bool
	seq       int
	calls     []string
}

var _ ui.Backend = (*Backend)(nil)

// DemoBank is the directory entry of the simulated bank.
var DemoBank = bankdir.Bank{BLZ: "12030000", Name: "Saldo Demobank", City: "Demohausen", BIC: "BYLADEM1001",
	PinTanURL: "http://127.0.0.1:3000/fints", PinTanVersion: "300"}

// New builds a fake backend.
func New(o Options) *Backend {
	if o.PIN == "" {
		o.PIN = "12345"
	}
	if o.TAN == "" {
		o.TAN = "123456"
	}
	if o.Method == "" {
		o.Method = "921"
	}
	if o.Bookings == 0 {
		o.Bookings = 240
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	b := &Backend{o: o, pass: o.Passphrase, pins: map[string]secret.Value{}, waiting: map[string]*ui.PendingTAN{},
		transfers: map[string]*fints.Transfer{}}
	b.unlocked = o.Unlocked
	if o.Unlocked && b.pass == "" {
		b.pass = "demo"
	}
	today := statement.DateOf(o.Now())
	b.logins = []*login{{id: "demo", bank: DemoBank.Name, blz: DemoBank.BLZ, user: "demo", url: DemoBank.PinTanURL, demo: true,
		accounts: demoAccounts(today, o.Bookings, o.Seed+1), method: o.Method, medium: "Alex Handy", pinLock: make(chan struct{}, 1)}}
	if o.SecondLogin {
		b.logins = append(b.logins, secondLogin(today, o))
	}
	return b
}

func secondLogin(today statement.Date, o Options) *login {
	acc := demoAccounts(today, 60, o.Seed+7)[0]
	acc.info.IBAN, acc.info.Number, acc.info.BankCode = "DE75512108001245126199", "1245126199", "51210800"
	acc.info.Product, acc.info.BIC = "Girokonto Plus", "SOGEDEFFXXX"
	acc.balance = money.MustParse("-123.45")
	statement.AssignIDs(acc.info.IBAN, acc.bookings)
	usd := &account{info: fints.Account{IBAN: "DE10512108001245126200", Number: "1245126200", BankCode: "51210800", Currency: "USD",
		Owner: "Alex Beispiel", Product: "Dollar-Konto", Type: 1, Jobs: []string{"HKSAL"}}, balance: money.MustParse("1999.99")}
	return &login{id: "musterbank", bank: "Musterbank Berlin", blz: "51210800", user: "alex.b", url: "https://fints.musterbank.example/fints",
		accounts: []*account{acc, usd}, method: "942", lastSync: o.Now().Add(-26 * time.Hour), pinLock: make(chan struct{}, 1)}
}

// Calls lists the backend methods called so far, for tests.
func (b *Backend) Calls() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.calls...)
}

func (b *Backend) record(format string, args ...any) {
	b.calls = append(b.calls, fmt.Sprintf(format, args...))
}

// Restart simulates quitting and starting saldo again: the vault (logins,
// paused TANs) stays, the session (PINs, unlock) is gone.
func (b *Backend) Restart() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.unlocked, b.closed = false, false
	b.pins = map[string]secret.Value{}
}

// wait simulates network latency, honouring cancellation.
func (b *Backend) wait(ctx context.Context) error { return sleep(ctx, b.o.Delay) }

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// VaultExists implements ui.Backend.
func (b *Backend) VaultExists() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.pass != ""
}

// Unlock implements ui.Backend.
func (b *Backend) Unlock(ctx context.Context, pass secret.Value, create bool) error {
	if err := b.wait(ctx); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.record("Unlock create=%v", create)
	switch {
	case create && b.pass != "":
		return errors.New("a vault exists already")
	case create:
		b.pass = pass.Reveal()
	case b.pass == "" || pass.Reveal() != b.pass:
		return fmt.Errorf("opening the vault: %w", ui.ErrBadPassphrase)
	}
	b.unlocked = true
	return nil
}

func (b *Backend) findLogin(id string) (*login, error) {
	for _, l := range b.logins {
		if l.id == id {
			return l, nil
		}
	}
	return nil, fmt.Errorf("no login %q", id)
}

func (l *login) find(key string) (*account, error) {
	for _, a := range l.accounts {
		if a.info.Key() == key {
			return a, nil
		}
	}
	return nil, fmt.Errorf("login %s has no account %s", l.id, key)
}

// Logins implements ui.Backend.
func (b *Backend) Logins(ctx context.Context) ([]ui.Login, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.unlocked {
		return nil, errors.New("vault locked")
	}
	out := make([]ui.Login, 0, len(b.logins))
	for _, l := range b.logins {
		ul := ui.Login{ID: l.id, BankName: l.bank, BankCode: l.blz, UserID: l.user, URL: l.url, Demo: l.demo,
			LastSync: l.lastSync, SyncError: l.syncErr, Notice: l.notice}
		for _, p := range b.paused {
			ul.HasPending = ul.HasPending || p.LoginID == l.id
		}
		for _, a := range l.accounts {
			bal := &fints.Balance{Account: a.info.Key(), Booked: statement.Balance{Amount: a.balance, Currency: a.info.Currency, Date: statement.DateOf(b.o.Now())}}
			if !a.credit.IsZero() {
				avail := a.balance.Add(a.credit)
				bal.Available, bal.CreditLine = &avail, &a.credit
			}
			ul.Accounts = append(ul.Accounts, ui.AccountInfo{Account: a.info, Balance: bal})
		}
		out = append(out, ul)
	}
	return out, nil
}

// History implements ui.Backend.
func (b *Backend) History(ctx context.Context, loginID, acct string) (ui.History, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	l, err := b.findLogin(loginID)
	if err != nil {
		return ui.History{}, err
	}
	a, err := l.find(acct)
	if err != nil {
		return ui.History{}, err
	}
	return ui.History{Bookings: append([]statement.Booking(nil), a.bookings...), From: a.from,
		To: statement.DateOf(b.o.Now()), CanFetchOlder: a.older > 0}, nil
}

// Payees implements ui.Backend: counterparties of outgoing bookings, most
// used first.
func (b *Backend) Payees(ctx context.Context) ([]ui.Payee, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	count := map[string]int{}
	byIBAN := map[string]ui.Payee{}
	for _, l := range b.logins {
		for _, a := range l.accounts {
			for _, bk := range a.bookings {
				if bk.CounterpartyIBAN == "" || bk.Amount.Sign() > 0 {
					continue
				}
				count[bk.CounterpartyIBAN]++
				byIBAN[bk.CounterpartyIBAN] = ui.Payee{Name: bk.CounterpartyName, IBAN: bk.CounterpartyIBAN, BIC: bk.CounterpartyBIC}
			}
		}
	}
	out := make([]ui.Payee, 0, len(byIBAN))
	for _, p := range byIBAN {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool {
		if count[out[i].IBAN] != count[out[j].IBAN] {
			return count[out[i].IBAN] > count[out[j].IBAN]
		}
		return out[i].Name < out[j].Name
	})
	return out, nil
}

// LoginHint implements ui.Backend: any user ID works at the fake demo bank.
func (b *Backend) LoginHint(bank bankdir.Bank) string {
	if bank.BLZ != DemoBank.BLZ {
		return ""
	}
	return "Demo: any user ID works; the PIN is " + b.o.PIN + "."
}

// SearchBanks implements ui.Backend: the demo bank first, then the directory.
func (b *Backend) SearchBanks(query string, limit int) []bankdir.Bank {
	var out []bankdir.Bank
	q := strings.ToLower(strings.TrimSpace(query))
	if q == "" || strings.Contains(strings.ToLower(DemoBank.Name+" "+DemoBank.City+" "+DemoBank.BLZ+" demo"), q) {
		out = append(out, DemoBank)
	}
	for _, bk := range bankdir.Search(query, limit) {
		if bk.BLZ != DemoBank.BLZ && (limit <= 0 || len(out) < limit) {
			out = append(out, bk)
		}
	}
	return out
}

// ExportFormats implements ui.Backend.
func (b *Backend) ExportFormats() []string { return []string{"csv", "json"} }

// Close implements ui.Backend: operations waiting for a TAN are paused.
func (b *Backend) Close(ctx context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.record("Close")
	for id, p := range b.waiting {
		b.paused = append(b.paused, *p)
		delete(b.waiting, id)
	}
	b.closed = true
	return nil
}
