package wire

import (
	"strings"
)

// Class is the kind of a return code, given by its first digit.
type Class int

const (
	// Success: 0xxx.
	Success Class = iota
	// Warning: 3xxx, and any other digit but 9 (some banks still send
	// HBCI-2.2-era 1xxx notices); the job was accepted.
	Warning
	// Error: 9xxx; the job or the whole message was rejected.
	Error
)

func (c Class) String() string {
	switch c {
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "success"
}

// ReturnCode is one Rückmeldung from HIRMG or HIRMS.
type ReturnCode struct {
	Code   string   // 4 digits, e.g. "9942"
	Ref    string   // Bezugsdatenelement, "p" or "p,q" (HIRMS only)
	Text   string   // the bank's text, for display
	Params []string // code-specific parameters (touchdown, method codes …)
	// Segment is the number of the customer segment the code refers to
	// (the HIRMS reference); 0 for HIRMG codes.
	Segment int
	// Global is true for codes from HIRMG (the message as a whole).
	Global bool
}

// Class returns the code's class.
func (c ReturnCode) Class() Class {
	switch {
	case strings.HasPrefix(c.Code, "9"):
		return Error
	case strings.HasPrefix(c.Code, "0"):
		return Success
	}
	return Warning
}

// IsError reports a 9xxx code.
func (c ReturnCode) IsError() bool { return c.Class() == Error }

// Message returns what to show a person: the bank's text, or the meaning
// from the table of well-known codes when the bank sent none.
func (c ReturnCode) Message() string {
	if t := strings.TrimSpace(c.Text); t != "" {
		return t
	}
	if m := Meaning(c.Code); m != "" {
		return m
	}
	return "code " + c.Code
}

// String renders "9942 PIN ungültig".
func (c ReturnCode) String() string { return c.Code + " " + c.Message() }

// DE returns the Rückmeldung group for building HIRMG/HIRMS.
func (c ReturnCode) DE() DE {
	d := S(c.Code, c.Ref, c.Text)
	for _, p := range c.Params {
		d = append(d, Text(p))
	}
	return d
}

// NewHIRMG builds an HIRMG v2 segment (number assigned by the envelope).
func NewHIRMG(codes ...ReturnCode) *Segment {
	s := NewSegment("HIRMG", 2)
	for _, c := range codes {
		c.Ref = "" // HIRMG has no Bezugsdatenelement
		s.DEs = append(s.DEs, c.DE())
	}
	return s
}

// NewHIRMS builds an HIRMS v2 segment answering customer segment ref.
func NewHIRMS(ref int, codes ...ReturnCode) *Segment {
	s := NewSegment("HIRMS", 2)
	s.Ref = ref
	for _, c := range codes {
		s.DEs = append(s.DEs, c.DE())
	}
	return s
}

// Codes is a list of return codes in message order.
type Codes []ReturnCode

// ParseReturnCodes collects the codes of every HIRMG and HIRMS in segs.
func ParseReturnCodes(segs []*Segment) Codes {
	var out Codes
	for _, s := range segs {
		global := s.ID == "HIRMG"
		if !global && s.ID != "HIRMS" {
			continue
		}
		for _, d := range s.DEs {
			if d.Str(1) == "" {
				continue
			}
			c := ReturnCode{Code: d.Str(1), Ref: d.Str(2), Text: d.Str(3), Global: global}
			if len(d) > 3 {
				c.Params = d.Strs(4)
			}
			if !global {
				c.Segment = s.Ref
			}
			out = append(out, c)
		}
	}
	return out
}

// Find returns the first code with the given number.
func (cs Codes) Find(code string) (ReturnCode, bool) {
	for _, c := range cs {
		if c.Code == code {
			return c, true
		}
	}
	return ReturnCode{}, false
}

// Has reports whether any of the given codes is present.
func (cs Codes) Has(codes ...string) bool {
	for _, c := range cs {
		for _, want := range codes {
			if c.Code == want {
				return true
			}
		}
	}
	return false
}

// ForSegment returns the codes that refer to customer segment n.
func (cs Codes) ForSegment(n int) Codes {
	return cs.filter(func(c ReturnCode) bool { return !c.Global && c.Segment == n })
}

// Global returns the HIRMG codes.
func (cs Codes) Global() Codes { return cs.filter(func(c ReturnCode) bool { return c.Global }) }

// Errors returns the 9xxx codes.
func (cs Codes) Errors() Codes { return cs.filter(ReturnCode.IsError) }

// Warnings returns the warning-class codes.
func (cs Codes) Warnings() Codes {
	return cs.filter(func(c ReturnCode) bool { return c.Class() == Warning })
}

func (cs Codes) filter(keep func(ReturnCode) bool) Codes {
	var out Codes
	for _, c := range cs {
		if keep(c) {
			out = append(out, c)
		}
	}
	return out
}

// Err returns a *BankError when cs contains an error code, else nil.
func (cs Codes) Err() error {
	errs := cs.Errors()
	if len(errs) == 0 {
		return nil
	}
	// Summary codes say only that something failed; prefer the code that
	// says what (9800 + 9942 is a wrong PIN, 9050 + 9210 a bad field).
	primary := errs[0]
	for _, c := range errs {
		if c.Code != "9050" && c.Code != "9800" {
			primary = c
			break
		}
	}
	return &BankError{ReturnCode: primary, All: cs}
}

// BankError is a bank's rejection, carrying its code and text. Use
// errors.As to get at it; Has checks for further codes in the same answer.
type BankError struct {
	ReturnCode       // the most specific error code
	All        Codes // every code of the answer, for context
}

func (e *BankError) Error() string { return "bank error " + e.ReturnCode.String() }

// Has reports whether the answer carried any of the given codes.
func (e *BankError) Has(codes ...string) bool { return e.All.Has(codes...) }

// DialogEnded reports whether the bank ended the dialog (9800), after
// which no HKEND may be sent.
func (e *BankError) DialogEnded() bool { return e.All.Has("9800") }
