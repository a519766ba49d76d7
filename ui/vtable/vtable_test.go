package vtable

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"saldo/theme"
)

func TestLayout(t *testing.T) {
	cols := []Column{{Title: "Date", Width: 10}, {Title: "Name", Min: 10, Flex: 2}, {Title: "Purpose", Min: 20, Flex: 3}, {Title: "Amount", Width: 12, Right: true}}
	tests := []struct {
		width int
		want  []int
	}{
		{120, []int{10, 38, 57, 12}},
		{80, []int{10, 22, 33, 12}},
		{50, []int{10, 26, 0, 12}}, // purpose would get < 20: dropped
		{20, []int{10, 0, 0, 12}},  // not even the name fits
	}
	for _, tc := range tests {
		m := New(cols...)
		m.SetSize(tc.width, 10)
		if fmt.Sprint(m.Widths()) != fmt.Sprint(tc.want) {
			t.Errorf("width %d: %v, want %v", tc.width, m.Widths(), tc.want)
		}
	}
}

func TestCursorAndScroll(t *testing.T) {
	m := New(Column{Title: "n", Flex: 1})
	m.SetSize(20, 6) // 5 data rows
	m.SetRowCount(100)
	steps := []struct {
		do             func()
		cursor, offset int
	}{
		{func() {}, 0, 0},
		{func() { m.Move(4) }, 4, 0},
		{func() { m.Move(1) }, 5, 1},
		{func() { m.PageDown() }, 10, 6},
		{func() { m.End() }, 99, 95},
		{func() { m.Move(10) }, 99, 95},
		{func() { m.PageUp() }, 94, 94},
		{func() { m.Home() }, 0, 0},
		{func() { m.Move(-3) }, 0, 0},
		{func() { m.SetCursor(50); m.SetRowCount(10) }, 9, 5},
		{func() { m.SetRowCount(0) }, 0, 0},
	}
	for i, s := range steps {
		s.do()
		if m.Cursor() != s.cursor || m.Offset() != s.offset {
			t.Fatalf("step %d: cursor %d offset %d, want %d %d", i, m.Cursor(), m.Offset(), s.cursor, s.offset)
		}
	}
}

func TestViewRendersOnlyVisibleRows(t *testing.T) {
	m := New(Column{Title: "Name", Flex: 1}, Column{Title: "Amount", Width: 8, Right: true})
	m.SetSize(30, 4)
	m.SetRowCount(1_000_000)
	m.SetCursor(500_000)
	calls := 0
	out := m.View(theme.New(theme.Options{Dark: true}), func(r, c int) (string, theme.Role) {
		calls++
		if c == 0 {
			return fmt.Sprintf("row %d\x1b[2J\nX", r), theme.Text
		}
		return "-1,00", theme.Negative
	})
	if calls != 3*2 {
		t.Errorf("cell called %d times for 3 visible rows", calls)
	}
	lines := strings.Split(ansi.Strip(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines: %q", len(lines), lines)
	}
	for _, l := range lines {
		if ansi.StringWidth(l) != 30 {
			t.Errorf("line %q is %d wide", l, ansi.StringWidth(l))
		}
		if strings.ContainsAny(l, "\x1b\n") {
			t.Errorf("control characters leaked: %q", l)
		}
	}
	if !strings.HasPrefix(lines[3], "row 500000 [2J X") || !strings.HasSuffix(lines[3], "   -1,00") {
		t.Errorf("last row %q", lines[3])
	}
}

func TestFitAndPlain(t *testing.T) {
	tests := []struct {
		in    string
		w     int
		right bool
		want  string
	}{
		{"abc", 5, false, "abc  "},
		{"abc", 5, true, "  abc"},
		{"abcdef", 4, false, "abc…"},
		{"Müller", 6, false, "Müller"},
		{"x", 0, false, ""},
	}
	for _, tc := range tests {
		if got := Fit(tc.in, tc.w, tc.right); got != tc.want {
			t.Errorf("Fit(%q,%d) = %q", tc.in, tc.w, got)
		}
	}
	if got := Plain("a\tb\u009bc\u2028d"); got != "a b c d" {
		t.Errorf("Plain: %q", got)
	}
	if got := Plain("x\x9by"); got != "x\ufffdy" {
		t.Errorf("Plain invalid UTF-8: %q", got)
	}
}
