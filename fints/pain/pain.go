// Package pain writes and reads the SEPA credit transfer initiation
// message pain.001 (versions 001.001.03 and 001.001.09) for exactly one
// transfer, as sent in HKCCS (single transfer), HKIPZ (instant) and HKCSE
// (scheduled). The reader serves the demo bank, which must validate what a
// client sends; a minimal pain.002 reader covers Verification of Payee
// reports.
//
// Entry points: [Marshal] and [Write] validate a [Transfer] and produce
// the document for a [Version] ([V03] or [V09]; [VersionFromDescriptor]
// maps the bank's HISPAS descriptor), [Prepare] shows the normalised,
// transliterated form without writing it, and every problem is a
// [*FieldError] naming the field (all matching [ErrInvalid]). On the bank
// side [Parse] reads a pain.001 into a [Document], whose [Document.CheckSingle]
// applies the bank's rules and [Document.Transfer] returns the order;
// [ParseStatusReport] and [MarshalStatusReport] handle pain.002.
package pain

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"saldo/fints/money"
	"saldo/fints/sepa"
)

// Version names a pain.001 schema version.
type Version string

const (
	// V03 is pain.001.001.03, the SEPA standard of 2009–2023, still widely
	// accepted.
	V03 Version = "pain.001.001.03"
	// V09 is pain.001.001.09, the current DK version (from November 2023).
	V09 Version = "pain.001.001.09"
)

const urnPrefix = "urn:iso:std:iso:20022:tech:xsd:"

// Descriptor returns the SEPA descriptor URN sent in HKCCS #3 and used as
// the document namespace, e.g. "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09".
func Descriptor(v Version) string { return urnPrefix + string(v) }

var versionRE = regexp.MustCompile(`pain\.\d{3}\.\d{3}\.\d{2}`)

// VersionFromDescriptor extracts the version from the spellings banks use in
// HISPAS and the HIxxxS parameters: the URN, "sepade:xsd:pain.001.001.09.xsd"
// or "pain.001.001.09_GBIC_4.xsd".
func VersionFromDescriptor(desc string) (Version, error) {
	m := versionRE.FindString(desc)
	if m == "" {
		return "", fmt.Errorf("SEPA descriptor %q names no pain message version", desc)
	}
	return Version(m), nil
}

// Writable reports whether this package can write v.
func (v Version) Writable() bool { return v == V03 || v == V09 }

// NotProvided is the SEPA placeholder for an absent end-to-end reference.
const NotProvided = "NOTPROVIDED"

// Limits from the SEPA rulebook.
const (
	MaxNameLen    = 70
	MaxPurposeLen = 140
	MaxIDLen      = 35
)

var (
	// MinAmount and MaxAmount bound a SEPA credit transfer.
	MinAmount = money.MustParse("0.01")
	MaxAmount = money.MustParse("999999999.99")
)

// ASAP is the DK convention for "execute as soon as possible" in
// ReqdExctnDt, used by HKCCS and HKIPZ.
var ASAP = time.Date(1999, time.January, 1, 0, 0, 0, 0, time.UTC)

// Transfer is one SEPA credit transfer. Texts may contain umlauts and other
// Latin letters: Prepare transliterates them to the target character set.
type Transfer struct {
	DebtorName string // account holder (Dbtr/Nm, also InitgPty/Nm)
	DebtorIBAN string
	DebtorBIC  string // optional; without it DbtrAgt says NOTPROVIDED

	CreditorName string
	CreditorIBAN string
	CreditorBIC  string // optional for SEPA (IBAN-only)

	Amount   money.Amount
	Currency string // must be EUR; empty means EUR

	Purpose    string // unstructured remittance text (Ustrd), ≤140
	EndToEndID string // empty → NOTPROVIDED

	// ExecutionDate is the requested day (only its calendar date counts).
	// Zero means as soon as possible (1999-01-01); HKCSE needs a real date.
	ExecutionDate time.Time
	// Instant adds PmtTpInf/LclInstrm/Cd = INST (HKIPZ).
	Instant bool

	// MsgID and PmtInfID are generated when empty.
	MsgID    string
	PmtInfID string
	// Created is the message time; zero means now.
	Created time.Time

	// Charset is the target character set for names and purpose. The zero
	// value, sepa.Basic, is accepted by every bank.
	Charset sepa.Charset
}

// execDate returns the date written into ReqdExctnDt.
func (t *Transfer) execDate() string {
	d := t.ExecutionDate
	if d.IsZero() {
		d = ASAP
	}
	return d.Format("2006-01-02")
}

func (t *Transfer) currency() string {
	if t.Currency == "" {
		return "EUR"
	}
	return strings.ToUpper(t.Currency)
}
