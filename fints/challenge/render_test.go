package challenge

import (
	"strings"
	"testing"
)

// Verified vectors of the protocol guide (§10.3) and of the public test
// suites of two independent client libraries (hbci4java FlickerTest,
// phpFinTS TanRequestChallengeFlickerTest).
func TestCodeVectors(t *testing.T) {
	tests := []struct {
		name string
		f    Flicker
		in   string // HHD_UC string; used instead of f when set
		want string
	}{
		{name: "guide 1.3 #1", f: Flicker{HHD: "1.3", StartCode: "87149552", DataElements: []string{"123456789", "0,01"}},
			want: "11048714955205123456789F14302C303107"},
		{name: "guide 1.3 #2", f: Flicker{HHD: "1.3", StartCode: "88134473", DataElements: []string{"1234567890", "15,00"}},
			want: "1204881344730512345678901531352C30303B"},
		{name: "guide 1.3 embedded", f: Flicker{HHD: "1.3", StartCode: "87151313", DataElements: []string{"389726", "1,00"}},
			want: "0F04871513130338972614312C30303B"},
		{name: "guide 1.4 #1", in: "0388A01239230206922DE12500105170648489890",
			want: "1F8501239230206956444531323530303130353137303634383438393839305E"},
		{name: "guide 1.4 #2", in: "0458A01179145683222DE211234567800000123450525,00",
			want: "258501179145683256444532313132333435363738303030303031323334354532352C30301B"},
		{name: "hbci4java test2", in: "039870110418751012345678900812030000040,20",
			want: "1784011041875F051234567890041203000044302C323015"},
		{name: "hbci4java test6 (Luhn 0)", f: NewHHD14("1120492", "30084403", "450,00", "2"),
			want: "1584011120492F0430084403463435302C3030012F05"},
		{name: "hbci4java test9 (3-digit LDE)", in: "044880120932160022DE125001051706484898900041,00",
			want: "23840120932160564445313235303031303531373036343834383938393044312C303005"},
		{name: "hbci4java test10 (HHD 1.3.2)", in: "2908881904551000000039990515,00",
			want: "1204881904550500000039991531352C30308A"},
		{name: "phpFinTS IN2", in: "038 8A 01 2392307899 22 DE12500105170648489890",
			want: "1F8501239230789956444531323530303130353137303634383438393839300C"},
	}
	for _, tt := range tests {
		f := &tt.f
		if tt.in != "" {
			var err error
			if f, err = ParseHHDUC(tt.in); err != nil {
				t.Errorf("%s: parse: %v", tt.name, err)
				continue
			}
		}
		got, err := f.Code()
		if err != nil || got != tt.want {
			t.Errorf("%s: Code() = %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
}

func TestLuhnAndXOR(t *testing.T) {
	// 2·7 = 14 → 5, 2·F = 30 → 3: the digit sum, not the product, counts.
	if got := luhnDigit([]byte{0x07}); got != 5 {
		t.Errorf("luhn(07) = %d, want 5", got)
	}
	if got := luhnDigit([]byte{0x0F}); got != 7 {
		t.Errorf("luhn(0F) = %d, want 7", got)
	}
	if got := luhnDigit([]byte{0x55, 0x40}); got != 0 {
		t.Errorf("luhn(5540) = %d, want 0", got)
	}
	if got := xorDigit("0D85"); got != 0x0^0xD^0x8^0x5 {
		t.Errorf("xor(0D85) = %X", got)
	}
}

func frameString(frames []Frame) string {
	parts := make([]string, len(frames))
	for i, f := range frames {
		parts[i] = f.String()
	}
	return strings.Join(parts, " ")
}

// §10.4 of the guide: the first frames of its HHD 1.4 example.
func TestFramesGuideExample(t *testing.T) {
	f, err := ParseHHDUC("0458A01179145683222DE211234567800000123450525,00")
	if err != nil {
		t.Fatal(err)
	}
	frames, err := f.Frames()
	if err != nil {
		t.Fatal(err)
	}
	code, _ := f.Code()
	if want := 2 * (len(syncPattern) + len(code)); len(frames) != want {
		t.Fatalf("%d frames, want %d (two per half-byte)", len(frames), want)
	}
	want := "11111 01111 10000 00000 11111 01111 11111 01111 11010 01010 10100 00100 11010 01010 10001 00001"
	if got := frameString(frames[:16]); got != want {
		t.Errorf("first frames\n got  %s\n want %s", got, want)
	}
}

// One full round as pinned by hbci4java's renderer test for the HHD 1.4
// specification example; it fixes the sync order (swapped, F 0 F F).
func TestFramesFullRound(t *testing.T) {
	f, err := ParseHHDUC("0248A0120452019980812345678")
	if err != nil {
		t.Fatal(err)
	}
	frames, err := f.Frames()
	if err != nil {
		t.Fatal(err)
	}
	want := "11111 01111 10000 00000 11111 01111 11111 01111 11011 01011 10000 00000 11010 01010 10001 00001 " +
		"11000 01000 10000 00000 10000 00000 10100 00100 11010 01010 10010 00010 10000 00000 10100 00100 " +
		"11001 01001 11000 01000 10001 00001 11001 01001 10010 00010 10000 00000 10100 00100 11000 01000 " +
		"10010 00010 11100 01100 10110 00110 11010 01010 10001 00001 11110 01110 11010 01010 11010 01010"
	if got := frameString(frames); got != want {
		t.Errorf("frames\n got  %s\n want %s", got, want)
	}
	// The clock alternates and data only changes with the clock going up.
	for i := 1; i < len(frames); i++ {
		if frames[i][0] == frames[i-1][0] {
			t.Fatalf("frame %d: clock did not toggle", i)
		}
		if !frames[i][0] && [4]bool(frames[i][1:]) != [4]bool(frames[i-1][1:]) {
			t.Fatalf("frame %d: data changed while the clock fell", i)
		}
	}
}

func TestFramesInvalid(t *testing.T) {
	f := Flicker{HHD: "1.4", StartCode: "1"}
	if _, err := f.Frames(); err == nil {
		t.Fatal("frames of an invalid challenge")
	}
}

func BenchmarkFrames(b *testing.B) {
	f, err := ParseHHDUC("0458A01179145683222DE211234567800000123450525,00")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := f.Frames(); err != nil {
			b.Fatal(err)
		}
	}
}
