package demobank

import (
	"sync"
	"time"
)

// Test hooks. They reach into the bank's state the way the customer's
// phone, TAN generator or a bank clerk would.

// ApproveDecoupled approves the open decoupled task with reference ref, or
// the latest one when ref is "" (the person taps "Freigeben" in the app).
// It reports whether a task was found.
func (b *Bank) ApproveDecoupled(ref string) bool {
	return b.decide(ref, true)
}

// RejectDecoupled refuses the task in the app; the next status request
// gets 9941.
func (b *Bank) RejectDecoupled(ref string) bool {
	return b.decide(ref, false)
}

func (b *Bank) decide(ref string, approve bool) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	t := b.tasks[ref]
	if ref == "" {
		for _, cand := range b.tasks {
			if cand.method.decoupled && (t == nil || cand.created.After(t.created) ||
				(cand.created.Equal(t.created) && cand.ref > t.ref)) {
				t = cand
			}
		}
	}
	if t == nil || !t.method.decoupled {
		return false
	}
	t.approved, t.rejected = approve, !approve
	return true
}

// LastTAN returns the TAN and task reference of the latest challenge
// issued to a user (what the SMS, the generator or the app would show).
// The TAN is "" for decoupled tasks.
func (b *Bank) LastTAN(userID string) (tan, ref string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if u := b.users[userID]; u != nil {
		return u.lastTAN, u.lastRef
	}
	return "", ""
}

// Requests returns the number of HTTP requests the bank has received.
func (b *Bank) Requests() int64 { return b.requests.Load() }

// Unlock lifts a PIN lock and resets the failure counter.
func (b *Bank) Unlock(userID string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if u := b.users[userID]; u != nil {
		u.locked, u.failures = false, 0
	}
}

// Locked reports whether a user is locked.
func (b *Bank) Locked(userID string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	u := b.users[userID]
	return u != nil && u.locked
}

// OpenDialogs returns the number of dialogs that have not ended.
func (b *Bank) OpenDialogs() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, d := range b.dialogs {
		if !d.ended {
			n++
		}
	}
	return n
}

// FakeClock is a settable clock for tests: pass its Now as Options.Now.
type FakeClock struct {
	mu sync.Mutex
	t  time.Time
}

// NewFakeClock returns a clock standing at t.
func NewFakeClock(t time.Time) *FakeClock { return &FakeClock{t: t} }

// Now returns the clock's time.
func (c *FakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *FakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
