package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"

	"saldo/theme"
)

// Keys shared by all screens, so the same key does the same thing
// everywhere.
var keys = struct {
	Up, Down, PageUp, PageDown, Home, End   key.Binding
	Enter, Back, Quit, Help, Tab, BackTab   key.Binding
	Transfer, Sync, AddBank, Search, Filter key.Binding
	Older, Export, Details, Methods         key.Binding
	Yes, No                                 key.Binding
}{
	Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
	Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
	PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up")),
	PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+f", "space"), key.WithHelp("pgdn", "page down")),
	Home:     key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g", "first")),
	End:      key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G", "last")),
	Enter:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
	Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
	Quit:     key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	Help:     key.NewBinding(key.WithKeys("?", "f1"), key.WithHelp("?", "help")),
	Tab:      key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab", "next field")),
	BackTab:  key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab", "previous")),
	Transfer: key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "transfer")),
	Sync:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "sync")),
	AddBank:  key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add bank")),
	Search:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
	Filter:   key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "filter")),
	Older:    key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "older")),
	Export:   key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "export")),
	Details:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "details")),
	Methods:  key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "TAN method")),
	Yes:      key.NewBinding(key.WithKeys("y", "enter"), key.WithHelp("y", "yes")),
	No:       key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "no")),
}

// globalKeys are shown after the screen's own keys.
func (m *Model) globalKeys() []key.Binding {
	if m.top().Typing() {
		return []key.Binding{
			key.NewBinding(key.WithKeys("f1"), key.WithHelp("f1", "help")),
			key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		}
	}
	return []key.Binding{keys.Help, keys.Quit}
}

// modalGlobalKeys are the keys every dialog answers besides its own: help
// (? where nothing is typed, else F1) and ctrl+c.
func modalGlobalKeys(md Modal) []key.Binding {
	h := keys.Help
	if md.Typing() {
		h = key.NewBinding(key.WithKeys("f1"), key.WithHelp("f1", "help"))
	}
	return []key.Binding{h, key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit"))}
}

func helpStyles(t *theme.Theme) help.Styles {
	return help.Styles{
		Ellipsis:       t.HelpSep,
		ShortKey:       t.HelpKey,
		ShortDesc:      t.HelpDesc,
		ShortSeparator: t.HelpSep,
		FullKey:        t.HelpKey,
		FullDesc:       t.HelpDesc,
		FullSeparator:  t.HelpSep,
	}
}

// helpBinding is a binding that only documents a key handled elsewhere.
func helpBinding(k, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(k), key.WithHelp(k, desc))
}
