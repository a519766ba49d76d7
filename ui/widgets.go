package ui

import (
	"strings"
	"unicode/utf8"

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
	// Without a width a text field shows only the first character of
	// its placeholder.
	ti.SetWidth(24)
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

// wrap breaks plain text into lines of at most w cells: at spaces, else
// after a "-" or "/" inside a long word (references, URLs), else anywhere.
// Spaces inside a line are kept as they are; newlines are kept.
func wrap(s string, w int) string {
	if w <= 0 {
		return ""
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		out = append(out, wrapLine(para, w)...)
	}
	return strings.Join(out, "\n")
}

func wrapLine(s string, w int) []string {
	var lines []string
	line := ""
	flush := func() { lines = append(lines, line); line = "" }
	for s != "" {
		// next token: the spaces before a word, and the word
		word := strings.TrimLeft(s, " ")
		gap := s[:len(s)-len(word)]
		if i := strings.IndexByte(word, ' '); i >= 0 {
			word = word[:i]
		}
		s = s[len(gap)+len(word):]
		if line == "" {
			gap = ""
		}
		for word != "" {
			room := w - ansi.StringWidth(line) - ansi.StringWidth(gap)
			cut := len(word)
			switch ww := ansi.StringWidth(word); {
			case ww <= room:
			case ww <= w && line != "":
				cut = 0 // a word that fits a line of its own stays whole
			default:
				cut = breakAt(word, room)
			}
			if cut == 0 && line != "" {
				flush() // try again on a line of its own
				gap = ""
				continue
			}
			if cut == 0 {
				cut = hardCut(word, w)
			}
			line += gap + word[:cut]
			gap, word = "", word[cut:]
			if word != "" {
				flush()
			}
		}
	}
	if line != "" || len(lines) == 0 {
		flush()
	}
	return lines
}

// breakAt is the byte length of the longest head of word that ends in "-"
// or "/" and fits into room cells; 0 if there is none.
func breakAt(word string, room int) int {
	best := 0
	for i, r := range word {
		if ansi.StringWidth(word[:i]) > room {
			break
		}
		if (r == '-' || r == '/') && i+1 < len(word) && ansi.StringWidth(word[:i+1]) <= room {
			best = i + 1
		}
	}
	return best
}

// hardCut is the byte length of the longest head of word within w cells,
// at least one character.
func hardCut(word string, w int) int {
	cut := 0
	for i, r := range word {
		if i > 0 && ansi.StringWidth(word[:i+utf8.RuneLen(r)]) > w {
			break
		}
		cut = i + utf8.RuneLen(r)
	}
	return cut
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
