package ui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"saldo/fints/bankdir"
	"saldo/theme"
	"saldo/ui/vtable"
)

// bankPicker searches the German bank directory by name, city, BLZ or BIC.
type bankPicker struct {
	c       *Context
	input   textinput.Model
	results []bankdir.Bank
	table   *vtable.Model
	w, h    int
}

const bankResults = 200

func newBankPicker(c *Context) *bankPicker {
	p := &bankPicker{c: c, input: newInput(c.Theme, "bank name, city, BLZ or BIC")}
	p.input.Focus()
	p.table = vtable.New(
		vtable.Column{Title: "Bank", Flex: 3, Min: 16},
		vtable.Column{Title: "City", Flex: 1, Min: 10},
		vtable.Column{Title: "BLZ", Width: 8},
		vtable.Column{Title: "BIC", Width: 11},
		vtable.Column{Title: "FinTS", Width: 5},
	)
	p.search()
	return p
}

func (p *bankPicker) Init() tea.Cmd { return nil }
func (p *bankPicker) Title() string { return "Add bank" }
func (p *bankPicker) Typing() bool  { return true }

func (p *bankPicker) SetSize(w, h int) {
	p.w, p.h = w, h
	p.input.SetWidth(max(w-12, 10))
	p.table.SetSize(w, max(h-5, 2))
}

func (p *bankPicker) Keys() []key.Binding {
	return []key.Binding{helpBinding("type", "search"), helpBinding("↑/↓", "choose"), helpBinding("enter", "select"), helpBinding("esc", "back")}
}

func (p *bankPicker) search() {
	p.results = p.c.Backend.SearchBanks(p.input.Value(), bankResults)
	p.table.SetRowCount(len(p.results))
	p.table.Home()
}

func (p *bankPicker) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case themeChangedMsg:
		styleInput(&p.input, p.c.Theme)
	case tea.KeyPressMsg:
		switch msg.String() {
		case "esc":
			p.c.Pop()
			return nil
		case "up":
			p.table.Move(-1)
			return nil
		case "down":
			p.table.Move(1)
			return nil
		case "pgup":
			p.table.PageUp()
			return nil
		case "pgdown":
			p.table.PageDown()
			return nil
		case "enter":
			if len(p.results) > 0 {
				p.c.Push(newAddLoginForm(p.c, p.results[p.table.Cursor()]))
			}
			return nil
		}
		before := p.input.Value()
		var cmd tea.Cmd
		p.input, cmd = p.input.Update(msg)
		if p.input.Value() != before {
			p.search()
		}
		return cmd
	}
	return nil
}

func (p *bankPicker) View() string {
	th := p.c.Theme
	head := " " + th.LabelFocus.Render("Search ") + p.input.View() + "\n"
	if len(p.results) == 0 {
		return head + "\n" + th.Fg(theme.Muted).Render("  No bank matches. Try the city, the BLZ (8 digits) or the BIC.")
	}
	hint := th.Fg(theme.Muted).Render(indent(wrap("Bank data: German bank directory from hbci4java (LGPL). Without a FinTS address (–), ask the bank for its URL.", p.w-4), "  "))
	return head + "\n" + p.table.View(th, p.cell) + "\n" + hint
}

func (p *bankPicker) cell(row, col int) (string, theme.Role) {
	b := p.results[row]
	switch col {
	case 0:
		return b.Name, theme.Text
	case 1:
		return b.City, theme.Muted
	case 2:
		return b.BLZ, theme.Muted
	case 3:
		return b.BIC, theme.Muted
	case 4:
		if b.HasPinTan() {
			return "✓", theme.Positive
		}
		return "–", theme.Muted
	}
	return "", theme.Text
}
