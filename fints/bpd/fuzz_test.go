package bpd

import (
	"os"
	"path/filepath"
	"testing"

	"saldo/fints/wire"
)

// FuzzParse feeds arbitrary messages to the BPD and UPD parsers and the
// state blob round trip; they must never panic, and what they store must
// restore.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(corpusDir + "*.bin")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	if b, err := os.ReadFile("../wire/testdata/guide_12_3_init_answer.bin"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := wire.Decode(raw)
		if err != nil {
			return
		}
		segs := m.Flat()
		if b, err := Parse(segs); err == nil {
			for _, meth := range b.TANMethods() {
				for v := 1; v <= 7; v++ {
					_, _ = meth.Entry(v)
				}
			}
			_, _ = b.SEPA()
			_, _ = b.MT940()
			_, _ = b.Camt()
			_, _ = b.Instant()
			_, _ = b.Scheduled()
			_, _ = b.VoP()
			_ = b.URL()
			blob, err := b.MarshalBinary()
			if err != nil {
				t.Fatalf("MarshalBinary: %v", err)
			}
			var r BPD
			if err := r.UnmarshalBinary(blob); err != nil {
				t.Fatalf("stored BPD does not restore: %v", err)
			}
		}
		if u, err := ParseUPD(segs); err == nil {
			for _, a := range u.Accounts {
				_ = a.Segment()
			}
			blob, err := u.MarshalBinary()
			if err != nil {
				t.Fatalf("MarshalBinary: %v", err)
			}
			var r UPD
			if err := r.UnmarshalBinary(blob); err != nil {
				t.Fatalf("stored UPD does not restore: %v", err)
			}
		}
	})
}
