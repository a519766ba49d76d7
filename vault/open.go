package vault

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"saldo/fints/secret"
)

// Open unlocks the vault at path. It takes the vault's lock first and fails
// within about half a second with a *LockedError if another process holds
// it. A wrong passphrase gives ErrWrongPassphrase and changes nothing. A
// file damaged at the bbolt level is opened read-only (see ReadOnly) so the
// logins that are still intact can be read.
func Open(path string, pass secret.Value) (*Vault, error) {
	v, err := openWith(path, func(h *header) ([]byte, error) { return h.unwrap(pass) })
	if err != nil {
		return nil, fmt.Errorf("open vault %s: %w", path, err)
	}
	return v, nil
}

// openWith opens path and obtains the data key from unlock.
func openWith(path string, unlock func(*header) ([]byte, error)) (*Vault, error) {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("no vault here (create one with 'saldo vault init'): %w", err)
	}
	if err != nil {
		return nil, err
	}
	if st.Size() == 0 {
		// bbolt would silently turn an empty file into a fresh database.
		return nil, &DamageError{Record: "file", Err: errors.New("the file is empty")}
	}
	lock, err := acquireLock(path)
	if err != nil {
		return nil, err
	}
	v, err := openLocked(path, lock, unlock)
	if err != nil {
		lock.release()
		return nil, err
	}
	return v, nil
}

func openLocked(path string, lock *fileLock, unlock func(*header) ([]byte, error)) (*Vault, error) {
	tightenMode(path)
	db, scratch, damage, err := openBolt(path)
	if err != nil {
		return nil, err
	}
	v := &Vault{path: path, db: db, lock: lock, readOnly: damage, scratch: scratch}
	var hb []byte
	err = v.guard("", "header", func() error {
		return db.View(func(tx *bolt.Tx) error {
			if b := tx.Bucket(bucketMeta); b != nil {
				if got := b.Get(keyHeader); got != nil {
					hb = bytes.Clone(got)
				}
			}
			return nil
		})
	})
	if err == nil {
		v.hdr, err = decodeHeader(hb)
	}
	if err == nil {
		v.dataKey, err = unlock(v.hdr)
	}
	if err == nil {
		v.keys, err = newKeys(v.dataKey)
	}
	if err != nil {
		clear(v.dataKey)
		db.Close()
		v.removeScratch()
		if damage != nil && errors.Is(err, ErrDamaged) {
			err = fmt.Errorf("%w; nothing is readable: %v", damage, err)
		}
		return nil, err
	}
	return v, nil
}

// openBolt opens the bbolt file for writing. If that fails because the
// file is damaged (bbolt panics on corrupt pages; reading past the end of a
// truncated file faults), it opens a private copy read-only and returns the
// damage. A copy, because a panic inside bolt.Open leaves its memory map —
// and with it the file's flock — behind until the process exits.
func openBolt(path string) (db *bolt.DB, scratch string, damage error, err error) {
	// A read-only look first: it loads no freelist, so a truncated file is
	// found (and kept open for reading) before bolt.Open can fault on it.
	ro, err := guardedOpen(path, &bolt.Options{Timeout: lockWait, ReadOnly: true})
	if err != nil {
		return nil, "", nil, err
	}
	if damage := checkSize(ro); damage != nil {
		return ro, "", damage, nil
	}
	ro.Close()
	db, err = guardedOpen(path, &bolt.Options{Timeout: lockWait, FreelistType: bolt.FreelistMapType})
	if err == nil {
		damage = checkSize(db)
		if damage == nil {
			return db, "", nil, nil
		}
		db.Close()
	} else {
		var de *DamageError
		if !errors.As(err, &de) {
			return nil, "", nil, err
		}
		damage = err
	}
	scratch, err = copyFile(path)
	if err != nil {
		return nil, "", nil, fmt.Errorf("%w (copying it for reading: %v)", damage, err)
	}
	db, err = guardedOpen(scratch, &bolt.Options{Timeout: lockWait, ReadOnly: true})
	if err != nil {
		os.Remove(scratch)
		return nil, "", nil, fmt.Errorf("%w (read-only: %v)", damage, err)
	}
	return db, scratch, damage, nil
}

// copyFile copies path to a 0600 scratch file beside it.
func copyFile(path string) (string, error) {
	src, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer src.Close()
	name := path + ".readonly-" + randomSuffix()
	dst, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", err
	}
	if _, err = io.Copy(dst, src); err == nil {
		err = dst.Close()
	} else {
		dst.Close()
	}
	if err != nil {
		os.Remove(name)
		return "", err
	}
	return name, nil
}

func isBoltFormatError(err error) bool {
	for _, e := range []error{berrors.ErrInvalid, berrors.ErrVersionMismatch, berrors.ErrChecksum, berrors.ErrInvalidMapping} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

func guardedOpen(path string, opts *bolt.Options) (db *bolt.DB, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = &DamageError{Record: "file", Err: fmt.Errorf("%v", r)}
		}
	}()
	db, err = bolt.Open(path, 0o600, opts)
	if err == nil && db == nil {
		err = errors.New("bbolt returned no database")
	}
	if err != nil && isBoltFormatError(err) {
		err = &DamageError{Record: "file", Err: err}
	}
	return db, err
}

// checkSize catches a truncated file: bbolt's meta page says how far the
// data reaches; a shorter file lost its tail.
func checkSize(db *bolt.DB) error {
	st, err := os.Stat(db.Path())
	if err != nil {
		return err
	}
	var want int64
	_ = db.View(func(tx *bolt.Tx) error { want = tx.Size(); return nil })
	if st.Size() < want {
		return &DamageError{Record: "file", Err: fmt.Errorf("the file is truncated: %d of %d bytes", st.Size(), want)}
	}
	return nil
}

func tightenMode(path string) {
	// Only group and other lose their bits: a file its owner made
	// read-only stays read-only.
	if st, err := os.Stat(path); err == nil && st.Mode().Perm()&0o077 != 0 {
		_ = os.Chmod(path, st.Mode().Perm()&0o700)
	}
}

func (v *Vault) removeScratch() {
	if v.scratch != "" {
		os.Remove(v.scratch)
	}
}
