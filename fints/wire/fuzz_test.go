package wire

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func addSeeds(f *testing.F) {
	for _, p := range corpusFiles(f) {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	golden, _ := filepath.Glob("testdata/guide_*.bin")
	for _, p := range golden {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
}

// FuzzDecode checks that the decoder never panics and that whatever it
// accepts survives decode→encode→decode unchanged.
func FuzzDecode(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Decode(b)
		if err != nil {
			return
		}
		_ = Trace(m.Segments...)
		_ = m.Flat()
		enc := Encoder{Charset: m.Charset}
		first, err := enc.Encode(m.Segments...)
		if err != nil {
			t.Fatalf("decoded message does not encode: %v", err)
		}
		m2, err := Decode(first)
		if err != nil {
			t.Fatalf("re-encoded message does not decode: %v\n%q", err, first)
		}
		second, err := enc.Encode(m2.Segments...)
		if err != nil || !bytes.Equal(first, second) {
			t.Fatalf("round trip unstable (%v):\n%q\n%q", err, first, second)
		}
	})
}

// FuzzEnvelope runs the client and server envelope parsers on arbitrary
// input; they must fail cleanly.
func FuzzEnvelope(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		if r, err := ParseResponse(b); err == nil {
			_ = r.Body()
			_ = r.Err()
		}
		if r, err := ParseRequest(b); err == nil {
			_ = r.AnswerSecurity(at("20250115101500"))
		}
	})
}
