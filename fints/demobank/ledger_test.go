package demobank

import (
	"errors"
	"sync"
	"testing"
	"time"

	"saldo/fints/money"
	"saldo/fints/secret"
	"saldo/fints/statement"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestLoginsAndAccounts(t *testing.T) {
	l := newTestLedger(1)
	accts, err := l.Accounts(DemoUser)
	if err != nil {
		t.Fatal(err)
	}
	var products []string
	for _, a := range accts {
		products = append(products, a.Product)
	}
	if len(accts) != 3 || products[0] != "Girokonto" || products[1] != "Tagesgeld" || products[2] != "Gemeinschaftskonto" {
		t.Fatalf("demo accounts %v", products)
	}
	if accts[0].CreditLine.IsZero() || !accts[1].CreditLine.IsZero() || accts[1].ReferenceIBAN != accts[0].IBAN {
		t.Errorf("credit line / reference account wrong: %+v", accts)
	}
	if _, err := l.Accounts("nobody"); !errors.Is(err, ErrUnknownLogin) {
		t.Errorf("unknown login: %v", err)
	}
	if a, err := l.Account(FormatIBAN(accts[0].IBAN)); err != nil || a.IBAN != accts[0].IBAN {
		t.Errorf("Account with spaced IBAN: %v", err)
	}
	if _, err := l.Account("DE02120300000000202051"); !errors.Is(err, ErrUnknownAccount) {
		t.Errorf("foreign account: %v", err)
	}
	tests := []struct {
		user, pin string
		want      bool
	}{
		{DemoUser, DemoPIN, true},
		{DemoUser100k, DemoPIN, true},
		{DemoUser, "54321", false},
		{DemoUser, "", false},
		{"nobody", DemoPIN, false},
	}
	for _, tt := range tests {
		if got := l.CheckPIN(tt.user, secret.New(tt.pin)); got != tt.want {
			t.Errorf("CheckPIN(%q) = %v", tt.user, got)
		}
	}
}

// Consecutive periods join up: one period's closing is the next one's
// opening, and together they hold the same entries as the whole.
func TestBookingsRanges(t *testing.T) {
	l := newTestLedger(2)
	whole, err := l.Bookings(maxGiro.IBAN, statement.Date{}, statement.Date{})
	if err != nil {
		t.Fatal(err)
	}
	today := l.Today()
	cut := today.AddDays(-100)
	a, err := l.Bookings(maxGiro.IBAN, statement.Date{}, cut)
	if err != nil {
		t.Fatal(err)
	}
	b, err := l.Bookings(maxGiro.IBAN, cut.AddDays(1), today)
	if err != nil {
		t.Fatal(err)
	}
	if a.Closing.Amount.Cmp(b.Opening.Amount) != 0 || a.Closing.Date != cut || b.Opening.Date != cut.AddDays(1) {
		t.Errorf("closing %+v does not meet opening %+v", a.Closing, b.Opening)
	}
	if len(a.Booked)+len(b.Booked) != len(whole.Booked) || b.Closing.Amount.Cmp(whole.Closing.Amount) != 0 {
		t.Errorf("split %d+%d entries, whole %d", len(a.Booked), len(b.Booked), len(whole.Booked))
	}
	for _, e := range a.Booked {
		if e.BookingDate.After(cut) {
			t.Fatalf("entry of %s in a period ending %s", e.BookingDate, cut)
		}
	}
	if len(a.Pending) != 0 || len(b.Pending) == 0 {
		t.Errorf("pending entries: %d in the past period, %d in the current one", len(a.Pending), len(b.Pending))
	}
	// A period before the history: empty, at the opening balance.
	old, err := l.Bookings(maxGiro.IBAN, statement.NewDate(2000, 1, 1), statement.NewDate(2000, 12, 31))
	if err != nil || len(old.Booked) != 0 || old.Closing.Amount.Cmp(whole.Opening.Amount) != 0 {
		t.Errorf("period before the history: %d entries, closing %s, err %v", len(old.Booked), old.Closing.Amount, err)
	}
	if _, err := l.Bookings(maxGiro.IBAN, today, today.AddDays(-1)); !errors.Is(err, ErrInvalidOrder) {
		t.Errorf("end before start: %v", err)
	}
	if _, err := l.Bookings("DE02120300000000202051", statement.Date{}, statement.Date{}); !errors.Is(err, ErrUnknownAccount) {
		t.Errorf("foreign account: %v", err)
	}
	// The copies handed out are the caller's: changing them changes nothing.
	b.Booked[0].Amount = money.FromCents(1)
	again, _ := l.Bookings(maxGiro.IBAN, cut.AddDays(1), today)
	if again.Booked[0].Amount == b.Booked[0].Amount {
		t.Error("caller's copy aliases the ledger")
	}
}

// When time passes, pending entries get booked on their day.
func TestPendingGetBooked(t *testing.T) {
	c := &clock{t: testNow}
	l := NewLedger(LedgerOptions{Seed: 4, Now: c.Now})
	before, err := l.Balance(maxGiro.IBAN)
	if err != nil {
		t.Fatal(err)
	}
	if before.Pending.IsZero() {
		t.Fatal("no pending amount to book")
	}
	c.Add(7 * 24 * time.Hour)
	after, err := l.Balance(maxGiro.IBAN)
	if err != nil {
		t.Fatal(err)
	}
	if !after.Pending.IsZero() {
		t.Errorf("still %s pending a week later", after.Pending)
	}
	if want := before.Booked.Amount.Add(before.Pending); after.Booked.Amount.Cmp(want) != 0 {
		t.Errorf("booked %s after a week, want %s", after.Booked.Amount, want)
	}
	r, _ := l.Bookings(maxGiro.IBAN, statement.Date{}, statement.Date{})
	for i := 1; i < len(r.Booked); i++ {
		if r.Booked[i].BookingDate.Before(r.Booked[i-1].BookingDate) {
			t.Fatalf("entries out of order after booking pending ones at #%d", i)
		}
	}
}

// Many goroutines reading and paying at once (run with -race).
func TestConcurrentUse(t *testing.T) {
	l := newTestLedger(6)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 5 {
				if i%2 == 0 {
					_, err := l.Transfer(TransferOrder{FromIBAN: maxGiro.IBAN, ToIBAN: maxJoint.IBAN, ToName: "Max Mustermann und Erika Mustermann", Amount: money.FromCents(1_00)})
					if err != nil {
						t.Error(err)
					}
				} else if _, err := l.Bookings(maxJoint.IBAN, statement.Date{}, statement.Date{}); err != nil {
					t.Error(err)
				}
				l.VerifyPayee(maxJoint.IBAN, "Erika Mustermann")
			}
		}()
	}
	wg.Wait()
	giro, _ := l.Bookings(maxGiro.IBAN, l.Today(), l.Today())
	n := 0
	for _, b := range giro.Booked {
		if b.PostingText == txOnline.Text && b.Amount.Cmp(money.FromCents(-1_00)) == 0 {
			n++
		}
	}
	if n != 20 {
		t.Errorf("%d of 20 concurrent transfers booked", n)
	}
}
