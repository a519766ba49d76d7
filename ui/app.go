// Package ui is saldo's terminal app: a Bubble Tea v2 program made of
// screens (unlock, accounts, statement, transfer, bank picker …) and modals
// (PIN, TAN, payee check, confirmations) over a Backend.
package ui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"saldo/fints/challenge"
	"saldo/theme"
	"saldo/ui/flicker"
)

// Options configure the app.
type Options struct {
	Backend      Backend
	Lang         theme.Lang
	HighContrast bool
	NoColor      bool // NO_COLOR: no colours at all
	// Dark is the background guess used until the terminal reports its
	// colour; FixedTheme ignores the report (tests, screenshots).
	Dark       bool
	FixedTheme bool
	Demo       bool // show the DEMO badge
	// Unlocked starts at the accounts screen: the backend's vault is open
	// already (the demo's throw-away vault).
	Unlocked bool
	Now      func() time.Time // clock; time.Now when nil
	SaveDir  string           // where photoTAN images are saved; "." when empty
	// KeyGrace is how long a prompt that opened on its own swallows keys,
	// so keys meant for the screen below do not answer it: 0 means the
	// default (400 ms), a negative value turns it off.
	KeyGrace time.Duration
	// FlickerFrames turns a chipTAN challenge into animation frames.
	FlickerFrames func(*challenge.Flicker) ([]flicker.Frame, error)
}

// Model is the root of the program: router, modal stack, global keys and
// layout.
type Model struct {
	c        *Context
	opts     Options
	stack    []Screen
	modals   []Modal
	width    int
	height   int
	spinning bool
	spin     int
	quitting bool
	unlocked bool
	err      error

	helpSig, helpBarText string // the last help bar and what it was made of
}

const defaultGrace = 400 * time.Millisecond

// New builds the app; it starts at the unlock screen.
func New(o Options) *Model {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.SaveDir == "" {
		o.SaveDir = "."
	}
	grace := o.KeyGrace
	switch {
	case grace == 0:
		grace = defaultGrace
	case grace < 0:
		grace = 0
	}
	base, cancel := context.WithCancel(context.Background())
	c := &Context{
		Backend: o.Backend, Locale: theme.Locale{Lang: o.Lang}, Now: o.Now, Demo: o.Demo,
		SaveDir: o.SaveDir, Grace: grace, FlickerFrames: o.FlickerFrames, ImageColor: !o.NoColor,
		base: base, cancel: cancel, bridge: newBridge(),
	}
	if c.FlickerFrames == nil {
		c.FlickerFrames = defaultFlickerFrames
	}
	m := &Model{c: c, opts: o, width: 80, height: 24}
	m.setTheme(o.Dark)
	if o.Unlocked {
		m.unlocked = true
		m.stack = []Screen{newAccountsScreen(c)}
	} else {
		m.stack = []Screen{newUnlockScreen(c, m.onUnlocked)}
	}
	m.resize(m.width, m.height)
	return m
}

// Err is the problem that ended the program, if any (for example saving
// the state on quit failed); the caller prints it after the terminal is
// restored.
func (m *Model) Err() error { return m.err }

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.c.bridge.next(), m.top().Init()}
	if m.opts.Unlocked {
		cmds = append(cmds, m.startSession())
	}
	if !m.opts.FixedTheme {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	return tea.Batch(cmds...)
}

func (m *Model) top() Screen { return m.stack[len(m.stack)-1] }

func (m *Model) topModal() Modal {
	if len(m.modals) == 0 {
		return nil
	}
	return m.modals[len(m.modals)-1]
}

func (m *Model) setTheme(dark bool) {
	m.c.Theme = theme.New(theme.Options{Dark: dark, HighContrast: m.opts.HighContrast, NoColor: m.opts.NoColor})
}

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmds []tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
	case tea.BackgroundColorMsg:
		if !m.opts.FixedTheme {
			m.setTheme(msg.IsDark())
			cmds = append(cmds, m.broadcast(themeChangedMsg{}))
		}
	case tea.ColorProfileMsg:
		m.c.ImageColor = !m.opts.NoColor && msg.Profile >= colorprofile.ANSI256
	case bridgeMsg:
		cmds = append(cmds, m.handleBridge(msg.inner), m.c.bridge.next())
	case jobDoneMsg:
		cmds = append(cmds, m.jobDone(msg))
	case dataChangedMsg:
		cmds = append(cmds, m.broadcast(msg))
	case spinTickMsg:
		cmds = append(cmds, m.spinTick())
	case flashExpiredMsg:
		if msg.seq == m.c.flash.seq {
			m.c.flash.text = ""
		}
	case quitDoneMsg:
		m.c.jobs.cancelAll()
		m.c.cancel()
		m.err = msg.err
		return m, tea.Quit
	case tea.KeyPressMsg:
		cmds = append(cmds, m.handleKey(msg))
	default:
		cmds = append(cmds, m.route(msg))
	}
	m.dropClosedModals() // job results may have closed a modal
	cmds = append(cmds, m.applyNav(), m.ensureSpinner())
	return m, tea.Batch(cmds...)
}

// route hands a message that is not a key to the open modals and the
// active screen (timers, blinking, animation ticks).
func (m *Model) route(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for _, md := range m.modals {
		cmds = append(cmds, md.Update(msg))
	}
	cmds = append(cmds, m.top().Update(msg))
	m.dropClosedModals()
	return tea.Batch(cmds...)
}

// broadcast hands msg to every screen and modal.
func (m *Model) broadcast(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for _, s := range m.stack {
		cmds = append(cmds, s.Update(msg))
	}
	for _, md := range m.modals {
		cmds = append(cmds, md.Update(msg))
	}
	m.dropClosedModals()
	return tea.Batch(cmds...)
}

func (m *Model) handleKey(k tea.KeyPressMsg) tea.Cmd {
	if k.String() == "ctrl+c" {
		return m.requestQuit()
	}
	if m.quitting {
		return nil
	}
	if md := m.topModal(); md != nil {
		if _, isHelp := md.(*helpModal); !isHelp && (k.String() == "f1" || (!md.Typing() && k.String() == "?")) {
			// Help for the dialog itself; the dialog stays open below it.
			m.c.Open(newHelpModal(m.c, md, modalGlobalKeys(md)))
			return nil
		}
		cmd := md.Update(k)
		m.dropClosedModals()
		return cmd
	}
	typing := m.top().Typing()
	switch {
	case k.String() == "f1" || (!typing && k.String() == "?"):
		m.c.Open(newHelpModal(m.c, m.top(), m.globalKeys()))
		return nil
	case !typing && k.String() == "q":
		return m.requestQuit()
	}
	return m.top().Update(k)
}

// dropClosedModals removes modals that finished, in the same Update in
// which they finished.
func (m *Model) dropClosedModals() {
	kept := m.modals[:0]
	for _, md := range m.modals {
		if !md.Closed() {
			kept = append(kept, md)
		}
	}
	clear(m.modals[len(kept):])
	m.modals = kept
}

// applyNav applies navigation queued by screens and modals.
func (m *Model) applyNav() tea.Cmd {
	var cmds []tea.Cmd
	for len(m.c.nav) > 0 {
		op := m.c.nav[0]
		m.c.nav = m.c.nav[1:]
		switch op.kind {
		case navPush:
			m.stack = append(m.stack, op.screen)
		case navReplace:
			m.stack[len(m.stack)-1] = op.screen
		case navPop:
			if len(m.stack) > 1 {
				m.stack = m.stack[:len(m.stack)-1]
			}
		case navHome:
			m.stack = m.stack[:1]
		case navOpen:
			m.modals = append(m.modals, op.modal)
			m.sizeModal(op.modal)
			cmds = append(cmds, op.modal.Init())
			continue
		}
		if op.screen != nil {
			m.sizeScreen(op.screen)
			cmds = append(cmds, op.screen.Init())
		}
	}
	return tea.Batch(cmds...)
}

func (m *Model) resize(w, h int) {
	m.width, m.height = max(w, 20), max(h, 8)
	for _, s := range m.stack {
		m.sizeScreen(s)
	}
	for _, md := range m.modals {
		m.sizeModal(md)
	}
}

// Layout: header, body, status bar, help bar.
const chromeLines = 3

func (m *Model) bodySize() (int, int) { return m.width, m.height - chromeLines }

func (m *Model) sizeScreen(s Screen) { s.SetSize(m.bodySize()) }

// sizeModal gives a modal the body area minus its frame (border and
// padding: 4 columns, 2 rows) and a margin of one cell around it.
func (m *Model) sizeModal(md Modal) { md.SetSize(m.modalSize()) }

func (m *Model) modalSize() (int, int) {
	w, h := m.bodySize()
	return max(w-6, 10), max(h-2, 3)
}

// onUnlocked runs after the vault opened: show the cached state of every
// login at once, then sync them in the background and look for TANs that
// were pending when saldo last quit.
func (m *Model) onUnlocked() tea.Cmd {
	m.unlocked = true
	m.c.Replace(newAccountsScreen(m.c))
	return m.startSession()
}

// startSession reads the cached logins, offers paused TANs and starts the
// background syncs.
func (m *Model) startSession() tea.Cmd {
	return startJob(m.c, jobSpec{Label: "Opening the cache", Kind: jobQuiet},
		func(ctx context.Context, _ Job) ([]Login, error) { return m.c.Backend.Logins(ctx) },
		func(ls []Login, err error) tea.Cmd {
			if err != nil {
				return m.c.Flash("Reading the cache failed: "+err.Error(), theme.Error)
			}
			m.c.logins = ls
			// Offer paused TANs before syncing, so the resume question is
			// not buried under PIN prompts of the background syncs.
			return tea.Batch(m.broadcast(dataChangedMsg{}), checkPendingTANs(m.c, func() tea.Cmd {
				var cmds []tea.Cmd
				for _, l := range m.c.logins {
					if m.c.resuming(l.ID) {
						// One operation at a time per login: two TAN
						// prompts for the same bank at once confuse. The
						// resumed operation syncs when it ends.
						continue
					}
					cmds = append(cmds, syncLogin(m.c, l))
				}
				return tea.Batch(cmds...)
			}))
		})
}
