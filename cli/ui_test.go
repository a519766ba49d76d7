package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"saldo/app"
	"saldo/ui"
)

// TestUIDemo runs `saldo --demo` as a real program: it opens at the
// accounts screen without a passphrase or PIN prompt, syncs with the
// in-process demo bank (its app approval of the login comes by itself),
// and quitting closes the backend and removes the throw-away vault.
func TestUIDemo(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "saldo.log")
	f := uiFlags{demo: true, lang: "de", logFile: logPath}
	env := &Env{Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}, Getenv: func(string) string { return "" }}
	a, err := f.start(context.Background(), env)
	if err != nil {
		t.Fatal(err)
	}
	vaultDir := filepath.Dir(a.demo.VaultPath)
	tm := teatest.NewTestModel(t, a.model, teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("just now")) },
		teatest.WithDuration(20*time.Second), teatest.WithCheckInterval(50*time.Millisecond))
	tm.Type("q")
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(20*time.Second)).(*ui.Model)
	if err := fm.Err(); err != nil {
		t.Fatalf("the app ended with %v", err)
	}
	view := ansi.Strip(fm.View().Content)
	for _, want := range []string{"Girokonto", "Tagesgeld", "DEMO"} {
		if !strings.Contains(view, want) {
			t.Errorf("accounts screen lacks %q:\n%s", want, view)
		}
	}
	if strings.Contains(view, "assphrase") {
		t.Error("the demo asked for a passphrase")
	}
	if _, err := a.backend.Logins(context.Background()); !errors.Is(err, app.ErrClosed) {
		t.Errorf("backend still open after quit: %v", err)
	}
	a.close(context.Background())
	if _, err := os.Stat(vaultDir); !os.IsNotExist(err) {
		t.Errorf("the throw-away vault %s is left behind", vaultDir)
	}
	if log, _ := os.ReadFile(logPath); !bytes.Contains(log, []byte("sync done")) {
		t.Errorf("log lacks the sync: %s", log)
	}
}

func TestUIUsage(t *testing.T) {
	for _, args := range [][]string{{"ui", "--lang", "fr"}, {"ui", "extra"}} {
		_, errs, code := runCmd(t, strings.NewReader(""), args...)
		if code != 2 {
			t.Errorf("%v: exit %d (%s), want 2", args, code, errs)
		}
	}
}
