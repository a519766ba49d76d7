// Package vault is saldo's encrypted local store: everything learned from
// the banks, kept so that the next start is instant and offline, and
// useless to someone who copies the file.
//
// # What it holds, per bank login (LoginKey: bank code, user ID, customer ID)
//
//   - LoginSettings (never the PIN): PutLogin, Login, Logins, RemoveLogin.
//   - The engine's state blob (system ID, BPD, UPD): State, PutState.
//   - At most one paused dialog, single-use: PutPaused, TakePaused.
//   - Cached accounts, balances and bookings: PutAccounts, PutBalance,
//     MergeBookings (booked merged by ID, pending replaced), Bookings,
//     BookingSpan.
//   - The transfer journal: PrepareOrder → MarkSent → MarkOutcome, with
//     PendingOrders listing what was sent without a final answer.
//   - Recipients learned from executed transfers (VoP-corrected names).
//
// # Security
//
// A random 256-bit data key encrypts everything; it is stored wrapped
// (XChaCha20-Poly1305) under a key derived from the passphrase with
// Argon2id, whose parameters and salt sit in the only clear-text record,
// the header. Changing the passphrase re-wraps the data key, so only the
// header changes; the file is then rewritten without free pages, because
// bbolt would otherwise keep the old header (and with it a key wrapped
// under the old passphrase) in a freed page. Records
// are sealed with XChaCha20-Poly1305 under a key derived from the data key,
// with random nonces and the record's bucket path and key as associated
// data, so a record moved to another login, account or slot fails to open.
// Bucket and record names of logins, accounts and months are keyed hashes:
// the file shows neither bank codes, user IDs, IBANs nor dates. Plaintexts
// are padded to 64 bytes.
//
// # Files
//
// "<vault>" is a bbolt database, created 0600 in a 0700 directory
// (DefaultPath). "<vault>.lock" is held with flock while a process has the
// vault open and names that process, so a second saldo is told "vault in
// use by process N" within half a second.
//
// # Failure behaviour
//
// A wrong passphrase returns ErrWrongPassphrase and writes nothing. A
// damaged record returns a *DamageError naming the login and record; other
// records and logins stay readable, and a sync rewrites what it fetches. A
// file damaged at the bbolt level (truncated, corrupt pages) is opened
// read-only (ReadOnly reports why) so that whatever is intact can still be
// read; bbolt panics and memory faults are turned into errors. Every method
// is one bbolt transaction, so a crash keeps either the old or the new
// state.
//
// Layout of the file (format 1):
//
//	meta/header                       JSON header (clear text)
//	logins/<H(login)>/settings|status|state|paused|accounts|recipients
//	logins/<H(login)>/balances/<H(account)>
//	logins/<H(login)>/bookings/<H(account)>/i      month index
//	logins/<H(login)>/bookings/<H(account)>/p      pending bookings
//	logins/<H(login)>/bookings/<H(account)>/m<H(month)>  one month of bookings
//	orders/<random id>                transfer journal entries
package vault
