package vault

import (
	bolt "go.etcd.io/bbolt"

	"saldo/fints/statement"
)

// Paused returns the login's paused dialog without removing it, so a
// caller can describe what waits (the resume offer on start) before it
// decides to resume (TakePaused) or discard it. ErrNotFound if none.
func (v *Vault) Paused(key LoginKey) ([]byte, error) {
	return v.getLoginBlob(key, keyPaused, "paused dialog")
}

// PendingBookings returns the cached pending entries of account (none if
// never synced). A fetch of an older period, which carries no pending
// entries, hands them back to MergeBookings so they are kept.
func (v *Vault) PendingBookings(key LoginKey, account string) ([]statement.Booking, error) {
	var out []statement.Booking
	err := v.view(key.String(), "pending bookings of "+account, func(tx *bolt.Tx) error {
		ap, err := v.accountPlace(tx, key, account, false)
		if err != nil || !ap.ok() {
			return err
		}
		pl, err := v.keys.getChunk(ap, keyPending)
		if err != nil {
			return damaged(key, "pending bookings of "+account, err)
		}
		out = pl.Bookings
		return nil
	})
	return out, err
}
