package keypress

import "testing"

// TestMsgRoundTrip: every name comes back as the same name from the
// message's String, which is what the screens match keys against.
func TestMsgRoundTrip(t *testing.T) {
	for _, n := range []string{"enter", "esc", "tab", "shift+tab", "up", "down", "left", "right", "pgdown", "pgup",
		"home", "end", "backspace", "space", "f1", "ctrl+s", "ctrl+c", "x", "?", "+", "ü", "G"} {
		if got := Msg(n).String(); got != n {
			t.Errorf("Msg(%q).String() = %q", n, got)
		}
	}
	if got := Msg(""); got.Code != 0 || got.Text != "" {
		t.Errorf("Msg(\"\") = %+v, want the zero message", got)
	}
}
