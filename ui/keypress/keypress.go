// Package keypress turns key names as Bubble Tea prints them ("enter",
// "ctrl+s", "shift+tab", "x") back into key-press messages, so that the UI
// tests and the screenshot generator drive the app with the same keys.
package keypress

import (
	"strings"

	tea "charm.land/bubbletea/v2"
)

var special = map[string]rune{"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab, "up": tea.KeyUp, "down": tea.KeyDown,
	"left": tea.KeyLeft, "right": tea.KeyRight, "pgdown": tea.KeyPgDown, "pgup": tea.KeyPgUp, "home": tea.KeyHome,
	"end": tea.KeyEnd, "backspace": tea.KeyBackspace, "space": tea.KeySpace, "f1": tea.KeyF1}

// Msg returns the key press named n: a special key, a single character,
// either with "ctrl+" and/or "shift+" in front. An empty name gives the
// zero message.
func Msg(n string) tea.KeyPressMsg {
	var mod tea.KeyMod
	if rest, ok := strings.CutPrefix(n, "ctrl+"); ok {
		mod, n = tea.ModCtrl, rest
	}
	if rest, ok := strings.CutPrefix(n, "shift+"); ok {
		mod, n = mod|tea.ModShift, rest
	}
	if code, ok := special[n]; ok {
		k := tea.KeyPressMsg{Code: code, Mod: mod}
		if code == tea.KeySpace {
			k.Text = " "
		}
		return k
	}
	if n == "" {
		return tea.KeyPressMsg{}
	}
	r := []rune(n)[0]
	if mod != 0 {
		return tea.KeyPressMsg{Code: r, Mod: mod}
	}
	return tea.KeyPressMsg{Code: r, Text: n}
}
