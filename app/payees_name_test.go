package app

import "testing"

// TestSpelledOut: a transfer records the name as sent (Soeren Kuehn); the
// address book keeps the spelling the person types and the statement
// shows (Sören Kühn), so "Sör" still completes after the first payment.
func TestSpelledOut(t *testing.T) {
	tests := []struct {
		recorded, orig string
		want           bool
	}{
		{"Soeren Kuehn", "Sören Kühn", true},
		{"JUERGEN WEISS", "Jürgen Weiß", true},
		{"Sören Kühn", "Sören Kühn", false},   // the same
		{"Sören Kühn", "Soeren Kuehn", false}, // never towards the spelled-out form
		{"Erika Mustermann", "Sören Kühn", false},
		{"Soeren Kuehn", "Сергей", false}, // no SEPA spelling at all
	}
	for _, tc := range tests {
		if got := spelledOut(tc.recorded, tc.orig); got != tc.want {
			t.Errorf("spelledOut(%q, %q) = %v, want %v", tc.recorded, tc.orig, got, tc.want)
		}
	}
}
