package raster

import (
	"image"
	"image/color"
)

// boxArms describes U+2500…U+257F by the weight of the arm leaving the
// cell centre up, right, down and left: 0 none, 1 light, 2 heavy,
// 3 double. "" marks the characters drawn by drawBoxSpecial (dashes,
// rounded corners, diagonals).
var boxArms = [128]string{
	"0101", "0202", "1010", "2020", "", "", "", "", "", "", "", "", "0110", "0210", "0120", "0220",
	"0011", "0012", "0021", "0022", "1100", "1200", "2100", "2200", "1001", "1002", "2001", "2002", "1110", "1210", "2110", "1120",
	"2120", "2210", "1220", "2220", "1011", "1012", "2011", "1021", "2021", "2012", "1022", "2022", "0111", "0112", "0211", "0212",
	"0121", "0122", "0221", "0222", "1101", "1102", "1201", "1202", "2101", "2102", "2201", "2202", "1111", "1112", "1211", "1212",
	"2111", "1121", "2121", "2112", "2211", "1122", "1221", "2212", "1222", "2122", "2221", "2222", "", "", "", "",
	"0303", "3030", "0310", "0130", "0330", "0013", "0031", "0033", "1300", "3100", "3300", "1003", "3001", "3003", "1310", "3130",
	"3330", "1013", "3031", "3033", "0313", "0131", "0333", "1303", "3101", "3303", "1313", "3131", "3333", "", "", "",
	"", "", "", "", "0001", "1000", "0100", "0010", "0002", "2000", "0200", "0020", "0201", "1020", "0102", "2010",
}

// drawShape draws ru geometrically when it is a box-drawing, block or
// braille character or one of the symbols Go Mono lacks; false otherwise.
func drawShape(img *image.RGBA, r image.Rectangle, ru rune, fg, bg color.RGBA, m metrics) bool {
	switch {
	case ru >= 0x2500 && ru <= 0x257F:
		if arms := boxArms[ru-0x2500]; arms != "" {
			drawArms(img, r, arms, fg, m)
		} else {
			drawBoxSpecial(img, r, ru, fg, m)
		}
		return true
	case ru >= 0x2580 && ru <= 0x259F:
		drawBlock(img, r, ru, fg, bg)
		return true
	case ru >= 0x2800 && ru <= 0x28FF:
		drawBraille(img, r, ru, fg)
		return true
	}
	return drawSymbol(img, r, ru, fg, bg, m)
}

// thickness of a line of weight w (1 light, 2 heavy); double lines are
// two light lines.
func thickness(w byte, m metrics) int {
	if w == '2' {
		return 2 * m.stroke
	}
	return m.stroke
}

// band returns where a line of thickness t centred in a span of length n
// starting at o lies. The same for every cell, so neighbours join.
func band(o, n, t int) (int, int) {
	lo := o + (n-t)/2
	return lo, lo + t
}

func drawArms(img *image.RGBA, r image.Rectangle, arms string, c color.RGBA, m metrics) {
	w, h := r.Dx(), r.Dy()
	up, right, down, left := arms[0], arms[1], arms[2], arms[3]
	// how far arms reach past the centre: to the far side of the widest
	// crossing line, so junctions have no notch
	reach := func(a, b byte, n int) int {
		t := max(thickness(a, m), thickness(b, m))
		if a == '3' || b == '3' {
			t = 3 * m.stroke
		}
		return (n-t)/2 + t
	}
	hReach, vReach := reach(up, down, w), reach(left, right, h)
	hBands := func(weight byte) [][2]int {
		if weight == '3' {
			lo, _ := band(r.Min.Y, h, 3*m.stroke)
			return [][2]int{{lo, lo + m.stroke}, {lo + 2*m.stroke, lo + 3*m.stroke}}
		}
		lo, hi := band(r.Min.Y, h, thickness(weight, m))
		return [][2]int{{lo, hi}}
	}
	vBands := func(weight byte) [][2]int {
		if weight == '3' {
			lo, _ := band(r.Min.X, w, 3*m.stroke)
			return [][2]int{{lo, lo + m.stroke}, {lo + 2*m.stroke, lo + 3*m.stroke}}
		}
		lo, hi := band(r.Min.X, w, thickness(weight, m))
		return [][2]int{{lo, hi}}
	}
	cxLo := r.Min.X + w - hReach // left end of a right arm
	cxHi := r.Min.X + hReach     // right end of a left arm
	cyLo := r.Min.Y + h - vReach
	cyHi := r.Min.Y + vReach
	if left != '0' {
		for _, b := range hBands(left) {
			fill(img, image.Rect(r.Min.X, b[0], cxHi, b[1]), c)
		}
	}
	if right != '0' {
		for _, b := range hBands(right) {
			fill(img, image.Rect(cxLo, b[0], r.Max.X, b[1]), c)
		}
	}
	if up != '0' {
		for _, b := range vBands(up) {
			fill(img, image.Rect(b[0], r.Min.Y, b[1], cyHi), c)
		}
	}
	if down != '0' {
		for _, b := range vBands(down) {
			fill(img, image.Rect(b[0], cyLo, b[1], r.Max.Y), c)
		}
	}
}

// drawBoxSpecial draws dashed lines, rounded corners and diagonals.
func drawBoxSpecial(img *image.RGBA, r image.Rectangle, ru rune, c color.RGBA, m metrics) {
	w, h := r.Dx(), r.Dy()
	dashes := func(vertical bool, weight byte, n int) {
		t := thickness(weight, m)
		for i := 0; i < n; i++ {
			if vertical {
				x0, x1 := band(r.Min.X, w, t)
				fill(img, image.Rect(x0, r.Min.Y+i*h/n, x1, r.Min.Y+(2*i+1)*h/(2*n)), c)
			} else {
				y0, y1 := band(r.Min.Y, h, t)
				fill(img, image.Rect(r.Min.X+i*w/n, y0, r.Min.X+(2*i+1)*w/(2*n), y1), c)
			}
		}
	}
	switch ru {
	case '┄', '┅', '┈', '┉', '╌', '╍':
		n := map[rune]int{'┄': 3, '┅': 3, '┈': 4, '┉': 4, '╌': 2, '╍': 2}[ru]
		dashes(false, map[bool]byte{true: '2', false: '1'}[ru == '┅' || ru == '┉' || ru == '╍'], n)
	case '┆', '┇', '┊', '┋', '╎', '╏':
		n := map[rune]int{'┆': 3, '┇': 3, '┊': 4, '┋': 4, '╎': 2, '╏': 2}[ru]
		dashes(true, map[bool]byte{true: '2', false: '1'}[ru == '┇' || ru == '┋' || ru == '╏'], n)
	case '╭', '╮', '╯', '╰':
		paint(img, r, c, roundCorner(r, ru, m))
	case '╱', '╲', '╳':
		hw := int64(m.stroke) * sub / 2
		x0, y0, x1, y1 := int64(r.Min.X)*sub, int64(r.Min.Y)*sub, int64(r.Max.X)*sub, int64(r.Max.Y)*sub
		var s []shape
		if ru != '╲' {
			s = append(s, capsule(x0, y1, x1, y0, hw))
		}
		if ru != '╱' {
			s = append(s, capsule(x0, y0, x1, y1, hw))
		}
		paint(img, r, c, union(s...))
	}
}

// roundCorner is a quarter circle joining the centre lines of the two
// arms, continued straight to the cell edges, so it meets │ and ─ drawn
// by drawArms exactly.
func roundCorner(r image.Rectangle, ru rune, m metrics) shape {
	t := int64(m.stroke)
	bx, _ := band(r.Min.X, r.Dx(), m.stroke)
	by, _ := band(r.Min.Y, r.Dy(), m.stroke)
	lx, ly := int64(bx)*sub+t*sub/2, int64(by)*sub+t*sub/2 // centre lines
	x0, y0, x1, y1 := int64(r.Min.X)*sub, int64(r.Min.Y)*sub, int64(r.Max.X)*sub, int64(r.Max.Y)*sub
	right := ru == '╭' || ru == '╰'
	downward := ru == '╭' || ru == '╮'
	dx, dy := lx-x0, ly-y0 // distance to the edge the arm goes to
	sx, sy := int64(-1), int64(-1)
	if right {
		dx, sx = x1-lx, 1
	}
	if downward {
		dy, sy = y1-ly, 1
	}
	rad := min(dx, dy)
	cx, cy := lx+sx*rad, ly+sy*rad // centre of curvature
	hw := t * sub / 2
	arc := where(ring(cx, cy, rad-hw, rad+hw), func(x, y int64) bool {
		return (x-cx)*sx <= 0 && (y-cy)*sy <= 0 // the quadrant facing the corner
	})
	// straight runs from the arc's ends to the edges (empty when the
	// radius reaches the edge)
	var hx0, hx1, vy0, vy1 int64
	if right {
		hx0, hx1 = cx, x1
	} else {
		hx0, hx1 = x0, cx
	}
	if downward {
		vy0, vy1 = cy, y1
	} else {
		vy0, vy1 = y0, cy
	}
	return union(arc, box(hx0, ly-hw, hx1, ly+hw), box(lx-hw, vy0, lx+hw, vy1))
}

// drawBlock draws the block elements: halves, eighths, shades, quadrants.
func drawBlock(img *image.RGBA, r image.Rectangle, ru rune, fg, bg color.RGBA) {
	w, h := r.Dx(), r.Dy()
	x0, y0, x1, y1 := r.Min.X, r.Min.Y, r.Max.X, r.Max.Y
	switch {
	case ru == '▀':
		fill(img, image.Rect(x0, y0, x1, y0+h/2), fg)
	case ru >= '▁' && ru <= '█':
		k := int(ru - 0x2580)
		fill(img, image.Rect(x0, y1-h*k/8, x1, y1), fg)
	case ru >= '▉' && ru <= '▏':
		k := 8 - int(ru-0x2588)
		fill(img, image.Rect(x0, y0, x0+w*k/8, y1), fg)
	case ru == '▐':
		fill(img, image.Rect(x0+w/2, y0, x1, y1), fg)
	case ru >= '░' && ru <= '▓':
		fill(img, r, mix(bg, fg, 25*int(ru-'░'+1)))
	case ru == '▔':
		fill(img, image.Rect(x0, y0, x1, y0+max(h/8, 1)), fg)
	case ru == '▕':
		fill(img, image.Rect(x1-max(w/8, 1), y0, x1, y1), fg)
	default: // quadrants ▖…▟
		const ul, ur, ll, lr = 1, 2, 4, 8
		q := [...]int{ll, lr, ul, ul | ll | lr, ul | lr, ul | ur | ll, ul | ur | lr, ur, ur | ll, ur | ll | lr}[ru-'▖']
		mx, my := x0+w/2, y0+h/2
		for bit, rc := range map[int]image.Rectangle{
			ul: image.Rect(x0, y0, mx, my), ur: image.Rect(mx, y0, x1, my),
			ll: image.Rect(x0, my, mx, y1), lr: image.Rect(mx, my, x1, y1),
		} {
			if q&bit != 0 {
				fill(img, rc, fg)
			}
		}
	}
}

// drawBraille draws the 2×4 dot pattern of U+2800…U+28FF.
func drawBraille(img *image.RGBA, r image.Rectangle, ru rune, c color.RGBA) {
	bits := int(ru - 0x2800)
	// bit → (column, row) in the standard dot numbering 1-8
	pos := [8][2]int64{{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {1, 2}, {0, 3}, {1, 3}}
	w, h := int64(r.Dx())*sub, int64(r.Dy())*sub
	rad := w / 7
	var dots []shape
	for i, p := range pos {
		if bits&(1<<i) != 0 {
			cx := int64(r.Min.X)*sub + w*(1+2*p[0])/4
			cy := int64(r.Min.Y)*sub + h*(1+2*p[1])/8
			dots = append(dots, disc(cx, cy, rad))
		}
	}
	if len(dots) > 0 {
		paint(img, r, c, union(dots...))
	}
}
