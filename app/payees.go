// Payees: the address book, learned from transfers and from the cached bookings.

package app

import (
	"context"
	"slices"
	"sort"
	"strings"
	"time"

	"saldo/fints/sepa"
	"saldo/fints/statement"
	"saldo/ui"
)

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
