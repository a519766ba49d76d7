// Package theme holds saldo's look: a semantic colour palette for dark and
// light terminals (plus high-contrast and colourless variants), the Lip Gloss
// styles built from it, and the German/English number and date formats.
//
// It knows nothing about screens; the ui package asks it for styles by role.
package theme

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// Palette names colours by what they mean, not by hue, so a screen asks for
// "negative" and every variant decides what negative looks like.
type Palette struct {
	Name string

	Fg       color.Color // body text
	Muted    color.Color // secondary text: dates, hints, labels
	Border   color.Color // box and separator lines
	Accent   color.Color // titles, focused fields, keys in the help bar
	Positive color.Color // incoming money, success
	Negative color.Color // outgoing money
	Pending  color.Color // not yet booked
	Warning  color.Color // needs attention (close VoP match, unknown outcome)
	Error    color.Color // failures and validation errors

	SelectionBg color.Color // cursor row
	SelectionFg color.Color
	BarBg       color.Color // header and status bar
	BarFg       color.Color

	// Mono is set when no colours may be used (NO_COLOR): styles then mark
	// selection and emphasis with reverse video, bold and underline only.
	Mono bool
}

func hex(s string) color.Color { return lipgloss.Color(s) }

// Dark is the default palette for dark terminal backgrounds.
func Dark() Palette {
	return Palette{
		Name: "dark", Fg: hex("#E4E6EB"), Muted: hex("#8B93A1"), Border: hex("#4A5163"),
		Accent: hex("#7AA2F7"), Positive: hex("#7BD88F"), Negative: hex("#FF7A90"),
		Pending: hex("#E5B567"), Warning: hex("#E5B567"), Error: hex("#FF5F5F"),
		SelectionBg: hex("#2F3B5C"), SelectionFg: hex("#FFFFFF"),
		BarBg: hex("#1E2233"), BarFg: hex("#C3CBEA"),
	}
}

// Light is the palette for light terminal backgrounds.
func Light() Palette {
	return Palette{
		Name: "light", Fg: hex("#1F2328"), Muted: hex("#656D76"), Border: hex("#AFB8C1"),
		Accent: hex("#0550AE"), Positive: hex("#1A7F37"), Negative: hex("#CF222E"),
		Pending: hex("#9A6700"), Warning: hex("#9A6700"), Error: hex("#A40E26"),
		SelectionBg: hex("#D6E9FF"), SelectionFg: hex("#0A3069"),
		BarBg: hex("#E6EAEF"), BarFg: hex("#24292F"),
	}
}

// HighContrast keeps the semantic roles but uses pure, saturated colours and
// a solid selection bar, for low vision or washed-out displays.
func HighContrast(dark bool) Palette {
	if dark {
		return Palette{
			Name: "high-contrast-dark", Fg: hex("#FFFFFF"), Muted: hex("#DADADA"), Border: hex("#FFFFFF"),
			Accent: hex("#00FFFF"), Positive: hex("#00FF00"), Negative: hex("#FF6060"),
			Pending: hex("#FFFF00"), Warning: hex("#FFFF00"), Error: hex("#FF3030"),
			SelectionBg: hex("#FFFF00"), SelectionFg: hex("#000000"),
			BarBg: hex("#FFFFFF"), BarFg: hex("#000000"),
		}
	}
	return Palette{
		Name: "high-contrast-light", Fg: hex("#000000"), Muted: hex("#262626"), Border: hex("#000000"),
		Accent: hex("#0000B0"), Positive: hex("#005A00"), Negative: hex("#A00000"),
		Pending: hex("#5C3B00"), Warning: hex("#5C3B00"), Error: hex("#B00000"),
		SelectionBg: hex("#000000"), SelectionFg: hex("#FFFFFF"),
		BarBg: hex("#000000"), BarFg: hex("#FFFFFF"),
	}
}

// Mono is the colourless palette used when NO_COLOR is set.
func Mono() Palette {
	none := lipgloss.NoColor{}
	return Palette{
		Name: "mono", Fg: none, Muted: none, Border: none, Accent: none, Positive: none,
		Negative: none, Pending: none, Warning: none, Error: none, SelectionBg: none,
		SelectionFg: none, BarBg: none, BarFg: none, Mono: true,
	}
}

// Options choose a palette.
type Options struct {
	Dark         bool // terminal background is dark (from tea.BackgroundColorMsg)
	HighContrast bool
	NoColor      bool // NO_COLOR is set: no colours at all
}

// PaletteFor returns the palette the options call for. NoColor wins over
// everything, because the person asked for no colour at all.
func PaletteFor(o Options) Palette {
	switch {
	case o.NoColor:
		return Mono()
	case o.HighContrast:
		return HighContrast(o.Dark)
	case o.Dark:
		return Dark()
	}
	return Light()
}

// NoColorRequested reports whether the environment asks for no colour
// (https://no-color.org: any non-empty NO_COLOR).
func NoColorRequested(getenv func(string) string) bool {
	return getenv != nil && getenv("NO_COLOR") != ""
}
