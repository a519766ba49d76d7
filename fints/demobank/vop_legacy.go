package demobank

import "saldo/fints/wire"

// Payments from clients that do not take part in Verification of Payee.
//
// Client software written before VoP (October 2025) sends HKCCS with HKTAN
// but no HKVPP. The law (Regulation (EU) 2024/886, Art. 5c) asks the
// bank to check the payee before the customer authorises the payment and
// to tell the customer when the name does not match, matches only
// closely or cannot be checked; a match needs no word to the customer.
// Banks differ: many refuse every such order with 9076 "Namensabgleich
// erforderlich" (Deutsche Bank, comdirect, the Atruvia banks), others
// still accept them. The demo bank takes the narrowest path that keeps
// the rule: it runs the check itself, lets an order whose payee matches
// go on to the TAN (the same as a match reported with 3091 "VOP-
// Ausführungsauftrag nicht benötigt" in the HKVPP flow), and refuses
// everything else with 9076, because such a client could not show the
// customer the result. The registered name of a close match is not
// given away: only the HKVPP flow shows it.
//
// The check is answered at once even when SetVoPDelay is set: such a
// client cannot poll, and the delay only exists to exercise polling.

// vopRequired is the return code banks send for a payment that needs a
// payee check the client did not ask for.
const vopRequired = "9076"

// payeeGateWithoutVoP decides a payment that came without HKVPP and
// HKVPA: nil lets it go on to the TAN.
func (c *msgCtx) payeeGateWithoutVoP(seg *wire.Segment, o order) []wire.ReturnCode {
	a := c.b.ledger.VerifyPayee(o.t.ToIBAN, o.t.ToName)
	c.b.log.Info("demobank: payee check without HKVPP", "job", seg.ID, "result", a.Match.String())
	if a.Match == VoPMatch {
		return nil
	}
	return fail(rcAt(vopRequired, "4", legacyRefusal(a.Match)))
}

// legacyRefusal says why an order without HKVPP was refused and what to
// do. Every text fits the 80 characters of a return code (tested).
func legacyRefusal(m VoPOutcome) string {
	var why string
	switch m {
	case VoPCloseMatch:
		why = "Name weicht ab"
	case VoPNoMatch:
		why = "Name passt nicht zur IBAN"
	default:
		why = "Prüfung nicht möglich"
	}
	return "Namensabgleich erforderlich: " + why + ". Software mit VoP nötig."
}
