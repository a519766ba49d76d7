package vault

// Paused returns the login's paused dialog without removing it, so a
// caller can describe what waits (the resume offer on start) before it
// decides to resume (TakePaused) or discard it. ErrNotFound if none.
func (v *Vault) Paused(key LoginKey) ([]byte, error) {
	return v.getLoginBlob(key, keyPaused, "paused dialog")
}
