package vault

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"saldo/fints/money"
	"saldo/fints/statement"
)

// realisticBooking fills the fields a German bank typically sends.
func realisticBooking(acct string, n int) statement.Booking {
	d := day(2016, 1, 1).AddDays(n / 8)
	rb := money.FromCents(int64(100000 + n))
	return statement.Booking{Status: statement.Booked, BookingDate: d, ValueDate: d,
		Amount: money.FromCents(-int64(100 + n%5000)), Currency: "EUR",
		CounterpartyName: "REWE Markt GmbH Filiale 4711", CounterpartyIBAN: "DE89370400440532013000", CounterpartyBIC: "COBADEFFXXX",
		Purpose:     fmt.Sprintf("Kartenzahlung %d girocard Terminal 12345678 Einkauf vom %s", n, d),
		PostingText: "FOLGELASTSCHRIFT", EndToEndRef: fmt.Sprintf("E2E-%s-%d", acct[:4], n), MandateRef: "M-0815",
		CreditorID: "DE98ZZZ09999999999", BankRef: fmt.Sprintf("%012d", n), GVC: "106", PrimaNota: "9249",
		RunningBalance: &rb}
}

// benchVault builds the vault the targets talk about: 20 logins,
// each with a 30 KB engine state and 2 accounts of 2,500 bookings
// (100,000 bookings in all). It returns the path and the data key.
func benchVault(b *testing.B) (string, []byte, []LoginKey) {
	b.Helper()
	path := filepath.Join(b.TempDir(), "vault.db")
	v, err := Create(path, pass(testPass), testKDF)
	if err != nil {
		b.Fatal(err)
	}
	var keys []LoginKey
	state := bytes.Repeat([]byte("HIBPA:3:3+12+280:12030000+DKB+3+1'"), 900)
	for i := range 20 {
		k := addLogin(b, v, fmt.Sprintf("1203%04d", i), fmt.Sprintf("user%d", i), "Bank")
		keys = append(keys, k)
		v.PutState(k, state)
		for a := range 2 {
			acct := fmt.Sprintf("DE%02d12030000%010d", i, a)
			list := make([]statement.Booking, 2500)
			for n := range list {
				list[n] = realisticBooking(acct, n)
			}
			if _, err := v.MergeBookings(k, acct, list, nil); err != nil {
				b.Fatal(err)
			}
		}
	}
	dk := bytes.Clone(v.dataKey)
	v.Close()
	return path, dk, keys
}

// BenchmarkOpenReadState: open an existing vault (key already derived)
// and read one login's engine state. Target: under 1 ms.
func BenchmarkOpenReadState(b *testing.B) {
	path, dk, keys := benchVault(b)
	var total time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		v, err := openWith(path, func(*header) ([]byte, error) { return bytes.Clone(dk), nil })
		if err != nil {
			b.Fatal(err)
		}
		if _, err := v.State(keys[i%len(keys)]); err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
		b.StopTimer()
		v.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(total.Microseconds())/float64(b.N)/1000, "ms/open+state")
}

// BenchmarkMerge10k: cache 10,000 new bookings for one account in one
// transaction, in the 100,000-booking vault. Target: under 100 ms.
// "new": unseen bookings with IDs; "resync": the same 10,000 again (all
// replaced in place); "new-without-ids": the vault runs statement.AssignIDs.
func BenchmarkMerge10k(b *testing.B) {
	for _, tc := range []struct {
		name         string
		fresh, noIDs bool
	}{{"new", true, false}, {"resync", false, false}, {"new-without-ids", true, true}} {
		b.Run(tc.name, func(b *testing.B) {
			path, dk, keys := benchVault(b)
			v, err := openWith(path, func(*header) ([]byte, error) { return bytes.Clone(dk), nil })
			if err != nil {
				b.Fatal(err)
			}
			defer v.Close()
			acct := "DE0012030000NEW"
			var total time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				list := make([]statement.Booking, 10000)
				off := 0
				if tc.fresh {
					off = 20000 + i*10000 // bookings never seen before
				}
				for n := range list {
					list[n] = realisticBooking(acct, off+n)
				}
				if !tc.noIDs {
					// Parsers' callers normally assign IDs once on fetch.
					statement.AssignIDs(acct, list)
				}
				b.StartTimer()
				start := time.Now()
				res, err := v.MergeBookings(keys[0], acct, list, nil)
				total += time.Since(start)
				if err != nil || res.Added+res.Updated != 10000 {
					b.Fatalf("merge = %+v, %v", res, err)
				}
			}
			b.ReportMetric(float64(total.Microseconds())/float64(b.N)/1000, "ms/merge10k")
		})
	}
}

// BenchmarkKDF reports what unlocking costs with DefaultKDF on this machine:
// the mean, and the median and fastest run, which say more on a machine
// other work shares (target: about a quarter second).
func BenchmarkKDF(b *testing.B) {
	salt := make([]byte, saltSize)
	runs := make([]time.Duration, 0, b.N)
	for i := 0; i < b.N; i++ {
		start := time.Now()
		k, err := deriveKEK(pass(testPass), salt, DefaultKDF)
		runs = append(runs, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		clear(k)
	}
	var total time.Duration
	for _, d := range runs {
		total += d
	}
	slices.Sort(runs)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(total)/float64(b.N), "ms/unlock")
	b.ReportMetric(ms(runs[len(runs)/2]), "ms-median")
	b.ReportMetric(ms(runs[0]), "ms-min")
	b.ReportMetric(float64(DefaultKDF.MemoryKiB>>10), "MiB")
	b.ReportMetric(float64(DefaultKDF.Time), "passes")
}
