package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"saldo/fints"
	"saldo/theme"
)

// decoupledModal is the "confirm in your banking app" view: challenge text,
// a countdown to the bank's deadline, the status checks so far, cancel, and
// "I have approved" when the bank wants a manual confirmation.
type decoupledModal struct {
	modalBase
	status   fints.DecoupledStatus
	have     bool
	approval *prompt[struct{}]
	ch       fints.Challenge
	gen      int
	payment  bool
}

type secondTickMsg struct{ gen int }

func newDecoupledModal(c *Context, job jobID) *decoupledModal {
	m := &decoupledModal{modalBase: newModalBase(c, job, true), gen: c.nextSeq()}
	if j := c.jobs.running[job]; j != nil {
		m.payment = j.Kind == jobPayment
	}
	return m
}

func (m *decoupledModal) Init() tea.Cmd { return m.tick() }

func (m *decoupledModal) tick() tea.Cmd {
	gen := m.gen
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return secondTickMsg{gen} })
}

func (m *decoupledModal) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case decoupledMsg:
		m.status, m.have, m.ch = msg.s, true, msg.s.Challenge
	case approvalRequestMsg:
		m.approval, m.ch = msg.p, msg.c
	case secondTickMsg:
		if msg.gen == m.gen && !m.closed {
			return m.tick() // redraw the countdown every second
		}
	case tea.KeyPressMsg:
		if m.absorb(msg) {
			return nil
		}
		switch msg.String() {
		case "enter":
			if m.approval != nil {
				m.approval.answer(struct{}{}, nil)
				m.approval = nil
			}
		case "esc":
			m.cancel()
		case "m", "tab": // tab as in the TAN dialog; m because nothing is typed here
			if l, ok := m.login(); ok {
				// The app is not at hand: stop waiting and choose another
				// method for the next try.
				m.cancel()
				return chooseTANMethod(m.c, l)
			}
		}
	}
	return nil
}

// cancel stops waiting: a pending manual confirmation is answered with
// ErrCancelled and the job's context ends, which stops the status polls.
func (m *decoupledModal) cancel() {
	if m.approval != nil {
		m.approval.answer(struct{}{}, ErrCancelled)
	}
	if j := m.c.jobs.running[m.job]; j != nil {
		j.stop(errStoppedWaiting)
	}
	m.close()
}

// errStoppedWaiting ends a job whose app approval the person stopped
// waiting for: the approval may still be given in the app.
var errStoppedWaiting = errors.New("stopped waiting for the approval in the app")

func (m *decoupledModal) View() string {
	th := m.c.Theme
	w := min(m.w, 68)
	op := m.ch.Operation
	if op == "" {
		op = "Authorisation"
	}
	lines := []string{m.title("Confirm in your banking app · " + vtablePlain(op)), ""}
	name := vtablePlain(m.ch.Method.Name)
	if m.ch.Medium != "" {
		name += " on " + vtablePlain(m.ch.Medium)
	}
	if name != "" {
		lines = append(lines, th.Fg(theme.Muted).Render(name))
	}
	text := strings.TrimSpace(m.ch.Text)
	if text == "" {
		text = "Open your banking app and approve the request there."
	}
	lines = append(lines, th.Fg(theme.Text).Render(wrap(vtablePlain(text), w)), "")
	if dl := m.status.Deadline; m.have && !dl.IsZero() {
		left := max(dl.Sub(m.c.Now()), 0).Round(time.Second)
		lines = append(lines, th.Fg(theme.Accent).Bold(true).Render(fmt.Sprintf("⏱ %d:%02d left", int(left.Minutes()), int(left.Seconds())%60)))
	}
	if m.have {
		polls := fmt.Sprintf("status checks: %d", m.status.Polls)
		if m.status.MaxPolls > 0 {
			polls += fmt.Sprintf(" of %d", m.status.MaxPolls)
		}
		lines = append(lines, th.Fg(theme.Muted).Render(polls))
	}
	if m.approval != nil {
		lines = append(lines, "", th.Fg(theme.Warning).Render(wrap("Your bank asks you to confirm here once you have approved in the app.", w)))
	}
	if m.payment {
		lines = append(lines, "", th.Fg(theme.Muted).Render(wrap("If you cancel here but approve in the app anyway, the bank may still execute the order.", w)))
	}
	return strings.Join(lines, "\n")
}

// login is the login of the waiting job, when it may switch methods.
func (m *decoupledModal) login() (Login, bool) {
	j := m.c.jobs.running[m.job]
	if j == nil || j.Login == "" {
		return Login{}, false
	}
	l, ok := m.c.Login(j.Login)
	if !ok {
		return Login{}, false
	}
	opts, err := m.c.Backend.TANMethods(l.ID)
	return l, err == nil && len(opts.Methods) > 1
}

func (m *decoupledModal) Title() string { return "App approval" }
func (m *decoupledModal) Typing() bool  { return false }

func (m *decoupledModal) Keys() []key.Binding {
	ks := []key.Binding{helpBinding("esc", "cancel")}
	if _, ok := m.login(); ok {
		ks = append(ks, helpBinding("tab", "other method"))
	}
	if m.approval != nil {
		ks = append([]key.Binding{helpBinding("enter", "I have approved")}, ks...)
	}
	return ks
}

// Dismiss implements Modal.
func (m *decoupledModal) Dismiss() {
	if m.approval != nil {
		m.approval.answer(struct{}{}, ErrQuitting)
	}
	m.close()
}
