// Package vtable is a virtualised table: it knows only how many rows there
// are and asks for the cells of the rows on screen, so a statement with
// 100,000 bookings costs the same per frame as one with 100.
package vtable

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"saldo/theme"
)

// Column describes one column. A column with Width > 0 is fixed; one with
// Width == 0 shares the remaining space with the other flexible columns in
// proportion to Flex (at least 1), and is hidden when it would get fewer than
// Min cells.
type Column struct {
	Title string
	Width int
	Flex  int
	Min   int
	Right bool // right-align (amounts)
}

// CellFunc returns the text and role of one cell. It is called only for
// rows on screen.
type CellFunc func(row, col int) (string, theme.Role)

// Model is the table state: columns, row count, cursor and scroll offset.
type Model struct {
	cols   []Column
	widths []int // computed per SetSize; 0 = hidden
	n      int
	cursor int
	offset int
	width  int
	height int // rows of data, without the header
	gap    int
}

// New returns a table with the given columns.
func New(cols ...Column) *Model {
	m := &Model{cols: cols, gap: 1}
	m.layout()
	return m
}

// SetSize sets the outer size; one line is taken by the header.
func (m *Model) SetSize(width, height int) {
	m.width = max(width, 0)
	m.height = max(height-1, 1)
	m.layout()
	m.clamp()
}

// Height is the number of data rows shown.
func (m *Model) Height() int { return m.height }

// Widths returns the computed column widths (0 = hidden).
func (m *Model) Widths() []int { return m.widths }

// SetRowCount changes the number of rows, keeping the cursor in range.
func (m *Model) SetRowCount(n int) {
	m.n = max(n, 0)
	m.clamp()
}

// Len is the number of rows.
func (m *Model) Len() int { return m.n }

// Cursor is the index of the selected row (0 when empty).
func (m *Model) Cursor() int { return m.cursor }

// Offset is the index of the first row on screen.
func (m *Model) Offset() int { return m.offset }

// SetCursor selects row i (clamped) and scrolls it into view.
func (m *Model) SetCursor(i int) {
	m.cursor = i
	m.clamp()
}

// Move moves the cursor by d rows.
func (m *Model) Move(d int) { m.SetCursor(m.cursor + d) }

// PageDown and PageUp move by one screen.
func (m *Model) PageDown() { m.Move(m.height) }
func (m *Model) PageUp()   { m.Move(-m.height) }

// Home and End jump to the first and last row.
func (m *Model) Home() { m.SetCursor(0) }
func (m *Model) End()  { m.SetCursor(m.n - 1) }

func (m *Model) clamp() {
	if m.n == 0 {
		m.cursor, m.offset = 0, 0
		return
	}
	m.cursor = min(max(m.cursor, 0), m.n-1)
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+m.height {
		m.offset = m.cursor - m.height + 1
	}
	m.offset = min(max(m.offset, 0), max(m.n-m.height, 0))
}

// layout distributes the width: fixed columns first, then flexible ones;
// flexible columns that would be narrower than Min are dropped, last first.
func (m *Model) layout() {
	m.widths = make([]int, len(m.cols))
	active := make([]bool, len(m.cols))
	for i := range active {
		active[i] = true
	}
	for {
		fixed, flex, shown := 0, 0, 0
		for i, c := range m.cols {
			if !active[i] {
				continue
			}
			shown++
			if c.Width > 0 {
				fixed += c.Width
			} else {
				flex += max(c.Flex, 1)
			}
		}
		rest := m.width - fixed - m.gap*max(shown-1, 0)
		ok := true
		for i, c := range m.cols {
			if !active[i] {
				m.widths[i] = 0
				continue
			}
			if c.Width > 0 {
				m.widths[i] = c.Width
				continue
			}
			w := 0
			if flex > 0 && rest > 0 {
				w = rest * max(c.Flex, 1) / flex
			}
			m.widths[i] = w
			if w < max(c.Min, 1) {
				ok = false
			}
		}
		if ok || flex == 0 {
			break
		}
		// drop the last flexible column and try again
		dropped := false
		for i := len(m.cols) - 1; i >= 0; i-- {
			if active[i] && m.cols[i].Width == 0 {
				active[i], dropped = false, true
				break
			}
		}
		if !dropped {
			break
		}
	}
	// give rounding leftovers to the first flexible column
	used, shown := 0, 0
	for _, w := range m.widths {
		if w > 0 {
			used += w
			shown++
		}
	}
	used += m.gap * max(shown-1, 0)
	for i, c := range m.cols {
		if m.widths[i] > 0 && c.Width == 0 {
			m.widths[i] += max(m.width-used, 0)
			break
		}
	}
}

// Fit pads or truncates s (which may contain ANSI styles) to exactly w cells.
func Fit(s string, w int, right bool) string {
	if w <= 0 {
		return ""
	}
	sw := ansi.StringWidth(s)
	if sw > w {
		s = ansi.Truncate(s, w, "…")
		sw = ansi.StringWidth(s)
	}
	pad := strings.Repeat(" ", w-sw)
	if right {
		return pad + s
	}
	return s + pad
}

// View renders the header and the visible rows. Cells are painted with
// theme.Paint (precomputed escape sequences): a frame costs the same for
// any number of rows, and little for the rows it shows.
func (m *Model) View(th *theme.Theme, cell CellFunc) string {
	var b strings.Builder
	b.Grow((m.height + 1) * (m.width + 32))
	head := th.Fg(theme.Muted).Bold(true)
	first := true
	for i, c := range m.cols {
		if w := m.widths[i]; w > 0 {
			if !first {
				b.WriteString(strings.Repeat(" ", m.gap))
			}
			first = false
			b.WriteString(head.Render(Fit(c.Title, w, c.Right)))
		}
	}
	gap := strings.Repeat(" ", m.gap)
	for r := m.offset; r < m.offset+m.height; r++ {
		b.WriteByte('\n')
		if r >= m.n {
			continue
		}
		sel := r == m.cursor
		first := true
		for i, c := range m.cols {
			w := m.widths[i]
			if w <= 0 {
				continue
			}
			if !first {
				b.WriteString(th.Paint(theme.Text, sel, gap))
			}
			first = false
			text, role := cell(r, i)
			b.WriteString(th.Paint(role, sel, Fit(Plain(text), w, c.Right)))
		}
	}
	return b.String()
}

// Plain makes untrusted text (bank data) safe to draw: control characters,
// including ESC and line breaks, become spaces, so a booking text can neither
// inject terminal sequences nor break the row layout.
func Plain(s string) string {
	clean := true
	for _, r := range s {
		// RuneError: invalid UTF-8, whose stray bytes some terminals read
		// as C1 controls; strings.Map below turns it into U+FFFD.
		if isControl(r) || r == utf8.RuneError {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return ' '
		}
		return r
	}, s)
}

func isControl(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029'
}
