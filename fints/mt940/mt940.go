// Package mt940 reads and writes SWIFT MT940 (account statement) and MT942
// (interim report) as German banks deliver them in HIKAZ, and as Dutch,
// Nordic and Polish banks export them, into the shared booking model of
// fints/statement.
//
// Entry points: [Parse] reads a whole HIKAZ answer or file into
// statement.Statement values; [NewReader] and [Reader.Next] do the same
// one statement at a time, holding only that statement in memory, for
// large files; [Write] renders a statement the way a German bank sends it
// (the demo bank's HIKAZ). A field that cannot be read is an [*Error]
// naming its line and tag.
//
// The reader is lenient where banks are known to deviate (see §8.6 of the
// protocol guide): LF, CRLF or "@@" line ends, SWIFT envelope blocks and
// control bytes, missing "-" separators, lines that break inside "?nn"
// markers, Latin-1 or UTF-8 per statement, one-decimal or missing-decimal
// amounts, and fragments that start in the middle of a statement. It is
// strict where leniency would lose money: a statement line (:61:) or an
// opening/closing balance that cannot be read is an error naming the line,
// never silently dropped.
//
// Model mapping (see statement.Booking for the fields):
//   - :61: gives the dates, the signed amount (RC is a reversed credit and
//     so negative, RD a reversed debit and so positive; both set Reversal),
//     TypeCode ("NTRF"), the customer reference (unless NONREF), the bank
//     reference after "//" and the supplementary details (Extra).
//   - a DK-structured :86: (GVC + "?nn" sub-fields) gives GVC, posting text,
//     prima nota, counterparty and the SEPA keywords (EREF, KREF, MREF, CRED,
//     SVWZ, ABWA, ABWE, PURP; DEBT, COAM, OAMT and the like go to Extra).
//   - any other :86: is kept whole, whitespace-normalised, as Purpose; the
//     counterparty IBAN and name are taken from it where the layout is
//     unambiguous (Dutch "/CODE/value" fields, "REK:/NAAM:", a leading IBAN).
//   - RunningBalance is computed from the opening balance (:60F:/:60M:)
//     plus the bookings in order; it is nil when there is no opening balance.
//     It is what the bank's own figures imply, not a value the bank sent.
package mt940

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"saldo/fints/statement"
)

// ErrNoStatement is returned (wrapped) by Parse when the input holds no
// MT940/MT942 field at all.
var ErrNoStatement = errors.New("no MT940/MT942 statement found (expected lines starting with a field tag such as :20: or :61:)")

// Error describes a field that could not be read.
type Error struct {
	Line int    // 1-based logical line of the field in the input
	Tag  string // field tag without colons, e.g. "61"
	Msg  string
	Err  error // underlying cause, if any
}

func (e *Error) Error() string {
	s := fmt.Sprintf("mt940: line %d: field :%s: %s", e.Line, e.Tag, e.Msg)
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Parse reads every statement in data. It stops at the first statement
// that cannot be read and returns the error (with the statement's position);
// data without any statement gives ErrNoStatement.
func Parse(data []byte) ([]statement.Statement, error) {
	r := NewReader(bytes.NewReader(data))
	var out []statement.Statement
	for {
		st, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return out, fmt.Errorf("statement %d: %w", len(out)+1, err)
		}
		out = append(out, *st)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("mt940: %w", ErrNoStatement)
	}
	return out, nil
}
