// Package statement is the one booking model shared by every statement
// format (MT940/MT942, camt.052/053/054), the engine, the vault, the
// exporters and the UI. Parsers fill it; nothing here knows a wire format.
//
// A [Statement] is one account's report for a period: its [Booking]
// entries (booked or pending, see [Status]) and its opening, closing
// and available balances ([Balance]). [Date] is a calendar day without time or zone
// ([NewDate], [ParseDate], [DateOf]), as banks date bookings.
// [AssignIDs] gives bookings stable IDs — a content hash plus the
// occurrence index among identical bookings — so the same booking fetched
// or imported twice is recognised.
package statement

import (
	"saldo/fints/money"
)

// Status tells booked entries from pending ones.
type Status uint8

const (
	// Booked entries are final (MT940, camt BOOK).
	Booked Status = iota
	// Pending entries are announced but not yet booked (MT942, camt PDNG).
	Pending
	// Info entries are informational only (camt INFO).
	Info
)

func (s Status) String() string {
	switch s {
	case Pending:
		return "pending"
	case Info:
		return "info"
	}
	return "booked"
}

// MarshalText writes "booked", "pending" or "info".
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads what MarshalText writes.
func (s *Status) UnmarshalText(b []byte) error {
	switch string(b) {
	case "pending":
		*s = Pending
	case "info":
		*s = Info
	default:
		*s = Booked
	}
	return nil
}

// Booking is one entry on an account.
type Booking struct {
	// ID is a stable identity (see AssignIDs); empty until assigned.
	ID string `json:"id,omitempty"`

	Status      Status       `json:"status"`
	BookingDate Date         `json:"booking_date"`
	ValueDate   Date         `json:"value_date"`
	Amount      money.Amount `json:"amount"` // signed: negative = money left the account
	Currency    string       `json:"currency"`
	Reversal    bool         `json:"reversal,omitempty"` // MT940 RC/RD, camt RvslInd

	CounterpartyName string `json:"counterparty_name,omitempty"`
	CounterpartyIBAN string `json:"counterparty_iban,omitempty"` // IBAN, or a national account number
	CounterpartyBIC  string `json:"counterparty_bic,omitempty"`  // BIC, or a national bank code

	Purpose     string `json:"purpose,omitempty"`      // remittance text for people (SVWZ / Ustrd / free text)
	PostingText string `json:"posting_text,omitempty"` // Buchungstext (?00, AddtlNtryInf)

	EndToEndRef      string `json:"end_to_end_ref,omitempty"`    // EREF / EndToEndId
	CustomerRef      string `json:"customer_ref,omitempty"`      // KREF, or :61: customer reference
	MandateRef       string `json:"mandate_ref,omitempty"`       // MREF / MndtId
	CreditorID       string `json:"creditor_id,omitempty"`       // CRED / CdtrSchmeId
	UltimateDebtor   string `json:"ultimate_debtor,omitempty"`   // ABWA / UltmtDbtr
	UltimateCreditor string `json:"ultimate_creditor,omitempty"` // ABWE / UltmtCdtr
	BankRef          string `json:"bank_ref,omitempty"`          // :61: //ref, AcctSvcrRef
	GVC              string `json:"gvc,omitempty"`               // Geschäftsvorfallcode, e.g. "166"
	GVCExtension     string `json:"gvc_extension,omitempty"`     // ?34 Textschlüsselergänzung
	PrimaNota        string `json:"prima_nota,omitempty"`        // ?10
	TypeCode         string `json:"type_code,omitempty"`         // :61: code ("NTRF") or camt "PMNT/ICDT/ESCT"
	PurposeCode      string `json:"purpose_code,omitempty"`      // ISO purpose code: PURP+ / camt Purp/Cd, e.g. "SALA"
	Extra            string `json:"extra,omitempty"`             // :61: supplementary details, /OCMT/ etc.

	// RunningBalance is the account balance after this entry, where the
	// source gives or implies it; nil when unknown.
	RunningBalance *money.Amount `json:"running_balance,omitempty"`
}

// Balance is an account balance on a day. Amount is signed.
type Balance struct {
	Amount   money.Amount `json:"amount"`
	Currency string       `json:"currency"`
	Date     Date         `json:"date"`
}

// Statement is one statement, report or notification for one account.
type Statement struct {
	Account  string `json:"account"`            // as the source names it: IBAN, or "BLZ/number"
	Currency string `json:"currency,omitempty"` // account currency where known
	Number   string `json:"number,omitempty"`   // :28C:, ElctrncSeqNb or report Id
	Pending  bool   `json:"pending,omitempty"`  // MT942 / pending-only camt document
	Owner    string `json:"owner,omitempty"`    // account holder where the source names it (camt Acct/Ownr)
	BIC      string `json:"bic,omitempty"`      // account servicer's BIC where the source names it (camt Acct/Svcr)

	Opening   *Balance  `json:"opening,omitempty"`   // :60F:/:60M:, PRCD/OPBD
	Closing   *Balance  `json:"closing,omitempty"`   // :62F:/:62M:, CLBD
	Available *Balance  `json:"available,omitempty"` // :64:, CLAV
	Forward   []Balance `json:"forward,omitempty"`   // :65:, FWAV

	Info     string    `json:"info,omitempty"` // statement-level free text
	Bookings []Booking `json:"bookings"`
}
