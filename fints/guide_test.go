package fints

import (
	"os"
	"path/filepath"
	"testing"

	"saldo/fints/wire"
)

// guideAnswer parses one of the guide's §12 example answers, which the
// wire package keeps byte-exact in its testdata.
func guideAnswer(t testing.TB, name string) *wire.Response {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("wire", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	r, err := wire.ParseResponse(b)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
