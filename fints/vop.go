package fints

import (
	"strings"
	"time"

	"saldo/fints/challenge"
	"saldo/fints/pain"
	"saldo/fints/wire"
)

// Verification of Payee (§4.10). The client sends HKVPP with the transfer;
// the bank answers in HIVPP: either "still checking" (3040 with a
// touchdown and a Polling-ID: ask again with HKVPP after the wait it
// names) or the result with a VOP-ID. Unless the bank says no confirmation
// is needed (3091), the order is released by sending it again with HKVPA
// carrying the VOP-ID before HKTAN.

// statusReportV10 is the pain.002 version VoP reports use.
const statusReportV10 = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"

// defaultVoPWait is the pause between two polls when HIVPP names none.
const defaultVoPWait = 2 * time.Second

// maxVoPPolls bounds the polling for a payee check: a bank that never
// finishes must not keep the client busy forever.
const maxVoPPolls = 30

// vopFormats returns the report descriptors to offer in HKVPP: the
// pain.002 ones the bank lists, or pain.002.001.10.
func vopFormats(bank []string) []string {
	var out []string
	for _, f := range bank {
		if strings.Contains(f, "pain.002") {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		out = []string{statusReportV10}
	}
	return out
}

// hkvpp builds HKVPP v1 (#2 report descriptors, #3 Polling-ID, #4 max
// entries, #5 touchdown): without pollingID and touchdown it asks for a
// check, with them it polls for the result.
func hkvpp(formats []string, pollingID []byte, touchdown string) *wire.Segment {
	s := wire.NewSegment("HKVPP", 1, wire.S(formats...))
	if pollingID != nil || touchdown != "" {
		var id wire.DE
		if pollingID != nil {
			id = wire.B(pollingID)
		}
		s.Add(id, nil, wire.S(touchdown))
	}
	return s
}

// hkvpa builds HKVPA v1: the release of an order after the payee check.
func hkvpa(vopID []byte) *wire.Segment {
	return wire.NewSegment("HKVPA", 1, wire.B(vopID))
}

// vopAnswer is what one bank answer says about the payee check.
type vopAnswer struct {
	Poll       bool // 3040: not finished; poll with PollingID and Touchdown
	PollingID  []byte
	Touchdown  string
	Wait       time.Duration
	VoPID      []byte
	ValidUntil time.Time
	Result     *VoPResult // nil when the answer carries none
	NoConfirm  bool       // 3091: the order needs no HKVPA
	Codes      wire.Codes // the codes for HKVPP
}

// readVoP reads the answer to the HKVPP with segment number hkvpp from
// the body segments and codes of a bank answer. t supplies the name the
// person gave, for the result.
func readVoP(body []*wire.Segment, codes wire.Codes, hkvpp int, t Transfer) vopAnswer {
	va := vopAnswer{Codes: codes.ForSegment(hkvpp)}
	var hivpp *wire.Segment
	for _, s := range wire.FindAll(body, "HIVPP") {
		if hivpp == nil || s.Ref == hkvpp {
			hivpp = s
		}
	}
	if rc, ok := va.Codes.Find("3040"); ok {
		va.Poll = true
		if len(rc.Params) > 0 {
			va.Touchdown = rc.Params[0]
		}
	}
	va.NoConfirm = va.Codes.Has("3091")
	if hivpp != nil {
		va.VoPID = hivpp.Bin(2)
		va.PollingID = hivpp.Bin(4)
		if n, ok := hivpp.Int(9); ok && n > 0 {
			va.Wait = time.Duration(n) * time.Second
		}
		if g := hivpp.Group(3); g.Str(1) != "" {
			if d, err := wire.ParseDate(g.Str(1)); err == nil {
				clock := wire.Clock{Hour: 23, Minute: 59, Second: 59}
				if cl, err := wire.ParseClock(g.Str(2)); err == nil {
					clock = cl
				}
				va.ValidUntil = wire.At(d, clock, berlin)
			}
		}
		if va.VoPID == nil && len(hivpp.Str(2)) > 0 {
			va.VoPID = []byte(hivpp.Str(2)) // QUIRK: sent as text
		}
		if va.PollingID == nil && hivpp.Str(4) != "" {
			va.PollingID = []byte(hivpp.Str(4))
		}
	}
	if va.Codes.Has("3093") && !va.Poll && va.VoPID == nil && va.PollingID != nil {
		// "Namensabgleich noch in Bearbeitung" without a touchdown.
		va.Poll = true
	}
	if va.Poll {
		if va.Wait <= 0 {
			va.Wait = defaultVoPWait
		}
		return va
	}
	va.Result = vopResult(hivpp, va.Codes, t)
	return va
}

// vopResult reads the check result: the single-transaction group (#7),
// else the pain.002 report (#6), else the codes (0025 match).
func vopResult(hivpp *wire.Segment, codes wire.Codes, t Transfer) *VoPResult {
	r := &VoPResult{IBAN: t.ToIBAN, GivenName: t.ToName}
	found := false
	if hivpp != nil {
		g := hivpp.Group(7)
		if m, ok := vopMatch(g.Str(5)); ok {
			r.Match, found = m, true
			if v := strings.TrimSpace(g.Str(1)); v != "" && !strings.Contains(v, "XXXX") {
				r.IBAN = v
			}
			r.SuggestedName = strings.TrimSpace(g.Str(3))
		}
		if rep, err := pain.ParseStatusReport(hivpp.Bin(6)); err == nil {
			tx := reportTx(rep, t)
			if !found && tx != nil {
				if m, ok := vopMatch(tx.Status); ok {
					r.Match, found = m, true
				}
			}
			if !found {
				if m, ok := vopMatch(rep.GroupStatus); ok {
					r.Match, found = m, true
				}
			}
			if tx != nil && r.SuggestedName == "" && r.Match == VoPCloseMatch {
				r.SuggestedName = tx.SuggestedName()
			}
		}
		r.Text = strings.TrimSpace(challenge.PlainText(hivpp.Str(8)))
	}
	if !found {
		switch {
		case codes.Has("0025"):
			r.Match, found = VoPMatched, true
		case hivpp != nil:
			// A result segment without a readable result: treat it as a
			// check that could not be done, so the person decides.
			r.Match, found = VoPNotPossible, true
		}
	}
	if !found {
		return nil
	}
	if r.Match != VoPCloseMatch {
		r.SuggestedName = ""
	}
	return r
}

// reportTx returns the report entry for t: the only one, or the one with
// t's end-to-end reference or IBAN.
func reportTx(rep *pain.StatusReport, t Transfer) *pain.TxStatus {
	switch len(rep.Transactions) {
	case 0:
		return nil
	case 1:
		return &rep.Transactions[0]
	}
	for i, tx := range rep.Transactions {
		if t.EndToEndID != "" && tx.EndToEndID == t.EndToEndID {
			return &rep.Transactions[i]
		}
	}
	for i, tx := range rep.Transactions {
		if strings.EqualFold(strings.ReplaceAll(tx.CreditorIBAN, " ", ""), strings.ReplaceAll(t.ToIBAN, " ", "")) {
			return &rep.Transactions[i]
		}
	}
	return &rep.Transactions[0]
}

// vopMatch maps the EPC result codes.
func vopMatch(code string) (VoPMatch, bool) {
	switch strings.ToUpper(strings.TrimSpace(code)) {
	case "RCVC":
		return VoPMatched, true
	case "RVMC":
		return VoPCloseMatch, true
	case "RVNM":
		return VoPNoMatch, true
	case "RVNA":
		return VoPNotPossible, true
	case "PDNG":
		return VoPPending, true
	case "RVCM":
		// Group status "partly matched" (batches): for one transfer it
		// means the name did not match.
		return VoPNoMatch, true
	}
	return 0, false
}
