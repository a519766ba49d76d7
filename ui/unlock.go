package ui

import (
	"context"
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"saldo/fints/secret"
	"saldo/theme"
)

// minPassphrase is the shortest passphrase accepted for a new vault.
const minPassphrase = 8

// unlockScreen asks for the vault passphrase, or for a new one (twice) on
// the first start.
type unlockScreen struct {
	c        *Context
	create   bool
	inputs   []textinput.Model
	focus    int
	err      string
	busy     bool
	w, h     int
	unlocked func() tea.Cmd
}

func newUnlockScreen(c *Context, unlocked func() tea.Cmd) *unlockScreen {
	s := &unlockScreen{c: c, unlocked: unlocked}
	s.create = c.Backend != nil && !c.Backend.VaultExists()
	s.inputs = []textinput.Model{newSecretInput(c.Theme, "passphrase")}
	if s.create {
		s.inputs = append(s.inputs, newSecretInput(c.Theme, "the same again"))
	}
	s.inputs[0].Focus()
	return s
}

func (s *unlockScreen) Init() tea.Cmd { return nil }
func (s *unlockScreen) Title() string {
	if s.create {
		return "New vault"
	}
	return "Unlock"
}
func (s *unlockScreen) Typing() bool { return true }
func (s *unlockScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	for i := range s.inputs {
		s.inputs[i].SetWidth(min(w-24, 40))
	}
}

func (s *unlockScreen) Keys() []key.Binding {
	if s.create {
		return []key.Binding{helpBinding("enter", "next / create"), keys.Tab}
	}
	return []key.Binding{helpBinding("enter", "unlock")}
}

func (s *unlockScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg.(type) {
	case themeChangedMsg:
		for i := range s.inputs {
			styleInput(&s.inputs[i], s.c.Theme)
		}
		return nil
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || s.busy {
		return nil
	}
	switch k.String() {
	case "enter":
		if s.create && s.focus == 0 {
			return s.setFocus(1)
		}
		return s.submit()
	case "tab", "down", "shift+tab", "up":
		if s.create {
			return s.setFocus(1 - s.focus)
		}
		return nil
	}
	var cmd tea.Cmd
	s.inputs[s.focus], cmd = s.inputs[s.focus].Update(k)
	s.err = ""
	return cmd
}

func (s *unlockScreen) setFocus(i int) tea.Cmd {
	s.inputs[s.focus].Blur()
	s.focus = i
	return s.inputs[i].Focus()
}

func (s *unlockScreen) submit() tea.Cmd {
	pass := s.inputs[0].Value()
	if s.create {
		switch {
		case len([]rune(pass)) < minPassphrase:
			s.err = "Use at least 8 characters; a few random words are easy to remember and hard to guess."
			return s.setFocus(0)
		case pass != s.inputs[1].Value():
			s.err = "The two passphrases differ. Type them again."
			s.inputs[1].Reset()
			return s.setFocus(1)
		}
	} else if pass == "" {
		s.err = "Type your passphrase."
		return nil
	}
	s.busy = true
	s.err = ""
	create := s.create
	sec := secret.New(pass)
	for i := range s.inputs {
		s.inputs[i].Reset()
	}
	label := "Unlocking the vault"
	if create {
		label = "Creating the vault"
	}
	return startJob(s.c, jobSpec{Label: label, Kind: jobNetwork},
		func(ctx context.Context, _ Job) (struct{}, error) {
			defer sec.Wipe()
			return struct{}{}, s.c.Backend.Unlock(ctx, sec, create)
		},
		func(_ struct{}, err error) tea.Cmd {
			s.busy = false
			switch {
			case errors.Is(err, ErrBadPassphrase):
				s.err = "Wrong passphrase. Try again."
				return s.setFocus(0)
			case err != nil:
				s.err = "Could not open the vault: " + err.Error()
				return s.setFocus(0)
			}
			return s.unlocked()
		})
}

func (s *unlockScreen) View() string {
	th := s.c.Theme
	var b strings.Builder
	w := min(s.w-4, 70)
	if s.create {
		b.WriteString(th.Title.Render("Welcome to saldo") + "\n\n")
		b.WriteString(th.Fg(theme.Text).Render(wrap("Your bank logins and cached statements are kept in an encrypted vault on this computer. Choose a passphrase for it. There is no way to recover it if it is lost.", w)) + "\n\n")
		b.WriteString(field(th, "Passphrase", 12, s.focus == 0, s.inputs[0].View(), "", theme.Muted) + "\n")
		b.WriteString(field(th, "Repeat", 12, s.focus == 1, s.inputs[1].View(), "", theme.Muted) + "\n")
	} else {
		b.WriteString(th.Title.Render("Unlock your vault") + "\n\n")
		b.WriteString(field(th, "Passphrase", 12, true, s.inputs[0].View(), "", theme.Muted) + "\n")
	}
	b.WriteString("\n")
	switch {
	case s.busy:
		busy := "  Unlocking…"
		if s.create {
			busy = "  Creating the vault…"
		}
		b.WriteString(th.Fg(theme.Muted).Render(busy))
	case s.err != "":
		b.WriteString(th.Fg(theme.Error).Render(indent(wrap(s.err, w), "  ")))
	}
	return center(b.String(), s.w, s.h)
}
