package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"saldo/theme"
)

// helpModal is the full key list for the active screen (`?` or F1).
type helpModal struct {
	modalBase
	title  string
	note   string
	of     Modal // the dialog this help is about; nil for a screen
	groups [][]key.Binding
	help   help.Model
}

func newHelpModal(c *Context, s Screen, global []key.Binding) *helpModal {
	h := help.New()
	h.Styles = helpStyles(c.Theme)
	var groups [][]key.Binding
	seen := map[string]bool{}
	var own []key.Binding
	for _, b := range s.Keys() {
		if k := b.Help().Key; !seen[k] {
			seen[k] = true
			own = append(own, b)
		}
	}
	for len(own) > 0 {
		n := min(len(own), 8)
		groups = append(groups, own[:n])
		own = own[n:]
	}
	// Only keys the screen handles: navigation keys are part of a
	// screen's own list where they work (a form types "g", it does not
	// jump to the first row).
	var rest []key.Binding
	for _, b := range global {
		if k := b.Help().Key; !seen[k] {
			seen[k] = true
			rest = append(rest, b)
		}
	}
	groups = append(groups, rest)
	title := s.Title()
	if title == "" {
		title = "saldo"
	}
	note := "Keys work the same on every screen: esc goes back, q quits (state is saved), ctrl+c quits from anywhere."
	of, ok := s.(Modal)
	if ok {
		// In a dialog q may be text and esc answers the dialog.
		note = "This dialog takes all keys until it closes. ctrl+c quits from anywhere (state is saved)."
	}
	return &helpModal{modalBase: newModalBase(c, 0, false), title: title, note: note, of: of, groups: groups, help: h}
}

// Closed also when the dialog it explains has closed (an app approval
// arrived, the job ended): help for a dialog that is gone is stale.
func (m *helpModal) Closed() bool { return m.closed || (m.of != nil && m.of.Closed()) }

// Job is the explained dialog's job, so that the end of the job removes
// both.
func (m *helpModal) Job() jobID {
	if m.of != nil {
		return m.of.Job()
	}
	return 0
}

func (m *helpModal) Update(msg tea.Msg) tea.Cmd {
	if k, ok := keyPress(msg); ok && (k == "esc" || k == "?" || k == "f1" || k == "q" || k == "enter") {
		m.close()
	}
	return nil
}

func (m *helpModal) View() string {
	th := m.c.Theme
	return m.modalBase.title("Keys — "+m.title) + "\n\n" + m.help.FullHelpView(m.groups) + "\n\n" +
		th.Fg(theme.Muted).Render(wrap(m.note, min(m.w, 64)))
}

func (m *helpModal) Keys() []key.Binding { return []key.Binding{helpBinding("esc", "close help")} }
