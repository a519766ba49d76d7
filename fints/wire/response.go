package wire

import (
	"fmt"
)

// Response is a parsed bank answer.
type Response struct {
	Message      *Message
	Head         Head // dialog ID, message number and reference message
	HBCIVersion  int
	DeclaredSize int // HNHBK #2 as sent; may differ from the real size
	// Segments is the flat, unwrapped list HNHBK, [HNSHK,] …, [HNSHA,] HNHBS.
	Segments []*Segment
	// Codes are all HIRMG/HIRMS return codes in order.
	Codes Codes
	// Signed is true when the bank included HNSHK/HNSHA.
	Signed bool
}

// ParseResponse decodes a bank answer: wrapped (HNVSK/HNVSD, with or
// without signature) or unwrapped (anonymous dialogs, abort messages). A
// wrong HNHBK size or a missing HNHBS are noted in Message.Notes, not
// rejected: the codes inside are what matters to the client.
func ParseResponse(b []byte) (*Response, error) {
	m, err := Decode(b)
	if err != nil {
		return nil, fmt.Errorf("bank answer: %w", err)
	}
	flat := m.Flat()
	if len(flat) == 0 {
		return nil, fmt.Errorf("bank answer: no segments outside the encryption header")
	}
	h := flat[0]
	if !h.Is("HNHBK") {
		return nil, fmt.Errorf("bank answer: starts with %s, not with the message header HNHBK", h.Header())
	}
	r := &Response{Message: m, Segments: flat, Codes: ParseReturnCodes(flat)}
	r.DeclaredSize, _ = h.Int(2)
	r.HBCIVersion, _ = h.Int(3)
	r.Head.DialogID = h.Str(4)
	r.Head.Number, _ = h.Int(5)
	r.Head.RefDialogID = h.Group(6).Str(1)
	r.Head.RefNumber, _ = h.Group(6).Int(2)
	if r.DeclaredSize != len(b) {
		m.Notes = append(m.Notes, fmt.Sprintf("HNHBK declares %d bytes, the message has %d", r.DeclaredSize, len(b)))
	}
	if !flat[len(flat)-1].Is("HNHBS") {
		m.Notes = append(m.Notes, "message does not end with HNHBS")
	}
	r.Signed = Find(flat, "HNSHK") != nil
	return r, nil
}

// Body returns the segments without envelope and signature (HNHBK, HNHBS,
// HNSHK, HNSHA), i.e. return codes and data segments.
func (r *Response) Body() []*Segment {
	out := make([]*Segment, 0, len(r.Segments))
	for _, s := range r.Segments {
		switch s.ID {
		case "HNHBK", "HNHBS", "HNSHK", "HNSHA":
			continue
		}
		out = append(out, s)
	}
	return out
}

// Find returns the first segment with the given ID, or nil.
func (r *Response) Find(id string) *Segment { return Find(r.Segments, id) }

// FindAll returns every segment with the given ID.
func (r *Response) FindAll(id string) []*Segment { return FindAll(r.Segments, id) }

// ForSegment returns the data segments answering customer segment n (their
// header reference is n), e.g. the HISAL for an HKSAL.
func (r *Response) ForSegment(n int) []*Segment {
	var out []*Segment
	for _, s := range r.Body() {
		if s.Ref == n && s.ID != "HIRMS" {
			out = append(out, s)
		}
	}
	return out
}

// Err returns a *BankError if the answer carries error codes.
func (r *Response) Err() error { return r.Codes.Err() }

// DialogEnded reports whether the bank closed the dialog in this answer
// (0100 or 9800), after which the client must not send HKEND.
func (r *Response) DialogEnded() bool { return r.Codes.Has("0100", "9800") }
