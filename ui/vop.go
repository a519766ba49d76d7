package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"saldo/fints"
	"saldo/theme"
)

// vopModal shows the Verification of Payee result and asks for an explicit
// decision. Only a full match may be confirmed with enter; everything else
// needs y, so a stray enter can never release a payment to a wrong name.
type vopModal struct {
	modalBase
	req  payeeRequestMsg
	edit func(name string) // nil when the order cannot be edited
}

func newVoPModal(c *Context, req payeeRequestMsg) *vopModal {
	m := &vopModal{modalBase: newModalBase(c, req.job, true), req: req}
	if j := c.jobs.running[req.job]; j != nil {
		m.edit = j.OnPayeeEdit
	}
	return m
}

func (m *vopModal) canEdit() bool {
	return m.edit != nil && m.req.r.Match == fints.VoPCloseMatch && m.req.r.SuggestedName != ""
}

func (m *vopModal) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || m.absorb(msg) {
		return nil
	}
	switch k.String() {
	case "y":
		m.req.p.answer(true, nil)
		m.close()
	case "enter":
		if m.req.r.Match == fints.VoPMatched {
			m.req.p.answer(true, nil)
			m.close()
		}
	case "n", "esc":
		m.req.p.answer(false, nil)
		m.close()
	case "e":
		if m.canEdit() {
			m.edit(m.req.r.SuggestedName)
			m.req.p.answer(false, nil)
			m.close()
		}
	}
	return nil
}

func (m *vopModal) View() string {
	th := m.c.Theme
	r := m.req.r
	w := min(m.w, 68)
	var head, text string
	var role theme.Role
	switch r.Match {
	case fints.VoPMatched:
		role, head = theme.Positive, "✓ Name matches"
		text = "The bank confirms that “" + r.GivenName + "” holds this account."
	case fints.VoPCloseMatch:
		role, head = theme.Warning, "≈ Close match"
		text = "The name you typed, “" + r.GivenName + "”, is close to the name the bank has on record: “" + r.SuggestedName + "”."
	case fints.VoPNoMatch:
		role, head = theme.Error, "✗ Name does not match"
		text = "The account is held by someone other than “" + r.GivenName + "”. If you send anyway, the money may reach the wrong person and the bank may not be able to get it back."
	default:
		role, head = theme.Warning, "? The name could not be checked"
		text = "The bank could not verify the payee name (" + r.Match.String() + "). If you send anyway, you carry the risk that the name and IBAN do not belong together."
	}
	lines := []string{m.title("Payee check"), "", th.Fg(role).Bold(true).Render(head), "", th.Fg(theme.Text).Render(wrap(vtablePlain(text), w))}
	if r.Text != "" {
		lines = append(lines, "", th.Fg(theme.Muted).Render(wrap("Bank: "+vtablePlain(r.Text), w)))
	}
	lines = append(lines, "", m.choices(w))
	return strings.Join(lines, "\n")
}

func (m *vopModal) choices(w int) string {
	th := m.c.Theme
	opt := func(k, text string, role theme.Role) string {
		return th.Fg(role).Bold(true).Render(k) + th.Fg(theme.Muted).Render(" "+text)
	}
	var parts []string
	if m.canEdit() {
		parts = append(parts, opt("e", "use “"+vtablePlain(m.req.r.SuggestedName)+"” and review", theme.Accent))
	}
	yes := "send anyway"
	if m.req.r.Match == fints.VoPMatched {
		yes = "continue"
	}
	parts = append(parts, opt("y", yes, theme.Warning), opt("n", "do not send", theme.Accent))
	if line := strings.Join(parts, "   "); lipgloss.Width(line) <= w {
		return line
	}
	return strings.Join(parts, "\n") // one choice per line on narrow screens
}

func (m *vopModal) Title() string { return "Payee check" }
func (m *vopModal) Typing() bool  { return false }

func (m *vopModal) Keys() []key.Binding {
	var ks []key.Binding
	if m.canEdit() {
		ks = append(ks, helpBinding("e", "use suggested name"))
	}
	if m.req.r.Match == fints.VoPMatched {
		ks = append(ks, helpBinding("y/enter", "continue"))
	} else {
		ks = append(ks, helpBinding("y", "send anyway"))
	}
	return append(ks, helpBinding("n/esc", "do not send"))
}

// Dismiss implements Modal.
func (m *vopModal) Dismiss() {
	m.req.p.answer(false, ErrQuitting)
	m.close()
}
