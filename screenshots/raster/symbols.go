package raster

import (
	"image"
	"image/color"
)

// drawSymbol draws the symbols saldo uses that Go Mono has no glyph for.
// Each is built on a square of the cell's width around the text's middle
// (half the x-height above the baseline), in sub-pixel units.
func drawSymbol(img *image.RGBA, r image.Rectangle, ru rune, fg, bg color.RGBA, m metrics) bool {
	s := int64(r.Dx()) * sub // symbol size
	cx := int64(r.Min.X)*sub + s/2
	cy := int64(r.Min.Y+m.baseline)*sub - int64(m.cellH)*sub*3/10
	hw := int64(m.stroke) * sub * 3 / 5                                             // half stroke, a little bolder than lines
	at := func(fx, fy int64) (int64, int64) { return cx + s*fx/100, cy + s*fy/100 } // offsets in % of s
	seg := func(ax, ay, bx, by int64) shape {
		x0, y0 := at(ax, ay)
		x1, y1 := at(bx, by)
		return capsule(x0, y0, x1, y1, hw)
	}
	var sh shape
	switch ru {
	case '✓':
		sh = union(seg(-38, 2, -12, 30), seg(-12, 30, 40, -36))
	case '✗':
		sh = union(seg(-34, -34, 34, 34), seg(-34, 34, 34, -34))
	case '⚠':
		ax, ay := at(0, -52)
		bx, by := at(-50, 40)
		qx, qy := at(50, 40)
		bar := seg(0, -20, 0, 10)
		dx, dy := at(0, 24)
		mark := union(bar, disc(dx, dy, hw*5/4))
		sh = minus(triangle(ax, ay, bx, by, qx, qy), mark)
	case '◷':
		rad := s * 44 / 100
		sh = union(ring(cx, cy, rad-hw, rad+hw), seg(0, 0, 0, -44), seg(0, 0, 44, 0))
	case '⟳', '↺':
		sh = circleArrow(cx, cy, s, hw, ru == '⟳')
	case '⏱':
		ox, oy := at(0, 8)
		rad := s * 38 / 100
		sh = union(ring(ox, oy, rad-hw, rad+hw), seg(0, -30, 0, -48), seg(-14, -50, 14, -50), seg(0, 8, 18, -10))
	default:
		return false
	}
	paint(img, r.Inset(-1), fg, sh)
	return true
}

// circleArrow is an open circle with an arrowhead at the gap: clockwise
// (⟳, gap at the upper right) or anticlockwise (↺, gap at the upper left).
func circleArrow(cx, cy, s, hw int64, clockwise bool) shape {
	rad := s * 40 / 100
	sx := int64(1)
	if !clockwise {
		sx = -1
	}
	// the gap: the first 50° above the horizontal on the arrow's side
	arc := where(ring(cx, cy, rad-hw, rad+hw), func(x, y int64) bool {
		dx, dy := (x-cx)*sx, y-cy
		return !(dx > 0 && dy < 0 && -dy*100 < dx*119) // tan 50° ≈ 1.19
	})
	// arrowhead where the arc ends (50° up), pointing along the circle
	ex, ey := cx+sx*rad*64/100, cy-rad*77/100 // cos 50°, sin 50°
	tx, ty := sx*77, int64(64)                // tangent, clockwise on screen
	nx, ny := sx*64, int64(-77)               // outward normal
	l := s * 26 / 100
	tip := [2]int64{ex + tx*l/100, ey + ty*l/100}
	a := [2]int64{ex + nx*l/100, ey + ny*l/100}
	b := [2]int64{ex - nx*l/100, ey - ny*l/100}
	return union(arc, triangle(tip[0], tip[1], a[0], a[1], b[0], b[1]))
}
