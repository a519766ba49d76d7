package sepa

import (
	"errors"
	"strings"
	"testing"
)

func TestValidateIBAN(t *testing.T) {
	tests := []struct {
		in      string
		wantErr string // substring; "" = valid
	}{
		{"DE87123456781234567890", ""},
		{"de87 1234 5678 1234 5678 90", ""},
		{"DE21123456780000012345", ""},
		{"DE89-3704-0044-0532-0130-00", ""},
		{"NL56AGDH9619008421", ""},
		{"CH2801234000123456789", ""},
		{"FR1420041010050500013M02606", ""},
		{"GB29NWBK60161331926819", ""},
		{"MT84MALT011000012345MTLCAST001S", ""},
		{"NO9386011117947", ""},
		{"", "empty"},
		{"DE1", "too short"},
		{"DE12345678901234567890", "check digits"},     // hbci4java test data: not a real IBAN
		{"DE8712345678123456789", "has 22 characters"}, // one digit missing
		{"DE871234567812345678901", "has 22 characters"},
		{"US64SVBKUS6S3300958879", "not a SEPA country"},
		{"DE87123456781234567_90", "not a letter or digit"},
		{"1287123456781234567890", "country code"},
		{"DEXX123456781234567890", "check digits"},
		{"DE87A23456781234567890", "only digits"},
	}
	for _, tt := range tests {
		err := ValidateIBAN(tt.in)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("ValidateIBAN(%q) = %v, want valid", tt.in, err)
		case tt.wantErr != "" && err == nil:
			t.Errorf("ValidateIBAN(%q) valid, want error %q", tt.in, tt.wantErr)
		case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
			t.Errorf("ValidateIBAN(%q) = %v, want it to mention %q", tt.in, err, tt.wantErr)
		case err != nil && !errors.Is(err, ErrInvalidIBAN):
			t.Errorf("ValidateIBAN(%q) error does not wrap ErrInvalidIBAN", tt.in)
		}
	}
}

func TestIBANHelpers(t *testing.T) {
	if got := FormatIBAN("de87123456781234567890"); got != "DE87 1234 5678 1234 5678 90" {
		t.Errorf("FormatIBAN = %q", got)
	}
	if got := NormalizeIBAN(" DE87 1234\u00a05678-1234.5678 90 "); got != "DE87123456781234567890" {
		t.Errorf("NormalizeIBAN = %q", got)
	}
	blz, acc, err := GermanAccount("DE02 1203 0000 0000 2020 51")
	if err != nil || blz != "12030000" || acc != "202051" {
		t.Errorf("GermanAccount = %q %q %v", blz, acc, err)
	}
	if _, _, err := GermanAccount("NL56AGDH9619008421"); err == nil {
		t.Error("GermanAccount accepted a Dutch IBAN")
	}
	if _, _, err := GermanAccount("DE12345678901234567890"); err == nil {
		t.Error("GermanAccount accepted a bad check sum")
	}
	for _, tt := range []struct{ blz, acc, want string }{
		{"12030000", "202051", "DE02120300000000202051"},
		{"37040044", "532013000", "DE89370400440532013000"},
		{"123 456 78", "1234567890", "DE87123456781234567890"},
	} {
		got, err := GermanIBAN(tt.blz, tt.acc)
		if err != nil || got != tt.want {
			t.Errorf("GermanIBAN(%s, %s) = %q, %v; want %s", tt.blz, tt.acc, got, err, tt.want)
		}
		if ValidateIBAN(got) != nil {
			t.Errorf("GermanIBAN produced invalid %s", got)
		}
	}
	for _, bad := range [][2]string{{"1234567", "1"}, {"12345678", ""}, {"12345678", "12345678901"}, {"12345678", "12a"}} {
		if _, err := GermanIBAN(bad[0], bad[1]); err == nil {
			t.Errorf("GermanIBAN(%q, %q) accepted", bad[0], bad[1])
		}
	}
	// Check digits as IBANs and SEPA creditor identifiers use them: the
	// IBAN from the check-digit example of ISO 13616, and the Bundesbank's
	// example creditor identifier DE98ZZZ09999999999 (business code "ZZZ"
	// left out of the calculation).
	for _, tt := range []struct{ cc, body, want string }{
		{"DE", "370400440532013000", "89"},
		{"GB", "NWBK60161331926819", "29"},
		{"DE", "09999999999", "98"},
	} {
		if got := CheckDigits(tt.cc, tt.body); got != tt.want {
			t.Errorf("CheckDigits(%s, %s) = %s, want %s", tt.cc, tt.body, got, tt.want)
		}
		if Mod97(tt.body+tt.cc+tt.want) != 1 {
			t.Errorf("Mod97 of %s%s%s is not 1", tt.body, tt.cc, tt.want)
		}
	}
	if n, ok := IBANLength("de"); !ok || n != 22 {
		t.Errorf("IBANLength(de) = %d %v", n, ok)
	}
	if IsSEPACountry("US") || !IsSEPACountry("ch") {
		t.Error("IsSEPACountry")
	}
}

func TestBICForIBAN(t *testing.T) {
	tests := []struct {
		iban, want string
		ok         bool
	}{
		{"DE02120300000000202051", "BYLADEM1001", true}, // DKB via bank directory
		{"DE89370400440532013000", "COBADEFF370", true}, // Commerzbank Köln
		{"NL56AGDH9619008421", "", false},
		{"DE12345678901234567890", "", false}, // invalid IBAN
		{"DE87123456781234567890", "", false}, // 12345678 is not a real bank
	}
	for _, tt := range tests {
		got, ok := BICForIBAN(tt.iban)
		if got != tt.want || ok != tt.ok {
			t.Errorf("BICForIBAN(%s) = %q %v, want %q %v", tt.iban, got, ok, tt.want, tt.ok)
		}
	}
}

func TestValidateBIC(t *testing.T) {
	for _, ok := range []string{"TESTDEFFXXX", "GENODEM1MEN", "INGDDEFF", "bylademm", " DEUT DEDB 277 ", "BANKCHZH80A"} {
		if err := ValidateBIC(ok); err != nil {
			t.Errorf("ValidateBIC(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"", "TESTDEF", "TESTDEFFXX", "TEST1EFFXXX", "TESTDE1FXXX", "TESTDEFOXXX", "TESTDEFF_XX", "TESTDEFFXXXX"} {
		err := ValidateBIC(bad)
		if err == nil || !errors.Is(err, ErrInvalidBIC) {
			t.Errorf("ValidateBIC(%q) = %v, want ErrInvalidBIC", bad, err)
		}
	}
}

func TestTransliterate(t *testing.T) {
	tests := []struct {
		in   string
		cs   Charset
		want string
		bad  rune // 0 = no error
	}{
		{"Max Mustermann", Basic, "Max Mustermann", 0},
		{"Jürgen Müller-Lüdenscheidt", Basic, "Juergen Mueller-Luedenscheidt", 0},
		{"ÄÖÜ äöü ß", Basic, "AeOeUe aeoeue ss", 0},
		{"Jürgen Müller & Söhne", German, "Jürgen Müller & Söhne", 0},
		{"Müller & Söhne", Basic, "Mueller + Soehne", 0},
		{"Café Crème, Łódź, Ærø, Dvořák", Basic, "Cafe Creme, Lodz, AEro, Dvorak", 0},
		{"Rechnung “4711” – 5 €", Basic, "Rechnung '4711' - 5 EUR", 0},
		{"Zeile1\nZeile2", Basic, "Zeile1 Zeile2", 0},
		{"50% Rabatt", German, "50% Rabatt", 0},
		{"50% Rabatt", Basic, "", '%'},
		{"Ωmega", Basic, "", 'Ω'},
		{"Привет", German, "", 'П'},
		{"pay 🍕", Basic, "", '🍕'},
	}
	for _, tt := range tests {
		got, err := Transliterate(tt.in, tt.cs)
		if tt.bad != 0 {
			var ce *CharError
			if !errors.As(err, &ce) || ce.Rune != tt.bad || !errors.Is(err, ErrCharset) {
				t.Errorf("Transliterate(%q) = %q, %v; want CharError for %q", tt.in, got, err, tt.bad)
				continue
			}
			if !strings.Contains(err.Error(), string(tt.bad)) {
				t.Errorf("error %q does not name the character", err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Transliterate(%q, %v) = %q, %v; want %q", tt.in, tt.cs, got, err, tt.want)
		}
		if Check(got, tt.cs) != nil {
			t.Errorf("Transliterate(%q) result %q fails Check", tt.in, got)
		}
	}
	if err := Check("a%b", Basic); err == nil || err.(*CharError).Pos != 2 {
		t.Errorf("Check position: %v", err)
	}
}

func TestCheckID(t *testing.T) {
	for _, ok := range []string{"NOTPROVIDED", "MSG-20250115-0001", "A/B", "x (1) ?+:.,'"} {
		if err := CheckID(ok); err != nil {
			t.Errorf("CheckID(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"", "/abc", "a//b", strings.Repeat("x", 36), "Müller", "a_b", "a&b"} {
		if err := CheckID(bad); err == nil || !errors.Is(err, ErrInvalidID) {
			t.Errorf("CheckID(%q) = %v, want ErrInvalidID", bad, err)
		}
	}
}

func FuzzTransliterate(f *testing.F) {
	for _, s := range []string{"Jürgen Müller", "Ωmega", "Café", "a&b", "€"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, cs := range []Charset{Basic, German} {
			out, err := Transliterate(s, cs)
			if err != nil {
				var ce *CharError
				if !errors.As(err, &ce) {
					t.Fatalf("error of wrong type: %v", err)
				}
				continue
			}
			if err := Check(out, cs); err != nil {
				t.Fatalf("Transliterate(%q) = %q which fails Check: %v", s, out, err)
			}
		}
	})
}

func FuzzValidateIBAN(f *testing.F) {
	for _, s := range []string{"DE87123456781234567890", "de87 1234", "", "XX00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ValidateIBAN(s) == nil {
			n := NormalizeIBAN(s)
			if want, _ := IBANLength(n[:2]); len(n) != want || Mod97(n[4:]+n[:4]) != 1 {
				t.Fatalf("accepted %q", s)
			}
			_ = FormatIBAN(s)
		}
	})
}
