package fints

import (
	"errors"
	"fmt"
	"strings"

	"saldo/fints/wire"
)

// Sentinel errors; the engine's errors wrap them (and the bank's
// *wire.BankError where there is one), so callers use errors.Is/As.
var (
	// ErrWrongPIN: the bank rejected the PIN or login name (9340, 9942,
	// 9910). The engine makes no further attempt with that PIN; set a new
	// one with Client.SetPIN.
	ErrWrongPIN = errors.New("the bank rejected the PIN or user ID")
	// ErrLocked: the access or PIN is locked (9930, 9931, 9933, 3931, 3938).
	ErrLocked = errors.New("the bank has locked the access")
	// ErrProductRejected: the bank refuses the product ID (9078, or an
	// error text naming the product registration).
	ErrProductRejected = errors.New("the bank rejected the product registration ID")
	// ErrNoPIN: an operation needs the PIN but none is set.
	ErrNoPIN = errors.New("no PIN given")
	// ErrNoPrompter: the bank demands a TAN but no Prompter is configured.
	ErrNoPrompter = errors.New("the bank demands a TAN, but no way to ask for one is configured")
	// ErrTANRejected: the TAN was wrong too often (9941 beyond the retry
	// limit), already used (9991/9943) or expired (9951).
	ErrTANRejected = errors.New("the bank did not accept the TAN")
	// ErrApprovalTimeout: the decoupled approval did not arrive within the
	// bank's limits.
	ErrApprovalTimeout = errors.New("the approval in the banking app did not arrive in time")
	// ErrNoTANMethod: no two-step method usable by this client is allowed
	// for the user.
	ErrNoTANMethod = errors.New("no usable TAN method")
	// ErrPause, returned by a Prompter, freezes the operation waiting for
	// the TAN instead of cancelling it (see Client.Pause).
	ErrPause = errors.New("operation paused while waiting for the TAN")
	// ErrPauseUsed: a paused state was already resumed once.
	ErrPauseUsed = errors.New("this paused operation was already resumed; a paused state can be used only once")
	// ErrPauseExpired: the bank no longer knows the paused dialog.
	ErrPauseExpired = errors.New("the bank no longer knows the paused dialog (timed out or already continued)")
	// ErrNotSupported: the bank does not offer the business transaction.
	ErrNotSupported = errors.New("the bank does not offer this")
	// ErrState: a state blob cannot be used.
	ErrState = errors.New("fints state")
	// ErrClosed: the client was paused or closed and cannot be used.
	ErrClosed = errors.New("fints client is paused or closed")
)

// Error is a bank rejection classified for the caller: Kind is one of the
// sentinels above (or nil for other bank errors), Bank the bank's codes and
// texts, Hint what the person can do.
type Error struct {
	Op   string // what the engine was doing, e.g. "dialog initialisation"
	Kind error
	Bank *wire.BankError
	Hint string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Op)
	b.WriteString(": ")
	if e.Kind != nil {
		b.WriteString(e.Kind.Error())
		if e.Bank != nil {
			fmt.Fprintf(&b, " (%s)", e.Bank.ReturnCode.String())
		}
	} else if e.Bank != nil {
		b.WriteString(e.Bank.Error())
	}
	if e.Hint != "" {
		b.WriteString(". ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

// Unwrap exposes both the kind and the bank error to errors.Is/As.
func (e *Error) Unwrap() []error {
	var out []error
	if e.Kind != nil {
		out = append(out, e.Kind)
	}
	if e.Bank != nil {
		out = append(out, e.Bank)
	}
	return out
}

var (
	wrongLogin  = []string{"9340", "9942", "9910"}
	lockedCodes = append([]string{}, wire.LockedCodes...)
)

// classify turns a bank answer's error codes into an *Error, or nil when
// codes has no errors. productID is named in the product hint.
func classify(op string, codes wire.Codes, productID string) error {
	err := codes.Err()
	if err == nil {
		return nil
	}
	var be *wire.BankError
	errors.As(err, &be)
	e := &Error{Op: op, Bank: be}
	switch {
	case codes.Has(lockedCodes...):
		e.Kind = ErrLocked
		e.Hint = "Do not try again with this PIN; unlock the access with your bank (online banking or phone)"
	case codes.Has(wrongLogin...) || credentialText(codes):
		e.Kind = ErrWrongPIN
		e.Hint = "Check PIN and user ID; every further wrong attempt counts towards the bank's lock"
	case codes.Has("9078") || productText(codes):
		e.Kind = ErrProductRejected
		e.Hint = productHint(productID)
	}
	return e
}

// credentialText is the last-resort heuristic of the guide (§6.3): some
// banks report wrong login data as 9210 with a telling text.
func credentialText(codes wire.Codes) bool {
	for _, c := range codes.Errors() {
		if c.Code != "9210" {
			continue
		}
		t := strings.ToLower(c.Text)
		if strings.Contains(t, "benutzer") || strings.Contains(t, "kennung") || strings.Contains(t, "zugangsdaten") || strings.Contains(t, "pin") {
			return true
		}
	}
	return false
}

func productText(codes wire.Codes) bool {
	for _, c := range codes.Errors() {
		t := strings.ToLower(c.Text)
		if strings.Contains(t, "produkt") || strings.Contains(t, "product") {
			return true
		}
	}
	return false
}

func productHint(id string) string {
	what := "no product ID was sent"
	if id != "" {
		what = fmt.Sprintf("the product ID %q is not registered with this bank", id)
	}
	return what + ". FinTS clients must be registered with the Deutsche Kreditwirtschaft (free FinTS product registration); " +
		"put the registration number you received into --product-id, the SALDO_PRODUCT_ID environment variable or the login's settings"
}

// isDialogGone reports whether err means the bank has dropped the dialog
// (9800 without a more specific reason we must stop on, or an unknown
// dialog), so the next operation should open a new one.
func isDialogGone(err error) bool {
	var be *wire.BankError
	if !errors.As(err, &be) || !be.DialogEnded() {
		return false
	}
	return !be.Has(wrongLogin...) && !be.Has(lockedCodes...) && !be.Has("9078", "9391", "3920", "9955")
}
