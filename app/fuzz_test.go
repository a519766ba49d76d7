package app

import (
	"encoding/json"
	"testing"

	"saldo/fints"
)

// FuzzDecodePaused: a paused record read back from the vault (damaged,
// from another version) is rejected with an error, never a panic.
func FuzzDecodePaused(f *testing.F) {
	good, _ := json.Marshal(pausedRecord{Format: pausedFormat, Version: 1, Kind: opTransfer, Label: "Transfer 1,00 € to X",
		OrderID: "00ff", Chal: fints.Challenge{Operation: "Transfer", Text: "TAN"}, Engine: []byte(`{"format":"saldo-fints-paused"}`)})
	f.Add(good)
	f.Add([]byte(`{"format":"saldo-app-paused","version":2}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := decodePaused(b)
		if err == nil && (r.Format != pausedFormat || r.Version != 1 || len(r.Engine) == 0) {
			t.Fatalf("accepted %+v", r)
		}
	})
}
