package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"saldo/fints"
	"saldo/theme"
)

// transferOutcome says what became of a payment. An unknown outcome is
// spelled out, because sending again could pay twice.
type transferOutcome struct {
	c       *Context
	loginID string
	t       fints.Transfer
	o       fints.Outcome
	desc    string // what was paid, when the order itself is not at hand (resumed TAN)
	w, h    int
}

func newTransferOutcome(c *Context, loginID string, t fints.Transfer, o fints.Outcome) *transferOutcome {
	return &transferOutcome{c: c, loginID: loginID, t: t, o: o}
}

// describe sets the text shown instead of the order's fields.
func (s *transferOutcome) describe(d string) *transferOutcome {
	s.desc = d
	return s
}

func (s *transferOutcome) Init() tea.Cmd { return nil }

// Title matches the headline: "executed" would be wrong for a scheduled
// transfer the bank merely accepted.
func (s *transferOutcome) Title() string {
	switch s.o.State {
	case fints.Executed:
		return "Accepted"
	case fints.Rejected:
		return "Rejected"
	}
	return "Outcome unknown"
}
func (s *transferOutcome) Typing() bool     { return false }
func (s *transferOutcome) SetSize(w, h int) { s.w, s.h = w, h }

func (s *transferOutcome) Keys() []key.Binding {
	ks := []key.Binding{helpBinding("enter", "accounts")}
	if _, ok := s.fromAccount(); ok {
		ks = append(ks, helpBinding("s", "statement"))
	}
	return ks
}

// fromAccount finds the paying account; a transfer finished after a
// restart has no order at hand, so there is none and "s" is not offered.
func (s *transferOutcome) fromAccount() (AccountInfo, bool) {
	if s.t.From.Key() == (fints.Account{}).Key() {
		return AccountInfo{}, false
	}
	if l, ok := s.c.Login(s.loginID); ok {
		for _, a := range l.Accounts {
			if a.Account.Key() == s.t.From.Key() {
				return a, true
			}
		}
	}
	return AccountInfo{}, false
}

func (s *transferOutcome) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	switch k.String() {
	case "enter", "esc":
		s.c.Home()
	case "s":
		if a, ok := s.fromAccount(); ok {
			l, _ := s.c.Login(s.loginID)
			s.c.Home()
			s.c.Push(newStatementScreen(s.c, l, a))
		}
	}
	return nil
}

func (s *transferOutcome) View() string {
	th := s.c.Theme
	w := min(s.w-6, 76)
	var head, body string
	var role theme.Role
	switch s.o.State {
	case fints.Executed:
		role, head = theme.Positive, "✓ Transfer accepted by the bank"
		body = "The bank accepted the order."
		if !s.t.ExecutionDate.IsZero() {
			body = "The bank accepted the order for execution on " + s.c.Locale.Date(s.t.ExecutionDate) + "."
		}
	case fints.Rejected:
		role, head = theme.Error, "✗ The bank rejected the transfer"
		body = "Nothing was paid."
	default:
		role, head = theme.Warning, "⚠ Outcome unknown — check your statement before retrying"
		body = "The order was sent, but the answer from the bank did not arrive. It may or may not have been executed. " +
			"Do not send it again until the statement (or your bank) shows whether it went through: sending twice could pay twice."
	}
	var b strings.Builder
	b.WriteString(" " + th.Fg(role).Bold(true).Render(head) + "\n\n")
	b.WriteString(th.Fg(theme.Text).Render(indent(wrap(body, w), "   ")) + "\n")
	if s.o.Reason != "" {
		// An unknown outcome's reason is usually saldo's own account of a
		// broken connection, not words of the bank.
		label := "Bank says: "
		if s.o.State == fints.Unknown && s.o.Code == "" {
			label = "Details: "
		}
		b.WriteString("\n" + th.Fg(theme.Muted).Render(indent(wrap(label+vtablePlain(s.o.Reason), w), "   ")) + "\n")
	}
	if s.o.Reference != "" {
		b.WriteString(th.Fg(theme.Muted).Render("   Reference: "+vtablePlain(s.o.Reference)) + "\n")
	}
	if s.o.VoP != nil {
		b.WriteString(th.Fg(theme.Muted).Render("   Payee check: "+s.o.VoP.Match.String()) + "\n")
	}
	if s.t.ToIBAN == "" {
		b.WriteString("\n   " + th.Fg(theme.Text).Render(vtablePlain(s.desc)))
	} else {
		b.WriteString("\n" + transferSummary(s.c, s.t, s.w))
	}
	return b.String()
}

func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}
