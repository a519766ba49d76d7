package demobank

import (
	"fmt"
	"strings"
	"time"

	"saldo/fints/challenge"
	"saldo/fints/wire"
)

// tanTask is a job (or a login) waiting for strong authentication
// (§5.10). The jobs are stored checked and ready to run, so a parked job of
// any kind – query or payment – executes after approval exactly as if it
// had been sent in the approving message.
type tanTask struct {
	ref       string // Auftragsreferenz
	dialog    *dialog
	user      *user
	method    *tanMethod
	operation string
	created   time.Time
	expires   time.Time
	tan       string // classic methods: the expected TAN
	attempts  int    // wrong TANs so far
	polls     int    // decoupled status requests so far
	approveAt time.Time
	approved  bool // decoupled: released in the app (or by the test hook)
	rejected  bool // decoupled: refused in the app
	// login is set when the task authorises the dialog initialisation.
	login bool
	jobs  []parkedJob
}

// parkedJob is a checked job waiting for its TAN.
type parkedJob struct {
	seg  *wire.Segment
	call *jobCall
}

// zeroTime marks "no expiry" for hitan.
var zeroTime time.Time

// maxTANAttempts is how many wrong TANs a task survives.
const maxTANAttempts = 3

// newTask opens a TAN task for the dialog, replacing an unfinished one
// (§11.4 item 7 allows either; replacing lets a client abandon a challenge).
func (c *msgCtx) newTask(operation string) *tanTask {
	b, d := c.b, c.d
	if d.task != nil {
		delete(b.tasks, d.task.ref)
	}
	b.seq++
	t := &tanTask{
		ref:       fmt.Sprintf("%s-%06d", b.challengeID(8), b.seq),
		dialog:    d,
		user:      c.u,
		method:    tanMethods[d.function],
		operation: operation,
		created:   c.now,
		expires:   c.now.Add(b.tanValidity),
	}
	if t.method.decoupled {
		if b.approveAfter > 0 {
			t.approveAt = c.now.Add(b.approveAfter)
		}
	} else {
		t.tan = b.challengeDigits(tanLength)
	}
	b.tasks[t.ref] = t
	d.task = t
	c.u.lastTAN, c.u.lastRef = t.tan, t.ref
	return t
}

// challengeFor writes the challenge of a task: the text for the person and,
// for chipTAN and photoTAN, the machine-readable part for HITAN #6.
// In demo mode the text tells the TAN, which stands in for the SMS, the
// TAN generator or the photoTAN app a real customer would use.
func (b *Bank) challengeFor(t *tanTask, hhd []string) (string, []byte, error) {
	op := t.operation
	var text string
	var data []byte
	switch t.method.code {
	case MethodDecoupled:
		text = fmt.Sprintf("Bitte geben Sie die %s in Ihrer Demo-App frei.", op)
		if b.approveAfter > 0 {
			text += fmt.Sprintf("<br>Demo: Die App gibt nach %d Sekunden von selbst frei.", int(b.approveAfter.Seconds()))
		}
	case MethodSMS:
		text = fmt.Sprintf("Die TAN für die %s wurde per SMS an Ihre Mobilfunknummer +49 170 ***4711 gesendet.", op)
	case MethodChipTAN:
		f := challenge.NewHHD14(b.startCode(op), hhd...)
		s, err := challenge.EncodeHHDUC(f)
		if err != nil {
			return "", nil, fmt.Errorf("demobank: chipTAN challenge: %w", err)
		}
		data = []byte(s)
		text = fmt.Sprintf("Bitte halten Sie Ihren TAN-Generator an die animierte Grafik und bestätigen Sie die %s mit OK.", op)
	case MethodPhotoTAN:
		png, err := challenge.MatrixPNG("saldo-demobank:" + t.ref + ":" + t.tan)
		if err != nil {
			return "", nil, fmt.Errorf("demobank: photoTAN matrix: %w", err)
		}
		data, err = challenge.EncodeImage(challenge.Image{MIME: "image/png", Data: png})
		if err != nil {
			return "", nil, fmt.Errorf("demobank: photoTAN container: %w", err)
		}
		text = fmt.Sprintf("Bitte scannen Sie die Grafik mit Ihrer photoTAN-App und geben Sie die TAN für die %s ein.", op)
	}
	if t.tan != "" && !b.hideTANs {
		text += "<br>Demo: Die TAN lautet " + t.tan + "."
	}
	return text, data, nil
}

// startCode is an HHD 1.4 start code: a transaction class followed by
// random digits, as the first digits of a real start code encode the kind
// of order.
func (b *Bank) startCode(operation string) string {
	class := "17" // queries and logins
	if strings.Contains(operation, "Überweisung") {
		class = "29"
	}
	return class + b.challengeDigits(6)
}

// hitan builds a HITAN answering the customer's HKTAN (version and
// reference follow that segment).
func (b *Bank) hitan(version int, process, ref, text string, data []byte, expires time.Time) *wire.Segment {
	s := wire.NewSegment("HITAN", version, wire.S(process), nil, wire.S(ref))
	if text == "" && data == nil && expires.IsZero() {
		return s
	}
	s.Add(wire.S(text))
	if data != nil {
		s.Add(wire.B(data))
	} else {
		s.Add(nil)
	}
	if !expires.IsZero() {
		t := expires.In(b.ledger.loc)
		s.Add(wire.S(t.Format("20060102"), t.Format("150405")))
	}
	return s
}

// filler is the HITAN of an SCA exemption (§5.8).
func (b *Bank) filler(version int) *wire.Segment {
	return wire.NewSegment("HITAN", version, wire.S("4"), nil, wire.S("noref"), wire.S("nochallenge"))
}

// issue opens a task and writes its challenge into the answer: 0030 (or
// 3955 for the app) on the HKTAN segment and a HITAN with the reference.
func (c *msgCtx) issue(tanSeg *wire.Segment, operation string, hhd []string) (*tanTask, error) {
	t := c.newTask(operation)
	text, data, err := c.b.challengeFor(t, hhd)
	if err != nil {
		delete(c.b.tasks, t.ref)
		c.d.task = nil
		return nil, err
	}
	if t.method.decoupled {
		c.a.codes(tanSeg.Number, needApproval)
	} else {
		c.a.codes(tanSeg.Number, needTAN)
	}
	c.a.add(tanSeg.Number, c.b.hitan(tanSeg.Version, "4", t.ref, text, data, t.expires))
	return t, nil
}
