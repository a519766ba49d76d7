package ui

import (
	"testing"

	"saldo/fints"
	"saldo/fints/statement"
	"saldo/theme"
)

// TestBookingDates: the details pane said "booked" for a pending entry
// right below "pending — not yet booked".
func TestBookingDates(t *testing.T) {
	d1, d2 := statement.NewDate(2026, 11, 23), statement.NewDate(2026, 11, 21)
	l := theme.Locale{Lang: theme.German}
	tests := []struct {
		name string
		b    statement.Booking
		want string
	}{
		{"booked", statement.Booking{Status: statement.Booked, BookingDate: d1, ValueDate: d1}, "booked 23.11.2026"},
		{"booked, other value date", statement.Booking{Status: statement.Booked, BookingDate: d1, ValueDate: d2}, "booked 23.11.2026, value 21.11.2026"},
		{"pending", statement.Booking{Status: statement.Pending, BookingDate: d1, ValueDate: d1}, "entered 23.11.2026"},
		{"pending, value date only", statement.Booking{Status: statement.Pending, ValueDate: d2}, "value 21.11.2026"},
	}
	for _, tc := range tests {
		if got := bookingDates(l, &tc.b); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestMethodLabel: bank names carry their own parentheses and plain TAN
// methods said "(TAN)": "Demo-App (Freigabe) (app approval)", "SMS-TAN (TAN)".
func TestMethodLabel(t *testing.T) {
	tests := []struct {
		me   fints.TANMethod
		want string
	}{
		{fints.TANMethod{Name: "Demo-App (Freigabe)", Kind: fints.TANDecoupled}, "Demo-App (Freigabe) · app approval"},
		{fints.TANMethod{Name: "SMS-TAN", Kind: fints.TANManual}, "SMS-TAN · typed TAN"},
		{fints.TANMethod{Name: "chipTAN optisch", Kind: fints.TANFlicker}, "chipTAN optisch · chipTAN optical"},
		{fints.TANMethod{Name: "chipTAN optical", Kind: fints.TANFlicker}, "chipTAN optical"}, // nothing to add
		{fints.TANMethod{Name: "photoTAN", Kind: fints.TANImage}, "photoTAN · photoTAN/QR"},
	}
	for _, tc := range tests {
		if got := methodLabel(tc.me); got != tc.want {
			t.Errorf("methodLabel(%q) = %q, want %q", tc.me.Name, got, tc.want)
		}
	}
}

func TestLowerFirst(t *testing.T) {
	tests := map[string]string{
		"Transfer 5,00 € to Erika": "transfer 5,00 € to Erika",
		"Überweisung":              "überweisung",
		"SEPA transfer":            "SEPA transfer", // an acronym stays
		"older bookings":           "older bookings",
		"":                         "",
		"X":                        "x",
	}
	for in, want := range tests {
		if got := lowerFirst(in); got != want {
			t.Errorf("lowerFirst(%q) = %q, want %q", in, got, want)
		}
	}
}
