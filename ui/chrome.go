package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"saldo/theme"
)

var spinFrames = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

// View implements tea.Model: header, the active screen with any modals
// drawn over it, status bar and help bar, exactly filling the terminal.
func (m *Model) View() tea.View {
	bw, bh := m.bodySize()
	body := frame(m.top().View(), bw, bh)
	if len(m.modals) > 0 {
		body = m.overlay(body, bw, bh)
	}
	content := strings.Join([]string{m.header(), body, m.statusBar(), m.helpBar()}, "\n")
	v := tea.NewView(content)
	v.AltScreen = true
	v.WindowTitle = "saldo"
	return v
}

// overlay draws the modals centred over the body, the newest on top.
func (m *Model) overlay(body string, w, h int) string {
	layers := []*lipgloss.Layer{lipgloss.NewLayer(body)}
	for i, md := range m.modals {
		box := m.c.Theme.Modal.Render(md.View())
		box = frame(box, min(lipgloss.Width(box), w), min(lipgloss.Height(box), h))
		x := max((w-lipgloss.Width(box))/2, 0)
		y := max((h-lipgloss.Height(box))/2, 0)
		layers = append(layers, lipgloss.NewLayer(box).X(x).Y(y).Z(i+1))
	}
	return frame(lipgloss.NewCompositor(layers...).Render(), w, h)
}

func (m *Model) header() string {
	t := m.c.Theme
	left := t.BarTitle.Render(" saldo ")
	var crumbs []string
	for _, s := range m.stack {
		if title := s.Title(); title != "" {
			crumbs = append(crumbs, title)
		}
	}
	left += t.Bar.Render(" " + strings.Join(crumbs, " › "))
	right := ""
	if m.c.Demo {
		right = t.Badge.Render("DEMO")
	}
	return m.barLine(left, right)
}

// barLine fills a full-width bar with left and right parts; the left part
// is shortened first.
func (m *Model) barLine(left, right string) string {
	t := m.c.Theme
	if ansi.StringWidth(right) > m.width/2 && ansi.StringWidth(left) > 0 {
		right = ansi.TruncateLeft(right, ansi.StringWidth(right)-m.width/2, "…")
	}
	rw := ansi.StringWidth(right)
	lw := m.width - rw
	if ansi.StringWidth(left) > lw {
		left = ansi.Truncate(left, max(lw-1, 0), "…")
	}
	gap := max(m.width-ansi.StringWidth(left)-rw, 0)
	return left + t.Bar.Render(strings.Repeat(" ", gap)) + right
}

func (m *Model) statusBar() string {
	t, c := m.c.Theme, m.c
	left := ""
	switch {
	case c.flash.text != "":
		left = " " + t.Bar.Render(vtablePlain(c.flash.text))
		if c.flash.role != theme.Muted && c.flash.role != theme.Text {
			left = " " + t.Cell(c.flash.role, false).Inherit(t.Bar).Render(vtablePlain(c.flash.text))
		}
	case m.visibleJobs():
		var parts []string
		for _, j := range c.jobs.list() {
			if j.Kind == jobQuiet {
				continue
			}
			s := j.Label
			if j.step != "" {
				s += ": " + j.step
			}
			if j.total > 0 {
				s += fmt.Sprintf(" (%d/%d)", j.done, j.total)
			}
			parts = append(parts, s)
		}
		left = t.Bar.Render(" " + spinFrames[m.spin%len(spinFrames)] + " " + strings.Join(parts, " · "))
	}
	return m.barLine(t.Bar.Render(left), t.BarMuted.Render(m.syncSummary()))
}

// syncSummary says, per login, whether it is syncing or when it last did.
func (m *Model) syncSummary() string {
	c := m.c
	var parts []string
	for _, l := range c.logins {
		name := shortName(l.BankName)
		switch {
		case c.Running(jobSync, l.ID):
			parts = append(parts, name+" ⟳")
		case l.SyncError != "":
			parts = append(parts, name+" ✗")
		default:
			parts = append(parts, name+" ✓ "+c.Locale.Ago(c.Now(), l.LastSync))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, " · ") + " "
}

// shortName keeps bank names short enough for the status bar.
func shortName(s string) string {
	if r := []rune(s); len(r) > 16 {
		return string(r[:15]) + "…"
	}
	return s
}

func (m *Model) helpBar() string {
	var bs []key.Binding
	if md := m.topModal(); md != nil {
		bs = md.Keys()
	} else {
		bs = append(append(bs, m.top().Keys()...), m.globalKeys()...)
	}
	return frame(" "+m.help.ShortHelpView(bs), m.width, 1)
}

// frame cuts or pads s to exactly w×h cells.
func frame(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		lines[i] = padRight(l, w)
	}
	for len(lines) < h {
		lines = append(lines, strings.Repeat(" ", w))
	}
	return strings.Join(lines, "\n")
}

func padRight(s string, w int) string {
	sw := ansi.StringWidth(s)
	if sw > w {
		return ansi.Truncate(s, w, "")
	}
	return s + strings.Repeat(" ", w-sw)
}
