package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Checks of the --vault path made before a passphrase is asked for, so a
// wrong path is not answered only after typing it.

// boltMagic opens every meta page of a bbolt file (the vault's container),
// little-endian at offset 16 of page 0 and page 1.
var boltMagic = []byte{0xed, 0xda, 0x0c, 0xed}

// looksLikeVault tells whether the file at path has a bbolt meta page.
// Either of the two copies is enough: the vault reads a file with one
// damaged meta page.
func looksLikeVault(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	// Page sizes bbolt uses: the OS page size, 4 KiB to 64 KiB.
	for _, off := range []int64{16, 4096 + 16, 8192 + 16, 16384 + 16, 65536 + 16} {
		b := make([]byte, 4)
		if _, err := f.ReadAt(b, off); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return false, err
		}
		if bytes.Equal(b, boltMagic) {
			return true, nil
		}
	}
	return false, nil
}

// vaultOpenProblem checks path before it is unlocked: nil when it may be
// a vault (the vault package then says more, e.g. about damage).
func vaultOpenProblem(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return nil // "no vault at …" is said by the caller
	}
	if st.IsDir() {
		return fmt.Errorf("the vault path %s is a directory: name the vault file (--vault or $SALDO_VAULT), e.g. %s", path, filepath.Join(path, "vault.db"))
	}
	if st.Size() == 0 {
		return nil // the vault package reports an empty file as damaged
	}
	ok, err := looksLikeVault(path)
	if errors.Is(err, fs.ErrPermission) {
		return fmt.Errorf("%s: no permission to read the vault file", path)
	}
	if err == nil && !ok {
		return fmt.Errorf("%s is not a saldo vault (or is damaged beyond reading): name the vault file with --vault, or create a new one with 'saldo vault init --vault OTHER-FILE'", path)
	}
	// Every command writes to the vault (the lock, the bank state, the
	// cache), so a read-only file is refused before the passphrase.
	if !writable(path) {
		return readOnlyVault(path)
	}
	return nil
}

// writable tells whether an existing file can be opened for writing (a
// missing one counts as writable: the folder decides).
func writable(path string) bool {
	w, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return !errors.Is(err, fs.ErrPermission)
	}
	w.Close()
	return true
}

func readOnlyVault(path string) error {
	return fmt.Errorf("%s is read-only for you, but saldo writes to its vault (bank state, cache, transfer journal): make it writable (chmod u+w %s) or use a copy", path, path)
}

// vaultPermissionProblem rewrites a permission error of opening or
// creating the vault (the file, its lock file beside it, its folder).
func vaultPermissionProblem(path string, err error) error {
	if !errors.Is(err, fs.ErrPermission) {
		return err
	}
	dir := filepath.Dir(path)
	for _, p := range []string{path, path + ".lock"} {
		if !writable(p) {
			if p == path {
				return readOnlyVault(path)
			}
			return fmt.Errorf("the vault's lock file %s is not writable for you (made by another user?): remove it if no saldo is running, or fix its permissions", p)
		}
	}
	return fmt.Errorf("no permission to write in the folder %s, where the vault %s and its lock file live: choose another --vault path or fix the folder's permissions", dir, filepath.Base(path))
}

// vaultCreateProblem refuses a path where vault init cannot create a
// vault, saying what is there.
func vaultCreateProblem(path string) error {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("--vault %s: %v", path, unwrapPath(err))
	}
	if st.IsDir() {
		return fmt.Errorf("the vault path %s is a directory: name the new vault file, e.g. %s", path, filepath.Join(path, "vault.db"))
	}
	if ok, _ := looksLikeVault(path); ok {
		return fmt.Errorf("a vault already exists at %s; vault init never writes over one: use it, change its passphrase with 'saldo vault passwd', or choose another --vault path", path)
	}
	return fmt.Errorf("%s already exists and is not a saldo vault; vault init never writes over a file: choose another --vault path or move the file away", path)
}
