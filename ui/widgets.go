package ui

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"saldo/theme"
	"saldo/ui/vtable"
)

// vtablePlain makes bank-supplied text safe to draw (see vtable.Plain).
func vtablePlain(s string) string { return vtable.Plain(s) }

// newInput builds a text field styled from the theme. The cursor does not
// blink: a blinking cursor means a timer message every half second, which
// makes rendering non-deterministic for tests and screenshots.
func newInput(th *theme.Theme, placeholder string) textinput.Model {
	ti := textinput.New()
	ti.Prompt = ""
	ti.Placeholder = placeholder
	ti.KeyMap.NextSuggestion.SetKeys("ctrl+n")
	ti.KeyMap.PrevSuggestion.SetKeys("ctrl+p")
	styleInput(&ti, th)
	return ti
}

// newSecretInput is a masked field for passphrases, PINs and TANs.
func newSecretInput(th *theme.Theme, placeholder string) textinput.Model {
	ti := newInput(th, placeholder)
	ti.EchoMode = textinput.EchoPassword
	ti.EchoCharacter = '•'
	return ti
}

func styleInput(ti *textinput.Model, th *theme.Theme) {
	st := textinput.Styles{
		Focused: textinput.StyleState{
			Text:        th.Fg(theme.Text),
			Placeholder: th.Fg(theme.Muted),
			Suggestion:  th.Fg(theme.Muted),
			Prompt:      th.Fg(theme.Accent),
		},
		Blurred: textinput.StyleState{
			Text:        th.Fg(theme.Text),
			Placeholder: th.Fg(theme.Muted),
			Suggestion:  th.Fg(theme.Muted),
			Prompt:      th.Fg(theme.Muted),
		},
		Cursor: textinput.CursorStyle{Color: th.Palette.Accent, Shape: tea.CursorBlock, Blink: false},
	}
	ti.SetStyles(st)
}

// wrap breaks text into lines of at most w cells, at spaces where possible.
func wrap(s string, w int) string {
	if w <= 0 {
		return ""
	}
	return ansi.Hardwrap(ansi.Wordwrap(s, w, " -/"), w, true)
}

// field renders a labelled form field: label column, value, and an error
// or hint line below when there is one.
func field(th *theme.Theme, label string, labelW int, focused bool, value, note string, noteRole theme.Role) string {
	return fieldW(th, label, labelW, focused, value, note, noteRole, 0)
}

// fieldW is field with the note wrapped to fit a total width w (0 = no wrap).
func fieldW(th *theme.Theme, label string, labelW int, focused bool, value, note string, noteRole theme.Role, w int) string {
	ls := th.Label
	marker := "  "
	if focused {
		ls = th.LabelFocus
		marker = th.Fg(theme.Accent).Render("› ")
	}
	line := marker + ls.Render(vtable.Fit(label, labelW, false)) + " " + value
	if note != "" {
		if w > labelW+13 {
			note = wrap(note, w-labelW-3)
		}
		pad := strings.Repeat(" ", labelW+3)
		line += "\n" + pad + th.Fg(noteRole).Render(strings.ReplaceAll(note, "\n", "\n"+pad))
	}
	return line
}

// keyPress reports whether msg is a key press and returns its name.
func keyPress(msg tea.Msg) (string, bool) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return "", false
	}
	return k.String(), true
}

// center places a block in the middle of a w×h area.
func center(s string, w, h int) string {
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, s)
}
