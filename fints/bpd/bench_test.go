package bpd

import (
	"os"
	"testing"
	"time"

	"saldo/fints/wire"
)

// BenchmarkInitAnswer decodes the 13 kB Atruvia init answer and reads its
// BPD, as the engine does after every dialog initialisation.
func BenchmarkInitAnswer(b *testing.B) {
	raw, err := os.ReadFile(corpusDir + "atruvia_anonymous_init_response_full.bin")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	start := time.Now()
	for b.Loop() {
		r, err := wire.ParseResponse(raw)
		if err != nil {
			b.Fatal(err)
		}
		bp, err := Parse(r.Segments)
		if err != nil {
			b.Fatal(err)
		}
		_ = bp.TANMethods()
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/float64(b.N), "µs/answer")
}

// BenchmarkRestore restores stored BPD from the state blob.
func BenchmarkRestore(b *testing.B) {
	bp := mustParse(b, "atruvia_anonymous_init_response_full.bin")
	blob, err := bp.MarshalBinary()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		var r BPD
		if err := r.UnmarshalBinary(blob); err != nil {
			b.Fatal(err)
		}
	}
}
