package demobank

import (
	"time"

	"saldo/fints/wire"
)

// anonymousCustomer is the customer ID of anonymous dialogs.
const anonymousCustomer = "9999999999"

// initDialog answers a message with dialog ID 0: a dialog initialisation
// (§3.2, §5.5). Whatever is wrong with it aborts with 9800; no dialog is
// created then.
func (b *Bank) initDialog(req *wire.Request, url string, now time.Time) (*answer, error) {
	hkidn, hkvvb := wire.Find(req.Jobs, "HKIDN"), wire.Find(req.Jobs, "HKVVB")
	switch {
	case hkidn == nil || hkvvb == nil:
		return nil, abortWith(rc("9120", "Dialoginitialisierung erwartet: HKIDN und HKVVB fehlen."))
	case req.Head.Number != 1:
		return nil, abortWith(rc("9120", "Die erste Nachricht eines Dialogs muss die Nummer 1 tragen."))
	case !hkidn.Is("HKIDN", 2) || !hkvvb.Is("HKVVB", 3):
		return nil, abortWith(rc("9180", "HKIDN Version 2 und HKVVB Version 3 erwartet."))
	}
	if kik := wire.ParseKIK(hkidn.Group(2), 1); kik.Code != BankCode || (kik.Country != wire.CountryDE && kik.Country != "") {
		return nil, abortWith(rcAt("9010", "2", "Bankleitzahl unbekannt: diese Bank hat die BLZ "+BankCode+"."))
	}
	if hkvvb.Str(5) == "" {
		return nil, abortWith(rcAt("9078", "5", "Produktbezeichnung fehlt: bitte die registrierte Produkt-ID senden."))
	}
	if !req.Signed {
		return b.initAnonymous(req, hkidn, hkvvb, url, now)
	}
	return b.initPersonal(req, hkidn, hkvvb, url, now)
}

// initAnonymous opens a dialog without login: BPD only (§12.11).
func (b *Bank) initAnonymous(req *wire.Request, hkidn, hkvvb *wire.Segment, url string, now time.Time) (*answer, error) {
	if hkidn.Str(3) != anonymousCustomer {
		return nil, abortWith(rc("9160", "Signatur fehlt: persönliche Dialoge müssen signiert sein."))
	}
	d := b.newDialog(now)
	d.anonymous = true
	a := &answer{head: wire.Head{DialogID: d.id, Number: 1, RefDialogID: d.id, RefNumber: 1}}
	a.codes(hkvvb.Number, rc("0020", "Anonymer Benutzer identifiziert."))
	b.addBPD(a, hkvvb, url)
	for _, seg := range req.Jobs {
		switch seg.ID {
		case "HKIDN", "HKVVB":
		case "HKTAN":
			a.codes(seg.Number, warnNoSCA)
			a.add(seg.Number, b.filler(seg.Version))
		default:
			a.codes(seg.Number, rc("9380", "Auftrag nur für angemeldete Benutzer."))
		}
	}
	return a, nil
}

// addBPD sends the BPD when the client's version is not current.
func (b *Bank) addBPD(a *answer, hkvvb *wire.Segment, url string) {
	if v, ok := hkvvb.Int(2); ok && v == bpdVersion {
		return
	}
	a.codes(hkvvb.Number, warnBPD)
	a.add(hkvvb.Number, b.bpd(url)...)
}

// initPersonal authenticates the user and opens a personalised dialog,
// asking for strong authentication on the first login of a system ID.
func (b *Bank) initPersonal(req *wire.Request, hkidn, hkvvb *wire.Segment, url string, now time.Time) (*answer, error) {
	u := b.users[req.UserID]
	if u == nil {
		return nil, abortWith(rc("9942", "Anmeldung fehlgeschlagen: Benutzerkennung oder PIN falsch."))
	}
	if hkidn.Str(3) != u.login.CustomerID {
		return nil, abortWith(rcAt("9210", "3", "Kunden-ID passt nicht zur Benutzerkennung."))
	}
	if err := b.authenticate(u, req); err != nil {
		return nil, err
	}
	sysID := hkidn.Str(4)
	if sysID != req.SystemID {
		return nil, abortWith(rcAt("9110", "4", "Kundensystem-ID in HKIDN und Signaturkopf verschieden."))
	}
	hksyn := wire.Find(req.Jobs, "HKSYN")
	var sys *systemID
	if sysID == "0" {
		if hksyn == nil {
			return nil, abortWith(rc("9391", "Kundensystem-ID fehlt: bitte zuerst synchronisieren (HKSYN)."))
		}
	} else if sys = b.systems[sysID]; sys == nil || sys.user != u.login.UserID {
		return nil, abortWith(rc("9391", "Kundensystem-ID unbekannt: bitte neu synchronisieren."))
	}
	if req.Function != OneStep && !u.allows(req.Function) {
		return nil, abortWith(rc("9380", "Dieses TAN-Verfahren ist für den Benutzer nicht zugelassen."), methodsCode(u.methods))
	}
	hktan := wire.Find(req.Jobs, "HKTAN")
	if req.Function != OneStep {
		switch {
		case hktan == nil || hktan.Str(2) != "4":
			return nil, abortWith(rc("9075", "Starke Kundenauthentifizierung notwendig: HKTAN (Prozess 4) fehlt."))
		case !methodInVersion(req.Function, hktan.Version):
			return nil, abortWith(rcAt("9210", "1", "HKTAN-Version passt nicht zum TAN-Verfahren."))
		case hktan.Str(3) != "HKIDN" && hktan.Str(3) != "HKTAB":
			return nil, abortWith(rcAt("9210", "3", "HKTAN: Segmentkennung HKIDN (oder HKTAB) erwartet."))
		}
	}

	d := b.newDialog(now)
	d.user, d.systemID, d.function = u, sysID, req.Function
	d.oneStep = req.Function == OneStep
	d.clientUPD, _ = hkvvb.Int(3)
	a := &answer{head: wire.Head{DialogID: d.id, Number: 1, RefDialogID: d.id, RefNumber: 1},
		sec: req.AnswerSecurity(now)}
	c := &msgCtx{b: b, d: d, u: u, req: req, now: now, a: a}
	a.codes(hkvvb.Number, okInit)
	b.addBPD(a, hkvvb, url)
	a.codes(hkvvb.Number, methodsCode(u.methods))
	if hksyn != nil {
		if mode := hksyn.Str(2); mode != "0" {
			a.codes(hksyn.Number, rcAt("9210", "2", "Nur Synchronisierungsmodus 0 (neue Kundensystem-ID) wird unterstützt."))
		} else {
			d.sync = true
			d.newSystemID = randomID(24)
		}
	}
	for _, seg := range req.Jobs {
		switch seg.ID {
		case "HKIDN", "HKVVB", "HKSYN", "HKTAN":
		default:
			a.codes(seg.Number, rc("9120", "In der Dialoginitialisierung nicht zulässig."))
		}
	}

	if d.oneStep {
		// Bootstrap: methods, BPD and a system ID, but no UPD and no jobs.
		if hktan != nil {
			a.codes(hktan.Number, warnNoSCA)
			a.add(hktan.Number, b.filler(hktan.Version))
		}
		d.tanVersion = 6
		d.ready = true
		c.handOutSystemID(hksyn, false)
		return a, nil
	}
	d.tanVersion = hktan.Version
	if hktan.Str(3) == "HKTAB" {
		// §5.5: a dialog to list the TAN media works without SCA, and
		// only for that.
		d.tabOnly, d.ready = true, true
		a.codes(hktan.Number, warnNoSCA)
		a.add(hktan.Number, b.filler(hktan.Version))
		return a, nil
	}
	needSCA := u.loginSCA && (sys == nil || sys.scaAt.IsZero() || now.Sub(sys.scaAt) > scaValidity)
	if !needSCA {
		// Order as the specification recommends: BPD, UPD, HITAN, HISYN.
		d.ready = true
		c.addUPD(hkvvb.Number)
		a.codes(hktan.Number, warnNoSCA)
		a.add(hktan.Number, b.filler(hktan.Version))
		c.handOutSystemID(hksyn, false)
		return a, nil
	}
	t, err := c.issue(hktan, "Anmeldung", nil)
	if err != nil {
		b.end(d)
		return nil, err
	}
	t.login = true
	return a, nil
}

// authenticate checks lock and PIN, counting failures (§2.8 item 10).
func (b *Bank) authenticate(u *user, req *wire.Request) error {
	if u.locked {
		return abortWith(rc("9931", "Zugang gesperrt nach zu vielen falschen PIN-Eingaben. Bitte wenden Sie sich an Ihre Bank."))
	}
	if req.PIN.Empty() || !u.checkPIN(req.PIN) {
		u.failures++
		if u.failures >= maxPINFailures {
			u.locked = true
			return abortWith(rc("9942", "PIN ungültig."),
				rc("9931", "Zugang gesperrt nach zu vielen falschen PIN-Eingaben. Bitte wenden Sie sich an Ihre Bank."))
		}
		return abortWith(rc("9942", "Anmeldung fehlgeschlagen: Benutzerkennung oder PIN falsch."))
	}
	u.failures = 0
	return nil
}

// finishLogin completes a login whose strong authentication succeeded:
// the SCA is recorded for the system ID, the UPD (and a new system ID)
// follow, and jobs may come.
func (c *msgCtx) finishLogin(tanSeg *wire.Segment) {
	c.d.ready = true
	c.a.codes(tanSeg.Number, okInit)
	c.addUPD(tanSeg.Number)
	if c.d.sync {
		c.handOutSystemID(nil, true)
		c.a.add(tanSeg.Number, wire.NewSegment("HISYN", 4, wire.S(c.d.newSystemID)))
		return
	}
	if sys := c.b.systems[c.d.systemID]; sys != nil {
		sys.scaAt = c.now
	}
}

// handOutSystemID registers the dialog's new Kundensystem-ID. With hksyn
// set it also answers the HKSYN now; after a login approval (authenticated)
// the caller sends HISYN itself.
func (c *msgCtx) handOutSystemID(hksyn *wire.Segment, authenticated bool) {
	if !c.d.sync {
		return
	}
	s := &systemID{id: c.d.newSystemID, user: c.u.login.UserID, created: c.now}
	if authenticated {
		s.scaAt = c.now
	}
	c.b.systems[s.id] = s
	if hksyn != nil {
		c.a.codes(hksyn.Number, rc("0020", "Kundensystem-ID erstellt."))
		c.a.add(hksyn.Number, wire.NewSegment("HISYN", 4, wire.S(s.id)))
	}
}
