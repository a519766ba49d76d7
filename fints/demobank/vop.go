package demobank

import (
	"crypto/sha256"
	"time"
)

// Verification of Payee at the demo bank (§4.10). The bank announces it
// in HIVPPS for every payment job. A payment arrives with HKTAN and HKVPP;
// the bank compares the payee name with its list of known payees
// (VerifyPayee) and answers in HIVPP:
//
//   - match, answered at once: 0025 and 3091 (no confirmation needed); the
//     challenge for the payment comes in the same answer.
//   - anything else, or any result that took a while (SetVoPDelay): 3090
//     or 0025, a VOP-ID, and 3945 on HKTAN – the order is released only
//     when it comes again with HKVPA carrying that VOP-ID.
//   - not finished yet (SetVoPDelay): 3040 with a touchdown and a
//     Polling-ID; the client asks again with HKVPP.
//
// A payment without HKVPP (software from before VoP) is checked by the
// bank itself: see vop_legacy.go.
//
// The shapes follow the answers recorded from DKB and Atruvia.

// vopValidity is how long a VOP-ID can release its order.
const vopValidity = 10 * time.Minute

// statusReportURN is the pain.002 version of the VoP reports.
const statusReportURN = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"

// vopJobs are the payment jobs the bank checks payees for (HIVPPS).
var vopJobs = []string{"HKCCS", "HKIPZ", "HKCSE"}

// vopCheck is one payee check.
type vopCheck struct {
	id        string // VOP-ID
	pollingID string
	touchdown string
	user      string
	digest    [sha256.Size]byte // of the pain.001 document it checked
	answer    VoPAnswer
	msgID     string
	e2e       string
	pmtInfID  string
	created   time.Time
	readyAt   time.Time // the result is known from then on
	expires   time.Time
	reported  bool // the result went out in an HIVPP
	released  bool // an HKVPA released the order
	// releasedBy is the message whose payment the check released.
	releasedBy *msgCtx
}

func (v *vopCheck) ready(now time.Time) bool { return !now.Before(v.readyAt) }

// paymentBook is what the bank remembers about payments besides the
// ledger: payee checks, orders already executed (to refuse duplicates)
// and the payment fault switch. b.mu guards it.
type paymentBook struct {
	checks map[string]*vopCheck // by VOP-ID
	polls  map[string]*vopCheck // by Polling-ID
	// done maps "user|debtor IBAN|MsgId" and "user|debtor IBAN|e2e:<id>"
	// of executed or scheduled orders to their bank reference.
	done map[string]string
	// vopDelay is how long a payee check takes; 0 answers at once.
	vopDelay time.Duration
	// started is the check the message being processed started (HKVPP
	// answers it), with the message it belongs to.
	startedBy *msgCtx
	started   *vopCheck
	// dropAnswer asks process to drop the current answer: a payment was
	// executed while DropAfterPayment was set.
	dropAnswer bool
}

func (p *paymentBook) init() {
	if p.checks == nil {
		p.checks = map[string]*vopCheck{}
		p.polls = map[string]*vopCheck{}
		p.done = map[string]string{}
	}
}

// gc forgets checks long expired.
func (p *paymentBook) gc(now time.Time) {
	for id, v := range p.checks {
		if now.After(v.expires.Add(time.Hour)) {
			delete(p.checks, id)
			delete(p.polls, v.pollingID)
		}
	}
}

// SetVoPDelay makes payee checks take d (on the bank's clock): until then
// HKVPP is answered with 3040 and a Polling-ID, so clients have to poll.
// Zero (the default) answers at once.
func (b *Bank) SetVoPDelay(d time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.pay.vopDelay = max(d, 0)
}

// PayeeChecks returns how many payee checks the bank has started and how
// many of them released an order with HKVPA, for tests.
func (b *Bank) PayeeChecks() (started, released int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, v := range b.pay.checks {
		started++
		if v.released {
			released++
		}
	}
	return started, released
}

// startCheck runs the name check for a payment of the current message.
func (c *msgCtx) startCheck(o TransferOrder, digest [sha256.Size]byte, msgID, pmtInfID string) *vopCheck {
	p := &c.b.pay
	p.init()
	p.gc(c.now)
	v := &vopCheck{
		id: randomID(32), pollingID: randomID(24), user: c.u.login.UserID, digest: digest,
		answer: c.b.ledger.VerifyPayee(o.ToIBAN, o.ToName), msgID: msgID, e2e: o.EndToEndID, pmtInfID: pmtInfID,
		created: c.now, readyAt: c.now.Add(p.vopDelay), expires: c.now.Add(p.vopDelay + vopValidity),
	}
	p.checks[v.id] = v
	p.polls[v.pollingID] = v
	p.startedBy, p.started = c, v
	return v
}

// startedHere returns the check started by the current message, if any.
func (c *msgCtx) startedHere() *vopCheck {
	if c.b.pay.startedBy != c {
		return nil
	}
	return c.b.pay.started
}

// doneKeys are the idempotency keys of an order.
func doneKeys(user, iban, msgID, e2e string) []string {
	keys := []string{user + "|" + iban + "|" + msgID}
	if e2e != "" && e2e != "NOTPROVIDED" {
		keys = append(keys, user+"|"+iban+"|e2e:"+e2e)
	}
	return keys
}

// duplicate returns the reference of an earlier order with the same MsgId
// or end-to-end reference.
func (p *paymentBook) duplicate(user, iban, msgID, e2e string) (string, bool) {
	for _, k := range doneKeys(user, iban, msgID, e2e) {
		if ref, ok := p.done[k]; ok {
			return ref, true
		}
	}
	return "", false
}

// record remembers an executed or scheduled order.
func (p *paymentBook) record(user, iban, msgID, e2e, ref string) {
	p.init()
	for _, k := range doneKeys(user, iban, msgID, e2e) {
		p.done[k] = ref
	}
}
