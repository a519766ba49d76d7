package demobank

import (
	"crypto/subtle"
	"slices"
	"time"

	"saldo/fints/secret"
)

// maxPINFailures locks a user after this many wrong PINs in a row.
const maxPINFailures = 3

// scaValidity is how long a strong authentication at login exempts the
// same system ID from another one (PSD2 allows 90 days).
const scaValidity = 90 * 24 * time.Hour

// statementSCAWindow: statements reaching further back than this need a TAN.
const statementSCAWindow = 90

// user is a login's protocol state.
type user struct {
	login    Login
	pin      secret.Value
	methods  []string // allowed security functions (3920)
	loginSCA bool     // first login of a system ID needs SCA
	failures int
	locked   bool
	// Last challenge issued, for the test hooks.
	lastTAN, lastRef string
}

// checkPIN compares in constant time.
func (u *user) checkPIN(pin secret.Value) bool {
	return subtle.ConstantTimeCompare([]byte(pin.Reveal()), []byte(u.pin.Reveal())) == 1
}

func (u *user) allows(function string) bool { return slices.Contains(u.methods, function) }

// systemID is a Kundensystem-ID handed out by HKSYN.
type systemID struct {
	id      string
	user    string
	created time.Time
	// scaAt is the last strong authentication at login with this ID; zero
	// means none yet, so the next login needs one.
	scaAt time.Time
}

// dialog is an open (or just ended) dialog.
type dialog struct {
	id         string
	anonymous  bool
	user       *user
	systemID   string // as sent by the client ("0" in a synchronisation dialog)
	function   string // security function fixed at init
	tanVersion int    // HKTAN version used at init: HITAN answers in that version
	lastMsg    int
	lastActive time.Time
	// ready is true once jobs may be sent: init done and, where required,
	// the login approved.
	ready bool
	// oneStep dialogs (999) only hand out BPD, the method list and a
	// system ID.
	oneStep bool
	// tabOnly dialogs were opened with HKTAN for HKTAB: they list TAN
	// media and nothing else.
	tabOnly bool
	// sync is true when the init carried HKSYN; newSystemID is the ID
	// handed out (after the login approval when one is needed).
	sync        bool
	newSystemID string
	clientUPD   int // UPD version the client holds (HKVVB #3)
	ended       bool
	task        *tanTask // open TAN task, at most one per dialog
	cursors     map[string]*cursor
}

// expired reports whether the dialog has been idle for too long.
func (d *dialog) expired(now time.Time, timeout time.Duration) bool {
	return now.Sub(d.lastActive) > timeout
}

// end closes the dialog and drops what hangs on it.
func (b *Bank) end(d *dialog) {
	d.ended = true
	d.cursors = nil
	if d.task != nil {
		delete(b.tasks, d.task.ref)
		d.task = nil
	}
}

// newDialog registers a dialog with a fresh ID.
func (b *Bank) newDialog(now time.Time) *dialog {
	d := &dialog{id: randomID(20), lastMsg: 1, lastActive: now, cursors: map[string]*cursor{}}
	b.dialogs[d.id] = d
	b.gc(now)
	return d
}

// gc forgets dialogs that ended or timed out long ago, so a long-running
// demo bank does not grow without bound.
func (b *Bank) gc(now time.Time) {
	for id, d := range b.dialogs {
		if now.Sub(d.lastActive) > 2*b.dialogTimeout+time.Hour {
			b.end(d)
			delete(b.dialogs, id)
		}
	}
	for ref, t := range b.tasks {
		if now.After(t.expires.Add(time.Hour)) {
			delete(b.tasks, ref)
		}
	}
}
