package fakebackend

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"

	"saldo/fints"
	"saldo/fints/statement"
	"saldo/ui"
)

// AddLogin implements ui.Backend. Only the demo bank can be reached; any
// other bank fails the way an unreachable server does.
func (b *Backend) AddLogin(ctx context.Context, nl ui.NewLogin, job ui.Job) (ui.Login, error) {
	if err := b.wait(ctx); err != nil {
		return ui.Login{}, err
	}
	if nl.Bank.BLZ != DemoBank.BLZ {
		return ui.Login{}, fmt.Errorf("cannot reach %s: this demo backend only knows the %s", nl.URL, DemoBank.Name)
	}
	b.mu.Lock()
	b.seq++
	l := &login{id: fmt.Sprintf("demo-%d", b.seq), bank: DemoBank.Name, blz: DemoBank.BLZ, user: nl.UserID, url: nl.URL, demo: true,
		method: b.o.Method, medium: media[0].Name, pinLock: make(chan struct{}, 1)}
	today := statement.DateOf(b.o.Now())
	l.accounts = demoAccounts(today, 40, b.o.Seed+uint64(b.seq)*31)
	b.mu.Unlock()
	if err := b.pin(ctx, l, job); err != nil {
		return ui.Login{}, err
	}
	if err := b.authorize(ctx, l, "Login", nil, job); err != nil {
		return ui.Login{}, err
	}
	b.mu.Lock()
	l.lastSync = b.o.Now()
	b.logins = append(b.logins, l)
	b.record("AddLogin %s", l.id)
	b.mu.Unlock()
	ls, err := b.Logins(ctx)
	if err != nil {
		return ui.Login{}, err
	}
	return ls[len(ls)-1], nil
}

// PendingTANs implements ui.Backend.
func (b *Backend) PendingTANs(ctx context.Context) ([]ui.PendingTAN, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]ui.PendingTAN(nil), b.paused...), nil
}

func (b *Backend) takePaused(id string) (ui.PendingTAN, *fints.Transfer, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for i, p := range b.paused {
		if p.ID == id {
			b.paused = append(b.paused[:i], b.paused[i+1:]...)
			t := b.transfers[id]
			delete(b.transfers, id)
			return p, t, nil
		}
	}
	return ui.PendingTAN{}, nil, fmt.Errorf("no paused operation %q (it may have expired)", id)
}

// ResumeTAN implements ui.Backend.
func (b *Backend) ResumeTAN(ctx context.Context, id string, job ui.Job) (*fints.Outcome, error) {
	p, t, err := b.takePaused(id)
	if err != nil {
		return nil, err
	}
	b.mu.Lock()
	l, err := b.findLogin(p.LoginID)
	b.record("ResumeTAN %s", id)
	b.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if err := b.pin(ctx, l, job); err != nil {
		return nil, err
	}
	if err := b.authorize(ctx, l, p.Operation, t, job); err != nil {
		return nil, err
	}
	if t == nil {
		return nil, nil
	}
	o := b.execute(l.id, *t)
	return &o, nil
}

// DiscardTAN implements ui.Backend.
func (b *Backend) DiscardTAN(ctx context.Context, id string) error {
	_, _, err := b.takePaused(id)
	return err
}

// Export implements ui.Backend with plain CSV and JSON writers (the real
// backend uses the export package).
func (b *Backend) Export(ctx context.Context, r ui.ExportRequest) error {
	f, err := os.OpenFile(r.Path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%s exists already; choose another name", r.Path)
		}
		return fmt.Errorf("creating %s: %w", r.Path, err)
	}
	switch r.Format {
	case "json":
		enc := json.NewEncoder(f)
		enc.SetIndent("", "  ")
		err = enc.Encode(r.Bookings)
	case "csv":
		w := csv.NewWriter(f)
		_ = w.Write([]string{"id", "status", "booking_date", "value_date", "amount", "currency", "counterparty", "iban", "purpose"})
		for _, bk := range r.Bookings {
			_ = w.Write([]string{bk.ID, bk.Status.String(), bk.BookingDate.String(), bk.ValueDate.String(), bk.Amount.String(),
				bk.Currency, bk.CounterpartyName, bk.CounterpartyIBAN, bk.Purpose})
		}
		w.Flush()
		err = w.Error()
	default:
		err = fmt.Errorf("unknown format %q", r.Format)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(r.Path)
		return fmt.Errorf("writing %s: %w", r.Path, err)
	}
	b.mu.Lock()
	b.record("Export %s %s", r.Format, strconv.Itoa(len(r.Bookings)))
	b.mu.Unlock()
	return nil
}
