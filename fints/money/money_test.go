package money

import (
	"encoding/json"
	"testing"
)

func TestParseAndFormat(t *testing.T) {
	tests := []struct {
		in              string
		canon, fints    string
		german, english string
	}{
		{"1548,42", "1548.42", "1548,42", "1.548,42", "1,548.42"},
		{"50,", "50.00", "50,", "50,00", "50.00"},
		{"0,5", "0.50", "0,5", "0,50", "0.50"},
		{",5", "0.50", "0,5", "0,50", "0.50"},
		{"-12.345", "-12.345", "12,345", "-12,345", "-12.345"},
		{"1234567,891", "1234567.891", "1234567,891", "1.234.567,891", "1,234,567.891"},
		{"100,20", "100.20", "100,2", "100,20", "100.20"},
		{"+7", "7.00", "7,", "7,00", "7.00"},
		{"18.15000000", "18.15", "18,15", "18,15", "18.15"},
		{"0", "0.00", "0,", "0,00", "0.00"},
	}
	for _, tt := range tests {
		a, err := Parse(tt.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.in, err)
		}
		if got := a.String(); got != tt.canon {
			t.Errorf("Parse(%q).String() = %q, want %q", tt.in, got, tt.canon)
		}
		if got := a.FinTS(); got != tt.fints {
			t.Errorf("Parse(%q).FinTS() = %q, want %q", tt.in, got, tt.fints)
		}
		if got := a.Format(true); got != tt.german {
			t.Errorf("Parse(%q).Format(de) = %q, want %q", tt.in, got, tt.german)
		}
		if got := a.Format(false); got != tt.english {
			t.Errorf("Parse(%q).Format(en) = %q, want %q", tt.in, got, tt.english)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, in := range []string{"", "-", ",", "1,2,3", "12a", "1.000001", "99999999999999999", "1 000"} {
		if _, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) succeeded, want error", in)
		}
	}
}

func TestArithmeticIsExact(t *testing.T) {
	// 0.1 + 0.2 is the classic float trap.
	sum := MustParse("0.1").Add(MustParse("0.2"))
	if sum.Cmp(MustParse("0.3")) != 0 {
		t.Fatalf("0.1+0.2 = %s", sum)
	}
	bal := MustParse("1548,42").Sub(MustParse("25,00")).Add(MustParse("2500,00"))
	if bal.String() != "4023.42" {
		t.Fatalf("balance = %s", bal)
	}
	if FromCents(-1999).String() != "-19.99" || FromCents(-1999).Cents() != -1999 {
		t.Fatal("cents round trip")
	}
	if MustParse("-3").Abs().Sign() != 1 || MustParse("-3").Neg().String() != "3.00" {
		t.Fatal("abs/neg")
	}
}

func TestJSONUsesStrings(t *testing.T) {
	b, err := json.Marshal(struct{ A Amount }{MustParse("-12,5")})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"A":"-12.50"}` {
		t.Fatalf("json = %s", b)
	}
	var back struct{ A Amount }
	if err := json.Unmarshal(b, &back); err != nil || back.A.Cmp(MustParse("-12.5")) != 0 {
		t.Fatalf("unmarshal: %v %v", back.A, err)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"1548,42", "50,", "-0.5", "", "99999999999999,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := Parse(s)
		if err != nil {
			return
		}
		b, err := Parse(a.String())
		if err != nil || b.Cmp(a) != 0 {
			t.Fatalf("round trip of %q: %v %v", s, b, err)
		}
	})
}
