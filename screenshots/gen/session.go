package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"saldo/app"
	"saldo/fints/demobank"
	"saldo/theme"
	"saldo/ui"
	"saldo/ui/keypress"
)

// The fixed world of every screenshot: the demo bank's clock, its history
// seed and the source of its TANs.
var (
	berlin    = mustLocation("Europe/Berlin")
	startTime = time.Date(2026, time.November, 23, 10, 0, 0, 0, berlin)
)

const (
	historySeed = 1
	tanSeed     = "saldo screenshots"
	// quiet is how long no message may arrive before the screen counts as
	// settled. Work in flight is also awaited by text (waitFor), so this
	// only has to cover the gap between one message and the next.
	quiet = 150 * time.Millisecond
	// patience bounds every wait, for machines under heavy load.
	patience = 60 * time.Second
)

func mustLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(fmt.Sprintf("time zone %s: %v (the generator imports time/tzdata)", name, err))
	}
	return loc
}

// session is saldo's real UI over the real backend and an in-process demo
// bank, driven the way a tea.Program would, but from one goroutine:
// commands run in goroutines, their messages are fed back into Update by
// settle and waitFor. Timer messages (spinner, cursor blink, flicker,
// countdowns, flash expiry) are dropped, so every frame is frozen at the
// same point regardless of how fast the machine is.
type session struct {
	m     *ui.Model
	demo  *app.Demo
	clock *demobank.FakeClock
	msgs  chan tea.Msg
	done  chan struct{}
	w, h  int
	quit  bool // the app asked to end the program
	// let holds how many more timer messages of a type (by name) may pass,
	// to stop an animation at a chosen frame instead of the first.
	let map[string]int
	err error // the first failure; later steps do nothing
}

func newSession(ctx context.Context, w, h int) (*session, error) {
	clock := demobank.NewFakeClock(startTime)
	var seed [32]byte
	copy(seed[:], tanSeed)
	d, err := app.StartDemo(ctx, app.DemoOptions{
		Bank: demobank.Options{Now: clock.Now, Seed: historySeed, ChallengeRandom: rand.NewChaCha8(seed)},
		PIN:  demobank.DemoPIN,
		Now:  clock.Now,
	})
	if err != nil {
		return nil, fmt.Errorf("starting the demo: %w", err)
	}
	saveDir, err := os.MkdirTemp("", "saldo-shots-*")
	if err != nil {
		d.Close(ctx)
		return nil, fmt.Errorf("creating a directory for photoTAN images: %w", err)
	}
	s := &session{demo: d, clock: clock, msgs: make(chan tea.Msg, 1024), done: make(chan struct{}), w: w, h: h}
	s.m = ui.New(ui.Options{
		Backend: d.Backend, Lang: theme.German, Dark: true, FixedTheme: true, Demo: true, Unlocked: true,
		Now: clock.Now, KeyGrace: -1, SaveDir: saveDir,
	})
	go func() { <-s.done; os.RemoveAll(saveDir) }()
	s.exec(s.m.Init())
	s.send(tea.WindowSizeMsg{Width: w, Height: h})
	s.send(tea.ColorProfileMsg{Profile: colorprofile.TrueColor})
	s.settle()
	return s, nil
}

// close quits the app as a person would (open prompts are answered, the
// backend closes its dialogs), then stops the demo bank. Commands still
// running give up their messages.
func (s *session) close() {
	s.err = nil
	s.send(keypress.Msg("ctrl+c"))
	deadline := time.Now().Add(20 * time.Second)
	for !s.quit && time.Now().Before(deadline) {
		if !s.pump(quiet) && strings.Contains(s.plain(), "Quit while") {
			s.send(keypress.Msg("y")) // a transfer was in flight
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	close(s.done)
	s.demo.Close(ctx)
}

// exec runs a command the way the program does: in its own goroutine.
func (s *session) exec(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() { s.post(cmd()) }()
}

func (s *session) post(msg tea.Msg) {
	if msg == nil {
		return
	}
	select {
	case s.msgs <- msg:
	case <-s.done:
	}
}

// frozen reports timer messages: dropping them freezes animations.
func frozen(msg tea.Msg) bool {
	name := fmt.Sprintf("%T", msg)
	return strings.HasSuffix(name, "TickMsg") || strings.HasSuffix(name, "flashExpiredMsg") || strings.Contains(name, "BlinkMsg")
}

func (s *session) letPass(msg tea.Msg) bool {
	name := reflect.TypeOf(msg).Name()
	if s.let[name] <= 0 {
		return false
	}
	s.let[name]--
	return true
}

// animate lets the next n timer messages named name through (the
// animation advances n frames and then stops, as each tick schedules the
// next) and waits until they have passed.
func (s *session) animate(name string, n int) {
	if s.err != nil {
		return
	}
	if s.let == nil {
		s.let = map[string]int{}
	}
	s.let[name] = n
}

// animated waits until the frames allowed by animate have passed.
func (s *session) animated(name string) {
	deadline := time.Now().Add(patience)
	for s.err == nil && s.let[name] > 0 {
		if time.Now().After(deadline) {
			s.fail(fmt.Sprintf("%s: %d frames did not come", name, s.let[name]))
			return
		}
		s.pump(quiet)
	}
	s.settle()
}

// send hands one message to the model (or unpacks batches and sequences).
func (s *session) send(msg tea.Msg) {
	switch msg := msg.(type) {
	case nil:
		return
	case tea.BatchMsg:
		for _, c := range msg {
			s.exec(c)
		}
		return
	case tea.QuitMsg:
		s.quit = true
		return
	}
	// tea.Sequence's message is an unexported slice of commands: run them
	// in order in one goroutine.
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
		cmds := make([]tea.Cmd, v.Len())
		for i := range cmds {
			cmds[i] = v.Index(i).Interface().(tea.Cmd)
		}
		go func() {
			for _, c := range cmds {
				if c != nil {
					s.post(c())
				}
			}
		}()
		return
	}
	_, cmd := s.m.Update(msg)
	s.exec(cmd)
}

// pump feeds one message, waiting at most d; false when none came.
func (s *session) pump(d time.Duration) bool {
	select {
	case msg := <-s.msgs:
		if !frozen(msg) || s.letPass(msg) {
			s.send(msg)
		}
		return true
	case <-time.After(d):
		return false
	}
}

// settle feeds messages until none arrives for the quiet period.
func (s *session) settle() {
	if s.err != nil {
		return
	}
	deadline := time.Now().Add(patience)
	for s.pump(quiet) {
		if time.Now().After(deadline) {
			s.fail("the UI did not settle")
			return
		}
	}
}

// waitFor feeds messages until the screen shows want, then settles.
func (s *session) waitFor(want string) {
	if s.err != nil {
		return
	}
	deadline := time.Now().Add(patience)
	for !strings.Contains(s.plain(), want) {
		if time.Now().After(deadline) {
			s.fail(fmt.Sprintf("timed out waiting for %q", want))
			return
		}
		s.pump(quiet)
	}
	s.settle()
}

// mustSee fails unless the settled screen shows every string.
func (s *session) mustSee(wants ...string) {
	if s.err != nil {
		return
	}
	for _, w := range wants {
		if !strings.Contains(s.plain(), w) {
			s.fail(fmt.Sprintf("the screen lacks %q", w))
			return
		}
	}
}

func (s *session) fail(what string) {
	if s.err == nil {
		s.err = fmt.Errorf("%s; the screen:\n%s", what, s.plain())
	}
}

// key presses named keys ("enter", "tab", "ctrl+c", "j"), settling after each.
func (s *session) key(names ...string) {
	for _, n := range names {
		if s.err != nil {
			return
		}
		s.send(keypress.Msg(n))
		s.settle()
	}
}

// typ types text one key per rune and settles once.
func (s *session) typ(text string) {
	if s.err != nil {
		return
	}
	for _, r := range text {
		s.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	s.settle()
}

// frame is the current view with its styles.
func (s *session) frame() string { return s.m.View().Content }

// plain is the current view as text.
func (s *session) plain() string { return ansi.Strip(s.frame()) }

// stable returns the frame once two renders with a settle between them
// agree, so a late message cannot change the picture after it was taken.
func (s *session) stable() (string, error) {
	if s.err != nil {
		return "", s.err
	}
	prev := s.frame()
	for range 20 {
		s.settle()
		cur := s.frame()
		if cur == prev {
			return cur, s.err
		}
		prev = cur
	}
	return "", fmt.Errorf("the screen keeps changing:\n%s", ansi.Strip(prev))
}
