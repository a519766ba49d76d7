package vault

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"time"
)

// lockWait is how long Open waits for another process to let go of the
// vault before it reports who holds it.
var lockWait = 500 * time.Millisecond

// fileLock is the sidecar "<vault>.lock" file. Holding its flock means
// owning the vault; its content is the owner's PID so that a second saldo
// can say who is in the way. The file stays after Close: deleting a lock
// file races with a process that has just opened it.
type fileLock struct{ f *os.File }

func acquireLock(vaultPath string) (*fileLock, error) {
	name := vaultPath + ".lock"
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("opening lock file: %w", err)
	}
	deadline := time.Now().Add(lockWait)
	for {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("locking %s: %w", name, err)
		}
		if ok {
			break
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, &LockedError{Path: vaultPath, PID: readPID(name)}
		}
		time.Sleep(25 * time.Millisecond)
	}
	pid := []byte(strconv.Itoa(os.Getpid()) + "\n")
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt(pid, 0)
	}
	return &fileLock{f: f}, nil
}

func readPID(name string) int {
	// The holder writes its PID right after locking; give it a moment.
	for range 4 {
		b, err := os.ReadFile(name)
		if err == nil {
			if pid, err := strconv.Atoi(string(bytes.TrimSpace(b))); err == nil && pid > 0 {
				return pid
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return 0
}

func (l *fileLock) release() {
	if l == nil || l.f == nil {
		return
	}
	_ = l.f.Truncate(0)
	unlock(l.f)
	_ = l.f.Close()
	l.f = nil
}
