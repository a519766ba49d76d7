// Package fints is a FinTS 3.0 PIN/TAN client: it logs in to a German
// bank's FinTS server, lists the accounts, fetches balances and
// statements (camt.052 or MT940) and sends SEPA credit transfers, taking
// the person through the strong customer authentication (TAN, app
// approval, payee check) in between. This package runs the dialogs; the
// sub-packages hold the pieces it is built from (wire syntax, bank
// parameters, statement and payment formats) and the demo bank.
//
// # Client
//
// A [Client] is one bank login. [New] checks a [Config] and contacts
// nothing; the operations then talk to the bank:
//
//	c, err := fints.New(fints.Config{
//		URL:       bank.PinTanURL, // e.g. from bankdir.Lookup
//		BankCode:  "12030000",
//		UserID:    "max.mustermann",
//		ProductID: productID, // see "Product registration"
//		PIN:       secret.New(pin),
//		Prompter:  prompter,  // asks the person for TANs
//	})
//	accounts, err := c.Accounts(ctx)
//	balances, err := c.Balances(ctx, accounts...)
//	sts, err := c.Transactions(ctx, from, to, accounts...)
//
// [Client.Accounts], [Client.Balances], [Client.Transactions],
// [Client.Sync] (all of them at once), [Client.TANMedia] and
// [Client.Transfer] each take a [context.Context]: it bounds the whole
// operation, network exchange and prompts included, and cancelling it
// ends the operation cleanly. Queries over several accounts return what
// arrived even when some accounts failed: Balances and Transactions
// together with a [*PartialError] naming them, Sync in
// [SyncResult].Failures. A Client is safe for concurrent use, but runs
// one operation at a time.
//
// # Standing dialog
//
// Every exchange with the bank happens in a dialog: initialisation (with
// the PIN), jobs, end. Without [Client.Open] each operation opens and
// ends a dialog of its own. After Open the operations share one standing
// dialog until [Client.Close], which saves a round trip and a login per
// operation; a dialog the bank ended meanwhile (timeout, 9800) is opened
// again by the next operation.
//
// # State blob
//
// The first session with a bank synchronises: it fetches a system ID,
// the bank parameter data (BPD) and the user parameter data (UPD), and
// the first login of a new system ID usually needs a TAN.
// [Client.Deconstruct] saves that knowledge as bytes; passing them as
// [Config.State] to [New] restores it, so the next session skips the
// synchronisation and, since the bank knows the system ID, usually its
// TAN as well. Deconstruct(false) holds the system ID, the BPD and the
// TAN method choice; Deconstruct(true) adds the UPD, the accounts and
// the TAN media, so [Client.KnownAccounts] answers before any contact.
// The blob never holds the PIN; store it privately all the same. A blob
// that cannot be used (damaged, another login, a newer format) fails
// New with an error wrapping [ErrState]; starting without it always
// works.
//
// # TANs and the Prompter
//
// Whenever the bank demands strong authentication the engine asks the
// [Prompter] from the Config (or [Client.SetPrompter]):
// [Prompter.TAN] for a typed TAN, with the [Challenge] text and, for
// chipTAN and photoTAN, its Flicker code or Image; [Prompter.Decoupled]
// while it polls the bank for an approval in the banking app (on
// [Config.Clock]); [Prompter.ConfirmApproval] where the bank forbids
// polling; [Prompter.ConfirmPayee] for the payee check of a transfer.
// An error from the Prompter cancels the operation; [ErrPause] pauses
// it instead. Without a Prompter, SCA fails with [ErrNoPrompter].
// [Client.TANMethods] and [Client.SetTANMethod] (or [Config.TANMethod])
// choose the method, [Client.TANMedia] lists the devices.
//
// # Pause and resume
//
// A person may answer a TAN prompt much later, in another process: the
// Prompter returns [ErrPause], the operation returns an error wrapping
// it, and [Client.Pause] freezes the waiting dialog to bytes (with the
// state blob, never the PIN or a TAN) and retires the client. A new
// Client of the same login loads them with [Client.Resume], which
// returns a [*Pending] (what waits: Operation, Challenge, Transfer);
// [Pending.Complete] asks for the TAN again and finishes the operation,
// its answers in the [*Result]. A paused state is single-use: the
// [PauseGuard] in [Config.PauseGuard] refuses a second Resume with
// [ErrPauseUsed]; the default remembers only this process, a
// [FileGuard] works across processes. It works only while the bank
// keeps the dialog (minutes); after that Complete reports
// [ErrPauseExpired] (for a transfer: a Rejected outcome saying so).
//
// # Payments
//
// [Client.Transfer] sends a SEPA credit transfer (normal, scheduled or
// instant). Where the bank checks the payee name (Verification of Payee)
// and the name is not a full match, [Prompter.ConfirmPayee] decides;
// declining returns [ErrPayeeNotConfirmed]. A non-nil error means the
// order was not executed (after [ErrPause]: not yet). With a nil error
// the [Outcome] is final:
//
//   - [Executed]: the bank accepted the order.
//   - [Rejected]: the bank refused; Outcome.Code and Outcome.Reason say why.
//   - [Unknown]: the order went out but no answer came back, so the bank
//     may or may not have booked it.
//
// An order is sent once and never again: the engine does not retry an
// Unknown order, not even in a new dialog, and callers must not either
// — only the statement can tell whether it was booked. [Client.Exec]
// sends other business transactions under the same rule; a
// [*TransportError] with Sent set means its outcome is unknown.
// Queries, by contrast, are repeated once in a new dialog when their
// answer got lost.
//
// # Errors
//
// Errors wrap sentinels ([ErrWrongPIN], [ErrLocked], [ErrTANRejected],
// [ErrNotSupported] …) and, for bank rejections, an [*Error] carrying the
// bank's return codes (a [*wire.BankError]) and a hint for the person, so
// callers branch with [errors.Is] and [errors.As]. After [ErrWrongPIN]
// the engine sends nothing more with that PIN until [Client.SetPIN],
// sparing the person a locked account. Warnings and bank notices go to
// [Config.Notice] and [Client.Notices].
//
// # Product registration
//
// Banks expect each FinTS client product to send the registration
// number the Deutsche Kreditwirtschaft issues to its maker free of
// charge (fints.org, "Produktregistrierung"): [Config.ProductID], with
// [Config.ProductVersion]. A bank that checks it rejects a missing or
// unknown one with [ErrProductRejected]. This package has no ID of its
// own to hand out; each program reusing it registers its own.
//
// # Secrets and traces
//
// The PIN and TANs travel as [secret.Value]: printing, logging or
// encoding one yields "[redacted]", and only the message encoder reveals
// them, to write them into the outgoing message. They never appear in errors,
// state blobs, paused states or traces. [Config.Trace] receives every
// message in both directions with PIN and TAN blanked and IBANs and
// account numbers masked, fit for a bug report. [Client.Stats] counts
// the HTTP requests.
//
// # Transport
//
// The bank is reached over HTTPS with verified certificates
// ([Config.HTTPClient], [Config.ConnectTimeout] and
// [Config.ResponseTimeout] adjust it). Plain http is accepted only for
// loopback addresses (127.0.0.1, ::1, localhost), which is where the
// demo bank runs; any other http URL fails New with [ErrConfig].
//
// # Demo bank
//
// Package saldo/fints/demobank is a FinTS server with a deterministic
// ledger that runs in-process on loopback, with app approval, chipTAN,
// photoTAN and SMS-TAN logins. The examples below and the end-to-end tests use it;
// it is the way to try code built on this package without a bank
// account.
package fints
