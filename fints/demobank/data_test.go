package demobank

import (
	"bufio"
	"fmt"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"saldo/fints/money"
	"saldo/fints/statement"
)

// testNow is a fixed "now" (a Wednesday afternoon in Berlin).
var testNow = time.Date(2026, time.March, 18, 14, 30, 0, 0, time.UTC)

func fixedClock(t time.Time) func() time.Time { return func() time.Time { return t } }

func newTestLedger(seed uint64) *Ledger {
	return NewLedger(LedgerOptions{Seed: seed, Now: fixedClock(testNow)})
}

// shared is one generated ledger for the read-only tests, so the big
// account is generated once per test binary, not once per test.
var shared struct {
	once sync.Once
	l    *Ledger
	all  map[string]Range
}

func sharedData(t *testing.T) (*Ledger, map[string]Range) {
	shared.once.Do(func() {
		shared.l = newTestLedger(7)
		shared.all = everything(t, shared.l)
	})
	return shared.l, shared.all
}

// everything returns the full history of every account of both logins.
func everything(t *testing.T, l *Ledger) map[string]Range {
	t.Helper()
	out := map[string]Range{}
	for _, lg := range l.Logins() {
		for _, iban := range lg.IBANs {
			r, err := l.Bookings(iban, statement.Date{}, statement.Date{})
			if err != nil {
				t.Fatalf("bookings of %s: %v", iban, err)
			}
			out[iban] = r
		}
	}
	return out
}

// demoData is the full history of the demo login's accounts.
func demoData(t *testing.T, l *Ledger) map[string]Range {
	t.Helper()
	out := map[string]Range{}
	lg, err := l.Login(DemoUser)
	if err != nil {
		t.Fatal(err)
	}
	for _, iban := range lg.IBANs {
		r, err := l.Bookings(iban, statement.Date{}, statement.Date{})
		if err != nil {
			t.Fatal(err)
		}
		out[iban] = r
	}
	return out
}

func TestAccountIBANs(t *testing.T) {
	l := newTestLedger(1)
	seen := map[string]bool{}
	for _, lg := range l.Logins() {
		accts, err := l.Accounts(lg.UserID)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range accts {
			if err := CheckIBAN(a.IBAN); err != nil {
				t.Errorf("%s %s: %v", a.Product, a.IBAN, err)
			}
			if len(a.IBAN) != 22 || a.IBAN[:2] != "DE" || a.IBAN[4:12] != BankCode || a.IBAN[12:] != a.Number {
				t.Errorf("%s: IBAN %s is not DEkk + %s + %s", a.Product, a.IBAN, BankCode, a.Number)
			}
			if a.BIC != BankBIC || a.BankCode != BankCode || a.Currency != "EUR" || a.Owner == "" {
				t.Errorf("%s: incomplete account %+v", a.Product, a)
			}
			if seen[a.IBAN] {
				t.Errorf("IBAN %s used twice", a.IBAN)
			}
			seen[a.IBAN] = true
		}
	}
	if len(seen) != 4 {
		t.Errorf("%d accounts, want 4", len(seen))
	}
	if len(BankBIC) != 11 || BankBIC[4:6] != "DE" {
		t.Errorf("BIC %s is not shaped like a German one", BankBIC)
	}
}

// The bank code must not belong to a real bank.
func TestBankCodeIsNotReal(t *testing.T) {
	f, err := os.Open("../../testdata/corpus/banks/hbci4java_blz.properties")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	lines := 0
	for sc.Scan() {
		lines++
		if strings.HasPrefix(sc.Text(), BankCode+"=") {
			t.Fatalf("bank code %s is a real bank: %s", BankCode, sc.Text())
		}
		if strings.Contains(sc.Text(), "|"+BankBIC+"|") {
			t.Fatalf("BIC %s is a real bank: %s", BankBIC, sc.Text())
		}
	}
	if lines < 4000 {
		t.Fatalf("bank directory has only %d lines", lines)
	}
}

// Balances add up: opening + bookings = closing = reported balance, the
// running balances follow, dates ascend, nothing lies in the future, and
// no account goes below its credit line.
func TestBalanceConsistency(t *testing.T) {
	l, all := sharedData(t)
	today := l.Today()
	for iban, r := range all {
		acct, _ := l.Account(iban)
		if want := today.AddDays(-2 * 365); r.From.After(want.AddDays(2)) || r.From.Before(want.AddDays(-2)) {
			t.Errorf("%s: history starts %s, want about two years before %s", acct.Product, r.From, today)
		}
		bal := r.Opening.Amount
		lowest := bal
		var last statement.Date
		for i, b := range r.Booked {
			bal = bal.Add(b.Amount)
			if b.RunningBalance == nil || b.RunningBalance.Cmp(bal) != 0 {
				t.Fatalf("%s #%d: running balance %v, want %s", acct.Product, i, b.RunningBalance, bal)
			}
			if b.BookingDate.Before(last) || b.BookingDate.After(today) || b.BookingDate.Before(r.From) {
				t.Fatalf("%s #%d: booking date %s out of order or range", acct.Product, i, b.BookingDate)
			}
			if b.ValueDate.After(b.BookingDate) {
				t.Errorf("%s #%d: value date %s after booking date %s", acct.Product, i, b.ValueDate, b.BookingDate)
			}
			last = b.BookingDate
			if bal.Cmp(lowest) < 0 {
				lowest = bal
			}
		}
		if bal.Cmp(r.Closing.Amount) != 0 {
			t.Errorf("%s: opening %s + bookings = %s, closing says %s", acct.Product, r.Opening.Amount, bal, r.Closing.Amount)
		}
		info, err := l.Balance(iban)
		if err != nil {
			t.Fatal(err)
		}
		if info.Booked.Amount.Cmp(bal) != 0 || info.Booked.Date != today {
			t.Errorf("%s: Balance %s on %s, bookings give %s", acct.Product, info.Booked.Amount, info.Booked.Date, bal)
		}
		var pend money.Amount
		for _, p := range r.Pending {
			pend = pend.Add(p.Amount)
		}
		if want := bal.Add(pend).Add(acct.CreditLine); info.Pending.Cmp(pend) != 0 || info.Available.Cmp(want) != 0 {
			t.Errorf("%s: pending %s available %s, want %s and %s", acct.Product, info.Pending, info.Available, pend, want)
		}
		// "No absurd overdrafts": never into the credit line at all.
		if lowest.Sign() < 0 {
			t.Errorf("%s: balance fell to %s", acct.Product, lowest)
		}
	}
}

// Every booking is structured like a German bank's.
func TestBookingStructure(t *testing.T) {
	l, all := sharedData(t)
	umlauts := 0
	for iban, r := range all {
		acct, _ := l.Account(iban)
		all := append(append([]statement.Booking(nil), r.Booked...), r.Pending...)
		for i, b := range all {
			where := acct.Product + " " + b.BookingDate.String() + " " + b.Purpose
			if b.GVC == "" || len(b.GVC) != 3 || b.PostingText == "" || b.TypeCode == "" || b.Currency != "EUR" || b.BankRef == "" || b.Purpose == "" {
				t.Fatalf("%s (#%d): unstructured booking %+v", where, i, b)
			}
			if len(b.BankRef) > 16 {
				t.Errorf("%s: bank reference %q longer than 16", where, b.BankRef)
			}
			if b.Amount.IsZero() || b.Amount.Decimals() > 2 {
				t.Errorf("%s: amount %s", where, b.Amount)
			}
			if b.CounterpartyIBAN != "" {
				if err := CheckIBAN(b.CounterpartyIBAN); err != nil {
					t.Errorf("%s: counterparty %v", where, err)
				}
				if b.CounterpartyName == "" || b.CounterpartyBIC == "" {
					t.Errorf("%s: counterparty without name or BIC", where)
				}
			}
			if b.MandateRef != "" || b.CreditorID != "" {
				if b.MandateRef == "" || !validCreditorID(b.CreditorID) || b.Amount.Sign() > 0 {
					t.Errorf("%s: direct debit with mandate %q creditor %q", where, b.MandateRef, b.CreditorID)
				}
			}
			if b.GVC == "105" && b.MandateRef == "" {
				t.Errorf("%s: direct debit without mandate", where)
			}
			for _, s := range []string{b.Purpose, b.CounterpartyName, b.PostingText, b.EndToEndRef, b.MandateRef} {
				for _, c := range s {
					if c > 0xFF || unicode.IsControl(c) || c == '?' {
						t.Fatalf("%s: %q has %q, not Latin-1 text safe for :86:", where, s, c)
					}
					if strings.ContainsRune("äöüÄÖÜß", c) {
						umlauts++
					}
				}
			}
		}
	}
	if umlauts < 100 {
		t.Errorf("only %d umlauts in the data; it should exercise Latin-1", umlauts)
	}
}

func validCreditorID(ci string) bool {
	return len(ci) == 18 && ci[4:7] == "ZZZ" && mod97(ci[7:]+ci[:4]) == 1
}

// The demo customer's history has what a real Girokonto has, whatever the
// seed and whatever day it is (a Sunday morning, New Year's Day).
func TestDemoHistoryContents(t *testing.T) {
	for _, tc := range []struct {
		seed uint64
		now  time.Time
	}{
		{11, testNow},
		{0, time.Date(2025, time.January, 1, 10, 0, 0, 0, time.UTC)},
		{12345, time.Date(2027, time.August, 15, 5, 0, 0, 0, time.UTC)}, // Sunday, before the shops open
		{99, time.Date(2026, time.December, 31, 22, 0, 0, 0, time.UTC)},
		// A working day before the shops open: yesterday's payments are
		// all that can be pending (once there were none).
		{0, time.Date(2026, time.November, 24, 0, 7, 0, 0, time.UTC)},
		{5, time.Date(2027, time.March, 3, 5, 30, 0, 0, time.UTC)},
	} {
		t.Run(fmt.Sprintf("seed%d-%s", tc.seed, tc.now.Format("2006-01-02")), func(t *testing.T) {
			checkDemoContents(t, NewLedger(LedgerOptions{Seed: tc.seed, Now: fixedClock(tc.now)}))
		})
	}
}

func checkDemoContents(t *testing.T, l *Ledger) {
	all := demoData(t, l)
	// Counted with the pending entries: on a holiday the 1st-of-month
	// orders are still announced, not booked.
	count := func(iban string, pred func(statement.Booking) bool) int {
		n := 0
		for _, b := range append(all[iban].Booked, all[iban].Pending...) {
			if pred(b) {
				n++
			}
		}
		return n
	}
	text := func(s string) func(statement.Booking) bool {
		return func(b statement.Booking) bool { return b.PostingText == s }
	}
	cp := func(name string) func(statement.Booking) bool {
		return func(b statement.Booking) bool { return strings.Contains(b.CounterpartyName, name) }
	}
	checks := []struct {
		what     string
		iban     string
		pred     func(statement.Booking) bool
		min, max int
	}{
		{"salaries", maxGiro.IBAN, text("LOHN/GEHALT"), 25, 27}, // 24 months + 2 Christmas bonuses
		{"rent", maxJoint.IBAN, cp("Hausverwaltung"), 24, 25},
		{"household contributions", maxJoint.IBAN, text("GUTSCHRIFT DAUERAUFTRAG"), 24, 25},
		{"electricity", maxJoint.IBAN, cp("E.ON"), 25, 28},
		{"gas", maxJoint.IBAN, cp("SWM"), 24, 25},
		{"internet", maxJoint.IBAN, cp("Vodafone"), 24, 25},
		{"mobile phone", maxGiro.IBAN, cp("Telefónica"), 24, 25},
		{"licence fee", maxJoint.IBAN, cp("Rundfunk"), 8, 9},
		{"insurance", maxGiro.IBAN, cp("HUK-COBURG"), 2, 3},
		{"card payments", maxGiro.IBAN, text("KARTENZAHLUNG"), 300, 900},
		{"groceries", maxGiro.IBAN, func(b statement.Booking) bool {
			return strings.Contains(b.CounterpartyName, "REWE") || strings.Contains(b.CounterpartyName, "EDEKA") || strings.Contains(b.CounterpartyName, "ALDI")
		}, 50, 400},
		{"drugstore", maxGiro.IBAN, func(b statement.Booking) bool { return cp("dm-drogerie")(b) || cp("ROSSMANN")(b) }, 10, 100},
		{"petrol", maxGiro.IBAN, func(b statement.Booking) bool { return cp("ARAL")(b) || cp("Shell")(b) }, 30, 150},
		{"Amazon", maxGiro.IBAN, cp("AMAZON"), 20, 150},
		{"cash", maxGiro.IBAN, text("BARGELDAUSZAHLUNG"), 15, 80},
		{"savings plan", maxTagesgeld.IBAN, text("GUTSCHRIFT DAUERAUFTRAG"), 24, 25},
		{"interest", maxTagesgeld.IBAN, text("ABSCHLUSS"), 23, 25},
		{"reversals", maxGiro.IBAN, func(b statement.Booking) bool { return b.Reversal && b.Amount.Sign() > 0 }, 1, 60},
		{"refunds", maxGiro.IBAN, text("GUTSCHRIFT"), 1, 40},
		{"first direct debit", maxGiro.IBAN, text("ERSTLASTSCHRIFT"), 1, 1},
		{"account fees", maxGiro.IBAN, text("ENTGELTABSCHLUSS"), 24, 25},
	}
	for _, c := range checks {
		if n := count(c.iban, c.pred); n < c.min || n > c.max {
			t.Errorf("%s: %d bookings, want %d–%d", c.what, n, c.min, c.max)
		}
	}
	// Pending: at least the card payments of the last days.
	pend := all[maxGiro.IBAN].Pending
	cards := 0
	for _, p := range pend {
		if p.Status != statement.Pending || p.BookingDate.Before(l.Today().AddDays(-4)) || p.BookingDate.After(l.Today().AddDays(4)) {
			t.Errorf("odd pending entry %+v", p)
		}
		if p.GVC == "106" {
			cards++
		}
	}
	if cards == 0 {
		t.Error("no pending card payment on the Girokonto")
	}
}

// Same seed and now give identical data; another seed or another day gives
// other data.
func TestDeterminism(t *testing.T) {
	a, b := demoData(t, newTestLedger(42)), demoData(t, newTestLedger(42))
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed and now gave different data")
	}
	c := demoData(t, newTestLedger(43))
	if reflect.DeepEqual(a[maxGiro.IBAN].Booked, c[maxGiro.IBAN].Booked) {
		t.Fatal("another seed gave the same data")
	}
	later := NewLedger(LedgerOptions{Seed: 42, Now: fixedClock(testNow.AddDate(0, 1, 0))})
	d := demoData(t, later)
	if reflect.DeepEqual(a[maxGiro.IBAN].Booked, d[maxGiro.IBAN].Booked) {
		t.Fatal("another now gave the same data")
	}
	today := statement.DateOf(testNow)
	big1, big2 := generateShop(9, today)[0], generateShop(9, today)[0]
	if !reflect.DeepEqual(big1, big2) {
		t.Fatal("the big account is not deterministic")
	}
	// Berlin's calendar day decides, not UTC's.
	late := time.Date(2026, time.March, 18, 23, 30, 0, 0, time.UTC) // already the 19th in Berlin
	if got := NewLedger(LedgerOptions{Now: fixedClock(late)}).Today(); got != statement.NewDate(2026, time.March, 19) {
		t.Errorf("today at 23:30 UTC = %s, want 2026-03-19", got)
	}
}

func TestBigAccount(t *testing.T) {
	l, all := sharedData(t)
	r := all[shopGiro.IBAN]
	if len(r.Booked) != BigBookings {
		t.Fatalf("%d bookings, want %d", len(r.Booked), BigBookings)
	}
	bal := r.Opening.Amount
	for i, b := range r.Booked {
		bal = bal.Add(b.Amount)
		if i > 0 && b.BookingDate.Before(r.Booked[i-1].BookingDate) {
			t.Fatalf("#%d out of order", i)
		}
		if bal.Sign() < 0 {
			t.Fatalf("#%d: balance %s", i, bal)
		}
	}
	if bal.Cmp(r.Closing.Amount) != 0 {
		t.Fatalf("closing %s, bookings give %s", r.Closing.Amount, bal)
	}
	if len(r.Pending) == 0 {
		t.Error("no pending entries")
	}
	accts, _ := l.Accounts(DemoUser100k)
	if len(accts) != 1 || accts[0].IBAN != shopGiro.IBAN {
		t.Errorf("demo100k accounts %+v", accts)
	}
}

// BenchmarkGenerate100k measures generating the 100,000-booking account
// (target: well under a second).
func BenchmarkGenerate100k(b *testing.B) {
	today := statement.DateOf(testNow)
	var n int
	for b.Loop() {
		n = len(generateShop(1, today)[0].booked)
	}
	b.ReportMetric(float64(n), "bookings")
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/account")
}

// BenchmarkBookings100k measures handing out a month and the whole history
// of the big account from a warm ledger.
func BenchmarkBookings100k(b *testing.B) {
	l := newTestLedger(1)
	if _, err := l.Balance(shopGiro.IBAN); err != nil {
		b.Fatal(err)
	}
	today := l.Today()
	for _, bc := range []struct {
		name string
		from statement.Date
	}{{"month", today.AddDays(-30)}, {"all", statement.Date{}}} {
		b.Run(bc.name, func(b *testing.B) {
			var n int
			for b.Loop() {
				r, err := l.Bookings(shopGiro.IBAN, bc.from, statement.Date{})
				if err != nil {
					b.Fatal(err)
				}
				n = len(r.Booked)
			}
			b.ReportMetric(float64(n), "bookings")
		})
	}
}

func BenchmarkGenerateDemo(b *testing.B) {
	today := statement.DateOf(testNow)
	for b.Loop() {
		generateDemo(1, today, 14*60)
	}
}
