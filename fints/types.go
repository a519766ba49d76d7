package fints

// This file holds the engine's public data types: the contract that the
// vault, the command line and the terminal UI build against. The protocol
// machinery (wire syntax, envelope, dialogs, BPD/UPD) lives in the other
// files and sub-packages; see doc.go for the package documentation and
// ARCHITECTURE.md for the map.

import (
	"context"
	"time"

	"saldo/fints/challenge"
	"saldo/fints/money"
	"saldo/fints/secret"
	"saldo/fints/statement"
)

// Account is one account of a bank login, merged from HIUPD and HISPA.
type Account struct {
	IBAN       string `json:"iban,omitempty"`
	BIC        string `json:"bic,omitempty"`
	Number     string `json:"number,omitempty"`      // national account number
	SubAccount string `json:"sub_account,omitempty"` // Unterkontomerkmal
	BankCode   string `json:"bank_code,omitempty"`   // BLZ
	Currency   string `json:"currency,omitempty"`
	Owner      string `json:"owner,omitempty"`
	Product    string `json:"product,omitempty"` // "Girokonto", "Tagesgeld" …
	Type       int    `json:"type,omitempty"`    // HIUPD Kontoart (1–9 current, 10–19 savings …)
	// Jobs lists the business transactions the bank allows on this account
	// (HIUPD "erlaubte Geschäftsvorfälle"), e.g. "HKSAL", "HKCCS".
	Jobs []string `json:"jobs,omitempty"`
}

// Key identifies the account for display and storage: the IBAN if known,
// else "BLZ/number".
func (a Account) Key() string {
	if a.IBAN != "" {
		return a.IBAN
	}
	return a.BankCode + "/" + a.Number
}

// Balance is the answer to a balance query (HISAL).
type Balance struct {
	Account    string             `json:"account"` // Account.Key()
	Booked     statement.Balance  `json:"booked"`
	Pending    *statement.Balance `json:"pending,omitempty"` // bank-defined: balance incl. pending items
	Available  *money.Amount      `json:"available,omitempty"`
	CreditLine *money.Amount      `json:"credit_line,omitempty"`
	At         time.Time          `json:"at,omitempty"` // booking timestamp if the bank sent one
}

// TANKind says how a person produces a TAN for a method, which decides how
// the UI shows a challenge.
type TANKind int

const (
	TANManual     TANKind = iota // type a code received by SMS/app/letter (smsTAN, classic pushTAN)
	TANFlicker                   // chipTAN optical: show the flicker code to a TAN generator
	TANChipManual                // chipTAN manual: type start code/values into the generator
	TANImage                     // photoTAN / QR-TAN: show an image to be scanned
	TANDecoupled                 // approve in a banking app; no TAN is typed
)

func (k TANKind) String() string {
	switch k {
	case TANFlicker:
		return "chipTAN optical"
	case TANChipManual:
		return "chipTAN manual"
	case TANImage:
		return "photoTAN/QR"
	case TANDecoupled:
		return "app approval"
	}
	return "TAN"
}

// TANMethod is one two-step method from HITANS that the user may use.
type TANMethod struct {
	Code        string  `json:"code"` // security function, e.g. "942"; "999" = one-step
	Name        string  `json:"name"` // display name from the bank
	Kind        TANKind `json:"kind"`
	TechID      string  `json:"tech_id,omitempty"` // Technische Identifikation, e.g. "HHD1.4"
	DKName      string  `json:"dk_name,omitempty"` // ZKA/DK name, e.g. "HHDOPT1", "Decoupled"
	DKVersion   string  `json:"dk_version,omitempty"`
	MaxTANLen   int     `json:"max_tan_len,omitempty"`
	NumericTAN  bool    `json:"numeric_tan,omitempty"`
	NeedsMedium bool    `json:"needs_medium,omitempty"` // a TAN medium name must be sent (HKTAB)
	CanCancel   bool    `json:"can_cancel,omitempty"`   // Auftragsstorno erlaubt
	// LaterDialog is true when a TAN may be sent in a later dialog
	// (TAN Zeit- und Dialogbezug 2 or 3).
	LaterDialog bool `json:"later_dialog,omitempty"`

	// Decoupled polling rules (HITANS v7 #22–#26); zero for other kinds.
	MaxPolls      int           `json:"max_polls,omitempty"` // 0 = unlimited
	FirstWait     time.Duration `json:"first_wait,omitempty"`
	NextWait      time.Duration `json:"next_wait,omitempty"`
	ManualConfirm bool          `json:"manual_confirm,omitempty"` // user may say "done"
	AutoPoll      bool          `json:"auto_poll,omitempty"`      // client may poll on its own

	// HKTANVersion is the highest HKTAN version whose HITANS lists this method.
	HKTANVersion int `json:"hktan_version,omitempty"`
}

// TANMedium is a TAN device or phone from HITAB.
type TANMedium struct {
	Name   string `json:"name"`
	Class  string `json:"class,omitempty"`  // L list, G generator, M mobile phone, S secoder, A/B other
	Status string `json:"status,omitempty"` // 1 active, 2 available, 3/4 successor cards
	Phone  string `json:"phone,omitempty"`  // masked phone number
}

// Challenge is a bank's request for strong customer authentication.
type Challenge struct {
	Method    TANMethod `json:"method"`
	Medium    string    `json:"medium,omitempty"`
	Operation string    `json:"operation"` // what is being authorised, e.g. "Login", "Transfer"
	Text      string    `json:"text"`      // challenge text, markup turned into plain text
	// Flicker is set for chipTAN optical challenges (HHD 1.3/1.4).
	Flicker *challenge.Flicker `json:"flicker,omitempty"`
	// Image is set for photoTAN/QR challenges.
	Image     *challenge.Image `json:"image,omitempty"`
	ExpiresAt time.Time        `json:"expires_at,omitempty"`
	// Attempt counts the prompts for this challenge: 2 and more mean the
	// bank rejected the previous TAN (9941) and asks again.
	Attempt int `json:"attempt,omitempty"`
	// Reference is the bank's task reference (Auftragsreferenz), for logs
	// and for matching a resumed challenge.
	Reference string `json:"reference,omitempty"`
}

// DecoupledStatus is reported while the engine waits for app approval.
type DecoupledStatus struct {
	Challenge Challenge
	Polls     int           // status requests sent so far
	MaxPolls  int           // 0 = unlimited
	Deadline  time.Time     // when the engine gives up (from the BPD limits)
	NextPoll  time.Duration // until the next status request
}

// Prompter is how the engine asks a person for something in the middle of
// an operation. Each call blocks until the person answers or ctx ends; an
// error (or ctx.Err()) cancels the operation cleanly.
type Prompter interface {
	// TAN asks for the TAN of a classic challenge (manual, flicker, image).
	TAN(ctx context.Context, c Challenge) (secret.Value, error)
	// Decoupled tells the person to approve in their app. It is called once
	// when waiting starts and again after every status request; it must not
	// block. Cancel through ctx.
	Decoupled(ctx context.Context, s DecoupledStatus)
	// ConfirmApproval blocks until the person says they approved in the app;
	// used only when the bank forbids automatic status requests.
	ConfirmApproval(ctx context.Context, c Challenge) error
	// ConfirmPayee shows the Verification of Payee result and asks whether
	// the order shall be released anyway (true) or dropped (false).
	ConfirmPayee(ctx context.Context, r VoPResult) (bool, error)
}

// VoPMatch is the outcome of a Verification of Payee check.
type VoPMatch int

const (
	VoPMatched     VoPMatch = iota // RCVC: name matches
	VoPCloseMatch                  // RVMC: close match, bank suggests a name
	VoPNoMatch                     // RVNM: name does not match
	VoPNotPossible                 // RVNA: check not possible
	VoPPending                     // PDNG: bank has not answered yet
)

func (m VoPMatch) String() string {
	switch m {
	case VoPCloseMatch:
		return "close match"
	case VoPNoMatch:
		return "no match"
	case VoPNotPossible:
		return "not possible"
	case VoPPending:
		return "pending"
	}
	return "match"
}

// VoPResult is what the bank says about the payee name.
type VoPResult struct {
	Match         VoPMatch `json:"match"`
	IBAN          string   `json:"iban"`
	GivenName     string   `json:"given_name"`               // the name the user typed
	SuggestedName string   `json:"suggested_name,omitempty"` // for close matches
	Text          string   `json:"text,omitempty"`           // the bank's explanation for the user
}

// Transfer is a SEPA credit transfer order.
type Transfer struct {
	From          Account        `json:"from"`
	DebtorName    string         `json:"debtor_name"` // account holder, as in pain.001 Dbtr/Nm
	ToName        string         `json:"to_name"`
	ToIBAN        string         `json:"to_iban"`
	ToBIC         string         `json:"to_bic,omitempty"`
	Amount        money.Amount   `json:"amount"`
	Currency      string         `json:"currency"` // "EUR"
	Purpose       string         `json:"purpose,omitempty"`
	EndToEndID    string         `json:"end_to_end_id,omitempty"`
	Instant       bool           `json:"instant,omitempty"`
	ExecutionDate statement.Date `json:"execution_date,omitempty"` // zero = as soon as possible
}

// OutcomeState is the final state of a payment order.
type OutcomeState int

const (
	// Executed: the bank accepted the order.
	Executed OutcomeState = iota
	// Rejected: the bank refused; Reason says why. Nothing was paid.
	Rejected
	// Unknown: the order was sent but no answer arrived. It must not be
	// retried automatically: the person has to check the statement first.
	Unknown
)

func (s OutcomeState) String() string {
	switch s {
	case Rejected:
		return "rejected"
	case Unknown:
		return "unknown"
	}
	return "executed"
}

// Outcome is the result of a payment order.
type Outcome struct {
	State  OutcomeState `json:"state"`
	Reason string       `json:"reason,omitempty"` // bank codes and texts, or the transport error
	// Code is the bank's return code of a rejection (9210 invalid order or
	// IBAN, 9230 insufficient funds, 9941 wrong TAN, 9951 expired, 9390
	// duplicate …) or of an unknown outcome (9000); empty otherwise.
	Code string `json:"code,omitempty"`
	// Reference is the bank's order id where it returns one (scheduled
	// transfers, instant payments).
	Reference string     `json:"reference,omitempty"`
	VoP       *VoPResult `json:"vop,omitempty"`
}
