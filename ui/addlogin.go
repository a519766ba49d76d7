package ui

import (
	"context"
	"errors"
	"net/url"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"saldo/fints/bankdir"
	"saldo/theme"
)

// addLoginForm collects the login data of a bank. The PIN is not asked
// here: the first dialog asks for it through the PIN prompt.
type addLoginForm struct {
	c      *Context
	bank   bankdir.Bank
	inputs []textinput.Model
	focus  int
	err    string
	busy   bool
	w, h   int
}

const (
	alURL = iota
	alUser
	alCustomer
	alProduct
	alCount
)

var alLabels = [alCount]string{"FinTS URL", "User ID", "Customer ID", "Product ID"}

func newAddLoginForm(c *Context, b bankdir.Bank) *addLoginForm {
	f := &addLoginForm{c: c, bank: b, focus: alUser}
	holders := [alCount]string{"https://…", "Anmeldename / Legitimations-ID", "optional, usually the same", "optional, saldo's registration is used"}
	for i := 0; i < alCount; i++ {
		f.inputs = append(f.inputs, newInput(c.Theme, holders[i]))
	}
	f.inputs[alURL].SetValue(b.PinTanURL)
	if b.PinTanURL == "" {
		f.focus = alURL
	}
	f.inputs[f.focus].Focus()
	return f
}

func (f *addLoginForm) Init() tea.Cmd { return nil }
func (f *addLoginForm) Title() string { return f.bank.Name }
func (f *addLoginForm) Typing() bool  { return true }

func (f *addLoginForm) SetSize(w, h int) {
	f.w, f.h = w, h
	for i := range f.inputs {
		f.inputs[i].SetWidth(max(min(w-20, 60), 10))
	}
}

func (f *addLoginForm) Keys() []key.Binding {
	return []key.Binding{keys.Tab, keys.BackTab, helpBinding("enter", "next / add"), helpBinding("esc", "back")}
}

func (f *addLoginForm) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case themeChangedMsg:
		for i := range f.inputs {
			styleInput(&f.inputs[i], f.c.Theme)
		}
	case tea.KeyPressMsg:
		if f.busy {
			return nil
		}
		switch msg.String() {
		case "esc":
			f.c.Pop()
			return nil
		case "tab", "down":
			return f.setFocus((f.focus + 1) % alCount)
		case "shift+tab", "up":
			return f.setFocus((f.focus + alCount - 1) % alCount)
		case "enter":
			if f.focus < alUser || (f.focus == alUser && f.inputs[alUser].Value() == "") {
				return f.setFocus(f.focus + 1)
			}
			return f.submit()
		}
		var cmd tea.Cmd
		f.inputs[f.focus], cmd = f.inputs[f.focus].Update(msg)
		f.err = ""
		return cmd
	}
	return nil
}

func (f *addLoginForm) setFocus(i int) tea.Cmd {
	f.inputs[f.focus].Blur()
	f.focus = i
	return f.inputs[i].Focus()
}

// checkURL accepts https addresses, and plain http only on this computer
// (the demo bank), because the PIN travels in every message.
func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return errors.New("type the bank's FinTS address, e.g. https://fints.example.de/fints")
	}
	host := u.Hostname()
	switch {
	case u.Scheme == "https":
		return nil
	case u.Scheme == "http" && (host == "localhost" || host == "127.0.0.1" || host == "::1"):
		return nil
	}
	return errors.New("the address must start with https:// — the PIN is sent with every message")
}

func (f *addLoginForm) submit() tea.Cmd {
	val := func(i int) string { return strings.TrimSpace(f.inputs[i].Value()) }
	if err := checkURL(val(alURL)); err != nil {
		f.err = err.Error()
		return f.setFocus(alURL)
	}
	if val(alUser) == "" {
		f.err = "The user ID is required: it is the name you log in to online banking with."
		return f.setFocus(alUser)
	}
	nl := NewLogin{Bank: f.bank, URL: val(alURL), UserID: val(alUser), CustomerID: val(alCustomer), ProductID: val(alProduct)}
	f.busy, f.err = true, ""
	c := f.c
	return startJob(c, jobSpec{Label: "Adding " + f.bank.Name, Kind: jobNetwork},
		func(ctx context.Context, j Job) (Login, error) { return c.Backend.AddLogin(ctx, nl, j) },
		func(l Login, err error) tea.Cmd {
			f.busy = false
			if err != nil {
				if errors.Is(err, ErrCancelled) || errors.Is(err, context.Canceled) {
					f.err = "Cancelled. Nothing was saved."
				} else {
					f.err = "Could not add the bank: " + err.Error()
				}
				return nil
			}
			c.Home()
			return tea.Batch(reloadLogins(c, l.ID), c.Flash("Added "+l.BankName+".", theme.Positive))
		})
}

func (f *addLoginForm) View() string {
	th := f.c.Theme
	var lines []string
	lines = append(lines, " "+th.Title.Render("Add "+vtablePlain(f.bank.Name)),
		" "+th.Fg(theme.Muted).Render(strings.Join(nonEmpty(f.bank.City, "BLZ "+f.bank.BLZ, f.bank.BIC), " · ")), "")
	for i := 0; i < alCount; i++ {
		lines = append(lines, field(th, alLabels[i], 11, f.focus == i, f.inputs[i].View(), "", theme.Muted))
	}
	lines = append(lines, "")
	switch {
	case f.busy:
		lines = append(lines, th.Fg(theme.Muted).Render("  Connecting… the bank may ask for your PIN and a TAN."))
	case f.err != "":
		lines = append(lines, th.Fg(theme.Error).Render(indent(wrap(f.err, f.w-4), "  ")))
	default:
		lines = append(lines, th.Fg(theme.Muted).Render(indent(wrap("Your PIN is asked when the bank needs it and kept in memory only.", f.w-4), "  ")))
		if hint := f.c.Backend.LoginHint(f.bank); hint != "" {
			lines = append(lines, "", th.Fg(theme.Accent).Render(indent(wrap(vtablePlain(hint), f.w-4), "  ")))
		}
	}
	return strings.Join(lines, "\n")
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" && s != "BLZ " {
			out = append(out, s)
		}
	}
	return out
}
