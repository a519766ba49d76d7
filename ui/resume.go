package ui

import (
	"context"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"saldo/fints"
	"saldo/theme"
)

// resumeModal offers the operations that were waiting for a TAN when
// saldo last quit.
type resumeModal struct {
	modalBase
	items  []PendingTAN
	cursor int
	after  func() tea.Cmd // runs once when the modal closes
}

func newResumeModal(c *Context, items []PendingTAN, after func() tea.Cmd) *resumeModal {
	return &resumeModal{modalBase: newModalBase(c, 0, true), items: items, after: after}
}

// done closes the modal and runs the deferred work once.
func (m *resumeModal) done() tea.Cmd {
	m.close()
	if m.after == nil {
		return nil
	}
	f := m.after
	m.after = nil
	return f()
}

func (m *resumeModal) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || m.absorb(msg) {
		return nil
	}
	switch {
	case key.Matches(k, keys.Up):
		m.cursor = max(m.cursor-1, 0)
	case key.Matches(k, keys.Down):
		m.cursor = min(m.cursor+1, len(m.items)-1)
	case k.String() == "r" || k.String() == "enter":
		p := m.items[m.cursor]
		return tea.Batch(resumeTAN(m.c, p), m.remove())
	case k.String() == "d":
		p := m.items[m.cursor]
		m.c.Open(newConfirmModal(m.c, "Discard this operation?",
			p.Operation+" will not be sent. You can start it again later.", "discard", func() tea.Cmd {
				return tea.Batch(discardTAN(m.c, p), m.remove())
			}))
	case key.Matches(k, keys.Back):
		return m.done()
	}
	return nil
}

// remove takes the selected item off the list; the modal closes when the
// list is empty.
func (m *resumeModal) remove() tea.Cmd {
	m.items = append(m.items[:m.cursor], m.items[m.cursor+1:]...)
	m.cursor = min(m.cursor, max(len(m.items)-1, 0))
	if len(m.items) == 0 {
		return m.done()
	}
	return nil
}

// Dismiss implements Modal.
func (m *resumeModal) Dismiss() { m.close() }

func (m *resumeModal) View() string {
	th, l := m.c.Theme, m.c.Locale
	w := min(m.w, 70)
	lines := []string{m.title("A TAN was pending when saldo quit"), "",
		th.Fg(theme.Text).Render(wrap("These operations were waiting for a TAN. Resume one to enter the TAN now, or discard it.", w)), ""}
	for i, p := range m.items {
		when := "started " + l.DateTime(p.Started)
		if p.ExpiresSoon {
			when += " · the TAN expires soon"
		}
		sel := i == m.cursor
		lines = append(lines,
			th.Cell(theme.Text, sel).Render(padRight("  "+vtablePlain(p.Operation), w)),
			th.Cell(theme.Muted, sel).Render(padRight("  "+vtablePlain(p.BankName)+" · "+when, w)))
	}
	return strings.Join(lines, "\n")
}

func (m *resumeModal) Title() string { return "Pending TAN" }
func (m *resumeModal) Typing() bool  { return false }

func (m *resumeModal) Keys() []key.Binding {
	return []key.Binding{helpBinding("r/enter", "resume"), helpBinding("d", "discard"), helpBinding("esc", "later"), keys.Up, keys.Down}
}

func resumeTAN(c *Context, p PendingTAN) tea.Cmd {
	kind := jobNetwork
	if p.IsPayment {
		kind = jobPayment
	}
	return startJob(c, jobSpec{Label: "Resuming " + lowerFirst(p.Operation), Login: p.LoginID, Kind: kind, Resume: true},
		func(ctx context.Context, j Job) (*fints.Outcome, error) { return c.Backend.ResumeTAN(ctx, p.ID, j) },
		func(o *fints.Outcome, err error) tea.Cmd {
			reload := reloadLogins(c, p.LoginID)
			// The start skipped this login's sync while it was resumed;
			// a finished query brought fresh data already.
			if l, ok := c.Login(p.LoginID); ok && (err != nil || p.IsPayment) {
				reload = tea.Batch(reload, syncLogin(c, l))
			}
			switch {
			case errors.Is(err, ErrCancelled) || errors.Is(err, context.Canceled):
				return tea.Batch(reload, c.Flash("Resuming cancelled.", theme.Muted))
			case err != nil:
				return tea.Batch(reload, c.Flash("Resuming failed: "+err.Error(), theme.Error))
			case o != nil:
				c.Push(newTransferOutcome(c, p.LoginID, fints.Transfer{}, *o).describe(p.Operation))
			}
			return tea.Batch(reload, c.Flash(p.Operation+": done.", theme.Positive))
		})
}

func discardTAN(c *Context, p PendingTAN) tea.Cmd {
	return startJob(c, jobSpec{Label: "Discarding", Kind: jobQuiet},
		func(ctx context.Context, _ Job) (struct{}, error) { return struct{}{}, c.Backend.DiscardTAN(ctx, p.ID) },
		func(_ struct{}, err error) tea.Cmd {
			if err != nil {
				return c.Flash("Discarding failed: "+err.Error(), theme.Error)
			}
			return c.Flash("Discarded: "+p.Operation, theme.Muted)
		})
}

// chooseTANMethod lets the person pick the TAN method (and medium) of a login.
func chooseTANMethod(c *Context, l Login) tea.Cmd {
	opts, err := c.Backend.TANMethods(l.ID)
	if err != nil {
		return c.Flash("TAN methods unavailable: "+err.Error(), theme.Error)
	}
	if len(opts.Methods) == 0 {
		return c.Flash("No TAN methods known yet; sync first (r).", theme.Warning)
	}
	names := make([]string, len(opts.Methods))
	cur := -1
	for i, me := range opts.Methods {
		names[i] = methodLabel(me)
		if me.Code == opts.Current {
			cur = i
		}
	}
	c.Open(newPickModal(c, "TAN method · "+l.BankName, "Used for the next TAN this login needs.", names, cur, func(i int) tea.Cmd {
		me := opts.Methods[i]
		if !me.NeedsMedium || len(opts.Media) == 0 {
			return setTANMethod(c, l, me, "")
		}
		media := make([]string, len(opts.Media))
		mcur := -1
		for j, md := range opts.Media {
			media[j] = md.Name
			if md.Phone != "" {
				media[j] += " (" + md.Phone + ")"
			}
			if md.Name == opts.Medium {
				mcur = j
			}
		}
		c.Open(newPickModal(c, "TAN medium", "The device or phone for "+me.Name+".", media, mcur, func(j int) tea.Cmd {
			return setTANMethod(c, l, me, opts.Media[j].Name)
		}))
		return nil
	}))
	return nil
}

func setTANMethod(c *Context, l Login, me fints.TANMethod, medium string) tea.Cmd {
	if err := c.Backend.SetTANMethod(l.ID, me.Code, medium); err != nil {
		return c.Flash("Could not choose "+me.Name+": "+err.Error(), theme.Error)
	}
	return c.Flash(l.BankName+" now uses "+me.Name+".", theme.Positive)
}

// lowerFirst puts a label that starts a sentence ("Transfer 5,00 € …")
// in the middle of one.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || !unicode.IsUpper(r) || (len(s) > n && unicode.IsUpper(rune(s[n]))) {
		return s // empty, or an acronym like "SEPA"
	}
	return string(unicode.ToLower(r)) + s[n:]
}
