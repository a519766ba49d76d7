package demobank

import (
	"testing"
	"time"
)

// TestNinetyDaysFitOnePage: a client's 90-day sync of any demo account
// must fit in one statement page (no touchdown), whatever the seed and
// the day the bank is started.
func TestNinetyDaysFitOnePage(t *testing.T) {
	for seed := uint64(0); seed < 6; seed++ {
		for m := 0; m < 24; m += 3 {
			now := time.Date(2025, time.Month(1+m%12), 1+(m*9)%28, 15, 0, 0, 0, srvBerlin()).AddDate(m/12, 0, 0)
			l := NewLedger(LedgerOptions{Seed: seed, Now: func() time.Time { return now }})
			today := l.Today()
			for _, a := range []Account{maxGiro, maxJoint, maxTagesgeld} {
				r, err := l.Bookings(a.IBAN, today.AddDays(-statementSCAWindow), today)
				if err != nil {
					t.Fatal(err)
				}
				if len(r.Booked) > 100 {
					t.Errorf("seed %d, %s: %s has %d bookings in 90 days, more than one page", seed, today, a.Product, len(r.Booked))
				}
			}
		}
	}
}
