package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"saldo/fints"
)

// The paused-transfer file: the engine's paused state (single-use; no PIN,
// no TAN) plus the vault journal entry it belongs to.

const pausedFormat = "saldo-transfer-paused"

type pausedFile struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	Login   string `json:"login"`           // BLZ/user, for messages
	Order   string `json:"order,omitempty"` // vault journal ID
	Blob    []byte `json:"paused"`
}

// id is the engine's ID of the paused state, which the pause guard marks.
func (p *pausedFile) id() string {
	var b struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(p.Blob, &b) != nil || b.ID == "" {
		return "unknown"
	}
	return b.ID
}

// writePaused saves the paused transfer to the --pause file (0600, never
// over an existing file) and tells how to continue.
func (f *transferFlags) writePaused(env *Env, s *bankSession, p *transferPrompter, orderID string) error {
	blob, err := s.c.Pause()
	if err != nil {
		return fmt.Errorf("pausing the transfer: %w", err)
	}
	login := s.flags.blz + "/" + s.flags.user
	if s.v != nil {
		login = s.key.String()
	}
	b, err := json.Marshal(pausedFile{Format: pausedFormat, Version: 1, Login: login, Order: orderID, Blob: blob})
	if err != nil {
		return fmt.Errorf("pausing the transfer: %w", err)
	}
	fh, err := os.OpenFile(f.pause, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("writing the paused transfer: %w (the order waits at the bank until it times out; nothing was paid)", err)
	}
	if _, err := fh.Write(b); err != nil {
		fh.Close()
		os.Remove(f.pause)
		return fmt.Errorf("writing the paused transfer: %w", err)
	}
	if err := fh.Close(); err != nil {
		return fmt.Errorf("writing the paused transfer: %w", err)
	}
	what := p.pausedAt
	if what == "" {
		what = "the person"
	}
	if f.json {
		return printJSON(env.Stdout, map[string]string{"state": "paused", "waiting_for": what, "file": f.pause})
	}
	fmt.Fprintf(env.Stdout, "Paused, waiting for %s. Continue within a few minutes with:\n  saldo transfer --resume %s (plus the same login options)\n", what, f.pause)
	return nil
}

// takePaused reads and removes the paused-transfer file: a file can be
// resumed once.
func takePaused(path string) (*pausedFile, error) {
	pf, err := readPaused(path)
	if err != nil {
		return nil, err
	}
	if err := os.Remove(path); err != nil {
		return nil, fmt.Errorf("consuming %s (so it cannot be resumed twice): %w", path, err)
	}
	return pf, nil
}

// readPaused reads and checks a paused-transfer file without consuming
// it: run checks it before the PIN is asked for.
func readPaused(path string) (*pausedFile, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return nil, fmt.Errorf("--resume %s is a directory: name the file that saldo transfer --pause wrote", path)
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("no paused transfer at %s: it was resumed already (a paused transfer can be resumed only once) or never written", path)
	}
	if err != nil {
		return nil, fmt.Errorf("reading the paused transfer: %w", err)
	}
	var pf pausedFile
	if err := json.Unmarshal(b, &pf); err != nil || pf.Format != pausedFormat || len(pf.Blob) == 0 {
		return nil, fmt.Errorf("%s is not a paused transfer written by saldo transfer --pause", path)
	}
	if pf.Version != 1 {
		return nil, fmt.Errorf("%s: paused transfer version %d is not supported by this saldo", path, pf.Version)
	}
	return &pf, nil
}

// resumeGuard marks resumed states across processes, so that a copy of a
// paused file is refused too: in the user's cache directory.
func resumeGuard(env *Env, pauseFile string) fints.FileGuard {
	dir := ""
	if env.Getenv != nil {
		dir = env.Getenv("XDG_CACHE_HOME")
	}
	if dir == "" {
		dir, _ = os.UserCacheDir()
	}
	if dir == "" {
		return fints.FileGuard{Dir: pauseFile + ".resumed"}
	}
	return fints.FileGuard{Dir: filepath.Join(dir, "saldo", "resumed-transfers")}
}
