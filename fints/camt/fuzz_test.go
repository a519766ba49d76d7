package camt

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"saldo/fints/statement"
)

// FuzzParse feeds the real corpus and the local fixtures, mutated. Parse
// must never panic, and whatever it accepts must survive the writer and
// parse again to the same bookings count.
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{corpusDir + "*.xml", "testdata/*.xml"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Add([]byte("<Document/>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sts, err := Parse(data)
		if err != nil {
			return
		}
		for _, st := range sts {
			if st.Account == "" {
				continue // the writer requires an account
			}
			fillCurrency(&st)
			var buf bytes.Buffer
			if err := Write052(&buf, "08", st, "FUZZ", time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil {
				continue // e.g. no currency anywhere: refused, not panicked
			}
			back, err := Parse(buf.Bytes())
			if err != nil {
				t.Fatalf("writer output does not parse: %v\n%s", err, buf.Bytes())
			}
			if len(back) != 1 || len(back[0].Bookings) != len(st.Bookings) {
				t.Fatalf("round trip changed the number of bookings: %d → %d", len(st.Bookings), len(back[0].Bookings))
			}
		}
	})
}

func fillCurrency(st *statement.Statement) {
	if st.Currency == "" {
		st.Currency = "EUR"
	}
}

func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile(corpusDir + "hbci4java_test-camt-parse-05200102.xml")
	if err != nil {
		b.Fatal(err)
	}
	// A realistic HICAZ page: one report with 500 entries.
	start := bytes.Index(data, []byte("<Ntry>"))
	end := bytes.LastIndex(data, []byte("</Ntry>")) + len("</Ntry>")
	big := append([]byte{}, data[:start]...)
	for i := 0; i < 250; i++ {
		big = append(big, data[start:end]...)
	}
	big = append(big, data[end:]...)
	b.SetBytes(int64(len(big)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sts, err := Parse(big)
		if err != nil || len(sts[0].Bookings) != 500 {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/500, "µs/entry")
}
