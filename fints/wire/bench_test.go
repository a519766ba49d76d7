package wire

import (
	"testing"
	"time"
)

// BenchmarkDecodeAtruviaInit decodes the 13 kB Atruvia anonymous init
// answer (86 segments); the target is well under a millisecond.
func BenchmarkDecodeAtruviaInit(b *testing.B) {
	msg := readCorpus(b, "atruvia_anonymous_init_response_full.bin")
	b.SetBytes(int64(len(msg)))
	b.ReportAllocs()
	start := time.Now()
	for b.Loop() {
		if _, err := ParseResponse(msg); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/float64(b.N), "µs/msg")
}

// BenchmarkEncodeSigned assembles and encodes the §12.2 message.
func BenchmarkEncodeSigned(b *testing.B) {
	r, err := ParseResponse(readGolden(b, "guide_12_2_init_request.bin"))
	if err != nil {
		b.Fatal(err)
	}
	sec := testSecurity("4711001", "20250115101500")
	b.ReportAllocs()
	for b.Loop() {
		msg, err := NewSigned(r.Head, sec, r.Body()...)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := msg.Bytes(); err != nil {
			b.Fatal(err)
		}
	}
}
