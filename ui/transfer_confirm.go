package ui

import (
	"context"
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"saldo/fints"
	"saldo/fints/sepa"
	"saldo/theme"
	"saldo/ui/vtable"
)

// transferConfirm shows the order once more; sending it is the one
// dangerous action of the app and always needs this explicit step.
type transferConfirm struct {
	c        *Context
	loginID  string
	t        fints.Transfer
	form     *transferForm
	sending  bool
	err      string
	editName string // set when the payee check offered a better name
	w, h     int
}

func newTransferConfirm(c *Context, loginID string, t fints.Transfer, form *transferForm) *transferConfirm {
	return &transferConfirm{c: c, loginID: loginID, t: t, form: form}
}

func (s *transferConfirm) Init() tea.Cmd    { return nil }
func (s *transferConfirm) Title() string    { return "Confirm" }
func (s *transferConfirm) Typing() bool     { return false }
func (s *transferConfirm) SetSize(w, h int) { s.w, s.h = w, h }

func (s *transferConfirm) Keys() []key.Binding {
	if s.sending {
		return nil
	}
	return []key.Binding{helpBinding("y", "send"), helpBinding("e/esc", "edit")}
}

func (s *transferConfirm) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || s.sending {
		return nil
	}
	switch k.String() {
	case "y":
		// Not enter: enter walks through the form and reviews, so one
		// press too many would send money nobody looked at.
		return s.send()
	case "e", "esc":
		s.c.Pop()
	}
	return nil
}

func (s *transferConfirm) send() tea.Cmd {
	s.sending, s.err, s.editName = true, "", ""
	t, login := s.t, s.loginID
	spec := jobSpec{Label: "Sending transfer", Login: login, Kind: jobPayment,
		OnPayeeEdit: func(name string) { s.editName = name }}
	return startJob(s.c, spec,
		func(ctx context.Context, j Job) (fints.Outcome, error) { return s.c.Backend.Transfer(ctx, login, t, j) },
		func(o fints.Outcome, err error) tea.Cmd {
			s.sending = false
			if s.editName != "" {
				// the person chose to correct the name: back to the form
				s.form.setName(s.editName)
				s.c.Pop()
				return nil
			}
			if err != nil {
				switch {
				case errors.Is(err, errStoppedWaiting):
					// Nothing says the order is dead: the app may still
					// release it.
					s.err = "Stopped waiting for the approval. The bank has not confirmed the transfer; if you approve it in the app anyway, it may still be executed — check your statement before sending it again."
				case errors.Is(err, ErrCancelled) || errors.Is(err, context.Canceled):
					s.err = "Not sent: cancelled. Nothing was paid."
				default:
					s.err = "Not sent: " + err.Error()
				}
				return nil
			}
			s.c.Replace(newTransferOutcome(s.c, login, t, o))
			if l, ok := s.c.Login(login); ok && o.State != fints.Rejected {
				return syncLogin(s.c, l)
			}
			return nil
		})
}

func (s *transferConfirm) View() string {
	th := s.c.Theme
	var b strings.Builder
	b.WriteString(" " + th.Title.Render("Send this transfer?") + "\n\n")
	b.WriteString(transferSummary(s.c, s.t, s.w))
	b.WriteString("\n\n")
	switch {
	case s.sending:
		b.WriteString(th.Fg(theme.Muted).Render("  Sending… the bank may check the payee name and ask for a TAN."))
	case s.err != "":
		b.WriteString(th.Fg(theme.Error).Render(indent(wrap(s.err, s.w-4), "  ")) + "\n\n")
		fallthrough
	default:
		b.WriteString("  " + th.Fg(theme.Warning).Render("y") + th.Fg(theme.Muted).Render(" send   ") +
			th.Fg(theme.Accent).Render("e") + th.Fg(theme.Muted).Render(" edit"))
	}
	return b.String()
}

// transferSummary lists the order's fields.
func transferSummary(c *Context, t fints.Transfer, w int) string {
	th, l := c.Theme, c.Locale
	const lw = 12
	row := func(label, value string, role theme.Role) string {
		return "   " + th.Label.Render(vtable.Fit(label, lw, false)) + " " + th.Fg(role).Render(wrap(vtablePlain(value), max(w-lw-6, 10)))
	}
	when := "as soon as possible"
	if !t.ExecutionDate.IsZero() {
		when = l.Date(t.ExecutionDate)
	}
	if t.Instant {
		when = "instant payment (within seconds)"
	}
	bic := t.ToBIC
	if bic == "" {
		bic = "—"
	}
	lines := []string{
		row("From", accountName(t.From)+"  "+displayIBAN(t.From), theme.Text),
		row("To", t.ToName, theme.Text),
		row("IBAN", sepa.FormatIBAN(t.ToIBAN), theme.Text),
		row("BIC", bic, theme.Muted),
		"   " + th.Label.Render(vtable.Fit("Amount", lw, false)) + " " + th.Fg(theme.Negative).Bold(true).Render(l.Money(t.Amount, t.Currency)),
		row("Purpose", orDash(t.Purpose), theme.Text),
		row("Execution", when, theme.Text),
	}
	return strings.Join(lines, "\n")
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
