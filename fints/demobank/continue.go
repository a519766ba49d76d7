package demobank

import (
	"errors"
	"strconv"
	"time"

	"saldo/fints/wire"
)

// continueDialog answers a message of an open dialog after the checks of
// §11.4. A failed check aborts with 9800 and ends the dialog.
func (b *Bank) continueDialog(req *wire.Request, now time.Time) (*answer, error) {
	d := b.dialogs[req.Head.DialogID]
	if d == nil {
		return nil, abortWith(rc("9010", "Dialog unbekannt."))
	}
	if d.ended {
		return nil, abortWith(rc("9010", "Dialog bereits beendet."))
	}
	if err := b.checkContinued(d, req, now); err != nil {
		var ab *abortError
		if errors.As(err, &ab) {
			b.end(d)
		}
		return nil, err
	}
	d.lastMsg, d.lastActive = req.Head.Number, now
	a := &answer{head: wire.Head{DialogID: d.id, Number: req.Head.Number, RefDialogID: d.id, RefNumber: req.Head.Number}}
	if !d.anonymous {
		a.sec = req.AnswerSecurity(now)
	}
	c := &msgCtx{b: b, d: d, u: d.user, req: req, now: now, a: a}
	c.runJobs()
	return a, nil
}

// checkContinued validates envelope values against the dialog.
func (b *Bank) checkContinued(d *dialog, req *wire.Request, now time.Time) error {
	if d.expired(now, b.dialogTimeout) {
		return abortWith(rc("9010", "Dialog wegen Zeitüberschreitung beendet."))
	}
	if req.Head.Number != d.lastMsg+1 {
		return abortWith(rc("9120", "Nachrichtennummer ungültig: erwartet "+strconv.Itoa(d.lastMsg+1)+"."))
	}
	if d.anonymous {
		if req.Signed {
			return abortWith(rc("9110", "Signatur in einem anonymen Dialog nicht erwartet."))
		}
		return nil
	}
	switch {
	case !req.Signed:
		return abortWith(rc("9160", "Signatur fehlt."))
	case req.UserID != d.user.login.UserID:
		return abortWith(rc("9110", "Benutzerkennung passt nicht zum Dialog."))
	case req.SystemID != d.systemID && !b.switchedSystemID(d, req.SystemID):
		return abortWith(rc("9110", "Kundensystem-ID passt nicht zum Dialog."))
	case req.Function != d.function:
		return abortWith(rc("9380", "Das TAN-Verfahren darf innerhalb eines Dialogs nicht wechseln."))
	}
	return b.authenticate(d.user, req)
}

// switchedSystemID accepts the new system ID in the rest of the
// synchronisation dialog that issued it. The specification has the client
// keep "0" until the dialog ends, but clients switch at once (lib-fints
// does), and banks accept both.
func (b *Bank) switchedSystemID(d *dialog, id string) bool {
	if !d.sync || id != d.newSystemID {
		return false
	}
	_, issued := b.systems[id]
	return issued
}
