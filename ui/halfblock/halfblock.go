// Package halfblock draws an image in a terminal with half-block characters:
// every cell shows two pixels stacked vertically, which keeps a photoTAN or
// QR code square and scannable from the screen.
package halfblock

import (
	"fmt"
	"image"
	"image/color"
	"strings"
)

// Mode says how pixels become cells.
type Mode int

const (
	// Color draws "▀" with the top pixel as foreground and the bottom pixel
	// as background, in 24-bit colour (the terminal renderer downsamples).
	Color Mode = iota
	// MonoLight draws light pixels as block characters and dark ones as
	// blanks: right for a light-on-dark terminal without colours.
	MonoLight
	// MonoDark draws dark pixels as blocks: right for a dark-on-light
	// terminal without colours.
	MonoDark
)

// Fit returns the integer scale that makes an image of size w×h fit into
// cols×rows cells (two pixels per row). Positive values enlarge by that
// factor, negative ones shrink by it; integer steps keep QR modules crisp.
func Fit(w, h, cols, rows int) int {
	if w <= 0 || h <= 0 || cols <= 0 || rows <= 0 {
		return 0
	}
	if w <= cols && h <= 2*rows {
		return max(1, min(cols/w, 2*rows/h))
	}
	k := max((w+cols-1)/cols, (h+2*rows-1)/(2*rows))
	return -k
}

// Scale is Fit for an image made of square modules of module px (see
// Module): it shrinks only by a divisor of the module size, so that every
// module stays at least one clean pixel, and returns 0 when the image
// cannot be shrunk that far — a blurred matrix code cannot be scanned.
func Scale(w, h, cols, rows, module int) int {
	s := Fit(w, h, cols, rows)
	if s >= 0 {
		return s
	}
	for d := -s; d <= module; d++ {
		if module%d == 0 {
			return -d
		}
	}
	return 0
}

// Module estimates the module size of a matrix code image in pixels: the
// shortest run of one colour inside a row or column (runs touching the
// border may be cut and do not count). Photos and smoothed images give 1.
func Module(img image.Image) int {
	b := img.Bounds()
	best := 0
	run := func(n int, at func(i int) color.RGBA) {
		start := 0
		for i := 1; i <= n; i++ {
			if i < n && at(i) == at(start) {
				continue
			}
			if start > 0 && i < n && (best == 0 || i-start < best) {
				best = i - start
			}
			start = i
		}
	}
	for y := b.Min.Y; y < b.Max.Y && best != 1; y++ {
		run(b.Dx(), func(i int) color.RGBA { return flat(img.At(b.Min.X+i, y)) })
	}
	for x := b.Min.X; x < b.Max.X && best != 1; x++ {
		run(b.Dy(), func(i int) color.RGBA { return flat(img.At(x, b.Min.Y+i)) })
	}
	if best == 0 {
		return max(b.Dx(), b.Dy(), 1) // one colour: any scale is clean
	}
	return best
}

// Size returns the cell size of img drawn into at most cols×rows cells, or
// 0, 0 if it cannot be drawn at all.
func Size(img image.Image, cols, rows int) (int, int) {
	b := img.Bounds()
	return SizeAt(img, Fit(b.Dx(), b.Dy(), cols, rows))
}

// SizeAt returns the cell size of img drawn at scale s (see Fit); 0, 0 for
// s == 0.
func SizeAt(img image.Image, s int) (int, int) {
	if s == 0 {
		return 0, 0
	}
	b := img.Bounds()
	w, h := scaled(b.Dx(), s), scaled(b.Dy(), s)
	return w, (h + 1) / 2
}

func scaled(n, s int) int {
	if s > 0 {
		return n * s
	}
	return (n + -s - 1) / -s
}

// Render draws img into at most cols×rows cells.
func Render(img image.Image, cols, rows int, mode Mode) string {
	b := img.Bounds()
	return RenderAt(img, Fit(b.Dx(), b.Dy(), cols, rows), mode)
}

// RenderAt draws img at scale s (see Fit and Scale); "" for s == 0.
func RenderAt(img image.Image, s int, mode Mode) string {
	b := img.Bounds()
	if s == 0 {
		return ""
	}
	w, h := scaled(b.Dx(), s), scaled(b.Dy(), s)
	px := func(x, y int) color.RGBA {
		if y >= h {
			return color.RGBA{255, 255, 255, 255} // odd height: pad with white (quiet zone)
		}
		return sample(img, b, x, y, s)
	}
	var out strings.Builder
	for y := 0; y < h; y += 2 {
		if y > 0 {
			out.WriteByte('\n')
		}
		var last string
		for x := 0; x < w; x++ {
			top, bot := px(x, y), px(x, y+1)
			if mode != Color {
				out.WriteString(monoCell(light(top), light(bot), mode == MonoDark))
				continue
			}
			seq := fmt.Sprintf("\x1b[38;2;%d;%d;%d;48;2;%d;%d;%dm", top.R, top.G, top.B, bot.R, bot.G, bot.B)
			if seq != last {
				out.WriteString(seq)
				last = seq
			}
			out.WriteString("▀")
		}
		if mode == Color {
			out.WriteString("\x1b[m")
		}
	}
	return out.String()
}

func monoCell(top, bot, invert bool) string {
	if invert {
		top, bot = !top, !bot
	}
	switch {
	case top && bot:
		return "█"
	case top:
		return "▀"
	case bot:
		return "▄"
	}
	return " "
}

// sample returns the colour of output pixel (x, y): the source pixel when
// enlarging, the average of the s×s source block when shrinking.
// Transparent pixels count as white, the background TAN readers expect.
func sample(img image.Image, b image.Rectangle, x, y, s int) color.RGBA {
	if s > 0 {
		return flat(img.At(b.Min.X+x/s, b.Min.Y+y/s))
	}
	k := -s
	var r, g, bl, n uint32
	for dy := 0; dy < k; dy++ {
		for dx := 0; dx < k; dx++ {
			sx, sy := b.Min.X+x*k+dx, b.Min.Y+y*k+dy
			if sx >= b.Max.X || sy >= b.Max.Y {
				continue
			}
			c := flat(img.At(sx, sy))
			r, g, bl, n = r+uint32(c.R), g+uint32(c.G), bl+uint32(c.B), n+1
		}
	}
	if n == 0 {
		return color.RGBA{255, 255, 255, 255}
	}
	return color.RGBA{uint8(r / n), uint8(g / n), uint8(bl / n), 255}
}

func flat(c color.Color) color.RGBA {
	r, g, b, a := c.RGBA()
	// composite over white
	inv := 0xffff - a
	return color.RGBA{uint8((r + inv) >> 8), uint8((g + inv) >> 8), uint8((b + inv) >> 8), 255}
}

func light(c color.RGBA) bool {
	// Rec. 601 luma, threshold at the middle
	return 299*int(c.R)+587*int(c.G)+114*int(c.B) >= 128*1000
}
