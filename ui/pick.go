package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"saldo/theme"
)

// pickModal lets the person choose one of a few items.
type pickModal struct {
	modalBase
	heading string
	note    string
	items   []string
	cursor  int
	current int
	pick    func(i int) tea.Cmd
}

func newPickModal(c *Context, heading, note string, items []string, current int, pick func(int) tea.Cmd) *pickModal {
	return &pickModal{modalBase: newModalBase(c, 0, false), heading: heading, note: note, items: items,
		cursor: max(current, 0), current: current, pick: pick}
}

func (m *pickModal) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	switch {
	case key.Matches(k, keys.Up):
		m.cursor = max(m.cursor-1, 0)
	case key.Matches(k, keys.Down):
		m.cursor = min(m.cursor+1, len(m.items)-1)
	case key.Matches(k, keys.Enter):
		m.close()
		if len(m.items) > 0 {
			return m.pick(m.cursor)
		}
	case key.Matches(k, keys.Back), k.String() == "q":
		m.close()
	}
	return nil
}

func (m *pickModal) View() string {
	th := m.c.Theme
	var b strings.Builder
	b.WriteString(m.title(m.heading) + "\n")
	if m.note != "" {
		b.WriteString(th.Fg(theme.Muted).Render(wrap(m.note, min(m.w, 60))) + "\n")
	}
	b.WriteString("\n")
	// Show a window of items around the cursor when the list is long.
	rows := max(m.h-6, 3)
	from := max(0, min(m.cursor-rows/2, len(m.items)-rows))
	for i := from; i < len(m.items) && i < from+rows; i++ {
		mark := "  "
		if i == m.current {
			mark = "✓ "
		}
		line := mark + vtablePlain(m.items[i])
		b.WriteString(th.Cell(theme.Text, i == m.cursor).Render(padRight(line, min(m.w, 60))))
		if i < len(m.items)-1 && i < from+rows-1 {
			b.WriteString("\n")
		}
	}
	return b.String()
}

func (m *pickModal) Title() string { return m.heading }
func (m *pickModal) Typing() bool  { return false }

func (m *pickModal) Keys() []key.Binding {
	return []key.Binding{keys.Up, keys.Down, helpBinding("enter", "choose"), helpBinding("esc", "cancel")}
}
