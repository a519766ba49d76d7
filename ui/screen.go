package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Screen is one page of the app. Screens are pointers: Update changes the
// screen in place and returns only a command, so the root never needs a
// type assertion to get a child back.
type Screen interface {
	Init() tea.Cmd
	Update(msg tea.Msg) tea.Cmd
	// View renders the body area, sized by the last SetSize.
	View() string
	SetSize(width, height int)
	// Title is shown in the header breadcrumb.
	Title() string
	// Keys are the bindings shown in the help bar, most important first.
	Keys() []key.Binding
	// Typing reports whether a text field has the focus; global one-letter
	// keys (q, ?) are then passed on as input.
	Typing() bool
}

// Modal is an overlay that takes all keys while it is open. The root pops
// it in the same Update in which Closed turns true, so no keypress can slip
// through to the screen below.
type Modal interface {
	Screen
	Closed() bool
	// Job is the job whose prompt this modal answers (0 = none); when the
	// job ends, its modals close.
	Job() jobID
	// Dismiss closes the modal because saldo quits; a modal answering a
	// prompt answers it with ErrQuitting.
	Dismiss()
}

// navOp is a navigation request queued by a screen through the Context and
// applied by the root right after the screen's Update returns.
type navOp struct {
	kind   navKind
	screen Screen
	modal  Modal
}

type navKind int

const (
	navPush navKind = iota
	navPop
	navReplace
	navHome // pop to the first screen
	navOpen // open a modal
)

// dataChangedMsg is broadcast to every screen when cached data changed
// (after a sync, a transfer, an older-history fetch). login "" = all.
type dataChangedMsg struct{ login string }

// themeChangedMsg is broadcast when the theme was rebuilt (background
// colour reported by the terminal), so screens can restyle their inputs.
type themeChangedMsg struct{}
