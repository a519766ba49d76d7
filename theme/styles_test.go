package theme

import (
	"reflect"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestPaletteFor(t *testing.T) {
	tests := []struct {
		o    Options
		name string
	}{
		{Options{Dark: true}, "dark"},
		{Options{Dark: false}, "light"},
		{Options{Dark: true, HighContrast: true}, "high-contrast-dark"},
		{Options{HighContrast: true}, "high-contrast-light"},
		{Options{Dark: true, HighContrast: true, NoColor: true}, "mono"},
	}
	for _, tc := range tests {
		p := PaletteFor(tc.o)
		if p.Name != tc.name {
			t.Errorf("%+v: palette %q, want %q", tc.o, p.Name, tc.name)
		}
		v := reflect.ValueOf(p)
		for i := 0; i < v.NumField(); i++ {
			if f := v.Field(i); f.Kind() == reflect.Interface && f.IsNil() {
				t.Errorf("%s: colour %s is unset", p.Name, v.Type().Field(i).Name)
			}
		}
	}
}

func TestStylesByRole(t *testing.T) {
	th := New(Options{Dark: true})
	if th.Cell(Negative, false).Render("x") == th.Cell(Positive, false).Render("x") {
		t.Error("negative and positive amounts render the same")
	}
	if th.Cell(Text, true).Render("x") == th.Cell(Text, false).Render("x") {
		t.Error("selected row is not distinguishable")
	}
	if th.Cell(Role(99), false).Render("x") != th.Cell(Text, false).Render("x") {
		t.Error("unknown role does not fall back to text")
	}
}

func TestMonoUsesNoColours(t *testing.T) {
	th := New(Options{Dark: true, NoColor: true})
	for r := Role(0); r < roleCount; r++ {
		for _, sel := range []bool{false, true} {
			out := th.Cell(r, sel).Render("x")
			// SGR 38/48 select colours; mono may only use attributes.
			if strings.Contains(out, "38;") || strings.Contains(out, "48;") {
				t.Errorf("role %d selected=%v uses colour: %q", r, sel, out)
			}
		}
	}
	if th.Cell(Text, true).Render("x") == th.Cell(Text, false).Render("x") {
		t.Error("mono selection invisible")
	}
	if !NoColorRequested(func(string) string { return "1" }) || NoColorRequested(func(string) string { return "" }) {
		t.Error("NoColorRequested")
	}
}

func TestAmountRole(t *testing.T) {
	if AmountRole(-1, false) != Negative || AmountRole(1, false) != Positive || AmountRole(1, true) != Pending || AmountRole(0, false) != Text {
		t.Error("AmountRole")
	}
}

func TestPaintMatchesRender(t *testing.T) {
	for _, o := range []Options{{Dark: true}, {}, {HighContrast: true, Dark: true}, {NoColor: true}} {
		th := New(o)
		for r := Role(0); r < roleCount; r++ {
			for _, sel := range []bool{false, true} {
				for _, s := range []string{"Müller GmbH", "-1.234,56 €", ""} {
					got, want := th.Paint(r, sel, s), th.Cell(r, sel).Render(s)
					if got == want || s == "" {
						continue
					}
					// lipgloss styles underlined text rune by rune; the
					// result must look the same: same text, same attributes.
					prefix := want[:strings.IndexByte(want, 'm')+1]
					if ansi.Strip(got) != s || !strings.HasPrefix(got, prefix) {
						t.Errorf("%+v role %d sel %v: Paint %q, Render %q", o, r, sel, got, want)
					}
				}
			}
		}
	}
}
