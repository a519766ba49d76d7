package demobank

import (
	"slices"
	"time"

	"saldo/fints/wire"
)

// jobSpec is a business transaction the bank offers. Each handler file
// registers its jobs from init; the BPD (HIxxxS), UPD and dispatch follow
// from the registry. Payments plug in the same way.
type jobSpec struct {
	id        string // customer segment, e.g. "HKSAL"
	versions  []int
	maxPerMsg int // HIxxxS #2
	// secClass reports whether HIxxxS of a version carries the
	// Sicherheitsklasse; nil means every version does.
	secClass func(version int) bool
	// params is the job-specific parameter group of HIxxxS (nil: none).
	params func(version int) wire.DE
	// accountJob lists the job in every account's HIUPD.
	accountJob bool
	// prepare reads and checks a job segment. Errors come back as return
	// codes for the job's HIRMS; otherwise the call says whether strong
	// authentication is needed and how to execute it.
	prepare func(c *msgCtx, seg *wire.Segment) (*jobCall, []wire.ReturnCode)
}

// jobCall is a checked job, ready to run now or after a TAN.
type jobCall struct {
	// sca is true when the job needs strong customer authentication now
	// (only consulted for jobs HIPINS marks TAN-relevant).
	sca bool
	// operation names what a challenge authorises, e.g. "Umsatzabfrage".
	operation string
	// hhd are the chipTAN data elements shown on the TAN generator (e.g.
	// payee IBAN and amount); empty for queries.
	hhd []string
	// run executes the job in the context of the message that executes
	// it (a later one, after a TAN).
	run func(c *msgCtx) jobResult
	// hold, when set, keeps a TAN-relevant job from its challenge: its
	// HKTAN is answered with these codes and nothing is parked (a payment
	// waiting for the payee check, 3945).
	hold []wire.ReturnCode
}

// jobResult is what a job contributes to the answer.
type jobResult struct {
	codes []wire.ReturnCode
	data  []*wire.Segment
}

func fail(codes ...wire.ReturnCode) []wire.ReturnCode { return codes }

var jobSpecs = map[string]*jobSpec{}

// registerJob adds a job to the bank's offer.
func registerJob(j *jobSpec) {
	if _, dup := jobSpecs[j.id]; dup {
		panic("demobank: job registered twice: " + j.id) // programming error at init
	}
	jobSpecs[j.id] = j
}

// msgCtx is the processing context of one customer message.
type msgCtx struct {
	b   *Bank
	d   *dialog
	u   *user
	req *wire.Request
	now time.Time
	a   *answer
	// ran are the jobs of this message that needed no HKTAN and ran.
	ran map[string]bool
}

// waiting is a TAN-relevant job waiting for its HKTAN in the same message.
type waiting struct {
	seg  *wire.Segment
	call *jobCall
}

// runJobs answers the segments of a message in an open dialog. A failing
// job does not stop the others (§6.1).
func (c *msgCtx) runJobs() {
	var pending []waiting
	count := map[string]int{}
	for _, seg := range c.req.Jobs {
		if c.d.ended {
			c.a.codes(seg.Number, rc("9120", "Nach Dialogende nicht erwartet."))
			continue
		}
		switch seg.ID {
		case "HKEND":
			c.endDialog(seg)
		case "HKTAN":
			pending = c.hktan(seg, pending)
		case "HKIDN", "HKVVB", "HKSYN":
			c.a.codes(seg.Number, rc("9120", "Nur in der Dialoginitialisierung zulässig."))
		default:
			if w, ok := c.job(seg, count); ok {
				pending = append(pending, w)
			}
		}
	}
	for _, w := range pending {
		c.a.codes(w.seg.Number, rc("9075", "Starke Kundenauthentifizierung notwendig: HKTAN fehlt zu diesem Auftrag."))
	}
}

// job checks a business segment and runs it at once when it needs no
// TAN; TAN-relevant jobs are returned to wait for their HKTAN.
func (c *msgCtx) job(seg *wire.Segment, count map[string]int) (waiting, bool) {
	spec := jobSpecs[seg.ID]
	switch {
	case spec == nil:
		c.a.codes(seg.Number, rc("9110", "Geschäftsvorfall "+seg.ID+" wird nicht unterstützt."))
		return waiting{}, false
	case !slices.Contains(spec.versions, seg.Version):
		c.a.codes(seg.Number, rc("9180", "Segmentversion wird nicht unterstützt."))
		return waiting{}, false
	case c.d.anonymous:
		c.a.codes(seg.Number, rc("9380", "Auftrag nur für angemeldete Benutzer."))
		return waiting{}, false
	case c.d.oneStep:
		c.a.codes(seg.Number, rc("9955", "Einschritt-Verfahren nicht zugelassen: bitte mit einem Zwei-Schritt-Verfahren anmelden."))
		return waiting{}, false
	case c.d.tabOnly && seg.ID != "HKTAB":
		c.a.codes(seg.Number, rc("9380", "In diesem Dialog ist nur die Abfrage der TAN-Medien (HKTAB) zulässig."))
		return waiting{}, false
	case !c.d.ready:
		c.a.codes(seg.Number, rc("9210", "Auftrag erst nach Freigabe der Anmeldung möglich."))
		return waiting{}, false
	}
	count[seg.ID]++
	if count[seg.ID] > spec.maxPerMsg {
		c.a.codes(seg.Number, rc("9170", "Zu viele Aufträge dieser Art in einer Nachricht."))
		return waiting{}, false
	}
	call, errs := spec.prepare(c, seg)
	if len(errs) > 0 {
		c.a.codes(seg.Number, errs...)
		return waiting{}, false
	}
	if tanRelevant(seg.ID) {
		return waiting{seg: seg, call: call}, true
	}
	c.execute(seg.Number, call)
	if c.ran == nil {
		c.ran = map[string]bool{}
	}
	c.ran[seg.ID] = true
	return waiting{}, false
}

// execute runs a job and files its codes and data under ref: the job's
// own segment, or the HKTAN that released it.
func (c *msgCtx) execute(ref int, call *jobCall) bool {
	res := call.run(c)
	c.a.codes(ref, res.codes...)
	c.a.add(ref, res.data...)
	return wire.Codes(res.codes).Err() == nil
}

// endDialog answers HKEND (§3.6).
func (c *msgCtx) endDialog(seg *wire.Segment) {
	if seg.Str(2) != c.d.id {
		c.a.codes(seg.Number, rcAt("9210", "2", "Dialog-ID passt nicht zum Dialog."))
		return
	}
	c.b.end(c.d)
	c.a.global = append(c.a.global, okEnded)
}
