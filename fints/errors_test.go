package fints

import (
	"errors"
	"strings"
	"testing"

	"saldo/fints/wire"
)

func codes(cs ...string) wire.Codes {
	var out wire.Codes
	for _, c := range cs {
		parts := strings.SplitN(c, " ", 2)
		rc := wire.ReturnCode{Code: parts[0], Global: true}
		if len(parts) > 1 {
			rc.Text = parts[1]
		}
		out = append(out, rc)
	}
	return out
}

func TestClassify(t *testing.T) {
	tests := []struct {
		codes wire.Codes
		kind  error
		hint  string
	}{
		{codes("9800 Dialog abgebrochen", "9942 PIN ungültig"), ErrWrongPIN, "PIN"},
		{codes("9340 Signatur falsch"), ErrWrongPIN, ""},
		{codes("9910 Auftrag abgelehnt"), ErrWrongPIN, ""},
		{codes("9210 Zugangsdaten ungültig"), ErrWrongPIN, ""},
		{codes("9800 Dialog abgebrochen", "9931 Zugang gesperrt"), ErrLocked, "unlock"},
		{codes("9078 Produkt nicht registriert"), ErrProductRejected, "registration"},
		{codes("9010 Die Produktregistrierung fehlt"), ErrProductRejected, "--product-id"},
		{codes("9210 Datum ungültig"), nil, ""},
		{codes("9050 Teilweise fehlerhaft", "9210 IBAN ungueltig"), nil, ""},
	}
	for _, tt := range tests {
		err := classify("test", tt.codes, "ABC")
		if err == nil {
			t.Fatalf("classify(%v) = nil", tt.codes)
		}
		if tt.kind != nil && !errors.Is(err, tt.kind) {
			t.Errorf("classify(%v) = %v, want kind %v", tt.codes, err, tt.kind)
		}
		var be *wire.BankError
		if !errors.As(err, &be) {
			t.Errorf("classify(%v): no *wire.BankError inside", tt.codes)
		}
		if !strings.Contains(err.Error(), tt.hint) {
			t.Errorf("classify(%v) = %q, want hint %q", tt.codes, err, tt.hint)
		}
	}
	if classify("x", codes("0020 ok", "3060 Warnung"), "") != nil {
		t.Error("success and warnings must not be errors")
	}
	if err := classify("x", codes("9078 x"), ""); !strings.Contains(err.Error(), "no product ID was sent") {
		t.Errorf("missing product ID hint: %v", err)
	}
}

func TestIsDialogGone(t *testing.T) {
	if !isDialogGone(codes("9800 Dialog abgebrochen").Err()) {
		t.Error("9800 alone: dialog gone")
	}
	if isDialogGone(codes("9800 x", "9942 PIN").Err()) {
		t.Error("9800 with wrong PIN must not count as a dropped dialog")
	}
	if !isDialogGone(classify("op", codes("9800 x", "9120 Nachrichtennummer"), "")) {
		t.Error("classified 9800 must still be recognised")
	}
}
