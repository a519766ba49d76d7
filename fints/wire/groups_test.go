package wire

import (
	"testing"
	"time"

	"saldo/fints/money"
	"saldo/fints/statement"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"1523,42", "1523.42", true},
		{"12,00", "12.00", true},
		{"1000,", "1000.00", true},
		{"0,", "0.00", true},
		{"12", "12.00", true},
		{"-3,5", "-3.50", true},
		{"0,00001", "0.00001", true},
		{"", "", false},
		{",5", "", false},
		{"1.000,00", "", false},
		{"1,2,3", "", false},
		{"12,5 EUR", "", false},
		{"+5,", "", false},
	}
	for _, tc := range tests {
		a, err := ParseAmount(tc.in)
		if (err == nil) != tc.ok || (tc.ok && a.String() != tc.want) {
			t.Errorf("ParseAmount(%q) = %v, %v", tc.in, a, err)
		}
	}
	for in, want := range map[string]string{"1000": "1000,", "100.2": "100,2", "0.5": "0,5", "0": "0,", "-12.30": "-12,3"} {
		if got := FormatAmount(money.MustParse(in)); got != want {
			t.Errorf("FormatAmount(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestSaldo(t *testing.T) {
	tests := []struct {
		wire string
		want Saldo
	}{
		{"C:1523,42:EUR:20250115", Saldo{money.MustParse("1523.42"), "EUR", statement.NewDate(2025, 1, 15), nil}},
		{"D:12,5:EUR:20250115:101500", Saldo{money.MustParse("-12.5"), "EUR", statement.NewDate(2025, 1, 15), &Clock{10, 15, 0}}},
	}
	for _, tc := range tests {
		m := mustDecode(t, "HISAL:1:7+"+tc.wire+"'")
		got, err := ParseSaldo(m.Segments[0].Group(2), 1)
		if err != nil {
			t.Fatal(err)
		}
		if got.Amount.Cmp(tc.want.Amount) != 0 || got.Currency != tc.want.Currency || got.Date != tc.want.Date ||
			(got.Time == nil) != (tc.want.Time == nil) || (got.Time != nil && *got.Time != *tc.want.Time) {
			t.Errorf("%s: %+v", tc.wire, got)
		}
		out, _ := Encode(NewSegment("HISAL", 7, got.DE()))
		if string(out) != "HISAL:0:7+"+tc.wire+"'" {
			t.Errorf("build %s", out)
		}
		if got.Balance().Amount.Cmp(tc.want.Amount) != 0 {
			t.Error("Balance()")
		}
	}
	for _, bad := range []string{"X:1,:EUR:20250115", "C:abc:EUR:20250115", "C:1,:EUR:20251315", "C:1,:EUR:20250115:256100"} {
		if _, err := ParseSaldo(mustDecode(t, "HISAL:1:7+"+bad+"'").Segments[0].Group(2), 1); err == nil {
			t.Errorf("ParseSaldo(%s) accepted", bad)
		}
	}
}

func TestAccountGroups(t *testing.T) {
	m := mustDecode(t, "HIXYZ:1:1+J:DE87123456781234567890:TESTDEFFXXX:1234567890::280:12345678+1234567890:01:280:12345678+2000,:EUR'")
	s := m.Segments[0]
	ktz := ParseKTZ(s.Group(2), 1)
	if !ktz.SEPA || ktz.IBAN != "DE87123456781234567890" || ktz.Bank.Code != "12345678" || ktz.Number != "1234567890" {
		t.Errorf("ktz %+v", ktz)
	}
	ktv := ParseKTV(s.Group(3), 1)
	if ktv != (KTV{"1234567890", "01", KIK{"280", "12345678"}}) {
		t.Errorf("ktv %+v", ktv)
	}
	btg, err := ParseBTG(s.Group(4), 1)
	if err != nil || btg.Amount.Cmp(money.MustParse("2000")) != 0 || btg.Currency != "EUR" {
		t.Errorf("btg %+v %v", btg, err)
	}
	out, _ := Encode(NewSegment("HIXYZ", 1, ktz.DE(), ktv.DE(), btg.DE()))
	if string(out) != "HIXYZ:0:1+J:DE87123456781234567890:TESTDEFFXXX:1234567890::280:12345678+1234567890:01:280:12345678+2000,:EUR'" {
		t.Errorf("rebuild %s", out)
	}
	kti := ParseKTI(S("DE1", "BIC", "", "", "280", "1"), 1)
	if kti.IBAN != "DE1" || kti.Bank.Code != "1" {
		t.Errorf("kti %+v", kti)
	}
}

func TestDatesAndClock(t *testing.T) {
	d, err := ParseDate("20250115")
	if err != nil || d != statement.NewDate(2025, 1, 15) || FormatDate(d) != "20250115" {
		t.Errorf("ParseDate: %v %v", d, err)
	}
	if d, err := ParseDate(""); err != nil || !d.IsZero() {
		t.Error("empty date")
	}
	for _, bad := range []string{"2025011", "20250230", "2025-01-15"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
	c, err := ParseClock("101504")
	if err != nil || c != (Clock{10, 15, 4}) || c.String() != "101504" {
		t.Errorf("clock %v %v", c, err)
	}
	if _, err := ParseClock("1015"); err == nil {
		t.Error("short time accepted")
	}
	if got := At(d, c, time.UTC); !got.Equal(time.Date(2025, 1, 15, 10, 15, 4, 0, time.UTC)) || ClockOf(got) != c {
		t.Errorf("At %v", got)
	}
	if !ParseJN("J") || ParseJN("N") || ParseJN("") || JN(true) != "J" {
		t.Error("jn")
	}
}
