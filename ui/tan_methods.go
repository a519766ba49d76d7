package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"saldo/fints"
	"saldo/fints/secret"
	"saldo/theme"
)

// methodChoice is one line of the TAN dialog's method list: a method, and
// for methods that need one, a medium (so "smsTAN · second phone" is a
// choice of its own).
type methodChoice struct {
	method fints.TANMethod
	medium string
}

func (mc methodChoice) label() string {
	s := methodLabel(mc.method)
	if mc.medium != "" {
		s += " · " + mc.medium
	}
	return s
}

// methodLabel names a method for lists: the bank's name and, where it
// adds something, how the TAN is made. Bank names often carry their own
// parentheses ("Demo-App (Freigabe)"), so the kind follows a dot.
func methodLabel(me fints.TANMethod) string {
	kind := me.Kind.String()
	if me.Kind == fints.TANManual {
		kind = "typed TAN"
	}
	if strings.Contains(strings.ToLower(me.Name), strings.ToLower(kind)) {
		return me.Name
	}
	return me.Name + " · " + kind
}

// methodChoices flattens methods and media into one list.
func methodChoices(o TANOptions) []methodChoice {
	var out []methodChoice
	for _, me := range o.Methods {
		if !me.NeedsMedium || len(o.Media) == 0 {
			out = append(out, methodChoice{method: me})
			continue
		}
		for _, md := range o.Media {
			out = append(out, methodChoice{method: me, medium: md.Name})
		}
	}
	return out
}

// currentChoice is the index of the method and medium of the challenge.
func (m *tanModal) currentChoice() int {
	ch := m.req.c
	for i, mc := range m.choices {
		if mc.method.Code == ch.Method.Code && (mc.medium == "" || mc.medium == ch.Medium) {
			return i
		}
	}
	return -1
}

// chooseKey handles the method list; choosing another method or medium
// answers the prompt with a SwitchMethodError so the backend submits the
// order again and the bank sends a new challenge.
func (m *tanModal) chooseKey(k tea.KeyPressMsg) tea.Cmd {
	switch k.String() {
	case "up", "k":
		m.mcursor = max(m.mcursor-1, 0)
	case "down", "j":
		m.mcursor = min(m.mcursor+1, len(m.choices)-1)
	case "esc", "tab":
		m.choosing = false
	case "enter":
		if m.mcursor == m.currentChoice() {
			m.choosing = false
			return nil
		}
		mc := m.choices[m.mcursor]
		if err := m.c.Backend.SetTANMethod(m.req.login, mc.method.Code, mc.medium); err != nil {
			m.err = "Could not switch: " + err.Error()
			m.choosing = false
			return nil
		}
		m.req.p.answer(secret.Value{}, &SwitchMethodError{Code: mc.method.Code, Medium: mc.medium})
		m.close()
		return m.c.Flash("Switched to "+mc.label()+"; the bank sends a new challenge.", theme.Muted)
	}
	return nil
}

func (m *tanModal) choiceList(w int) string {
	th := m.c.Theme
	lines := []string{th.Heading.Render("Choose a TAN method")}
	cur := m.currentChoice()
	for i, mc := range m.choices {
		mark := "  "
		if i == cur {
			mark = "✓ "
		}
		lines = append(lines, th.Cell(theme.Text, i == m.mcursor).Render(padRight(mark+vtablePlain(mc.label()), min(w, 56))))
	}
	return strings.Join(lines, "\n")
}
