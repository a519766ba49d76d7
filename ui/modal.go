package ui

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"saldo/theme"
)

// modalBase is embedded by every modal: size, closing, the owning job and
// the grace period that swallows stray keys.
type modalBase struct {
	c        *Context
	job      jobID
	closed   bool
	w, h     int
	openedAt time.Time
	grace    bool
}

func newModalBase(c *Context, job jobID, unasked bool) modalBase {
	return modalBase{c: c, job: job, openedAt: c.Now(), grace: unasked && c.Grace > 0}
}

func (b *modalBase) Init() tea.Cmd    { return nil }
func (b *modalBase) Closed() bool     { return b.closed }
func (b *modalBase) Job() jobID       { return b.job }
func (b *modalBase) SetSize(w, h int) { b.w, b.h = w, h }
func (b *modalBase) Title() string    { return "" }
func (b *modalBase) Typing() bool     { return true }
func (b *modalBase) close()           { b.closed = true }

// Dismiss implements Modal; prompt modals override it to answer first.
func (b *modalBase) Dismiss()            { b.closed = true }
func (b *modalBase) Keys() []key.Binding { return nil }

// absorb reports whether msg is a key pressed so soon after the modal
// opened on its own that it was surely meant for the screen below.
func (b *modalBase) absorb(msg tea.Msg) bool {
	if _, ok := msg.(tea.KeyPressMsg); !ok || !b.grace {
		return false
	}
	if b.c.Now().Sub(b.openedAt) < b.c.Grace {
		return true
	}
	b.grace = false
	return false
}

// title renders a modal heading.
func (b *modalBase) title(s string) string { return b.c.Theme.ModalTitle.Render(s) }

// confirmModal asks a yes/no question; yes runs an action.
type confirmModal struct {
	modalBase
	heading, text, yesLabel string
	yes                     func() tea.Cmd
}

func (m *confirmModal) Title() string { return m.heading }
func (m *confirmModal) Typing() bool  { return false }

func newConfirmModal(c *Context, heading, text, yesLabel string, yes func() tea.Cmd) *confirmModal {
	return &confirmModal{modalBase: newModalBase(c, 0, false), heading: heading, text: text, yesLabel: yesLabel, yes: yes}
}

func (m *confirmModal) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	switch {
	case key.Matches(k, keys.Yes):
		m.close()
		return m.yes()
	case key.Matches(k, keys.No):
		m.close()
	}
	return nil
}

func (m *confirmModal) View() string {
	w := min(m.w, 60)
	th := m.c.Theme
	return m.title(m.heading) + "\n\n" + th.Fg(theme.Text).Render(wrap(m.text, w)) + "\n\n" +
		th.Fg(theme.Warning).Render("y") + th.Fg(theme.Muted).Render(": "+m.yesLabel+"   ") +
		th.Fg(theme.Accent).Render("n/esc") + th.Fg(theme.Muted).Render(": cancel")
}

func (m *confirmModal) Keys() []key.Binding {
	return []key.Binding{helpBinding("y", m.yesLabel), helpBinding("n/esc", "cancel")}
}
