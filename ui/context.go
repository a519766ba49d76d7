package ui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"saldo/fints/challenge"
	"saldo/theme"
	"saldo/ui/flicker"
)

// Context is the state every screen shares, passed by pointer: backend,
// theme, formats, clock, running jobs and navigation. It is touched only on
// the UI goroutine.
type Context struct {
	Backend Backend
	Theme   *theme.Theme
	Locale  theme.Locale
	Now     func() time.Time
	Demo    bool
	SaveDir string
	Grace   time.Duration
	// FlickerFrames turns a chipTAN challenge into animation frames.
	FlickerFrames func(*challenge.Flicker) ([]flicker.Frame, error)
	// ImageColor is false when the terminal cannot show colours, so images
	// are drawn with block characters instead.
	ImageColor bool

	logins []Login

	base   context.Context
	cancel context.CancelFunc
	bridge *bridge
	jobs   jobs
	nav    []navOp
	flash  flash
	seq    int
}

// nextSeq returns a number unique in this program, for timer generations.
func (c *Context) nextSeq() int {
	c.seq++
	return c.seq
}

type flash struct {
	text  string
	role  theme.Role
	seq   int
	until time.Time
}

type flashExpiredMsg struct{ seq int }

// Push opens s on top of the current screen.
func (c *Context) Push(s Screen) { c.nav = append(c.nav, navOp{kind: navPush, screen: s}) }

// Replace swaps the current screen for s.
func (c *Context) Replace(s Screen) { c.nav = append(c.nav, navOp{kind: navReplace, screen: s}) }

// Pop goes back one screen (never below the first).
func (c *Context) Pop() { c.nav = append(c.nav, navOp{kind: navPop}) }

// Home goes back to the first screen.
func (c *Context) Home() { c.nav = append(c.nav, navOp{kind: navHome}) }

// Open shows a modal.
func (c *Context) Open(m Modal) { c.nav = append(c.nav, navOp{kind: navOpen, modal: m}) }

// Flash shows a short message in the status bar for a few seconds.
func (c *Context) Flash(text string, role theme.Role) tea.Cmd {
	c.flash.seq++
	seq := c.flash.seq
	c.flash.text, c.flash.role = text, role
	c.flash.until = c.Now().Add(flashTime)
	return tea.Tick(flashTime, func(time.Time) tea.Msg { return flashExpiredMsg{seq} })
}

const flashTime = 6 * time.Second

// Logins is the last snapshot of the vault cache.
func (c *Context) Logins() []Login { return c.logins }

// Login finds a login of the snapshot by ID.
func (c *Context) Login(id string) (Login, bool) {
	for _, l := range c.logins {
		if l.ID == id {
			return l, true
		}
	}
	return Login{}, false
}

// resuming reports whether a paused operation of login is being finished.
func (c *Context) resuming(login string) bool {
	for _, j := range c.jobs.running {
		if j.Resume && j.Login == login {
			return true
		}
	}
	return false
}

// Running reports whether a job of kind k for login is running.
func (c *Context) Running(k jobKind, login string) bool {
	for _, j := range c.jobs.running {
		if j.Kind == k && (login == "" || j.Login == login) {
			return true
		}
	}
	return false
}
