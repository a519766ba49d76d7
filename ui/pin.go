package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"saldo/fints/secret"
	"saldo/theme"
)

// pinModal asks for the PIN of a login when a dialog needs it. The PIN
// goes straight into a secret.Value for the backend, which keeps it in
// memory for the session only.
type pinModal struct {
	modalBase
	req   pinRequestMsg
	input textinput.Model
	err   string
}

func newPINModal(c *Context, req pinRequestMsg) *pinModal {
	m := &pinModal{modalBase: newModalBase(c, req.job, true), req: req, input: newSecretInput(c.Theme, "PIN")}
	m.input.Focus()
	return m
}

func (m *pinModal) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case themeChangedMsg:
		styleInput(&m.input, m.c.Theme)
	case tea.KeyPressMsg:
		if m.absorb(msg) {
			return nil
		}
		switch msg.String() {
		case "enter":
			v := m.input.Value()
			if v == "" {
				m.err = "Type your online-banking PIN."
				return nil
			}
			m.input.Reset()
			m.req.p.answer(secret.New(v), nil)
			m.close()
			return nil
		case "esc":
			m.req.p.answer(secret.Value{}, ErrCancelled)
			m.close()
			return nil
		}
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		m.err = ""
		return cmd
	}
	return nil
}

func (m *pinModal) View() string {
	th := m.c.Theme
	w := min(m.w, 60)
	r := m.req.req
	lines := []string{
		m.title("PIN for " + vtablePlain(r.BankName)),
		th.Fg(theme.Muted).Render("user " + vtablePlain(r.UserID)),
		"",
	}
	if r.Retry {
		lines = append(lines, th.Fg(theme.Warning).Render(wrap("The bank rejected the PIN. Check it carefully: after a few wrong PINs the bank locks the online access.", w)), "")
	}
	lines = append(lines, field(th, "PIN", 4, true, m.input.View(), m.err, theme.Error), "",
		th.Fg(theme.Muted).Render(wrap("The PIN is kept in memory until saldo quits and never written to disk.", w)))
	return strings.Join(lines, "\n")
}

func (m *pinModal) Title() string { return "PIN" }

func (m *pinModal) Keys() []key.Binding {
	return []key.Binding{helpBinding("enter", "log in"), helpBinding("esc", "cancel")}
}

// Dismiss implements Modal.
func (m *pinModal) Dismiss() {
	m.req.p.answer(secret.Value{}, ErrQuitting)
	m.close()
}
