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
	mw, _ := m.modalSize()
	for i, md := range m.modals {
		// A line wider than the modal's width would push the frame off
		// the screen; wrap it instead (a safety net: views wrap their own
		// text).
		box := m.c.Theme.Modal.Render(ansi.Hardwrap(md.View(), mw, true))
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
	right := ""
	if m.c.Demo {
		right = t.Badge.Render("DEMO")
	}
	var crumbs []string
	for _, s := range m.stack {
		if title := s.Title(); title != "" {
			crumbs = append(crumbs, vtablePlain(title))
		}
	}
	room := m.width - ansi.StringWidth(left) - ansi.StringWidth(right) - 2
	left += t.Bar.Render(" " + fitCrumbs(crumbs, room))
	return m.barLine(left, right)
}

// fitCrumbs joins the breadcrumb into at most w cells: the middle crumbs
// give way to "…" first, so where the person is (the last crumb) and where
// the path starts stay readable.
func fitCrumbs(crumbs []string, w int) string {
	const sep = " › "
	join := func(cs []string) string { return strings.Join(cs, sep) }
	if ansi.StringWidth(join(crumbs)) <= w || len(crumbs) < 3 {
		return ansi.Truncate(join(crumbs), max(w, 0), "…")
	}
	for drop := 1; drop <= len(crumbs)-2; drop++ {
		cs := append([]string{crumbs[0], "…"}, crumbs[1+drop:]...)
		if ansi.StringWidth(join(cs)) <= w {
			return join(cs)
		}
	}
	return ansi.Truncate(join([]string{"…", crumbs[len(crumbs)-1]}), max(w, 0), "…")
}

// barLine fills a full-width bar with left and right parts, at least one
// cell apart; the left part is shortened first.
func (m *Model) barLine(left, right string) string {
	t := m.c.Theme
	if ansi.StringWidth(right) > m.width/2 && ansi.StringWidth(left) > 0 {
		right = ansi.TruncateLeft(right, ansi.StringWidth(right)-m.width/2, "…")
	}
	rw := ansi.StringWidth(right)
	lw := m.width - rw
	if rw > 0 {
		lw-- // keep a gap
	}
	if ansi.StringWidth(left) > lw {
		left = ansi.Truncate(left, max(lw-1, 0), "…")
	}
	gap := max(m.width-ansi.StringWidth(left)-rw, 0)
	return left + t.Bar.Render(strings.Repeat(" ", gap)) + right
}

func (m *Model) statusBar() string {
	t, c := m.c.Theme, m.c
	switch {
	case c.flash.text != "":
		// A message the person should read wins over the sync summary,
		// which shrinks to its symbols or goes.
		// Too long, the middle goes: the end (a file name, a bank's
		// reason) matters as much as the start.
		text := truncateMiddle(vtablePlain(c.flash.text), m.width-2)
		st := t.Bar
		if c.flash.role != theme.Muted && c.flash.role != theme.Text {
			st = t.Cell(c.flash.role, false).Inherit(t.Bar)
		}
		left := " " + st.Render(text)
		right := ""
		for _, r := range []string{m.syncSummary(false), m.syncSummary(true)} {
			if ansi.StringWidth(left)+1+ansi.StringWidth(r) <= m.width {
				right = r
				break
			}
		}
		return m.barLine(left, t.BarMuted.Render(right))
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
		left := t.Bar.Render(" " + spinFrames[m.spin%len(spinFrames)] + " " + strings.Join(parts, " · "))
		return m.barLine(left, t.BarMuted.Render(m.syncSummary(false)))
	}
	return m.barLine("", t.BarMuted.Render(m.syncSummary(false)))
}

// truncateMiddle shortens s to w cells by replacing its middle with "…".
func truncateMiddle(s string, w int) string {
	n := ansi.StringWidth(s)
	if n <= w {
		return s
	}
	if w < 3 {
		return ansi.Truncate(s, max(w, 0), "")
	}
	head := (w - 1) / 2
	tail := w - 1 - head
	return ansi.Truncate(s, head, "") + "…" + ansi.TruncateLeft(s, n-tail, "")
}

// syncSummary says, per login, whether it is syncing or when it last did;
// compact leaves only the symbols.
func (m *Model) syncSummary(compact bool) string {
	c := m.c
	var parts []string
	for _, l := range c.logins {
		name, state := shortName(l.BankName)+" ", ""
		switch {
		case c.Running(jobSync, l.ID):
			state = "⟳"
		case l.SyncError != "":
			state = "✗"
		case l.Notice != "":
			state = "⚠"
		default:
			state = "✓ " + c.Locale.Ago(c.Now(), l.LastSync)
		}
		if compact {
			name = ""
			state, _, _ = strings.Cut(state, " ")
		}
		parts = append(parts, name+state)
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

// helpBar lists the keys of the active modal or screen. When they do not
// fit, it ends after the last whole item with "… ? more": the full list is
// one key away, and no item is ever cut in half.
func (m *Model) helpBar() string {
	var bs []key.Binding
	var more key.Binding
	if md := m.topModal(); md != nil {
		bs = md.Keys()
		if _, isHelp := md.(*helpModal); !isHelp {
			// Only the help key: ctrl+c is in the full list, and a short
			// dialog bar should keep its own keys in view.
			more = modalGlobalKeys(md)[0]
			bs = append(bs, more)
		}
	} else {
		global := m.globalKeys()
		bs = append(append(bs, m.top().Keys()...), global...)
		more = global[0]
	}
	// Rendering the items costs more than the rest of a statement frame:
	// reuse the bar while keys, width and theme stay the same.
	var sig strings.Builder
	fmt.Fprintf(&sig, "%p %d %s", m.c.Theme, m.width, more.Help().Key)
	for _, b := range bs {
		h := b.Help()
		fmt.Fprintf(&sig, "\x00%s\x01%s\x01%v", h.Key, h.Desc, b.Enabled())
	}
	if sig.String() != m.helpSig {
		m.helpSig = sig.String()
		m.helpBarText = frame(" "+shortHelp(m.c.Theme, bs, more, m.width-1), m.width, 1)
	}
	return m.helpBarText
}

// shortHelp renders bindings as "key desc • key desc" in at most w cells.
// When they do not fit, as many whole items as fit are followed by "…" and,
// if more is set, by the key that shows them all.
func shortHelp(t *theme.Theme, bs []key.Binding, more key.Binding, w int) string {
	sep := t.HelpSep.Render(" • ")
	item := func(b key.Binding) string {
		h := b.Help()
		return t.HelpKey.Render(h.Key) + " " + t.HelpDesc.Render(h.Desc)
	}
	var items []string
	for _, b := range bs {
		if b.Enabled() && b.Help().Key != "" {
			items = append(items, item(b))
		}
	}
	if all := strings.Join(items, sep); ansi.StringWidth(all) <= w {
		return all
	}
	tail := t.HelpSep.Render("…")
	if mk := more.Help().Key; mk != "" {
		tail += " " + t.HelpKey.Render(mk) + " " + t.HelpDesc.Render("more")
		items = items[:0]
		for _, b := range bs {
			if b.Enabled() && b.Help().Key != "" && b.Help().Key != mk {
				items = append(items, item(b))
			}
		}
	}
	out, width := "", 0
	for _, it := range items {
		iw := ansi.StringWidth(it)
		add := iw
		if out != "" {
			add += ansi.StringWidth(sep)
		}
		if width+add+1+ansi.StringWidth(tail) > w {
			break
		}
		if out != "" {
			out += sep
		}
		out += it
		width += add
	}
	if out == "" {
		return ansi.Truncate(tail, w, "")
	}
	return out + " " + tail
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
