package theme

import (
	"image/color"
	"strings"

	"charm.land/lipgloss/v2"
)

// Role is what a piece of text means; screens render text by role so that
// every palette (including NO_COLOR) stays consistent.
type Role int

const (
	Text Role = iota
	Muted
	Accent
	Positive
	Negative
	Pending
	Warning
	Error
	roleCount
)

// Theme is every style saldo uses, built once per palette. It is immutable
// after New; switching light/dark builds a new Theme.
type Theme struct {
	Palette Palette
	Dark    bool

	// cells[role][selected]: one style per role for plain and cursor rows.
	// Selected rows are rendered cell by cell from these styles (never by
	// wrapping styled cells in an outer style, which would reset colours).
	cells [roleCount][2]lipgloss.Style
	// paint[role][selected] holds the escape sequences around a cell, so
	// tables can style hundreds of cells per frame without a full
	// lipgloss render for each.
	paint [roleCount][2][2]string

	Bar        lipgloss.Style // header and status bar background
	BarTitle   lipgloss.Style // "saldo" in the header
	BarMuted   lipgloss.Style
	Badge      lipgloss.Style // DEMO badge
	Title      lipgloss.Style // screen titles
	Heading    lipgloss.Style // group headings (login names)
	Box        lipgloss.Style // framed panels
	Modal      lipgloss.Style // overlay frame
	ModalTitle lipgloss.Style
	Label      lipgloss.Style // form labels
	LabelFocus lipgloss.Style // label of the focused field
	Rule       lipgloss.Style // separator lines
	HelpKey    lipgloss.Style
	HelpDesc   lipgloss.Style
	HelpSep    lipgloss.Style
	FlickerOn  lipgloss.Style // a light flicker bar (painted on spaces)
	FlickerOff lipgloss.Style // a dark flicker bar (painted on spaces)
}

// New builds the theme for the given options.
func New(o Options) *Theme {
	return FromPalette(PaletteFor(o), o.Dark)
}

// FromPalette builds every style from p.
func FromPalette(p Palette, dark bool) *Theme {
	t := &Theme{Palette: p, Dark: dark}
	fg := map[Role]lipgloss.Style{
		Text: fgStyle(p, p.Fg), Muted: fgStyle(p, p.Muted), Accent: fgStyle(p, p.Accent).Bold(true),
		Positive: fgStyle(p, p.Positive), Negative: fgStyle(p, p.Negative),
		Pending: fgStyle(p, p.Pending).Italic(true), Warning: fgStyle(p, p.Warning).Bold(true),
		Error: fgStyle(p, p.Error).Bold(true),
	}
	if p.Mono {
		// Without colour, muted text is faint and problems are underlined so
		// they still stand out.
		fg[Muted] = lipgloss.NewStyle().Faint(true)
		fg[Warning] = lipgloss.NewStyle().Bold(true)
		fg[Error] = lipgloss.NewStyle().Bold(true).Underline(true)
	}
	for r := Role(0); r < roleCount; r++ {
		t.cells[r][0] = fg[r]
		sel := fg[r].Background(p.SelectionBg).Bold(true)
		switch {
		case p.Mono:
			sel = fg[r].Reverse(true).Faint(false)
		case r == Text || r == Muted || r == Accent:
			// Keep amounts in their sign colour on the cursor row, but make
			// plain text use the selection foreground for contrast.
			sel = sel.Foreground(p.SelectionFg)
		}
		t.cells[r][1] = sel
		for i := 0; i < 2; i++ {
			t.paint[r][i] = affixes(t.cells[r][i])
		}
	}

	t.Bar = lipgloss.NewStyle().Background(p.BarBg).Foreground(p.BarFg)
	t.BarTitle = t.Bar.Bold(true).Foreground(p.Accent)
	t.BarMuted = t.Bar.Foreground(p.Muted)
	t.Badge = lipgloss.NewStyle().Bold(true).Foreground(p.BarBg).Background(p.Warning).Padding(0, 1)
	if p.Mono {
		t.Bar = lipgloss.NewStyle().Reverse(true)
		t.BarTitle = t.Bar.Bold(true)
		t.BarMuted = t.Bar
		t.Badge = lipgloss.NewStyle().Bold(true).Padding(0, 1)
	}
	t.Title = fgStyle(p, p.Accent).Bold(true)
	t.Heading = fgStyle(p, p.Fg).Bold(true)
	t.Box = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(p.Border).Padding(0, 1)
	t.Modal = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(p.Accent).Padding(0, 1)
	if p.Mono {
		t.Modal = lipgloss.NewStyle().Border(lipgloss.DoubleBorder()).Padding(0, 1)
	}
	t.ModalTitle = t.Title
	t.Label = fg[Muted]
	t.LabelFocus = fgStyle(p, p.Accent).Bold(true)
	t.Rule = fgStyle(p, p.Border)
	t.HelpKey = fgStyle(p, p.Accent)
	t.HelpDesc = fg[Muted]
	t.HelpSep = fgStyle(p, p.Border)
	// Flicker bars must be as bright and as dark as the terminal allows,
	// whatever the palette: the TAN generator reads light levels.
	t.FlickerOn = lipgloss.NewStyle().Background(lipgloss.Color("#FFFFFF"))
	t.FlickerOff = lipgloss.NewStyle().Background(lipgloss.Color("#000000"))
	return t
}

func fgStyle(p Palette, c color.Color) lipgloss.Style {
	if p.Mono {
		return lipgloss.NewStyle()
	}
	return lipgloss.NewStyle().Foreground(c)
}

// Cell returns the style for text of role r, on the cursor row if selected.
func (t *Theme) Cell(r Role, selected bool) lipgloss.Style {
	if r < 0 || r >= roleCount {
		r = Text
	}
	if selected {
		return t.cells[r][1]
	}
	return t.cells[r][0]
}

// Paint renders single-line text s like Cell(r, selected).Render(s), only
// much cheaper.
func (t *Theme) Paint(r Role, selected bool, s string) string {
	i := 0
	if selected {
		i = 1
	}
	a := &t.paint[clampRole(r)][i]
	if a[0] == "" && a[1] == "" {
		return s
	}
	return a[0] + s + a[1]
}

// affixes finds the sequences a style puts before and after a text.
func affixes(st lipgloss.Style) [2]string {
	const mark = "\x01"
	out := st.Render(mark)
	i := strings.Index(out, mark)
	if i < 0 {
		return [2]string{}
	}
	return [2]string{out[:i], out[i+len(mark):]}
}

// Fg is shorthand for Cell(r, false).
func (t *Theme) Fg(r Role) lipgloss.Style { return t.cells[clampRole(r)][0] }

func clampRole(r Role) Role {
	if r < 0 || r >= roleCount {
		return Text
	}
	return r
}

// AmountRole picks the role for a money amount: pending items stand apart
// from booked ones, and booked amounts are coloured by sign.
func AmountRole(sign int, pending bool) Role {
	switch {
	case pending:
		return Pending
	case sign < 0:
		return Negative
	case sign > 0:
		return Positive
	}
	return Text
}
