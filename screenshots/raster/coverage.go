package raster

import (
	"image"
	"image/color"
)

// Geometric shapes are tested at 4×4 sample points per pixel in integer
// sub-pixel units, so anti-aliased curves come out the same on every
// platform (no floating point involved).
const (
	sub     = 16 // sub-pixel units per pixel
	samples = 4  // per axis
)

// shape reports whether a point, in sub-pixel units of the image, is inside.
type shape func(x, y int64) bool

// paint blends c over rect wherever in covers it; shapes take absolute
// sub-pixel coordinates of the image.
func paint(img *image.RGBA, rect image.Rectangle, c color.RGBA, in shape) {
	rect = rect.Intersect(img.Bounds())
	const step = sub / samples
	for py := rect.Min.Y; py < rect.Max.Y; py++ {
		for px := rect.Min.X; px < rect.Max.X; px++ {
			n := 0
			for j := int64(0); j < samples; j++ {
				for i := int64(0); i < samples; i++ {
					if in(int64(px)*sub+step/2+i*step, int64(py)*sub+step/2+j*step) {
						n++
					}
				}
			}
			blend(img, px, py, c, n, samples*samples)
		}
	}
}

func sq(v int64) int64 { return v * v }

func disc(cx, cy, r int64) shape {
	return func(x, y int64) bool { return sq(x-cx)+sq(y-cy) <= sq(r) }
}

func ring(cx, cy, rIn, rOut int64) shape {
	return func(x, y int64) bool {
		d := sq(x-cx) + sq(y-cy)
		return d >= sq(rIn) && d <= sq(rOut)
	}
}

func box(x0, y0, x1, y1 int64) shape {
	return func(x, y int64) bool { return x >= x0 && x < x1 && y >= y0 && y < y1 }
}

// capsule is a line from a to b, hw wide on each side, with round ends.
func capsule(ax, ay, bx, by, hw int64) shape {
	dx, dy := bx-ax, by-ay
	l := sq(dx) + sq(dy)
	return func(x, y int64) bool {
		px, py := x-ax, y-ay
		t := px*dx + py*dy
		switch {
		case l == 0 || t <= 0:
			return sq(px)+sq(py) <= sq(hw)
		case t >= l:
			return sq(x-bx)+sq(y-by) <= sq(hw)
		}
		// squared distance to the line, times l: |p|²·l − t²
		return (sq(px)+sq(py))*l-sq(t) <= sq(hw)*l
	}
}

// triangle is the filled triangle abc (either winding).
func triangle(ax, ay, bx, by, cx, cy int64) shape {
	cross := func(ox, oy, px, py, x, y int64) int64 { return (px-ox)*(y-oy) - (py-oy)*(x-ox) }
	return func(x, y int64) bool {
		d1, d2, d3 := cross(ax, ay, bx, by, x, y), cross(bx, by, cx, cy, x, y), cross(cx, cy, ax, ay, x, y)
		neg := d1 < 0 || d2 < 0 || d3 < 0
		pos := d1 > 0 || d2 > 0 || d3 > 0
		return !(neg && pos)
	}
}

func union(s ...shape) shape {
	return func(x, y int64) bool {
		for _, f := range s {
			if f(x, y) {
				return true
			}
		}
		return false
	}
}

func minus(a, b shape) shape {
	return func(x, y int64) bool { return a(x, y) && !b(x, y) }
}

func where(a shape, keep func(x, y int64) bool) shape {
	return func(x, y int64) bool { return keep(x, y) && a(x, y) }
}
