package vault

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"saldo/fints/secret"
)

// Vault is an open, unlocked vault. Its methods are safe for concurrent
// use; each one is a single bbolt transaction, so a crash leaves either the
// old or the new state of everything it writes.
type Vault struct {
	path string

	mu       sync.RWMutex // guards db and keys against Close
	db       *bolt.DB
	keys     *keys
	dataKey  []byte
	hdr      *header
	lock     *fileLock
	readOnly error  // non-nil when the file is damaged and writes are refused
	scratch  string // read-only copy of a damaged file, removed on Close
}

var (
	bucketMeta   = []byte("meta")
	bucketLogins = []byte("logins")
	bucketOrders = []byte("orders")
	keyHeader    = []byte("header")
)

// Create makes a new vault at path protected by pass, with the directory
// created 0700 and the file 0600. It fails with ErrExists if a file is
// already there. The returned vault is open and must be closed.
func Create(path string, pass secret.Value, p KDFParams) (*Vault, error) {
	if pass.Empty() {
		return nil, errors.New("create vault: the passphrase is empty")
	}
	if err := p.validate(); err != nil {
		return nil, fmt.Errorf("create vault: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create vault: %w", err)
	}
	if _, err := os.Stat(path); err == nil {
		return nil, fmt.Errorf("create vault %s: %w", path, ErrExists)
	}
	lock, err := acquireLock(path)
	if err != nil {
		return nil, fmt.Errorf("create vault: %w", err)
	}
	v, err := create(path, pass, p, lock)
	if err != nil {
		lock.release()
		return nil, fmt.Errorf("create vault %s: %w", path, err)
	}
	return v, nil
}

func create(path string, pass secret.Value, p KDFParams, lock *fileLock) (*Vault, error) {
	dataKey := make([]byte, keySize)
	if _, err := rand.Read(dataKey); err != nil {
		return nil, fmt.Errorf("random data key: %w", err)
	}
	now := time.Now().UTC()
	h := &header{Created: now, Changed: now}
	if err := h.wrap(pass, p, dataKey); err != nil {
		clear(dataKey)
		return nil, err
	}
	hb, err := h.encode()
	if err != nil {
		clear(dataKey)
		return nil, err
	}
	// Build the file under a temporary name so that a crash never leaves a
	// half-made vault at path; then link it into place, which fails rather
	// than overwrite a vault someone created meanwhile.
	tmp := path + ".new-" + randomSuffix()
	db, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: lockWait})
	if err != nil {
		clear(dataKey)
		return nil, err
	}
	err = db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucket(bucketMeta)
		if err != nil {
			return err
		}
		if _, err := tx.CreateBucket(bucketLogins); err != nil {
			return err
		}
		if _, err := tx.CreateBucket(bucketOrders); err != nil {
			return err
		}
		return meta.Put(keyHeader, hb)
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = linkNoClobber(tmp, path)
	}
	os.Remove(tmp)
	if err != nil {
		clear(dataKey)
		return nil, err
	}
	syncDir(filepath.Dir(path))
	return openLocked(path, lock, func(*header) ([]byte, error) { return dataKey, nil })
}

func randomSuffix() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func linkNoClobber(from, to string) error {
	err := os.Link(from, to)
	if err == nil || errors.Is(err, fs.ErrExist) {
		if errors.Is(err, fs.ErrExist) {
			return ErrExists
		}
		return nil
	}
	// File systems without hard links: check, then rename.
	if _, serr := os.Stat(to); serr == nil {
		return ErrExists
	}
	return os.Rename(from, to)
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

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
	if st, err := os.Stat(path); err == nil && st.Mode().Perm()&0o077 != 0 {
		_ = os.Chmod(path, 0o600)
	}
}

func (v *Vault) removeScratch() {
	if v.scratch != "" {
		os.Remove(v.scratch)
	}
}

// Path returns the vault file's path.
func (v *Vault) Path() string { return v.path }

// ReadOnly returns why the vault was opened read-only (a damaged file), or
// nil when it is writable.
func (v *Vault) ReadOnly() error { return v.readOnly }

// KDF returns the key-derivation parameters in use.
func (v *Vault) KDF() KDFParams { return v.hdr.KDF }

// Close releases the file and the lock and clears the keys held in memory.
func (v *Vault) Close() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.db == nil {
		return nil
	}
	err := v.db.Close()
	v.db = nil
	v.keys.wipe()
	v.keys = nil
	clear(v.dataKey)
	v.dataKey = nil
	v.lock.release()
	v.removeScratch()
	if err != nil {
		return fmt.Errorf("close vault: %w", err)
	}
	return nil
}

// ChangePassphrase re-wraps the data key under newPass after checking
// oldPass. Only the header is rewritten. A zero p keeps the current KDF
// parameters; otherwise p replaces them.
func (v *Vault) ChangePassphrase(oldPass, newPass secret.Value, p KDFParams) error {
	if newPass.Empty() {
		return errors.New("change passphrase: the new passphrase is empty")
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.db == nil {
		return ErrClosed
	}
	if v.readOnly != nil {
		return ErrReadOnly
	}
	dk, err := v.hdr.unwrap(oldPass)
	if err != nil {
		return fmt.Errorf("change passphrase: %w", err)
	}
	clear(dk)
	if p == (KDFParams{}) {
		p = v.hdr.KDF
	}
	h := &header{Created: v.hdr.Created, Changed: time.Now().UTC()}
	if err := h.wrap(newPass, p, v.dataKey); err != nil {
		return fmt.Errorf("change passphrase: %w", err)
	}
	hb, err := h.encode()
	if err != nil {
		return fmt.Errorf("change passphrase: %w", err)
	}
	err = v.guard("", "header", func() error {
		return v.db.Update(func(tx *bolt.Tx) error {
			return tx.Bucket(bucketMeta).Put(keyHeader, hb)
		})
	})
	if err != nil {
		return fmt.Errorf("change passphrase: %w", err)
	}
	v.hdr = h
	return nil
}

// guard runs fn and turns a bbolt panic or memory fault (a corrupt page, a
// truncated file) into a *DamageError naming what was being read.
func (v *Vault) guard(login, record string, fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = &DamageError{Login: login, Record: record, Err: fmt.Errorf("corrupt file structure: %v", r)}
		}
	}()
	return fn()
}

// view runs a read transaction under the guard.
func (v *Vault) view(login, record string, fn func(tx *bolt.Tx) error) error {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.db == nil {
		return ErrClosed
	}
	return v.guard(login, record, func() error { return v.db.View(fn) })
}

// update runs a write transaction under the guard.
func (v *Vault) update(login, record string, fn func(tx *bolt.Tx) error) error {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.db == nil {
		return ErrClosed
	}
	if v.readOnly != nil {
		return ErrReadOnly
	}
	return v.guard(login, record, func() error { return v.db.Update(fn) })
}
