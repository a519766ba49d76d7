package raster

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"strings"
	"testing"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
)

var (
	red   = color.RGBA{0xFF, 0x00, 0x00, 0xFF}
	blue  = color.RGBA{0x00, 0x00, 0xFF, 0xFF}
	green = color.RGBA{0x00, 0xC0, 0x00, 0xFF}
)

func newTestRenderer(t *testing.T) *Renderer {
	t.Helper()
	r, err := New(Options{FontSize: 20, Padding: 10})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// cellRect is the pixel rectangle of cell (x, y) in a picture without a
// title bar.
func cellRect(r *Renderer, x, y int) image.Rectangle {
	w, h := r.CellSize()
	p := r.opts.Padding
	return image.Rect(p+x*w, p+y*h, p+(x+1)*w, p+(y+1)*h)
}

func at(img *image.RGBA, x, y int) color.RGBA { return img.RGBAAt(x, y) }

func TestParseLaysOutLikeATerminal(t *testing.T) {
	frame := lipgloss.NewStyle().Foreground(lipgloss.Color("#FF0000")).Render("Grüße €") + " ✓\n" + "日本 x"
	g, err := Parse(frame, 12, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got := g.Line(0); got != "Grüße € ✓   " {
		t.Errorf("line 0 = %q", got)
	}
	if got := g.Line(1); got != "日本 x      " {
		t.Errorf("line 1 = %q (wide characters count two columns)", got)
	}
	if c := g.Cell(0, 0); c.Style.Fg == nil || rgba(c.Style.Fg) != red {
		t.Errorf("cell 0,0 style %+v, want red text", c.Style)
	}
	if c := g.Cell(8, 0); c.Style.Fg != nil {
		t.Errorf("the unstyled ✓ has a colour: %+v", c.Style)
	}
	if _, err := Parse("x", 0, 3); err == nil {
		t.Error("a 0-column screen was accepted")
	}
}

func TestColoursAndReverse(t *testing.T) {
	r := newTestRenderer(t)
	frame := lipgloss.NewStyle().Background(lipgloss.Color("#FF0000")).Render("  ") +
		lipgloss.NewStyle().Foreground(lipgloss.Color("#0000FF")).Reverse(true).Render(" ") + " "
	img, err := r.Render(frame, 4, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		cell int
		want color.RGBA
	}{{0, red}, {1, red}, {2, blue}, {3, r.bg}} {
		c := cellRect(r, tc.cell, 0)
		if got := at(img, c.Min.X+2, c.Min.Y+2); got != tc.want {
			t.Errorf("cell %d background %v, want %v", tc.cell, got, tc.want)
		}
	}
	if got := at(img, 0, 0); got != r.bg {
		t.Errorf("padding %v, want the terminal background %v", got, r.bg)
	}
}

// TestLinesJoin: box-drawing characters are drawn, not taken from the
// font, so a border is one unbroken line across cells and rows, and a
// rounded corner meets its neighbours.
func TestLinesJoin(t *testing.T) {
	r := newTestRenderer(t)
	border := lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(lipgloss.Color("#00C000"))
	frame := border.Width(6).Height(4).Render("")
	img, err := r.Render(frame, 6, 4)
	if err != nil {
		t.Fatal(err)
	}
	w, h := r.CellSize()
	left := cellRect(r, 0, 1)
	bx, _ := band(left.Min.X, w, r.metrics.stroke)
	// the left edge: one column of green from the corner's arc down to the
	// bottom corner, through every row boundary
	for y := cellRect(r, 0, 0).Min.Y + h - 1; y < cellRect(r, 0, 3).Min.Y+1; y++ {
		if got := at(img, bx, y); got != green {
			t.Fatalf("left border broken at y=%d: %v", y, got)
		}
	}
	// the top edge: one row of green from the first corner to the last
	top := cellRect(r, 1, 0)
	_, by := band(top.Min.Y, h, r.metrics.stroke)
	by-- // last row of the band
	for x := cellRect(r, 0, 0).Max.X - 1; x < cellRect(r, 5, 0).Min.X+1; x++ {
		if got := at(img, x, by); got != green {
			t.Fatalf("top border broken at x=%d: %v", x, got)
		}
	}
	// the rounded corner leaves its cell's outer corner empty
	c := cellRect(r, 0, 0)
	if got := at(img, c.Min.X, c.Min.Y); got != r.bg {
		t.Errorf("outer corner of ╭ painted %v", got)
	}
}

func TestBlocksAndBraille(t *testing.T) {
	r := newTestRenderer(t)
	half := lipgloss.NewStyle().Foreground(lipgloss.Color("#FF0000")).Background(lipgloss.Color("#0000FF")).Render("▀")
	img, err := r.Render(half+"⠿"+"░", 3, 1)
	if err != nil {
		t.Fatal(err)
	}
	c := cellRect(r, 0, 0)
	if top, bottom := at(img, c.Min.X+1, c.Min.Y+1), at(img, c.Min.X+1, c.Max.Y-1); top != red || bottom != blue {
		t.Errorf("▀: top %v bottom %v, want red over blue", top, bottom)
	}
	if n := countNot(img, cellRect(r, 1, 0), r.bg); n < 20 {
		t.Errorf("⠿ painted %d pixels", n)
	}
	shade := cellRect(r, 2, 0)
	if got, want := at(img, shade.Min.X+3, shade.Min.Y+3), mix(r.bg, r.fg, 25); got != want {
		t.Errorf("░ %v, want a quarter of the text colour %v", got, want)
	}
}

// TestSymbols: each symbol Go Mono lacks is drawn, inside its cell (one
// pixel of slack for anti-aliasing).
func TestSymbols(t *testing.T) {
	r := newTestRenderer(t)
	for _, sym := range []string{"✓", "✗", "⚠", "◷", "⟳", "↺", "⏱"} {
		img, err := r.Render(" "+sym+" ", 3, 1)
		if err != nil {
			t.Fatalf("%s: %v", sym, err)
		}
		cell := cellRect(r, 1, 0)
		if n := countNot(img, cell.Inset(-1), r.bg); n < 15 {
			t.Errorf("%s painted %d pixels", sym, n)
		}
		for _, other := range []image.Rectangle{cellRect(r, 0, 0), cellRect(r, 2, 0)} {
			if n := countNot(img, other.Inset(1), r.bg); n > 0 {
				t.Errorf("%s spills %d pixels into its neighbours", sym, n)
			}
		}
	}
}

func TestMissingGlyphsAreAnError(t *testing.T) {
	r := newTestRenderer(t)
	_, err := r.Render("a☃b", 4, 1)
	var mg *MissingGlyphError
	if !errors.As(err, &mg) || len(mg.Runes) != 1 || mg.Runes[0] != '☃' {
		t.Fatalf("err = %v, want a MissingGlyphError for ☃", err)
	}
	if !strings.Contains(err.Error(), "U+2603") || !strings.Contains(err.Error(), "symbols.go") {
		t.Errorf("message %q does not say which character and what to do", err)
	}
}

func TestDeterministic(t *testing.T) {
	frame := lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).Render("Überweisung ⚠ ⠋\n25,00 € ✓")
	var prev []byte
	for i := 0; i < 3; i++ {
		r := newTestRenderer(t)
		b, err := r.PNG(frame, 30, 6)
		if err != nil {
			t.Fatal(err)
		}
		if prev != nil && !bytes.Equal(prev, b) {
			t.Fatal("the same frame gave different PNG bytes")
		}
		prev = b
	}
}

func TestTitleBar(t *testing.T) {
	o := DefaultOptions()
	o.Title = "saldo"
	r, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	img, err := r.Render("x", 10, 2)
	if err != nil {
		t.Fatal(err)
	}
	w, h := r.CellSize()
	if want := image.Rect(0, 0, 2*o.Padding+10*w, r.titleHeight()+2*o.Padding+2*h); img.Bounds() != want {
		t.Errorf("bounds %v, want %v", img.Bounds(), want)
	}
	if got := at(img, img.Bounds().Dx()-2, 2); got != r.chrome {
		t.Errorf("title bar %v, want %v", got, r.chrome)
	}
}

func countNot(img *image.RGBA, rect image.Rectangle, bg color.RGBA) int {
	n := 0
	rect = rect.Intersect(img.Bounds())
	for y := rect.Min.Y; y < rect.Max.Y; y++ {
		for x := rect.Min.X; x < rect.Max.X; x++ {
			if at(img, x, y) != bg {
				n++
			}
		}
	}
	return n
}

// FuzzRender: any byte string, escape sequences included, renders or
// fails with MissingGlyphError; never a panic, always the window's size.
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"\x1b[1;38;2;122;162;247mTAN required\x1b[m · Transfer\n╭──╮\n│⠋ │\n╰──╯",
		"\x1b[7m▀▄\x1b[0m\x1b[3m\x1b[4:3mitalic\x1b[9mstrike\x1b[2mfaint",
		"日本語\u0301e\u0301\ufe0f⚠\ufe0f\x00\x07\t\r\n",
		"\x1b[38;5;196m\x1b[48;5;21m256\x1b[31;42mbasic\x1b]8;;http://x\x07link\x1b]8;;\x07",
	} {
		f.Add(s)
	}
	r, err := New(Options{FontSize: 8, Padding: 1})
	if err != nil {
		f.Fatal(err)
	}
	w, h := r.CellSize()
	f.Fuzz(func(t *testing.T, s string) {
		img, err := r.Render(s, 16, 4)
		var mg *MissingGlyphError
		if err != nil {
			if !errors.As(err, &mg) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if want := image.Rect(0, 0, 2+16*w, 2+4*h); img.Bounds() != want {
			t.Fatalf("bounds %v, want %v", img.Bounds(), want)
		}
		g, _ := Parse(s, 16, 4)
		for y := 0; y < 4; y++ {
			n := 0
			for x := 0; x < 16; x++ {
				n += g.Cell(x, y).Width
			}
			if n != 16 {
				t.Fatalf("the cells of row %d span %d columns", y, n)
			}
			if l := g.Line(y); !utf8.ValidString(l) {
				t.Fatalf("row %d text %q is not UTF-8", y, l)
			}
		}
	})
}
