package ui_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"saldo/theme"
	"saldo/ui"
	"saldo/ui/fakebackend"
	"saldo/ui/keypress"
)

// testNow is the fixed clock of all screen tests: deterministic relative
// times ("5 min ago") and dates in golden files.
var testNow = time.Date(2025, time.March, 14, 10, 30, 0, 0, time.UTC)

// harness drives the root model like a tea.Program would, but from the
// test goroutine: commands run in goroutines, their messages are fed back
// into Update by settle/waitFor. Timer messages (spinner, flicker, clocks)
// are dropped so that renders are deterministic.
type harness struct {
	t    testing.TB
	m    *ui.Model
	be   *fakebackend.Backend
	msgs chan tea.Msg
	now  time.Time
	mu   sync.Mutex
	quit bool
	uo   ui.Options
	w, h int
}

type harnessOpt func(*ui.Options, *fakebackend.Options)

func withFake(f func(*fakebackend.Options)) harnessOpt {
	return func(_ *ui.Options, o *fakebackend.Options) { f(o) }
}

func withUI(f func(*ui.Options)) harnessOpt {
	return func(o *ui.Options, _ *fakebackend.Options) { f(o) }
}

func newHarness(t testing.TB, w, h int, opts ...harnessOpt) *harness {
	hs := &harness{t: t, msgs: make(chan tea.Msg, 256), now: testNow, w: w, h: h}
	fo := fakebackend.Options{Passphrase: "correct horse", Now: hs.clock, Seed: 1}
	uo := ui.Options{Lang: theme.German, Dark: true, FixedTheme: true, Now: hs.clock, KeyGrace: -1, SaveDir: t.TempDir()}
	for _, o := range opts {
		o(&uo, &fo)
	}
	hs.be = fakebackend.New(fo)
	uo.Backend = hs.be
	hs.uo = uo
	hs.m = ui.New(uo)
	hs.exec(hs.m.Init())
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	hs.settle()
	return hs
}

// restart quits nothing but builds a fresh app over the same backend after
// simulating a process restart: the vault stays, the session goes.
func (h *harness) restart(w, ht int) {
	h.t.Helper()
	h.be.Restart()
	h.msgs = make(chan tea.Msg, 256)
	h.quit = false
	h.m = ui.New(h.uo)
	h.exec(h.m.Init())
	h.send(tea.WindowSizeMsg{Width: w, Height: ht})
	h.settle()
}

func (h *harness) clock() time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.now
}

func (h *harness) advance(d time.Duration) {
	h.mu.Lock()
	h.now = h.now.Add(d)
	h.mu.Unlock()
}

// exec runs a command the way the program does: in its own goroutine.
func (h *harness) exec(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() { h.msgs <- cmd() }()
}

// dropped reports timer messages that would make renders depend on timing.
func dropped(msg tea.Msg) bool {
	name := fmt.Sprintf("%T", msg)
	return strings.HasSuffix(name, "TickMsg") || strings.HasSuffix(name, "flashExpiredMsg")
}

func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	switch msg := msg.(type) {
	case nil:
		return
	case tea.BatchMsg:
		for _, c := range msg {
			h.exec(c)
		}
		return
	case tea.QuitMsg:
		h.quit = true
		return
	}
	// tea.Sequence produces an unexported slice of commands
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
		for i := 0; i < v.Len(); i++ {
			h.exec(v.Index(i).Interface().(tea.Cmd))
		}
		return
	}
	_, cmd := h.m.Update(msg)
	h.exec(cmd)
}

// settle feeds messages until none arrives for a short while.
func (h *harness) settle() {
	h.t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case msg := <-h.msgs:
			if !dropped(msg) {
				h.send(msg)
			}
		case <-time.After(60 * time.Millisecond):
			return
		case <-deadline:
			h.t.Fatalf("UI did not settle; screen:\n%s", h.view())
		}
	}
}

// waitFor feeds messages until the screen contains want.
func (h *harness) waitFor(want string) {
	h.t.Helper()
	deadline := time.After(30 * time.Second)
	for !strings.Contains(h.view(), want) {
		select {
		case msg := <-h.msgs:
			if !dropped(msg) {
				h.send(msg)
			}
		case <-deadline:
			h.t.Fatalf("timed out waiting for %q; screen:\n%s", want, h.view())
		}
	}
	h.settle()
}

// waitCall feeds messages until the fake backend got a call starting with
// prefix, looking at the calls from index from on.
func (h *harness) waitCall(from int, prefix string) {
	h.t.Helper()
	deadline := time.After(30 * time.Second)
	for !slices.ContainsFunc(h.be.Calls()[from:], func(c string) bool { return strings.HasPrefix(c, prefix) }) {
		select {
		case msg := <-h.msgs:
			if !dropped(msg) {
				h.send(msg)
			}
		case <-time.After(10 * time.Millisecond):
		case <-deadline:
			h.t.Fatalf("timed out waiting for the call %q; calls: %v", prefix, h.be.Calls())
		}
	}
}

// key presses named keys ("enter", "ctrl+c", "j") and settles after each.
func (h *harness) key(names ...string) {
	h.t.Helper()
	for _, n := range names {
		h.send(keypress.Msg(n))
		h.settle()
	}
}

// typ types text, one key per rune, settling once at the end.
func (h *harness) typ(s string) {
	h.t.Helper()
	for _, r := range s {
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	h.settle()
}

// view is the screen as plain text.
func (h *harness) view() string { return ansi.Strip(h.m.View().Content) }

// mustSee fails unless the screen shows every string.
func (h *harness) mustSee(wants ...string) {
	h.t.Helper()
	v := h.view()
	for _, w := range wants {
		if !strings.Contains(v, w) {
			h.t.Fatalf("screen lacks %q:\n%s", w, v)
		}
	}
}

func (h *harness) mustNotSee(wants ...string) {
	h.t.Helper()
	v := h.view()
	for _, w := range wants {
		if strings.Contains(v, w) {
			h.t.Fatalf("screen shows %q:\n%s", w, v)
		}
	}
}

// unlock types the test passphrase and waits for the accounts screen.
func (h *harness) unlock() {
	h.t.Helper()
	h.typ("correct horse")
	h.key("enter")
	h.waitFor("Girokonto")
}

// login answers the PIN prompt of the first sync.
func (h *harness) pin() {
	h.t.Helper()
	h.waitFor("PIN for")
	h.typ("12345")
	h.key("enter")
	h.settle()
}
