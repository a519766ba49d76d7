package demobank

import (
	"slices"
	"strings"
	"time"

	"saldo/fints/pain"
	"saldo/fints/wire"
)

func init() {
	registerJob(&jobSpec{
		id: "HKVPP", versions: []int{1}, maxPerMsg: 1, prepare: prepareVPP,
		params: func(int) wire.DE {
			// Max. transactions for opt-in, explanation text structured,
			// report delivery V (complete), batch allowed, max entries
			// allowed, report formats, the jobs that need the check.
			return wire.S(append([]string{"999", "J", "V", "N", "N", statusReportURN}, vopJobs...)...)
		},
	})
	registerJob(&jobSpec{id: "HKVPA", versions: []int{1}, maxPerMsg: 1, prepare: prepareVPA})
}

// Codes of the payee check (texts after the answers banks send).
var (
	vopMatch     = rc("0025", "Keine Namensabweichung.")
	vopCheck3090 = rc("3090", "Ergebnis des Namensabgleichs prüfen.")
	vopNoConfirm = rc("3091", "VOP-Ausführungsauftrag nicht benötigt.")
	vopHold      = rc("3945", "Freigabe ohne VOP-Bestätigung nicht möglich.")
	vopReleased  = rc("0020", "Ausführungsbestätigung nach Namensabgleich erhalten.")
)

// payeeGate decides what the payee check means for a payment in this
// message. With HKVPA the order must match a finished check (it is then
// released); with HKVPP a check starts: a match known at once lets the
// order go on to the TAN, anything else holds it (3945 on its HKTAN).
// Without either the bank checks the payee itself (vop_legacy.go).
func (c *msgCtx) payeeGate(seg *wire.Segment, o order) (hold, errs []wire.ReturnCode) {
	digest := docDigest(o.doc)
	if vpa := wire.Find(c.req.Jobs, "HKVPA"); vpa != nil {
		v, errs := c.checkFor(vpa.Bin(2))
		switch {
		case errs != nil:
			return nil, errs
		case v.digest != digest:
			return nil, fail(rcAt("9210", "4", "Auftrag weicht vom geprüften Auftrag ab: bitte neu prüfen lassen."))
		}
		v.released, v.releasedBy = true, c
		return nil, nil
	}
	if wire.Find(c.req.Jobs, "HKVPP") == nil {
		return nil, c.payeeGateWithoutVoP(seg, o)
	}
	v := c.startCheck(o.t, digest, o.msgID, o.pmtInf)
	if v.ready(c.now) && v.answer.Match == VoPMatch {
		return nil, nil
	}
	return []wire.ReturnCode{vopHold}, nil
}

// checkFor finds the check a VOP-ID names: known, the user's, finished,
// reported, not expired and not used before.
func (c *msgCtx) checkFor(id []byte) (*vopCheck, []wire.ReturnCode) {
	v := c.b.pay.checks[string(id)]
	switch {
	case len(id) == 0:
		return nil, fail(rcAt("9160", "2", "VOP-ID fehlt."))
	case v == nil || v.user != c.u.login.UserID:
		return nil, fail(rcAt("9210", "2", "VOP-ID unbekannt."))
	case c.now.After(v.expires):
		return nil, fail(rcAt("9210", "2", "VOP-ID abgelaufen: bitte den Auftrag neu einreichen."))
	case !v.ready(c.now) || !v.reported:
		return nil, fail(rcAt("9210", "2", "Namensabgleich noch nicht abgeschlossen."))
	case v.released:
		return nil, fail(rcAt("9210", "2", "VOP-ID bereits verwendet."))
	}
	return v, nil
}

// prepareVPA answers HKVPA: the release of a checked order. The order
// itself (in the same message, before or after HKVPA) is compared with
// the checked one by its own handler; this confirms the VOP-ID.
func prepareVPA(c *msgCtx, seg *wire.Segment) (*jobCall, []wire.ReturnCode) {
	id := seg.Bin(2)
	v := c.b.pay.checks[string(id)]
	if v == nil || v.releasedBy != c {
		var errs []wire.ReturnCode
		if v, errs = c.checkFor(id); errs != nil {
			return nil, errs
		}
		if !c.releasedHere(v) {
			return nil, fail(rcAt("9210", "2", "Kein geprüfter Auftrag zu dieser VOP-ID in der Nachricht."))
		}
	}
	return &jobCall{operation: "Namensabgleich", run: func(*msgCtx) jobResult {
		return jobResult{codes: fail(vopReleased)}
	}}, nil
}

// releasedHere reports whether a payment of this message carries the
// checked document.
func (c *msgCtx) releasedHere(v *vopCheck) bool {
	for _, s := range c.req.Jobs {
		if slices.Contains(vopJobs, s.ID) && docDigest(s.Bin(4)) == v.digest {
			return true
		}
	}
	return false
}

// prepareVPP answers HKVPP: with a payment in the same message it reports
// the check that payment started; with a Polling-ID and touchdown it
// reports a check started earlier.
func prepareVPP(c *msgCtx, seg *wire.Segment) (*jobCall, []wire.ReturnCode) {
	if !slices.ContainsFunc(seg.Group(2).Strs(1), func(f string) bool { return strings.Contains(f, "pain.002.001.10") }) {
		return nil, fail(rcAt("9210", "2", "Kein unterstütztes Format für den Prüfbericht (pain.002.001.10)."))
	}
	polling, touchdown := seg.Bin(3), seg.Str(5)
	var v *vopCheck
	if polling != nil || touchdown != "" {
		v = c.b.pay.polls[string(polling)]
		switch {
		case v == nil || v.user != c.u.login.UserID:
			return nil, fail(rcAt("9210", "3", "Polling-ID unbekannt."))
		case touchdown != v.touchdown:
			return nil, fail(rcAt("9210", "5", "Aufsetzpunkt unbekannt oder passt nicht zur Polling-ID."))
		case c.now.After(v.expires):
			return nil, fail(rcAt("9210", "3", "Namensabgleich abgelaufen: bitte den Auftrag neu einreichen."))
		}
	} else if v = c.startedHere(); v == nil {
		return nil, fail(rc("9210", "Kein prüfbarer Zahlungsauftrag in dieser Nachricht."))
	}
	polled := polling != nil
	return &jobCall{operation: "Namensabgleich", run: func(c *msgCtx) jobResult {
		return c.vopAnswer(seg.Version, v, polled)
	}}, nil
}

// vopAnswer reports a check: still running (3040, Polling-ID, wait), or
// the result in HIVPP with VOP-ID, validity, pain.002 report, the
// single-transaction result and, unless it matches, the explanation.
func (c *msgCtx) vopAnswer(version int, v *vopCheck, polled bool) jobResult {
	if !v.ready(c.now) {
		if v.touchdown == "" {
			v.touchdown = "VOP-" + randomID(12)
		}
		wait := int((v.readyAt.Sub(c.now) + time.Second - 1) / time.Second)
		s := wire.NewSegment("HIVPP", version, nil, nil, wire.B([]byte(v.pollingID)), nil, nil, nil, nil, wire.N(max(wait, 1)))
		return jobResult{codes: fail(rc("3040", "Namensabgleich läuft noch.", v.touchdown)), data: []*wire.Segment{s}}
	}
	v.reported = true
	a := v.answer
	var codes []wire.ReturnCode
	switch {
	case a.Match == VoPMatch && !polled:
		codes = fail(vopMatch, vopNoConfirm)
	case a.Match == VoPMatch:
		codes = fail(vopMatch) // after polling the order comes again with HKVPA
	default:
		codes = fail(vopCheck3090)
	}
	report, err := pain.MarshalStatusReport(pain.StatusReport{
		MsgID: "DEMO-VOP-" + v.id[:16], OrgnlMsgID: v.msgID, GroupStatus: a.Match.Code(),
		Transactions: []pain.TxStatus{{PmtInfID: v.pmtInfID, EndToEndID: e2eOrNotProvided(v.e2e), Status: a.Match.Code(),
			AdditionalInfo: a.SuggestedName, CreditorName: a.GivenName, CreditorIBAN: a.IBAN}},
	}, c.now.In(c.b.ledger.loc))
	var reportDE wire.DE
	if err == nil {
		reportDE = wire.B(report)
	} else {
		c.b.log.Error("demobank: VoP report", "err", err)
	}
	until := v.expires.In(c.b.ledger.loc)
	result := wire.S(a.IBAN, "", a.SuggestedName, "", a.Match.Code())
	var text wire.DE
	if a.Match != VoPMatch {
		text = wire.S(strings.ReplaceAll(a.Text, ". ", ".<br>"))
	}
	s := wire.NewSegment("HIVPP", version, wire.B([]byte(v.id)), wire.S(until.Format("20060102"), until.Format("150405")),
		nil, wire.S(statusReportURN), reportDE, result, text)
	return jobResult{codes: codes, data: []*wire.Segment{s}}
}

func e2eOrNotProvided(e2e string) string {
	if e2e == "" {
		return pain.NotProvided
	}
	return e2e
}
