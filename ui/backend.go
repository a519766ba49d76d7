package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	"saldo/fints"
	"saldo/fints/bankdir"
	"saldo/fints/secret"
	"saldo/fints/statement"
)

// Backend is everything the terminal app needs from the rest of saldo. The
// app package implements it over the engine and the vault; ui/fakebackend
// implements it in memory for tests and development.
//
// Calls taking a context may block (network, disk, Argon2) and are made from
// job goroutines, never from Update. Calls without a context must return
// quickly (memory or an embedded table) and are made from Update.
// Every method must be safe for concurrent use.
type Backend interface {
	// VaultExists reports whether a vault file is present. When it is not,
	// the unlock screen asks for a new passphrase twice and Unlock creates it.
	VaultExists() bool
	// Unlock opens the vault with passphrase, creating it first when create
	// is set. A wrong passphrase returns an error wrapping ErrBadPassphrase.
	Unlock(ctx context.Context, passphrase secret.Value, create bool) error

	// Logins returns every configured login with its cached accounts and
	// balances, straight from the vault cache (no network). Order is stable.
	Logins(ctx context.Context) ([]Login, error)
	// Sync refreshes one login in its standing dialog: accounts, balances and
	// new bookings, into the vault cache. It may ask for the PIN and a TAN
	// through job and reports progress through it. The first Sync of a login
	// opens the standing dialog; Close ends it.
	Sync(ctx context.Context, loginID string, job Job) error

	// History returns the cached bookings of one account, newest first
	// (pending bookings before booked ones), with the period they cover.
	History(ctx context.Context, loginID, account string) (History, error)
	// FetchOlder downloads bookings older than the cached period (the bank
	// may demand a TAN for data older than 90 days) into the cache.
	FetchOlder(ctx context.Context, loginID, account string, job Job) error

	// Transfer sends a SEPA credit transfer. The Verification of Payee
	// result is shown through job.ConfirmPayee, the TAN through job.TAN.
	// When the answer is lost after sending, it returns an Outcome with
	// State fints.Unknown and no error: the person must check the statement.
	// A returned error means the order was not sent.
	Transfer(ctx context.Context, loginID string, t fints.Transfer, job Job) (fints.Outcome, error)
	// Payees is the address book for recipient completion (people paid
	// before and saved recipients), most used first.
	Payees(ctx context.Context) ([]Payee, error)

	// TANMethods lists the TAN methods and media the login may use, and the
	// code and medium currently chosen.
	TANMethods(loginID string) (TANOptions, error)
	// SetTANMethod chooses the method (and medium, if the method needs one)
	// for the next challenges of the login.
	SetTANMethod(loginID, code, medium string) error

	// SearchBanks searches the German bank directory by name, city, BLZ or
	// BIC. The demo bank is always part of the answer (first for an empty
	// query), so a newcomer can try everything.
	SearchBanks(query string, limit int) []bankdir.Bank
	// LoginHint is a line of help for adding a login at bank (for the demo
	// bank: its published user IDs and PIN); "" when there is none.
	LoginHint(bank bankdir.Bank) string
	// AddLogin stores a new login and runs its first sync (asking for the
	// PIN, the TAN method and a TAN through job as needed).
	AddLogin(ctx context.Context, l NewLogin, job Job) (Login, error)

	// PendingTANs lists operations that were waiting for a TAN when saldo
	// last quit and can be resumed (paused dialogs in the vault).
	PendingTANs(ctx context.Context) ([]PendingTAN, error)
	// ResumeTAN continues a paused operation: asks for the TAN again through
	// job and finishes it. For payments the Outcome is returned.
	ResumeTAN(ctx context.Context, id string, job Job) (*fints.Outcome, error)
	// DiscardTAN forgets a paused operation without sending it.
	DiscardTAN(ctx context.Context, id string) error

	// ExportFormats names the formats Export can write ("csv", "json" …).
	ExportFormats() []string
	// Export writes the bookings in format to a new file at path; it
	// refuses to overwrite an existing file.
	Export(ctx context.Context, r ExportRequest) error

	// Close ends all standing dialogs and saves each login's state blob to
	// the vault. When the person quits, every open prompt is first answered
	// with ErrQuitting, then Close is called; job contexts are cancelled
	// only after Close returns. Operations that were waiting for a TAN must
	// be paused and saved by then, so PendingTANs offers them next time.
	Close(ctx context.Context) error
}

// Job is handed to every long-running backend call. It is how the call asks
// the person for something and reports what it is doing. It implements
// fints.Prompter, so it can be passed to the engine as is.
type Job interface {
	fints.Prompter
	// PIN asks for the PIN of a login. The backend keeps the answer in
	// memory for the session only, and should serialise PIN prompts per
	// login so that concurrent operations ask once.
	PIN(ctx context.Context, r PINRequest) (secret.Value, error)
	// Progress reports the current step ("Fetching balances") and, where
	// known, how far along it is (total 0 = unknown).
	Progress(step string, done, total int)
}

// ErrBadPassphrase is wrapped by Unlock when the passphrase is wrong.
var ErrBadPassphrase = errors.New("wrong passphrase")

// ErrCancelled is what prompts return when the person cancels.
var ErrCancelled = errors.New("cancelled by the user")

// ErrQuitting is what open prompts return when the person quits saldo. A
// backend should pause an operation whose TAN prompt returns it (for the
// engine: return its pause error from the Prompter) instead of dropping
// it, so that the next start can offer to resume.
var ErrQuitting = errors.New("saldo is quitting")

// SwitchMethodError is returned by Job.TAN when the person chose another TAN
// method (and medium) in the TAN dialog instead of typing a TAN. The backend
// has already been told through SetTANMethod; it should drop the current
// challenge and submit the order again, which brings a new challenge.
type SwitchMethodError struct {
	Code, Medium string
}

func (e *SwitchMethodError) Error() string {
	return fmt.Sprintf("TAN method changed to %s; the order must be submitted again", e.Code)
}

// Login is one bank login with its cached data.
type Login struct {
	ID        string
	BankName  string
	BankCode  string // BLZ
	UserID    string
	URL       string
	Demo      bool      // the built-in demo bank
	LastSync  time.Time // zero = never
	SyncError string    // last sync problem, for the status bar
	// Notice is something the person must know that is no sync failure,
	// e.g. a transfer without a final answer from the bank.
	Notice     string
	Accounts   []AccountInfo
	HasPending bool // a paused TAN belongs to this login
}

// AccountInfo is an account with its last known balance.
type AccountInfo struct {
	Account fints.Account
	Balance *fints.Balance // nil = never fetched
}

// History is the cached bookings of one account.
type History struct {
	Bookings []statement.Booking // newest first, pending first
	From, To statement.Date      // period covered by the cache
	// CanFetchOlder is false when the bank keeps no older data.
	CanFetchOlder bool
}

// Payee is an address-book entry.
type Payee struct {
	Name string
	IBAN string
	BIC  string
}

// TANOptions are the TAN methods a login may use.
type TANOptions struct {
	Methods []fints.TANMethod
	Media   []fints.TANMedium
	Current string // code of the chosen method
	Medium  string // chosen medium
}

// NewLogin is what the add-bank form collects. The PIN is not part of it:
// it is asked through Job.PIN when the first dialog needs it.
type NewLogin struct {
	Bank       bankdir.Bank
	URL        string // FinTS address; from the directory, editable
	UserID     string
	CustomerID string // optional; defaults to UserID
	ProductID  string // optional; the backend has a registered default
}

// PendingTAN is an operation paused while waiting for a TAN.
type PendingTAN struct {
	ID          string
	LoginID     string
	BankName    string
	Operation   string // "Transfer 50,00 € to Max Mustermann"
	Started     time.Time
	Challenge   fints.Challenge
	IsPayment   bool
	ExpiresSoon bool // the bank's TAN validity is about to end
}

// PINRequest says which login a PIN is asked for.
type PINRequest struct {
	LoginID  string
	BankName string
	UserID   string
	// Retry is set when the bank rejected the previous PIN; the prompt then
	// warns that further wrong PINs may lock the access.
	Retry bool
}

// ExportRequest is one export of the statement view.
type ExportRequest struct {
	Format   string
	Path     string
	LoginID  string
	Account  fints.Account
	Bookings []statement.Booking // exactly the rows of the current view
}
