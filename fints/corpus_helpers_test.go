package fints

import (
	"os"
	"path/filepath"
	"testing"

	"saldo/fints/wire"
)

const corpusDir = "../testdata/corpus/fints-messages"

// corpusSegments decodes a corpus message (full or inner) into its flat
// segment list.
func corpusSegments(t testing.TB, name string) []*wire.Segment {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpusDir, name))
	if err != nil {
		t.Fatal(err)
	}
	m, err := wire.Decode(b)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m.Flat()
}

// corpusResponse parses a full corpus answer.
func corpusResponse(t testing.TB, name string) *wire.Response {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpusDir, name))
	if err != nil {
		t.Fatal(err)
	}
	r, err := wire.ParseResponse(b)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return r
}

// dataFor returns the data segments referring to customer segment ref.
func dataFor(segs []*wire.Segment, ref int) []*wire.Segment {
	var out []*wire.Segment
	for _, s := range segs {
		if s.Ref == ref && s.ID != "HIRMS" && s.ID != "HIRMG" {
			out = append(out, s)
		}
	}
	return out
}
