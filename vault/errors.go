package vault

import (
	"errors"
	"fmt"
)

var (
	// ErrWrongPassphrase: the passphrase does not unlock this vault. Nothing
	// was changed; the caller may ask again.
	ErrWrongPassphrase = errors.New("wrong passphrase for this vault")
	// ErrNotFound: the record asked for does not exist (no saved state, no
	// paused dialog, no such order).
	ErrNotFound = errors.New("not found in the vault")
	// ErrUnknownLogin: no login with that key is stored.
	ErrUnknownLogin = errors.New("no such login in the vault")
	// ErrDamaged is matched by every *DamageError.
	ErrDamaged = errors.New("vault damaged")
	// ErrLocked is matched by *LockedError.
	ErrLocked = errors.New("vault in use")
	// ErrClosed: the Vault was used after Close.
	ErrClosed = errors.New("vault is closed")
	// ErrReadOnly: the file is damaged, so the vault was opened for reading
	// only; writing could destroy what is still readable.
	ErrReadOnly = errors.New("vault file is damaged and was opened read-only; copy what you need with 'saldo vault list' and restore a backup or create a new vault")
	// ErrExists: Create refuses to overwrite an existing file.
	ErrExists = errors.New("a vault already exists at this path")
)

// DamageError says which part of the vault could not be read. Other logins
// and records stay usable.
type DamageError struct {
	Login  string // "BLZ/user" where known; "" for file-level damage
	Record string // "header", "settings", "state", "bookings 2024-03" …
	Err    error  // what was found
}

func (e *DamageError) Error() string {
	what := "the " + e.Record + " record"
	if e.Login != "" {
		what += " of login " + e.Login
	}
	if e.Record == "file" {
		what = "the vault file"
	}
	hint := "restore the vault file from a backup"
	if e.Login != "" {
		hint = "sync the login again to rewrite it, or remove the login"
	}
	return fmt.Sprintf("vault damaged: %s cannot be read (%v); %s", what, e.Err, hint)
}

// Is makes errors.Is(err, ErrDamaged) true.
func (e *DamageError) Is(target error) bool { return target == ErrDamaged }

func (e *DamageError) Unwrap() error { return e.Err }

// LockedError is returned by Open when another process has the vault open.
type LockedError struct {
	Path string
	PID  int // 0 if the holder could not be identified
}

func (e *LockedError) Error() string {
	if e.PID > 0 {
		return fmt.Sprintf("vault in use by process %d (%s); quit the other saldo first", e.PID, e.Path)
	}
	return fmt.Sprintf("vault in use by another process (%s); quit the other saldo first", e.Path)
}

// Is makes errors.Is(err, ErrLocked) true.
func (e *LockedError) Is(target error) bool { return target == ErrLocked }
