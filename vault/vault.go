package vault

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

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
	// bbolt leaves the old header in a freed page; whoever knows the old
	// passphrase could unwrap the data key from it. Rewriting the file
	// keeps only live records.
	if err := v.compact(); err != nil {
		return fmt.Errorf("passphrase changed, but the old key may still be readable in the file (%w); run 'saldo vault passwd' again", err)
	}
	return nil
}

// compact rewrites the file with live records only and swaps it in. The
// caller holds v.mu; on failure the vault stays open on the old file.
func (v *Vault) compact() error {
	tmp := v.path + ".compact-" + randomSuffix()
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: lockWait, NoSync: true})
	if err != nil {
		return err
	}
	err = v.guard("", "file", func() error { return bolt.Compact(dst, v.db, 16<<20) })
	if err == nil {
		dst.NoSync = false
		err = dst.Sync()
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if err := v.db.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	renameErr := os.Rename(tmp, v.path)
	if renameErr != nil {
		os.Remove(tmp)
	} else {
		syncDir(filepath.Dir(v.path))
	}
	db, err := bolt.Open(v.path, 0o600, &bolt.Options{Timeout: lockWait, FreelistType: bolt.FreelistMapType})
	if err != nil {
		v.db = nil // Close and every method now report ErrClosed
		v.keys.wipe()
		clear(v.dataKey)
		v.lock.release()
		return fmt.Errorf("reopening after rewrite: %w", err)
	}
	v.db = db
	return renameErr
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
