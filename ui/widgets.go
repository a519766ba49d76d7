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
	var line strings.Builder
	lw := 0 // width of line
	flush := func() { lines = append(lines, line.String()); line.Reset(); lw = 0 }
	add := func(gap, text string, tw int) { line.WriteString(gap); line.WriteString(text); lw += len(gap) + tw }
	for s != "" {
		// next token: the spaces before a word, and the word
		word := strings.TrimLeft(s, " ")
		gap := s[:len(s)-len(word)]
		if i := strings.IndexByte(word, ' '); i >= 0 {
			word = word[:i]
		}
		s = s[len(gap)+len(word):]
		if line.Len() == 0 {
			gap = ""
		}
		ww := ansi.StringWidth(word)
		switch {
		case word == "":
			continue
		case lw+len(gap)+ww <= w:
			add(gap, word, ww)
			continue
		case ww <= w && line.Len() > 0:
			// a word that fits a line of its own stays whole
			flush()
			add("", word, ww)
			continue
		}
		// A word longer than a line: split it, after "-" or "/" where
		// possible. Each piece is measured once, so this stays linear.
		for word != "" {
			if line.Len() == 0 {
				gap = ""
			}
			room := w - lw - len(gap)
			if ww <= room {
				add(gap, word, ww)
				break
			}
			cut, cw := splitWord(word, room, true)
			if cut == 0 && line.Len() > 0 {
				flush()
				continue
			}
			if cut == 0 {
				cut, cw = splitWord(word, w, false)
			}
			add(gap, word[:cut], cw)
			flush()
			word, ww = word[cut:], ww-cw
		}
	}
	if line.Len() > 0 || len(lines) == 0 {
		flush()
	}
	return lines
}

// splitWord returns the byte length and width of the longest head of word
// within room cells: one that ends in "-" or "/" when atBreak is set (0 if
// there is none), else any, but at least one character. It cuts between
// grapheme clusters, so the widths of head and rest add up.
func splitWord(word string, room int, atBreak bool) (int, int) {
	cut, cw, width := 0, 0, 0
	for i := 0; i < len(word); {
		g, gw := ansi.FirstGraphemeCluster(word[i:], ansi.GraphemeWidth)
		if width+gw > room && (atBreak || i > 0) {
			break
		}
		width += gw
		i += len(g)
		if !atBreak || (g == "-" || g == "/") && i < len(word) {
			cut, cw = i, width
		}
	}
	return cut, cw
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
