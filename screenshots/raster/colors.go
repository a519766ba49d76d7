package raster

import (
	"image"
	"image/color"

	"github.com/charmbracelet/x/ansi"
)

// basic16 are the 16 ANSI colours, a muted set that suits the dark
// background (saldo itself uses hex colours; these are for completeness).
var basic16 = [16]color.RGBA{
	{0x1D, 0x20, 0x2B, 0xFF}, {0xE0, 0x6C, 0x75, 0xFF}, {0x98, 0xC3, 0x79, 0xFF}, {0xE5, 0xC0, 0x7B, 0xFF},
	{0x61, 0xAF, 0xEF, 0xFF}, {0xC6, 0x78, 0xDD, 0xFF}, {0x56, 0xB6, 0xC2, 0xFF}, {0xAB, 0xB2, 0xBF, 0xFF},
	{0x5C, 0x63, 0x70, 0xFF}, {0xFF, 0x7A, 0x85, 0xFF}, {0xB5, 0xE0, 0x95, 0xFF}, {0xFF, 0xD8, 0x94, 0xFF},
	{0x8C, 0xC8, 0xFF, 0xFF}, {0xDD, 0x9C, 0xF2, 0xFF}, {0x7F, 0xD6, 0xE1, 0xFF}, {0xFF, 0xFF, 0xFF, 0xFF},
}

// resolve turns a terminal colour into RGBA: the 16 basic colours from
// basic16, the 256 palette and true colour as they are.
func resolve(c color.Color) color.RGBA {
	if b, ok := c.(ansi.BasicColor); ok && b < 16 {
		return basic16[b]
	}
	return rgba(c)
}

func rgba(c color.Color) color.RGBA {
	r, g, b, _ := c.RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 0xFF}
}

// mix blends from a towards b by pct percent.
func mix(a, b color.RGBA, pct int) color.RGBA {
	m := func(x, y uint8) uint8 { return uint8((int(x)*(100-pct) + int(y)*pct + 50) / 100) }
	return color.RGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), 0xFF}
}

// fill paints rect (clipped to img) with c.
func fill(img *image.RGBA, rect image.Rectangle, c color.RGBA) {
	rect = rect.Intersect(img.Bounds())
	for y := rect.Min.Y; y < rect.Max.Y; y++ {
		row := img.Pix[img.PixOffset(rect.Min.X, y):img.PixOffset(rect.Max.X, y)]
		for i := 0; i < len(row); i += 4 {
			row[i], row[i+1], row[i+2], row[i+3] = c.R, c.G, c.B, c.A
		}
	}
}

// blend paints c over the pixel at (x, y) with coverage cov of full.
func blend(img *image.RGBA, x, y int, c color.RGBA, cov, full int) {
	if cov <= 0 || !(image.Point{x, y}.In(img.Bounds())) {
		return
	}
	i := img.PixOffset(x, y)
	p := img.Pix[i : i+4 : i+4]
	m := func(dst, src uint8) uint8 { return uint8((int(dst)*(full-cov) + int(src)*cov + full/2) / full) }
	p[0], p[1], p[2], p[3] = m(p[0], c.R), m(p[1], c.G), m(p[2], c.B), 0xFF
}
