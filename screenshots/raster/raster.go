// Package raster turns a terminal frame (a string with ANSI styles, as a
// Bubble Tea view renders it) into a PNG picture of a terminal window.
//
// Text is drawn with the embedded Go Mono faces; box-drawing, block,
// braille and the few symbols Go Mono lacks are drawn geometrically, so
// borders join without gaps and nothing depends on installed fonts. Every
// step is integer arithmetic or a pure-Go rasteriser, so the same frame
// gives the same bytes on the same platform.
package raster

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"sort"
	"strings"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// Options set the look of the picture.
type Options struct {
	// FontSize is the text size in pixels; the cell is 0.6 of it wide
	// (Go Mono's advance) and LineHeight of it tall. Default 20.
	FontSize float64
	// LineHeight is the row height as a multiple of FontSize; default 1.2.
	LineHeight float64
	// Padding is the margin around the terminal area in pixels; default 14.
	Padding int
	// Title, when set, draws a window title bar with this text.
	Title string
	// Fg and Bg are the terminal's default colours (unstyled text, the
	// background where the app paints none).
	Fg, Bg color.Color
	// Chrome is the title bar colour; a shade of Bg when nil.
	Chrome color.Color
}

// DefaultOptions is a dark terminal matching saldo's dark theme.
func DefaultOptions() Options {
	return Options{
		FontSize: 20, LineHeight: 1.2, Padding: 14,
		Fg: color.RGBA{0xE4, 0xE6, 0xEB, 0xFF}, Bg: color.RGBA{0x13, 0x15, 0x1C, 0xFF},
		Chrome: color.RGBA{0x22, 0x25, 0x30, 0xFF},
	}
}

// Grid is a parsed frame: Rows × Cols cells with text and style.
type Grid struct {
	Cols, Rows int
	buf        uv.ScreenBuffer
}

// Parse lays content out on a cols × rows screen the way a terminal
// would, with grapheme widths as Lip Gloss measures them.
func Parse(content string, cols, rows int) (*Grid, error) {
	if cols <= 0 || rows <= 0 {
		return nil, fmt.Errorf("raster: screen size %d×%d: both must be positive", cols, rows)
	}
	buf := uv.NewScreenBuffer(cols, rows)
	buf.Method = ansi.GraphemeWidth
	uv.NewStyledString(content).Draw(buf, buf.Bounds())
	return &Grid{Cols: cols, Rows: rows, buf: buf}, nil
}

// Cell returns the cell at column x, row y (nil outside the screen).
func (g *Grid) Cell(x, y int) *uv.Cell { return g.buf.CellAt(x, y) }

// Line returns row y as plain text (wide characters once, no styles).
func (g *Grid) Line(y int) string {
	var b strings.Builder
	for x := 0; x < g.Cols; x++ {
		c := g.Cell(x, y)
		if c == nil || c.Width == 0 {
			continue
		}
		if c.Content == "" {
			b.WriteByte(' ')
			continue
		}
		b.WriteString(c.Content)
	}
	return strings.ToValidUTF8(b.String(), "\uFFFD")
}

// Text is the whole screen as plain text, one line per row.
func (g *Grid) Text() string {
	lines := make([]string, g.Rows)
	for y := range lines {
		lines[y] = g.Line(y)
	}
	return strings.Join(lines, "\n")
}

// MissingGlyphError lists characters the renderer can draw neither from
// the font nor geometrically; they would show as empty boxes.
type MissingGlyphError struct {
	Runes []rune
}

func (e *MissingGlyphError) Error() string {
	parts := make([]string, len(e.Runes))
	for i, r := range e.Runes {
		parts[i] = fmt.Sprintf("%q (U+%04X)", r, r)
	}
	return "raster: no glyph for " + strings.Join(parts, ", ") +
		"; Go Mono lacks them: add a shape for each in screenshots/raster/symbols.go"
}

// Render draws content, a frame of cols × rows cells, as a terminal window.
func (r *Renderer) Render(content string, cols, rows int) (*image.RGBA, error) {
	g, err := Parse(content, cols, rows)
	if err != nil {
		return nil, err
	}
	return r.RenderGrid(g)
}

// RenderGrid draws a parsed frame.
func (r *Renderer) RenderGrid(g *Grid) (*image.RGBA, error) {
	m := r.metrics
	top := r.titleHeight()
	w := 2*r.opts.Padding + g.Cols*m.cellW
	h := top + 2*r.opts.Padding + g.Rows*m.cellH
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	fill(img, img.Bounds(), r.bg)
	if top > 0 {
		r.drawTitleBar(img, top)
	}
	origin := image.Pt(r.opts.Padding, top+r.opts.Padding)
	missing := map[rune]bool{}
	// Backgrounds first, then foregrounds, so glyphs that overhang their
	// cell (italics, wide symbols) are not cut by the next cell's fill.
	for pass := 0; pass < 2; pass++ {
		for y := 0; y < g.Rows; y++ {
			for x := 0; x < g.Cols; x++ {
				c := g.Cell(x, y)
				if c == nil || c.Width == 0 {
					continue
				}
				span := max(c.Width, 1)
				rect := image.Rect(origin.X+x*m.cellW, origin.Y+y*m.cellH, origin.X+(x+span)*m.cellW, origin.Y+(y+1)*m.cellH)
				fg, bg := r.colors(&c.Style)
				if pass == 0 {
					if bg != r.bg {
						fill(img, rect, bg)
					}
					continue
				}
				r.drawCell(img, rect, c, fg, bg, missing)
			}
		}
	}
	if len(missing) > 0 {
		e := &MissingGlyphError{}
		for ru := range missing {
			e.Runes = append(e.Runes, ru)
		}
		sort.Slice(e.Runes, func(i, j int) bool { return e.Runes[i] < e.Runes[j] })
		return nil, e
	}
	return img, nil
}

// EncodePNG writes img as a PNG. The encoder is deterministic: the same
// pixels give the same bytes.
func EncodePNG(w io.Writer, img image.Image) error {
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(w, img); err != nil {
		return fmt.Errorf("encoding the PNG: %w", err)
	}
	return nil
}

// PNG renders content and returns the encoded picture.
func (r *Renderer) PNG(content string, cols, rows int) ([]byte, error) {
	img, err := r.Render(content, cols, rows)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := EncodePNG(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
