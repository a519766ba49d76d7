package theme

import (
	"errors"
	"testing"
	"time"

	"saldo/fints/money"
	"saldo/fints/statement"
)

func TestMoney(t *testing.T) {
	de, en := Locale{German}, Locale{English}
	tests := []struct {
		amount, cur string
		de, en      string
	}{
		{"1234.56", "EUR", "1.234,56 €", "€1,234.56"},
		{"-1234.5", "EUR", "-1.234,50 €", "-€1,234.50"},
		{"0", "", "0,00 €", "€0.00"},
		{"1234567.891", "USD", "1.234.567,891 $", "$1,234,567.891"},
		{"12", "CHF", "12,00 CHF", "CHF 12.00"},
		{"-3.2", "SEK", "-3,20 SEK", "-SEK 3.20"},
	}
	for _, tc := range tests {
		a := money.MustParse(tc.amount)
		if got := de.Money(a, tc.cur); got != tc.de {
			t.Errorf("de %s %s = %q, want %q", tc.amount, tc.cur, got, tc.de)
		}
		if got := en.Money(a, tc.cur); got != tc.en {
			t.Errorf("en %s %s = %q, want %q", tc.amount, tc.cur, got, tc.en)
		}
	}
	if got := de.SignedMoney(money.MustParse("5"), "EUR"); got != "+5,00 €" {
		t.Errorf("SignedMoney = %q", got)
	}
}

func TestParseAmount(t *testing.T) {
	tests := []struct {
		lang Lang
		in   string
		want string // "" = error
	}{
		{German, "1.234,56", "1234.56"},
		{German, "1234,56", "1234.56"},
		{German, "12.50", "12.5"}, // lone dot, two digits: decimal mark
		{German, "1.234", "1234"}, // lone dot, three digits: grouping in German
		{English, "1.234", "1.234"},
		{English, "1,234", "1234"},
		{English, "1,234.56", "1234.56"},
		{German, "1.234.567", "1234567"},
		{German, "  25 € ", "25"},
		{German, "-7,5", "-7.5"},
		{German, "+7,5", "7.5"},
		{German, ",5", "0.5"},
		{German, "", ""},
		{German, "abc", ""},
		{German, "1.23.4", ""},
		{German, "12,3,4", ""},
		{German, "1,234.5,6", ""},
		{German, "-", ""},
		{German, "1e5", ""},
	}
	for _, tc := range tests {
		got, err := Locale{tc.lang}.ParseAmount(tc.in)
		if tc.want == "" {
			if err == nil || !errors.Is(err, ErrAmount) {
				t.Errorf("%v %q: want ErrAmount, got %v, %v", tc.lang, tc.in, got, err)
			}
			continue
		}
		if err != nil || got.Cmp(money.MustParse(tc.want)) != 0 {
			t.Errorf("%v %q = %v, %v; want %s", tc.lang, tc.in, got, err, tc.want)
		}
	}
}

func TestDates(t *testing.T) {
	today := statement.NewDate(2025, time.March, 14)
	de, en := Locale{German}, Locale{English}
	if de.Date(today) != "14.03.2025" || en.Date(today) != "2025-03-14" || de.Date(statement.Date{}) != "" {
		t.Fatalf("Date: %q %q", de.Date(today), en.Date(today))
	}
	tests := []struct {
		in    string
		want  statement.Date
		bad   bool
		noDay bool // right shape, but the calendar lacks the day
	}{
		{"31.12.2025", statement.NewDate(2025, 12, 31), false, false},
		{"1.2.26", statement.NewDate(2026, 2, 1), false, false},
		{"24.12.", statement.NewDate(2025, 12, 24), false, false},
		{"2025-01-09", statement.NewDate(2025, 1, 9), false, false},
		{"20250109", statement.NewDate(2025, 1, 9), false, false},
		{"", statement.Date{}, false, false},
		{"31.02.2025", statement.Date{}, true, true},
		{"13.13.2025", statement.Date{}, true, true},
		{"1.2.3.4", statement.Date{}, true, false},
		{"x.y", statement.Date{}, true, false},
		{"2025/01/01", statement.Date{}, true, false},
		{"31.12.2026x", statement.Date{}, true, false}, // trailing garbage is no date
		{"1x.2.2025", statement.Date{}, true, false},
		{"1.2x.2025", statement.Date{}, true, false},
		{"1.2.025", statement.Date{}, true, false},
		{"+1.2.2025", statement.Date{}, true, false},
		{" 1.2.2025 ", statement.NewDate(2025, 2, 1), false, false},
	}
	for _, tc := range tests {
		for _, l := range []Locale{de, en} {
			got, err := l.ParseDate(tc.in, today)
			if tc.bad != (err != nil) || got != tc.want {
				t.Errorf("%v ParseDate(%q) = %v, %v", l.Lang, tc.in, got, err)
			}
			if errors.Is(err, ErrNoSuchDay) != tc.noDay {
				t.Errorf("%v ParseDate(%q): %v; want ErrNoSuchDay: %v", l.Lang, tc.in, err, tc.noDay)
			}
		}
	}
}

func TestAgo(t *testing.T) {
	now := time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		d    time.Duration
		want string
	}{
		{10 * time.Second, "just now"},
		{5 * time.Minute, "5 min ago"},
		{3 * time.Hour, "3 h ago"},
		{25 * time.Hour, "1 day ago"},
		{72 * time.Hour, "3 days ago"},
	}
	for _, tc := range tests {
		// the same in both languages: it is part of English sentences
		for _, l := range []Locale{{German}, {English}} {
			if got := l.Ago(now, now.Add(-tc.d)); got != tc.want {
				t.Errorf("%v %v = %q, want %q", l.Lang, tc.d, got, tc.want)
			}
		}
	}
	if (Locale{German}).Ago(now, time.Time{}) != "never" {
		t.Error("zero time")
	}
}

func TestParseLang(t *testing.T) {
	for in, want := range map[string]Lang{"de": German, "DE_de": German, "en": English, "en-GB": English} {
		if got, err := ParseLang(in); err != nil || got != want {
			t.Errorf("ParseLang(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseLang("fr"); err == nil {
		t.Error("fr accepted")
	}
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1.234,56", "12.50", "-1,234.5", "€ 3", ",5", "1.23.4"} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, german bool) {
		l := Locale{English}
		if german {
			l = Locale{German}
		}
		a, err := l.ParseAmount(s)
		if err != nil {
			return
		}
		// Whatever parses must survive its own formatting.
		back, err := l.ParseAmount(l.Number(a))
		if err != nil || back.Cmp(a) != 0 {
			t.Fatalf("%q -> %v -> %q -> %v, %v", s, a, l.Number(a), back, err)
		}
	})
}
