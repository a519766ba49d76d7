package demobank

import (
	"errors"
	"strings"
	"testing"
	"time"

	"saldo/fints/money"
	"saldo/fints/statement"
)

func balanceOf(t *testing.T, l *Ledger, iban string) BalanceInfo {
	t.Helper()
	b, err := l.Balance(iban)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func lastBooking(t *testing.T, l *Ledger, iban string) statement.Booking {
	t.Helper()
	r, err := l.Bookings(iban, statement.Date{}, statement.Date{})
	if err != nil {
		t.Fatal(err)
	}
	return r.Booked[len(r.Booked)-1]
}

func TestTransferToOutside(t *testing.T) {
	l := newTestLedger(1)
	before := balanceOf(t, l, maxGiro.IBAN)
	res, err := l.Transfer(TransferOrder{
		FromIBAN: FormatIBAN(maxGiro.IBAN), ToName: "Jürgen Weiß", ToIBAN: strings.ToLower(FormatIBAN(pJuergen.IBAN)), ToBIC: "ingddeffxxx",
		Amount: money.MustParse("123.45"), Purpose: "Rückzahlung Konzert", EndToEndID: "E2E-4711",
	})
	if err != nil {
		t.Fatal(err)
	}
	today := l.Today()
	if res.State != OrderExecuted || res.ExecutionDate != today || res.Reference == "" || res.Booking == nil {
		t.Fatalf("result %+v", res)
	}
	after := balanceOf(t, l, maxGiro.IBAN)
	if want := before.Booked.Amount.Sub(money.MustParse("123.45")); after.Booked.Amount.Cmp(want) != 0 {
		t.Errorf("balance %s, want %s", after.Booked.Amount, want)
	}
	if want := before.Available.Sub(money.MustParse("123.45")); after.Available.Cmp(want) != 0 {
		t.Errorf("available %s, want %s", after.Available, want)
	}
	b := lastBooking(t, l, maxGiro.IBAN)
	want := statement.Booking{
		Status: statement.Booked, BookingDate: today, ValueDate: today, Amount: money.MustParse("-123.45"), Currency: "EUR",
		CounterpartyName: "Jürgen Weiß", CounterpartyIBAN: pJuergen.IBAN, CounterpartyBIC: "INGDDEFFXXX",
		Purpose: "Rückzahlung Konzert", PostingText: "ONLINE-UEBERWEISUNG", EndToEndRef: "E2E-4711",
		GVC: "177", TypeCode: "NTRF", BankRef: res.Reference, PrimaNota: b.PrimaNota, RunningBalance: b.RunningBalance,
	}
	if b != want {
		t.Errorf("booking\n got  %+v\n want %+v", b, want)
	}
	if b.RunningBalance.Cmp(after.Booked.Amount) != 0 {
		t.Errorf("running balance %s, balance %s", b.RunningBalance, after.Booked.Amount)
	}
}

// A transfer to another account of the bank credits it too.
func TestTransferInternal(t *testing.T) {
	for _, instant := range []bool{false, true} {
		l := newTestLedger(1)
		jointBefore := balanceOf(t, l, maxJoint.IBAN)
		res, err := l.Transfer(TransferOrder{FromIBAN: maxGiro.IBAN, ToName: "Erika Mustermann", ToIBAN: maxJoint.IBAN,
			Amount: money.FromCents(50_00), Purpose: "Einkauf Wochenmarkt", Instant: instant})
		if err != nil {
			t.Fatal(err)
		}
		if res.Instant != instant {
			t.Errorf("instant flag %v", res.Instant)
		}
		jointAfter := balanceOf(t, l, maxJoint.IBAN)
		if want := jointBefore.Booked.Amount.Add(money.FromCents(50_00)); jointAfter.Booked.Amount.Cmp(want) != 0 {
			t.Errorf("joint account %s, want %s", jointAfter.Booked.Amount, want)
		}
		credit := lastBooking(t, l, maxJoint.IBAN)
		debit := lastBooking(t, l, maxGiro.IBAN)
		if credit.CounterpartyName != "Max Mustermann" || credit.CounterpartyIBAN != maxGiro.IBAN || credit.Purpose != "Einkauf Wochenmarkt" || credit.CounterpartyBIC != BankBIC {
			t.Errorf("credit entry %+v", credit)
		}
		wantDebit, wantCredit := "ONLINE-UEBERWEISUNG", "GUTSCHR. UEBERWEISUNG"
		if instant {
			wantDebit, wantCredit = "ECHTZEIT-UEBERWEISUNG", "ECHTZEIT-GUTSCHRIFT"
		}
		if debit.PostingText != wantDebit || credit.PostingText != wantCredit || debit.CounterpartyBIC != BankBIC {
			t.Errorf("instant=%v: posting texts %q / %q", instant, debit.PostingText, credit.PostingText)
		}
	}
}

func TestTransferRejections(t *testing.T) {
	l := newTestLedger(1)
	today := l.Today()
	avail := balanceOf(t, l, maxGiro.IBAN).Available
	ok := TransferOrder{FromIBAN: maxGiro.IBAN, ToName: "Sören Kühn", ToIBAN: pSoeren.IBAN, Amount: money.FromCents(10_00)}
	tests := []struct {
		name   string
		change func(*TransferOrder)
		want   error
	}{
		{"unknown account", func(o *TransferOrder) { o.FromIBAN = "DE02120300000000202051" }, ErrUnknownAccount},
		{"IBAN typo", func(o *TransferOrder) { o.ToIBAN = typo(pSoeren.IBAN) }, ErrInvalidIBAN},
		{"IBAN length", func(o *TransferOrder) { o.ToIBAN = pSoeren.IBAN[:21] }, ErrInvalidIBAN},
		{"IBAN outside SEPA", func(o *TransferOrder) { o.ToIBAN = "BR1800360305000010009795493C1" }, ErrInvalidIBAN},
		{"IBAN garbage", func(o *TransferOrder) { o.ToIBAN = "hello" }, ErrInvalidIBAN},
		{"same account", func(o *TransferOrder) { o.ToIBAN = maxGiro.IBAN }, ErrInvalidOrder},
		{"zero amount", func(o *TransferOrder) { o.Amount = money.Zero }, ErrInvalidOrder},
		{"negative amount", func(o *TransferOrder) { o.Amount = money.FromCents(-5) }, ErrInvalidOrder},
		{"fraction of a cent", func(o *TransferOrder) { o.Amount = money.MustParse("1.001") }, ErrInvalidOrder},
		{"absurd amount", func(o *TransferOrder) { o.Amount = money.MustParse("10000000000") }, ErrInvalidOrder},
		{"currency", func(o *TransferOrder) { o.Currency = "USD" }, ErrInvalidOrder},
		{"no name", func(o *TransferOrder) { o.ToName = "  " }, ErrInvalidOrder},
		{"long name", func(o *TransferOrder) { o.ToName = strings.Repeat("ä", 71) }, ErrInvalidOrder},
		{"long purpose", func(o *TransferOrder) { o.Purpose = strings.Repeat("x", 141) }, ErrInvalidOrder},
		{"long end-to-end id", func(o *TransferOrder) { o.EndToEndID = strings.Repeat("x", 36) }, ErrInvalidOrder},
		{"too far ahead", func(o *TransferOrder) { o.ExecutionDate = today.AddDays(361) }, ErrInvalidOrder},
		{"instant scheduled", func(o *TransferOrder) { o.Instant, o.ExecutionDate = true, today.AddDays(3) }, ErrInvalidOrder},
		{"insufficient funds", func(o *TransferOrder) { o.Amount = avail.Add(money.FromCents(1)) }, ErrInsufficientFunds},
		{"savings to a stranger", func(o *TransferOrder) { o.FromIBAN = maxTagesgeld.IBAN }, ErrNotAllowed},
	}
	before, _ := l.Bookings(maxGiro.IBAN, statement.Date{}, statement.Date{})
	for _, tt := range tests {
		o := ok
		tt.change(&o)
		if _, err := l.Transfer(o); !errors.Is(err, tt.want) {
			t.Errorf("%s: error %v, want %v", tt.name, err, tt.want)
		}
	}
	after, _ := l.Bookings(maxGiro.IBAN, statement.Date{}, statement.Date{})
	if len(after.Booked) != len(before.Booked) || len(l.Scheduled(maxGiro.IBAN)) != 0 {
		t.Fatal("a rejected order left a trace")
	}
	// Exactly the available amount (balance + pending + credit line) is fine.
	o := ok
	o.Amount = avail
	if _, err := l.Transfer(o); err != nil {
		t.Fatalf("transfer of the whole available amount: %v", err)
	}
	if got := balanceOf(t, l, maxGiro.IBAN); !got.Available.IsZero() || got.Booked.Amount.Sign() >= 0 {
		t.Errorf("after spending everything: %+v", got)
	}
	// The savings account pays its reference account.
	if _, err := l.Transfer(TransferOrder{FromIBAN: maxTagesgeld.IBAN, ToName: "Max Mustermann", ToIBAN: maxGiro.IBAN, Amount: money.FromCents(500_00)}); err != nil {
		t.Errorf("Tagesgeld to Girokonto: %v", err)
	}
}

func TestScheduledTransfer(t *testing.T) {
	c := &clock{t: testNow}
	l := NewLedger(LedgerOptions{Seed: 1, Now: c.Now})
	today := l.Today()
	execDay := today.AddDays(3)
	res, err := l.Transfer(TransferOrder{FromIBAN: maxGiro.IBAN, ToName: "Hausverwaltung Schröder & Söhne GbR", ToIBAN: pLandlord.IBAN,
		Amount: money.FromCents(250_00), Purpose: "Nebenkostennachzahlung 2025", ExecutionDate: execDay})
	if err != nil {
		t.Fatal(err)
	}
	if res.State != OrderScheduled || res.ExecutionDate != execDay || res.Booking != nil || res.Reference == "" {
		t.Fatalf("result %+v", res)
	}
	cancelMe, err := l.Transfer(TransferOrder{FromIBAN: maxGiro.IBAN, ToName: "Sören Kühn", ToIBAN: pSoeren.IBAN, Amount: money.FromCents(1_00), ExecutionDate: execDay})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.CancelScheduled(maxGiro.IBAN, cancelMe.Reference); err != nil {
		t.Fatal(err)
	}
	if err := l.CancelScheduled(maxGiro.IBAN, "nope"); !errors.Is(err, ErrUnknownOrder) {
		t.Errorf("cancel unknown: %v", err)
	}
	// Not yet due: nothing booked, the order is listed.
	c.Add(2 * 24 * time.Hour)
	if r, _ := l.Bookings(maxGiro.IBAN, today, statement.Date{}); hasPurpose(r, "Nebenkostennachzahlung 2025") {
		t.Fatal("scheduled transfer booked before its day")
	}
	list := l.Scheduled(maxGiro.IBAN)
	if len(list) != 2 || list[0].State != OrderScheduled || list[1].State != OrderCancelled {
		t.Fatalf("orders before the day: %+v", list)
	}
	// On the day it is executed, booked on that day.
	c.Add(24 * time.Hour)
	list = l.Scheduled(maxGiro.IBAN)
	if list[0].State != OrderExecuted || list[1].State != OrderCancelled {
		t.Fatalf("orders on the day: %+v", list)
	}
	r, _ := l.Bookings(maxGiro.IBAN, execDay, execDay)
	found := false
	for _, b := range r.Booked {
		if b.Purpose == "Nebenkostennachzahlung 2025" {
			found = true
			if b.PostingText != "TERMINUEBERWEISUNG" || b.Amount.Cmp(money.FromCents(-250_00)) != 0 || b.BankRef != res.Reference {
				t.Errorf("scheduled booking %+v", b)
			}
		}
		if b.CounterpartyName == "Sören Kühn" {
			t.Error("cancelled order was executed")
		}
	}
	if !found {
		t.Fatal("scheduled transfer not booked on its day")
	}
	if err := l.CancelScheduled(maxGiro.IBAN, res.Reference); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("cancelling an executed order: %v", err)
	}
}

// A due order without funds fails and says why; it books nothing.
func TestScheduledTransferFails(t *testing.T) {
	c := &clock{t: testNow}
	l := NewLedger(LedgerOptions{Seed: 1, Now: c.Now})
	avail := balanceOf(t, l, maxJoint.IBAN).Available
	if _, err := l.Transfer(TransferOrder{FromIBAN: maxJoint.IBAN, ToName: "Sören Kühn", ToIBAN: pSoeren.IBAN,
		Amount: avail.Sub(money.FromCents(10_00)), ExecutionDate: l.Today().AddDays(1)}); err != nil {
		t.Fatal(err)
	}
	// Spend the money before the day comes.
	if _, err := l.Transfer(TransferOrder{FromIBAN: maxJoint.IBAN, ToName: "Sören Kühn", ToIBAN: pSoeren.IBAN, Amount: money.FromCents(100_00)}); err != nil {
		t.Fatal(err)
	}
	c.Add(24 * time.Hour)
	list := l.Scheduled(maxJoint.IBAN)
	if len(list) != 1 || list[0].State != OrderFailed || !strings.Contains(list[0].Reason, "insufficient funds") {
		t.Fatalf("orders %+v", list)
	}
	if got := balanceOf(t, l, maxJoint.IBAN); got.Available.Sign() <= 0 {
		t.Errorf("failed order was booked anyway: %+v", got)
	}
}

func hasPurpose(r Range, purpose string) bool {
	for _, b := range r.Booked {
		if b.Purpose == purpose {
			return true
		}
	}
	return false
}

// typo changes the last digit of an IBAN; MOD 97 catches every such change.
func typo(iban string) string {
	last := iban[len(iban)-1]
	return iban[:len(iban)-1] + string('0'+(last-'0'+1)%10)
}
