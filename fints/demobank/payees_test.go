package demobank

import (
	"strings"
	"testing"
)

func TestVerifyPayee(t *testing.T) {
	payees := KnownPayees()
	tests := []struct {
		name, iban, given string
		want              VoPOutcome
		suggest           string
	}{
		{"exact", maxGiro.IBAN, "Max Mustermann", VoPMatch, ""},
		{"case and spaces", FormatIBAN(maxGiro.IBAN), "  max   MUSTERMANN ", VoPMatch, ""},
		{"umlaut spelled out", pLandlord.IBAN, "Hausverwaltung Schroeder & Soehne GbR", VoPMatch, ""},
		{"umlaut and ß", pJuergen.IBAN, "Juergen Weiss", VoPMatch, ""},
		{"punctuation", pHandwerker.IBAN, "Elektro Gruber eK", VoPMatch, ""},
		{"joint account, one holder", maxJoint.IBAN, "Erika Mustermann", VoPMatch, ""},
		{"joint account, both", maxJoint.IBAN, "Max Mustermann und Erika Mustermann", VoPMatch, ""},
		{"swapped names", maxGiro.IBAN, "Mustermann, Max", VoPCloseMatch, "Max Mustermann"},
		{"initial", maxGiro.IBAN, "M. Mustermann", VoPCloseMatch, "Max Mustermann"},
		{"surname only", pSoeren.IBAN, "Kühn", VoPCloseMatch, "Sören Kühn"},
		{"typo short", pSoeren.IBAN, "Sören Kühm", VoPCloseMatch, "Sören Kühn"},
		{"two typos long", maxGiro.IBAN, "Max Mustremann", VoPCloseMatch, "Max Mustermann"},
		{"legal form missing", pEmployer.IBAN, "Musterfirma Software", VoPCloseMatch, "Musterfirma Software GmbH"},
		{"joint, short form", maxJoint.IBAN, "Max und Erika Mustermann", VoPCloseMatch, "Max Mustermann und Erika Mustermann"},
		{"other person", maxGiro.IBAN, "Erika Mustermann", VoPNoMatch, ""},
		{"other first name", pSoeren.IBAN, "Jana Kühn", VoPNoMatch, ""},
		{"three typos", maxGiro.IBAN, "Mux Mastermenn", VoPNoMatch, ""},
		{"empty name", maxGiro.IBAN, "  ", VoPNoMatch, ""},
		{"unknown IBAN", "DE89370400440532013000", "Max Mustermann", VoPNotPossible, ""},
		{"invalid IBAN", typo(maxGiro.IBAN), "Max Mustermann", VoPNotPossible, ""},
	}
	for _, tt := range tests {
		got := VerifyPayee(payees, tt.iban, tt.given)
		if got.Match != tt.want || got.SuggestedName != tt.suggest {
			t.Errorf("%s: VerifyPayee(%q) = %v suggesting %q, want %v suggesting %q", tt.name, tt.given, got.Match, got.SuggestedName, tt.want, tt.suggest)
		}
		if got.Text == "" || got.GivenName != tt.given || got.IBAN != NormalizeIBAN(tt.iban) {
			t.Errorf("%s: answer incomplete %+v", tt.name, got)
		}
		if tt.want == VoPCloseMatch && !strings.Contains(got.Text, tt.suggest) {
			t.Errorf("%s: text %q does not name the holder", tt.name, got.Text)
		}
	}
	// The ledger method uses the same list.
	l := newTestLedger(1)
	if got := l.VerifyPayee(pErika.IBAN, "Erika Musterman"); got.Match != VoPCloseMatch || got.SuggestedName != "Erika Mustermann" {
		t.Errorf("ledger VerifyPayee: %+v", got)
	}
}

func TestVoPCodes(t *testing.T) {
	want := map[VoPOutcome]string{VoPMatch: "RCVC", VoPCloseMatch: "RVMC", VoPNoMatch: "RVNM", VoPNotPossible: "RVNA"}
	for m, code := range want {
		if m.Code() != code || m.String() == "" {
			t.Errorf("%d: code %s string %s", m, m.Code(), m)
		}
	}
}

func TestKnownPayeesValid(t *testing.T) {
	for _, p := range KnownPayees() {
		if err := CheckIBAN(p.IBAN); err != nil || p.Name == "" {
			t.Errorf("payee %+v: %v", p, err)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"", "", 2, 0},
		{"abc", "abc", 2, 0},
		{"kühn", "kühm", 2, 1},
		{"kitten", "sitting", 5, 3},
		{"kitten", "sitting", 2, 3}, // gives up at limit+1
		{"a", "abcdef", 2, 3},
		{"müller", "muller", 1, 1}, // runes, not bytes
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b, tt.limit); got != tt.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}

func TestCheckIBAN(t *testing.T) {
	valid := []string{"DE89370400440532013000", "de89 3704 0044 0532 0130 00", "GB29NWBK60161331926819", "NL91ABNA0417164300", "AT611904300234573201", maxGiro.IBAN}
	for _, s := range valid {
		if err := CheckIBAN(s); err != nil {
			t.Errorf("CheckIBAN(%q): %v", s, err)
		}
	}
	invalid := map[string]string{
		"":                        "too short",
		"DE8937040044053201300":   "22 characters",
		"DE89370400440532013001":  "check digits",
		"US64SVBKUS6S3300958879":  "not a SEPA country",
		"D189370400440532013000":  "two letters",
		"DE89-3704-0044-0532-013": "letters and digits",
	}
	for s, want := range invalid {
		if err := CheckIBAN(s); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CheckIBAN(%q) = %v, want error mentioning %q", s, err, want)
		}
	}
	if got := creditorID("00000123456"); got[:4] != "DE"+checkDigits("DE", "00000123456") || !validCreditorID(got) {
		t.Errorf("creditor id %s", got)
	}
	// The example from the Bundesbank's creditor identifier page.
	if got := creditorID("09999999999"); got != "DE98ZZZ09999999999" {
		t.Errorf("creditorID = %s, want DE98ZZZ09999999999", got)
	}
}

// FuzzVerifyPayee: any IBAN and name give an answer, never a panic, and a
// name always matches itself.
func FuzzVerifyPayee(f *testing.F) {
	for _, p := range KnownPayees() {
		f.Add(p.IBAN, p.Name)
	}
	f.Add("DE89 3704 0044 0532 0130 00", "Müller-Lüdenscheidt, Dr. Hans")
	f.Add("xx", "\xff\xfe")
	payees := KnownPayees()
	f.Fuzz(func(t *testing.T, iban, name string) {
		got := VerifyPayee(payees, iban, name)
		if got.Text == "" || got.Match < VoPMatch || got.Match > VoPNotPossible {
			t.Fatalf("answer %+v", got)
		}
		if CheckIBAN(iban) != nil && got.Match != VoPNotPossible {
			t.Fatalf("invalid IBAN %q checked: %+v", iban, got)
		}
		if len(nameWords(name)) > 0 && compareNames(name, name) != VoPMatch {
			t.Fatalf("%q does not match itself", name)
		}
	})
}
