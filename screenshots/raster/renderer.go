package raster

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"unicode"

	uv "github.com/charmbracelet/ultraviolet"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/gofont/gomonobolditalic"
	"golang.org/x/image/font/gofont/gomonoitalic"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Renderer draws frames; it holds the parsed faces. Not safe for
// concurrent use (font faces keep scratch buffers); make one per goroutine.
type Renderer struct {
	opts    Options
	faces   [4]font.Face // regular, bold, italic, bold italic
	fonts   [4]*sfnt.Font
	sbuf    sfnt.Buffer
	metrics metrics
	fg, bg  color.RGBA
	chrome  color.RGBA
}

type metrics struct {
	cellW, cellH int
	baseline     int // from the cell top
	stroke       int // light line thickness
}

// New prepares a renderer.
func New(o Options) (*Renderer, error) {
	d := DefaultOptions()
	if o.FontSize <= 0 {
		o.FontSize = d.FontSize
	}
	if o.LineHeight <= 0 {
		o.LineHeight = d.LineHeight
	}
	if o.Padding < 0 {
		o.Padding = 0
	}
	if o.Fg == nil {
		o.Fg = d.Fg
	}
	if o.Bg == nil {
		o.Bg = d.Bg
	}
	r := &Renderer{opts: o, fg: rgba(o.Fg), bg: rgba(o.Bg)}
	if o.Chrome != nil {
		r.chrome = rgba(o.Chrome)
	} else {
		r.chrome = mix(r.bg, r.fg, 20)
	}
	for i, ttf := range [][]byte{gomono.TTF, gomonobold.TTF, gomonoitalic.TTF, gomonobolditalic.TTF} {
		f, err := opentype.Parse(ttf)
		if err != nil {
			return nil, fmt.Errorf("raster: parsing Go Mono: %w", err)
		}
		face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: o.FontSize, DPI: 72, Hinting: font.HintingFull})
		if err != nil {
			return nil, fmt.Errorf("raster: Go Mono at %gpx: %w", o.FontSize, err)
		}
		r.faces[i], r.fonts[i] = face, f
	}
	adv, ok := r.faces[0].GlyphAdvance('M')
	if !ok {
		return nil, fmt.Errorf("raster: Go Mono has no 'M'")
	}
	fm := r.faces[0].Metrics()
	m := metrics{cellW: adv.Ceil(), cellH: int(math.Round(o.FontSize * o.LineHeight))}
	// Centre the font's ascent+descent in the row.
	asc, desc := fm.Ascent.Ceil(), fm.Descent.Ceil()
	m.baseline = (m.cellH-asc-desc)/2 + asc
	m.stroke = max(1, int(math.Round(o.FontSize/11)))
	r.metrics = m
	return r, nil
}

// CellSize is the size of one cell in pixels.
func (r *Renderer) CellSize() (w, h int) { return r.metrics.cellW, r.metrics.cellH }

func (r *Renderer) titleHeight() int {
	if r.opts.Title == "" {
		return 0
	}
	return r.metrics.cellH + r.metrics.cellH/2
}

// drawTitleBar draws a window bar: three dots on the left, the title
// centred, in muted text.
func (r *Renderer) drawTitleBar(img *image.RGBA, h int) {
	fill(img, image.Rect(0, 0, img.Bounds().Dx(), h), r.chrome)
	dots := []color.RGBA{{0xFF, 0x5F, 0x57, 0xFF}, {0xFE, 0xBC, 0x2E, 0xFF}, {0x28, 0xC8, 0x40, 0xFF}}
	rad := max(h/6, 3)
	for i, c := range dots {
		cx := r.opts.Padding + rad + i*(3*rad)
		paint(img, image.Rect(cx-rad-1, h/2-rad-1, cx+rad+1, h/2+rad+1), c,
			disc(int64(cx)*sub, int64(h/2)*sub, int64(rad)*sub))
	}
	title := []rune(r.opts.Title)
	x := (img.Bounds().Dx() - len(title)*r.metrics.cellW) / 2
	y := (h-r.metrics.cellH)/2 + r.metrics.baseline
	muted := mix(r.chrome, r.fg, 60)
	for _, ru := range title {
		r.glyph(img, 0, x, y, ru, muted)
		x += r.metrics.cellW
	}
}

// colors resolves a cell's colours against the terminal defaults,
// applying reverse video and faint.
func (r *Renderer) colors(s *uv.Style) (fg, bg color.RGBA) {
	fg, bg = r.fg, r.bg
	if s.Fg != nil {
		fg = resolve(s.Fg)
	}
	if s.Bg != nil {
		bg = resolve(s.Bg)
	}
	if s.Attrs&uv.AttrReverse != 0 {
		fg, bg = bg, fg
	}
	if s.Attrs&uv.AttrFaint != 0 {
		fg = mix(bg, fg, 55)
	}
	return fg, bg
}

// drawCell draws the cell's content and decorations over its background.
func (r *Renderer) drawCell(img *image.RGBA, rect image.Rectangle, c *uv.Cell, fg, bg color.RGBA, missing map[rune]bool) {
	s := &c.Style
	if s.Attrs&uv.AttrConceal == 0 {
		for _, ru := range c.Content {
			if ru == ' ' || ru == 0xFE0F || ru == 0xFE0E || ru == 0x200D || !unicode.IsPrint(ru) && !unicode.Is(unicode.Mn, ru) {
				continue // variation selectors and joiners shape nothing here
			}
			if drawShape(img, rect, ru, fg, bg, r.metrics) {
				continue
			}
			if !r.glyph(img, faceIndex(s.Attrs), rect.Min.X, rect.Min.Y+r.metrics.baseline, ru, fg) {
				missing[ru] = true
			}
		}
	}
	m := r.metrics
	if s.Underline != uv.UnderlineNone {
		uc := fg
		if s.UnderlineColor != nil {
			uc = resolve(s.UnderlineColor)
		}
		y := rect.Min.Y + m.baseline + max(m.stroke, 2)
		fill(img, image.Rect(rect.Min.X, y, rect.Max.X, y+m.stroke), uc)
	}
	if s.Attrs&uv.AttrStrikethrough != 0 {
		y := rect.Min.Y + m.baseline - m.cellH/4
		fill(img, image.Rect(rect.Min.X, y, rect.Max.X, y+m.stroke), fg)
	}
}

func faceIndex(attrs uint8) int {
	i := 0
	if attrs&uv.AttrBold != 0 {
		i |= 1
	}
	if attrs&uv.AttrItalic != 0 {
		i |= 2
	}
	return i
}

// glyph draws ru from face i with its origin at (x, baseline); false when
// the font has no glyph for it (the face would draw the .notdef box).
func (r *Renderer) glyph(img *image.RGBA, i, x, baseline int, ru rune, c color.RGBA) bool {
	if idx, err := r.fonts[i].GlyphIndex(&r.sbuf, ru); err != nil || idx == 0 {
		return false
	}
	dr, mask, mp, _, ok := r.faces[i].Glyph(fixed.P(x, baseline), ru)
	if !ok {
		return false
	}
	draw.DrawMask(img, dr, image.NewUniform(c), image.Point{}, mask, mp, draw.Over)
	return true
}
