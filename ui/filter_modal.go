package ui

import (
	"errors"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"saldo/fints/money"
	"saldo/fints/statement"
	"saldo/theme"
)

// filterModal edits the statement filter; every change is applied at once,
// so the table narrows while typing.
type filterModal struct {
	modalBase
	orig   filter
	inputs []textinput.Model // text, min, max, from, to
	errs   []string
	dir    int
	focus  int // 0..4 inputs, 5 direction
	apply  func(filter)
}

const (
	fText = iota
	fMin
	fMax
	fFrom
	fTo
	fDir
)

var filterLabels = []string{"Text", "Amount from", "Amount to", "Date from", "Date to", "Direction"}

func newFilterModal(c *Context, f filter, apply func(filter)) *filterModal {
	m := &filterModal{modalBase: newModalBase(c, 0, false), orig: f, dir: f.dir, apply: apply, errs: make([]string, 5)}
	vals := []string{f.text, "", "", c.Locale.Date(f.from), c.Locale.Date(f.to)}
	if f.min != nil {
		vals[fMin] = c.Locale.Number(*f.min)
	}
	if f.max != nil {
		vals[fMax] = c.Locale.Number(*f.max)
	}
	// Examples in the chosen language: an English user types 99.99 and
	// 2025-01-31, and the placeholders must not suggest otherwise.
	l := c.Locale
	holders := []string{"words to find", "e.g. 10", "e.g. " + l.Number(money.MustParse("99.99")),
		"e.g. " + l.Date(statement.NewDate(2025, time.January, 1)), "e.g. " + l.Date(statement.NewDate(2025, time.January, 31))}
	for i, v := range vals {
		ti := newInput(c.Theme, holders[i])
		ti.SetValue(v)
		ti.SetWidth(30)
		m.inputs = append(m.inputs, ti)
	}
	m.inputs[0].Focus()
	return m
}

func (m *filterModal) Update(msg tea.Msg) tea.Cmd {
	if _, ok := msg.(themeChangedMsg); ok {
		for i := range m.inputs {
			styleInput(&m.inputs[i], m.c.Theme)
		}
		return nil
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	switch k.String() {
	case "enter":
		// A field that does not parse is not applied: say so instead of
		// closing over a filter that is not what the person typed.
		for i, e := range m.errs {
			if e != "" {
				return m.setFocus(i)
			}
		}
		m.close()
		return nil
	case "esc":
		m.apply(m.orig)
		m.close()
		return nil
	case "tab", "down":
		return m.setFocus((m.focus + 1) % 6)
	case "shift+tab", "up":
		return m.setFocus((m.focus + 5) % 6)
	}
	if m.focus == fDir {
		order := []int{0, 1, -1} // all, incoming, outgoing
		i := 0
		for j, d := range order {
			if d == m.dir {
				i = j
			}
		}
		switch k.String() {
		case "left", "h":
			m.dir = order[(i+2)%3]
		case "right", "l", "space":
			m.dir = order[(i+1)%3]
		}
		m.changed()
		return nil
	}
	var cmd tea.Cmd
	m.inputs[m.focus], cmd = m.inputs[m.focus].Update(k)
	m.changed()
	return cmd
}

func (m *filterModal) setFocus(i int) tea.Cmd {
	if m.focus < fDir {
		m.inputs[m.focus].Blur()
	}
	m.focus = i
	if i < fDir {
		return m.inputs[i].Focus()
	}
	return nil
}

// changed parses all fields and applies the filter when they are valid.
func (m *filterModal) changed() {
	var f filter
	f.setText(m.inputs[fText].Value())
	f.dir = m.dir
	l := m.c.Locale
	today := statement.DateOf(m.c.Now())
	ok := true
	for i := range m.errs {
		m.errs[i] = ""
	}
	amount := func(i int) *money.Amount {
		v := strings.TrimSpace(m.inputs[i].Value())
		if v == "" {
			return nil
		}
		a, err := l.ParseAmount(v)
		if err != nil {
			m.errs[i], ok = "not an amount", false
			return nil
		}
		a = a.Abs()
		return &a
	}
	date := func(i int) statement.Date {
		d, err := l.ParseDate(m.inputs[i].Value(), today)
		if err != nil {
			m.errs[i], ok = "type a date like "+l.Date(today), false
			if errors.Is(err, theme.ErrNoSuchDay) {
				m.errs[i] = "no such day: " + m.errs[i]
			}
		}
		return d
	}
	f.min, f.max = amount(fMin), amount(fMax)
	f.from, f.to = date(fFrom), date(fTo)
	if ok && f.min != nil && f.max != nil && f.min.Cmp(*f.max) > 0 {
		m.errs[fMax], ok = "smaller than the lower bound", false
	}
	if ok && !f.from.IsZero() && !f.to.IsZero() && f.to.Before(f.from) {
		m.errs[fTo], ok = "before the start date", false
	}
	if ok {
		m.apply(f)
	}
}

func (m *filterModal) View() string {
	th := m.c.Theme
	var b strings.Builder
	b.WriteString(m.title("Filter bookings") + "\n\n")
	for i := 0; i < fDir; i++ {
		b.WriteString(field(th, filterLabels[i], 12, m.focus == i, m.inputs[i].View(), m.errs[i], theme.Error) + "\n")
	}
	var opts []string
	for _, d := range []struct {
		v    int
		name string
	}{{0, "all"}, {1, "incoming"}, {-1, "outgoing"}} {
		st := th.Fg(theme.Muted)
		if d.v == m.dir {
			st = th.Cell(theme.Accent, m.focus == fDir)
		}
		opts = append(opts, st.Render(" "+d.name+" "))
	}
	b.WriteString(field(th, filterLabels[fDir], 12, m.focus == fDir, strings.Join(opts, " "), "", theme.Muted) + "\n\n")
	b.WriteString(th.Fg(theme.Muted).Render(wrap("Amounts compare the absolute value; dates are booking dates.", min(m.w, 56))))
	return b.String()
}

func (m *filterModal) Title() string { return "Filter" }

func (m *filterModal) Keys() []key.Binding {
	ks := []key.Binding{keys.Tab, keys.BackTab}
	if m.focus == fDir {
		ks = append(ks, helpBinding("←/→", "direction"))
	}
	return append(ks, helpBinding("enter", "done"), helpBinding("esc", "undo"))
}
