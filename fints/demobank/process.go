package demobank

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"

	"saldo/fints/wire"
)

// process answers one customer message (§13.2). It always returns a FinTS
// message: the answer, or an abort message for what cannot be processed.
func (b *Bank) process(raw []byte, url string) []byte {
	raw, repaired := repairTrailer(raw)
	req, err := wire.ParseRequest(raw)
	if err != nil {
		code := rc("9110", "Nachricht nicht lesbar.")
		var env *wire.EnvelopeError
		if errors.As(err, &env) {
			code = env.ReturnCode()
		}
		b.log.Info("demobank: rejected message", "code", code.Code, "err", err)
		return b.abortBytes(guessHead(raw), code)
	}
	if repaired {
		b.log.Debug("demobank: accepted HNHBS with a stale message number", "dialog", req.Head.DialogID)
	}

	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	head := &req.Head
	if b.takeAbort() {
		if d := b.dialogs[req.Head.DialogID]; d != nil {
			b.end(d)
		}
		b.log.Info("demobank: fault: aborting dialog", "dialog", req.Head.DialogID)
		return b.abortBytes(head, errAborted, rc("9010", "Dialog durch die Bank beendet (Testschalter)."))
	}

	var a *answer
	if req.Head.DialogID == "0" {
		a, err = b.initDialog(req, url, now)
	} else {
		a, err = b.continueDialog(req, now)
	}
	var ab *abortError
	if errors.As(err, &ab) {
		b.logMessage(req, ab.codes)
		return b.abortBytes(head, ab.codes...)
	}
	if err != nil {
		b.log.Error("demobank: processing failed", "err", err)
		return b.abortBytes(head, rc("9010", "Verarbeitung derzeit nicht möglich."))
	}
	out, err := a.build()
	if err == nil {
		var msg []byte
		if msg, err = out.Bytes(); err == nil {
			b.logAnswer(req, a)
			if b.pay.dropAnswer {
				// Faults.DropAfterPayment: serveHTTP hangs up.
				b.pay.dropAnswer = false
				return nil
			}
			return msg
		}
	}
	b.log.Error("demobank: encoding the answer failed", "err", err)
	return b.abortBytes(head, rc("9010", "Verarbeitung derzeit nicht möglich."))
}

// abortBytes builds the unwrapped abort message answering head (nil when
// the message could not be read).
func (b *Bank) abortBytes(head *wire.Head, codes ...wire.ReturnCode) []byte {
	var h wire.Head
	if head != nil {
		h = wire.Head{DialogID: head.DialogID, Number: head.Number, RefDialogID: head.DialogID, RefNumber: head.Number}
	}
	out, err := wire.NewAbort(h, codes...)
	if err == nil {
		var msg []byte
		if msg, err = out.Bytes(); err == nil {
			return msg
		}
	}
	// Only reachable with codes that cannot be encoded; the fixed form
	// below always can.
	b.log.Error("demobank: building an abort message failed", "err", err)
	return []byte("HNHBK:1:3+000000000092+300+0+9999+0:9999'HIRMG:2:2+9800::Dialog abgebrochen.'HNHBS:3:1+9999'")
}

// guessHead reads dialog ID and message number from a message the
// envelope checks rejected, so the abort message can refer to it.
func guessHead(raw []byte) *wire.Head {
	m, err := wire.Decode(raw)
	if err != nil || len(m.Segments) == 0 || m.Segments[0].ID != "HNHBK" {
		return nil
	}
	h := m.Segments[0]
	n, _ := h.Int(5)
	if h.Str(4) == "" || n < 1 {
		return nil
	}
	return &wire.Head{DialogID: h.Str(4), Number: n}
}

// repairTrailer accepts a known client quirk: lib-fints repeats a message
// for a touchdown page with a new number in HNHBK but the old one in HNHBS.
// Real banks answer such messages, so the bank rewrites the trailer
// number (and the size) before the strict envelope checks. Anything else
// is left for those checks.
func repairTrailer(raw []byte) ([]byte, bool) {
	const headLen = len("HNHBK:1:3+000000000000+")
	i := bytes.LastIndex(raw, []byte("'HNHBS:"))
	if len(raw) < headLen || !bytes.HasPrefix(raw, []byte("HNHBK:1:3+")) || i < 0 {
		return raw, false
	}
	m, err := wire.Decode(raw)
	if err != nil || len(m.Segments) < 2 {
		return raw, false
	}
	head, tail := m.Segments[0], m.Segments[len(m.Segments)-1]
	hn, ok1 := head.Int(5)
	tn, ok2 := tail.Int(2)
	size, _ := head.Int(2)
	if !ok1 || !ok2 || hn == tn || tail.ID != "HNHBS" || size != len(raw) {
		return raw, false
	}
	fixed := append([]byte{}, raw[:i+1]...)
	fixed = fmt.Appendf(fixed, "HNHBS:%d:1+%d'", tail.Number, hn)
	copy(fixed[len("HNHBK:1:3+"):], fmt.Sprintf("%012d", len(fixed)))
	return fixed, true
}

// logMessage writes one line about a message and its outcome.
func (b *Bank) logMessage(req *wire.Request, codes []wire.ReturnCode) {
	ids := make([]string, len(req.Jobs))
	for i, j := range req.Jobs {
		ids[i] = j.ID + ":" + strconv.Itoa(j.Version)
	}
	cs := make([]string, len(codes))
	for i, c := range codes {
		cs[i] = c.Code
	}
	b.log.Info("demobank: message", "dialog", req.Head.DialogID, "msg", req.Head.Number,
		"user", req.UserID, "jobs", ids, "codes", cs)
}

// logAnswer logs the codes of an answer.
func (b *Bank) logAnswer(req *wire.Request, a *answer) {
	var codes []wire.ReturnCode
	codes = append(codes, a.global...)
	for _, r := range a.rms {
		codes = append(codes, r.codes...)
	}
	b.logMessage(req, codes)
}
