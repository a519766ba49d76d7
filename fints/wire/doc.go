// Package wire is the FinTS 3.0 syntax layer: it turns message bytes into a
// tree of segments, data elements and values and back, builds and parses the
// PIN/TAN message envelope, and reads return codes.
//
// Entry points: [Decode] and [Encode] convert between bytes and segments
// ([NewSegment], [S], [G], [B] build them); [NewSigned] wraps a customer's
// jobs in the PIN/TAN envelope and [ParseResponse] unwraps the bank's
// answer, its return codes in [Codes] and a rejection as [*BankError];
// [ParseRequest] and [NewAnswer] are the bank side, used by the demo bank.
// [DecodeBase64] reads an HTTP body, and [Trace] renders segments with the
// credentials blanked. The common groups (account [KTI], [KTV], bank [KIK],
// amount [BTG], balance [Saldo]) have typed parsers and writers.
//
// # Tree
//
// A message is a list of segments. A [Segment] has a header (ID, Number,
// Version, Ref) and data elements; every data element is a [DE], a list of
// one or more [Value]s (a plain DE has one value, a group has several,
// separated by ':' on the wire). A value is text (a Go UTF-8 string) or
// binary (raw bytes, `@len@` on the wire).
//
// # Numbering
//
// Positions follow the implementation guide and the FinTS Bezugsdatenelement
// rule, both 1-based: in a segment #1 is the header and #2 the first data
// element; inside a group #1 is the first value. So for
//
//	HKSAL:3:7+DE87123456781234567890:TESTDEFFXXX+N'
//
// seg.Group(2).Str(1) is the IBAN and seg.Str(3) is "N". Accessors never
// panic: a missing position reads as empty text, a missing group as an empty
// DE.
//
// # Leniency
//
// [Decode] is strict about structure (unterminated escapes or segments,
// binaries running past the end) and lenient where real banks and edited
// test fixtures deviate: whitespace between segments, extra header values
// such as "HIRMG:2:2:", wrong HNHBK sizes, UTF-8 text where Latin-1 is
// specified, and `@len@` counts that were written for the Latin-1 form of a
// fixture that was later converted to UTF-8. [Message.Notes] lists each
// repair so callers can log it.
//
// # Secrets
//
// PIN and TAN travel as [secret.Value] inside [Value]s of the secret kind.
// The encoder is the only code that reveals them; [Trace] renders the same
// tree with "***" instead, so a trace is redacted by construction. Decoding
// a customer message turns the HNSHA PIN/TAN group into secret values too.
package wire
