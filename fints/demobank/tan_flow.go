package demobank

import (
	"crypto/subtle"

	"saldo/fints/wire"
)

// hktan answers an HKTAN outside the dialog initialisation: process 4
// releases the TAN-relevant jobs before it, processes 2 and S complete a
// task. It returns the jobs still waiting for an HKTAN.
func (c *msgCtx) hktan(seg *wire.Segment, pending []waiting) []waiting {
	switch {
	case c.d.anonymous:
		c.a.codes(seg.Number, rc("9380", "Auftrag nur für angemeldete Benutzer."))
		return pending
	case c.d.oneStep:
		c.a.codes(seg.Number, rc("9955", "Einschritt-Verfahren nicht zugelassen: bitte mit einem Zwei-Schritt-Verfahren anmelden."))
		return pending
	case !methodInVersion(c.d.function, seg.Version):
		c.a.codes(seg.Number, rcAt("9210", "1", "HKTAN-Version passt nicht zum TAN-Verfahren des Dialogs."))
		return pending
	}
	switch seg.Str(2) {
	case "4":
		return c.release(seg, pending)
	case "2", "S":
		c.complete(seg)
	default:
		c.a.codes(seg.Number, rcAt("9210", "2", "TAN-Prozess wird nicht unterstützt."))
	}
	return pending
}

// release handles HKTAN process 4: the bank decides about SCA for the
// jobs it names (§5.1). Exempt jobs run at once (3076 and a filler
// HITAN); otherwise they are parked in one task and a challenge goes out.
func (c *msgCtx) release(seg *wire.Segment, pending []waiting) []waiting {
	id := seg.Str(3)
	var mine, rest []waiting
	for _, w := range pending {
		if w.seg.ID == id {
			mine = append(mine, w)
		} else {
			rest = append(rest, w)
		}
	}
	if len(mine) == 0 {
		if c.ran[id] {
			// Some clients attach HKTAN to every job; for one that needs
			// no TAN the bank answers as for an exemption.
			c.a.codes(seg.Number, warnNoSCA)
			c.a.add(seg.Number, c.b.filler(seg.Version))
		} else {
			c.a.codes(seg.Number, rcAt("9210", "3", "HKTAN nennt keinen Auftrag dieser Nachricht."))
		}
		return rest
	}
	for _, w := range mine {
		if len(w.call.hold) > 0 {
			c.a.codes(seg.Number, w.call.hold...)
			return rest
		}
	}
	sca := false
	for _, w := range mine {
		sca = sca || w.call.sca
	}
	if !sca {
		for _, w := range mine {
			c.execute(w.seg.Number, w.call)
		}
		c.a.codes(seg.Number, warnNoSCA)
		c.a.add(seg.Number, c.b.filler(seg.Version))
		return rest
	}
	t, err := c.issue(seg, mine[0].call.operation, mine[0].call.hhd)
	if err != nil {
		c.b.log.Error("demobank: issuing a challenge failed", "err", err)
		c.a.codes(seg.Number, rc("9010", "Challenge konnte nicht erzeugt werden."))
		return rest
	}
	for _, w := range mine {
		t.jobs = append(t.jobs, parkedJob(w))
	}
	return rest
}

// complete handles HKTAN process 2 (TAN in HNSHA) and S (decoupled status
// request) for a task of this dialog (§5.4, §5.6, §11.4 item 5).
func (c *msgCtx) complete(seg *wire.Segment) {
	process, ref := seg.Str(2), seg.Str(6)
	t := c.b.tasks[ref]
	if t == nil || t.dialog != c.d {
		c.a.codes(seg.Number, rcAt("9210", "6", "Auftragsreferenz unbekannt oder bereits verwendet."))
		return
	}
	if (process == "S") != t.method.decoupled {
		c.a.codes(seg.Number, rcAt("9210", "2", "TAN-Prozess passt nicht zum TAN-Verfahren."))
		return
	}
	if wire.ParseJN(seg.Str(7)) {
		c.a.codes(seg.Number, rcAt("9954", "7", "Mehrfach-TAN nicht erlaubt."))
		return
	}
	if c.now.After(t.expires) {
		c.drop(t)
		c.a.codes(seg.Number, rc("9951", "Die Gültigkeit der TAN ist abgelaufen. Bitte den Auftrag neu einreichen."))
		return
	}
	if t.method.decoupled {
		if !c.approvedInApp(seg, t) {
			return
		}
	} else if !c.tanMatches(seg, t) {
		return
	}
	c.drop(t)
	ok := true
	if t.login {
		c.finishLogin(seg)
	}
	for _, j := range t.jobs {
		ok = c.execute(seg.Number, j.call) && ok
	}
	if ok {
		c.a.codes(seg.Number, okTAN)
	}
	c.a.add(seg.Number, c.b.hitan(seg.Version, process, ref, "", nil, zeroTime))
}

// approvedInApp answers a decoupled status request that is not (yet)
// approved and reports whether it is.
func (c *msgCtx) approvedInApp(seg *wire.Segment, t *tanTask) bool {
	if !t.approved && !t.approveAt.IsZero() && !c.now.Before(t.approveAt) {
		t.approved = true
	}
	switch {
	case t.rejected:
		c.drop(t)
		c.a.codes(seg.Number, rc("9941", "Die Freigabe wurde in der App abgelehnt."))
		return false
	case t.approved:
		return true
	}
	t.polls++
	if decoupledMaxPolls > 0 && t.polls > decoupledMaxPolls {
		c.drop(t)
		c.a.codes(seg.Number, rc("9951", "Zu viele Statusabfragen: Freigabe abgebrochen."))
		return false
	}
	c.a.codes(seg.Number, stillPending)
	c.a.add(seg.Number, c.b.hitan(seg.Version, "S", t.ref, "", nil, zeroTime))
	return false
}

// tanMatches checks the TAN of a process-2 message and answers a wrong
// one.
func (c *msgCtx) tanMatches(seg *wire.Segment, t *tanTask) bool {
	tan := c.req.TAN.Reveal()
	if tan == "" {
		c.a.codes(seg.Number, rc("9941", "TAN fehlt."))
		return false
	}
	if subtle.ConstantTimeCompare([]byte(tan), []byte(t.tan)) == 1 {
		return true
	}
	t.attempts++
	if t.attempts >= maxTANAttempts {
		c.drop(t)
		c.a.codes(seg.Number, rc("9941", "TAN ungültig. Der Auftrag wurde verworfen, bitte neu einreichen."))
		return false
	}
	c.a.codes(seg.Number, rc("9941", "TAN ungültig."))
	return false
}

// drop forgets a task.
func (c *msgCtx) drop(t *tanTask) {
	delete(c.b.tasks, t.ref)
	if t.dialog.task == t {
		t.dialog.task = nil
	}
}
