package mt940

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"saldo/fints/money"
	"saldo/fints/statement"
)

// genMT940 writes statements with realistic German bookings (DK :86:
// with SEPA keywords, umlauts, wrapped lines) until at least size bytes.
func genMT940(w io.Writer, size int) (int, error) {
	rng := rand.New(rand.NewPCG(1, 2))
	names := []string{"Erika Mustermann", "Stadtwerke München GmbH", "Mobilfunk AG", "Bäckerei Schmidt", "Deutsche Bahn Fernverkehr AG", "Hausverwaltung Köhler & Söhne"}
	purposes := []string{"Miete Januar Wohnung 3 OG links", "Rechnung 2025-4711 Kundennummer 0815", "Einkauf 12.03. 18:22 Karte 1", "Abschlag Strom Vertragskonto 4000123456 Zählernummer 77", "Gehalt"}
	bal := money.MustParse("1548.42")
	day := statement.NewDate(2020, 1, 1)
	written := 0
	cw := &countWriter{w: w}
	for n := 1; written < size; n++ {
		st := statement.Statement{Account: "DE87123456781234567890", Currency: "EUR", Number: fmt.Sprintf("%05d/001", n%100000)}
		op := statement.Balance{Amount: bal, Currency: "EUR", Date: day}
		day = day.AddDays(1)
		for i := 0; i < 40; i++ {
			amt := money.FromCents(rng.Int64N(500000) - 300000)
			bal = bal.Add(amt)
			st.Bookings = append(st.Bookings, statement.Booking{
				BookingDate: day, ValueDate: day, Amount: amt,
				CounterpartyName: names[rng.IntN(len(names))], CounterpartyIBAN: "DE21123456780000012345", CounterpartyBIC: "TESTDEFFXXX",
				Purpose: purposes[rng.IntN(len(purposes))], PostingText: "SEPA-UEBERWEISUNG", EndToEndRef: fmt.Sprintf("E2E-%d-%d", n, i),
				GVC: "166", GVCExtension: "000", PrimaNota: "9310", TypeCode: "NTRF", BankRef: fmt.Sprintf("%010d", n*100+i),
			})
		}
		cl := statement.Balance{Amount: bal, Currency: "EUR", Date: day}
		st.Opening, st.Closing = &op, &cl
		if err := Write(cw, st); err != nil {
			return cw.n, err
		}
		written = cw.n
	}
	return cw.n, nil
}

type countWriter struct {
	w io.Writer
	n int
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += n
	return n, err
}

// BenchmarkReader parses a generated 50 MB MT940 file streaming and
// reports throughput (MB/s wall clock and MB per CPU second; target ≥ 200
// on one core: run with -cpu 1) and the peak heap of a streaming parse
// from disk, which stays near one statement's worth plus the garbage
// collector's slack, not the file size.
func BenchmarkReader(b *testing.B) {
	path := filepath.Join(b.TempDir(), "big.sta")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	bw := bufio.NewWriter(f)
	size, err := genMT940(bw, 50<<20)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Close()
	}
	if err != nil {
		b.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	bookings := 0
	for i := 0; i < b.N; i++ {
		bookings = 0
		r := NewReader(bytes.NewReader(data))
		for {
			st, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			bookings += len(st.Bookings)
		}
	}
	b.StopTimer()
	// Throughput per CPU second (all threads, the garbage collector's
	// included): "on one core", and unaffected by other processes
	// competing for the machine, which wall-clock MB/s is not.
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/1e6/cpu.Seconds(), "MB/cpu-s")
	}
	b.ReportMetric(float64(bookings), "bookings/op")
	data = nil

	// Peak heap of a streaming parse straight from the file.
	f, err = os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base, peak := ms.HeapAlloc, ms.HeapAlloc
	r := NewReader(f)
	for n := 0; ; n++ {
		_, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			b.Fatal(err)
		}
		if n%8 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
	}
	b.ReportMetric(float64(peak-base)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(size)/(1<<20), "file-MB")
}

// BenchmarkWrite reports how fast the writer produces bank-style MT940.
func BenchmarkWrite(b *testing.B) {
	b.ReportAllocs()
	var n int
	for i := 0; i < b.N; i++ {
		var err error
		n, err = genMT940(io.Discard, 4<<20)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(n))
}

// BenchmarkStatements parses 1 MB of generated statements from memory:
// the parser's own cost without disk I/O, steadier to compare than the
// 50 MB run.
func BenchmarkStatements(b *testing.B) {
	var buf bytes.Buffer
	if _, err := genMT940(&buf, 1<<20); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	defer func() {
		if cpu := cpuTime() - cpu0; cpu > 0 {
			b.ReportMetric(float64(len(data))*float64(b.N)/1e6/cpu.Seconds(), "MB/cpu-s")
		}
	}()
	for i := 0; i < b.N; i++ {
		r := NewReader(bytes.NewReader(data))
		for {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}
