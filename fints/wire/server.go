package wire

import (
	"fmt"
	"time"

	"saldo/fints/secret"
)

// Server side of the envelope: the demo bank parses customer messages with
// ParseRequest and answers with NewAnswer or NewAbort.

// EnvelopeError is a customer message the bank must reject before looking
// at its jobs. Code is the return code to answer with (9110 unknown
// structure, 9185 unsupported version), normally inside an abort message.
type EnvelopeError struct {
	Code string
	Msg  string
	Err  error // underlying syntax error, if any
}

func (e *EnvelopeError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("customer message rejected (%s): %s: %v", e.Code, e.Msg, e.Err)
	}
	return fmt.Sprintf("customer message rejected (%s): %s", e.Code, e.Msg)
}

func (e *EnvelopeError) Unwrap() error { return e.Err }

// ReturnCode gives the code to put into the abort message's HIRMG.
func (e *EnvelopeError) ReturnCode() ReturnCode {
	return ReturnCode{Code: e.Code, Text: e.Msg, Global: true}
}

func reject(code, format string, args ...any) *EnvelopeError {
	return &EnvelopeError{Code: code, Msg: fmt.Sprintf(format, args...)}
}

// Request is a parsed customer message.
type Request struct {
	Message     *Message
	Head        Head
	HBCIVersion int
	Size        int // HNHBK #2, checked against the real length

	Signed     bool
	Profile    int    // security profile version: 1 (PIN:1) or 2 (PIN:2)
	Function   string // HNSHK #3 security function
	ControlRef string // HNSHK #4 = HNSHA #2
	SystemID   string // HNSHK #7 party identification
	Country    string // key name (HNSHK #12)
	BankCode   string
	UserID     string
	Time       string // HNSHK #9 "YYYYMMDD:hhmmss" as sent, for logs
	PIN        secret.Value
	TAN        secret.Value

	// Jobs are the customer's segments between signature head and tail
	// (or between HNHBK and HNHBS when unsigned), with their numbers.
	Jobs []*Segment
}

// ParseRequest decodes a customer message and checks the envelope rules of
// §2.8 that need no bank state: header first, size, FinTS version, wrapper
// order, signature head/tail pairing and consecutive numbering. Violations
// are *EnvelopeError.
func ParseRequest(b []byte) (*Request, error) {
	m, err := Decode(b)
	if err != nil {
		return nil, &EnvelopeError{Code: "9110", Msg: "message is not FinTS syntax", Err: err}
	}
	top := m.Segments
	h := top[0]
	if !h.Is("HNHBK", 3) || h.Number != 1 {
		return nil, reject("9110", "message must start with HNHBK:1:3, not %s", h.Header())
	}
	r := &Request{Message: m}
	r.Size, _ = h.Int(2)
	r.HBCIVersion, _ = h.Int(3)
	r.Head.DialogID = h.Str(4)
	r.Head.Number, _ = h.Int(5)
	if r.Size != len(b) {
		return nil, reject("9110", "HNHBK declares %d bytes, the message has %d", r.Size, len(b))
	}
	if r.HBCIVersion != HBCIVersion {
		return nil, reject("9185", "FinTS version %d is not supported, use 300", r.HBCIVersion)
	}
	if r.Head.DialogID == "" || r.Head.Number < 1 {
		return nil, reject("9110", "HNHBK lacks dialog ID or message number")
	}
	end := top[len(top)-1]
	if !end.Is("HNHBS") || len(top) < 2 {
		return nil, reject("9110", "message must end with HNHBS")
	}
	if n, _ := end.Int(2); n != r.Head.Number {
		return nil, reject("9110", "HNHBS message number %d differs from HNHBK's %d", n, r.Head.Number)
	}
	if len(top) >= 3 && top[1].ID == "HNVSK" {
		return r, r.parseSigned(top)
	}
	if err := consecutive(top[:len(top)-1], 1); err != nil {
		return nil, err
	}
	if end.Number != len(top) {
		return nil, reject("9110", "HNHBS has number %d, expected %d", end.Number, len(top))
	}
	r.Jobs = top[1 : len(top)-1]
	return r, nil
}

func (r *Request) parseSigned(top []*Segment) error {
	if len(top) != 4 || !top[1].Is("HNVSK", 3) || top[1].Number != 998 || !top[2].Is("HNVSD", 1) || top[2].Number != 999 {
		return reject("9110", "a signed message must be HNHBK, HNVSK:998:3, HNVSD:999:1, HNHBS")
	}
	inner := top[2].Inner
	if len(inner) < 2 {
		return reject("9110", "HNVSD must hold HNSHK, the jobs and HNSHA")
	}
	head, tail := inner[0], inner[len(inner)-1]
	if !head.Is("HNSHK", 4) || !tail.Is("HNSHA", 2) {
		return reject("9110", "signed payload must start with HNSHK:…:4 and end with HNSHA:…:2")
	}
	if err := consecutive(inner, 2); err != nil {
		return err
	}
	if top[3].Number != tail.Number+1 {
		return reject("9110", "HNHBS has number %d, expected %d", top[3].Number, tail.Number+1)
	}
	r.Signed = true
	r.Profile, _ = head.Group(2).Int(2)
	r.Function = head.Str(3)
	r.ControlRef = head.Str(4)
	r.SystemID = head.Group(7).Str(3)
	key := head.Group(12)
	r.Country, r.BankCode, r.UserID = key.Str(1), key.Str(2), key.Str(3)
	if t := head.Group(9); t.Str(2) != "" {
		r.Time = t.Str(2) + ":" + t.Str(3)
	}
	if tail.Str(2) != r.ControlRef || r.ControlRef == "" {
		return reject("9110", "security control references of HNSHK and HNSHA differ")
	}
	if (r.Function == "999") != (r.Profile == 1) {
		return reject("9110", "security profile PIN:%d does not fit security function %s", r.Profile, r.Function)
	}
	auth := tail.Group(4)
	r.PIN, _ = auth.At(1).Secret()
	r.TAN, _ = auth.At(2).Secret()
	r.Jobs = inner[1 : len(inner)-1]
	return nil
}

func consecutive(segs []*Segment, first int) error {
	for i, s := range segs {
		if s.Number != first+i {
			return reject("9110", "segment %s has number %d, expected %d", s.ID, s.Number, first+i)
		}
	}
	return nil
}

// AnswerSecurity mirrors the customer's signature values in a signed bank
// answer (HNSHK/HNSHA without PIN). Request.AnswerSecurity fills it.
type AnswerSecurity struct {
	Country, BankCode, UserID, SystemID string
	Function                            string
	ControlRef                          string
	Time                                time.Time // zero means now
}

// AnswerSecurity returns the values to sign the answer to r with.
func (r *Request) AnswerSecurity(now time.Time) *AnswerSecurity {
	return &AnswerSecurity{Country: r.Country, BankCode: r.BankCode, UserID: r.UserID,
		SystemID: r.SystemID, Function: r.Function, ControlRef: r.ControlRef, Time: now}
}

// NewAnswer builds a bank answer. With sec it is wrapped and signed like
// §12.3 (HNVSK, HNVSD{HNSHK, segs…, HNSHA}); with sec == nil it is a plain
// HNHBK, segs…, HNHBS as for anonymous dialogs. h must carry the reference
// message.
func NewAnswer(h Head, sec *AnswerSecurity, segs ...*Segment) (*Outgoing, error) {
	if h.DialogID == "" || h.Number < 1 || h.RefDialogID == "" {
		return nil, fmt.Errorf("fints/wire: answer head needs dialog ID, number and reference message, got %+v", h)
	}
	if sec == nil {
		return plain(h, segs)
	}
	s := sigParams{
		country: orDefault(sec.Country, CountryDE), bank: sec.BankCode, user: sec.UserID,
		system: orDefault(sec.SystemID, "0"), function: sec.Function, ref: sec.ControlRef,
		time: sec.Time, role: "2",
	}
	return wrap(h, s, nil, segs)
}

// NewAbort builds the unwrapped abort message of §2.7: HNHBK, HIRMG with
// the codes (9800 is added first when missing), HNHBS.
func NewAbort(h Head, codes ...ReturnCode) (*Outgoing, error) {
	if !Codes(codes).Has("9800") {
		codes = append([]ReturnCode{{Code: "9800", Text: "Dialog abgebrochen"}}, codes...)
	}
	// When the message could not be read, the specification suggests 9999
	// for the unknown message number; the dialog ID falls back to "0".
	if h.DialogID == "" {
		h.DialogID = "0"
	}
	if h.Number < 1 {
		h.Number = 9999
	}
	if h.RefDialogID == "" {
		h.RefDialogID, h.RefNumber = h.DialogID, h.Number
	}
	return NewAnswer(h, nil, NewHIRMG(codes...))
}
