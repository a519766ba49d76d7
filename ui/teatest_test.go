package ui_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"saldo/theme"
	"saldo/ui"
	"saldo/ui/fakebackend"
	"saldo/ui/keypress"
)

// End-to-end paths through a real tea.Program (teatest). The byte stream
// only carries changed cells, so waits look for short words and the result
// is checked on the final model's view.

func newProgram(t *testing.T, fo fakebackend.Options) (*teatest.TestModel, *fakebackend.Backend) {
	t.Helper()
	fo.Passphrase, fo.Now, fo.Seed = "correct horse", func() time.Time { return testNow }, 1
	be := fakebackend.New(fo)
	m := ui.New(ui.Options{Backend: be, Lang: theme.German, Dark: true, FixedTheme: true, KeyGrace: -1,
		Now: func() time.Time { return testNow }, SaveDir: t.TempDir()})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	return tm, be
}

func waitOut(t *testing.T, tm *teatest.TestModel, want string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(want)) },
		teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

func press(tm *teatest.TestModel, names ...string) {
	for _, n := range names {
		tm.Send(keypress.Msg(n))
	}
}

func finalView(t *testing.T, tm *teatest.TestModel) string {
	t.Helper()
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second))
	m := fm.(*ui.Model)
	if err := m.Err(); err != nil {
		t.Fatalf("program ended with %v", err)
	}
	return ansi.Strip(m.View().Content)
}

func TestProgramLoginSyncQuit(t *testing.T) {
	tm, be := newProgram(t, fakebackend.Options{})
	waitOut(t, tm, "Passphrase")
	tm.Type("correct horse")
	press(tm, "enter")
	waitOut(t, tm, "memory")
	tm.Type("12345")
	press(tm, "enter")
	waitOut(t, tm, "just now")
	press(tm, "q")
	view := finalView(t, tm)
	golden.RequireEqual(t, view)
	if calls := be.Calls(); calls[len(calls)-1] != "Close" {
		t.Fatalf("state not saved on quit: %v", calls)
	}
}

func TestProgramTransfer(t *testing.T) {
	tm, be := newProgram(t, fakebackend.Options{})
	waitOut(t, tm, "Passphrase")
	tm.Type("correct horse")
	press(tm, "enter")
	waitOut(t, tm, "memory")
	tm.Type("12345")
	press(tm, "enter")
	waitOut(t, tm, "just now")
	press(tm, "t")
	waitOut(t, tm, "Recipient")
	tm.Type("Erika")
	press(tm, "tab", "tab", "tab")
	tm.Type("42")
	press(tm, "tab")
	tm.Type("Konzertkarten")
	press(tm, "tab", "tab", "enter")
	waitOut(t, tm, "Send this")
	press(tm, "y")
	waitOut(t, tm, "Payee")
	press(tm, "y")
	waitOut(t, tm, "TAN required")
	tm.Type("123456")
	press(tm, "enter")
	waitOut(t, tm, "accepted")
	press(tm, "q")
	// The status bar is left out: whether the sync the transfer triggers
	// finished before the quit is a race the test does not control.
	lines := strings.Split(finalView(t, tm), "\n")
	lines = append(lines[:len(lines)-2], lines[len(lines)-1])
	golden.RequireEqual(t, strings.Join(lines, "\n"))
	if !strings.Contains(strings.Join(be.Calls(), "\n"), "Transfer demo DE27100777770209299700 42") {
		t.Fatalf("calls %v", be.Calls())
	}
}

// With NO_COLOR the program must not emit a single colour sequence.
func TestProgramNoColor(t *testing.T) {
	be := fakebackend.New(fakebackend.Options{Passphrase: "correct horse", Now: func() time.Time { return testNow }})
	m := ui.New(ui.Options{Backend: be, NoColor: true, Dark: true, FixedTheme: true, KeyGrace: -1, Now: func() time.Time { return testNow }})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.TrueColor)))
	var out bytes.Buffer
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		out.Write(b)
		return bytes.Contains(b, []byte("Passphrase"))
	}, teatest.WithDuration(10*time.Second))
	tm.Type("correct horse")
	press(tm, "enter")
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		out.Write(b)
		return bytes.Contains(b, []byte("PIN"))
	}, teatest.WithDuration(10*time.Second))
	press(tm, "ctrl+c")
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	for _, seq := range []string{"\x1b[38;", "\x1b[48;", ";38;", ";48;"} {
		if bytes.Contains(out.Bytes(), []byte(seq)) {
			t.Fatalf("colour sequence %q in NO_COLOR output", seq)
		}
	}
}
