package demobank

import (
	"time"
)

// Faults are the bank's test switches. Counters count down as they fire;
// SetFaults replaces the whole set.
type Faults struct {
	// Latency is added before every answer.
	Latency time.Duration
	// Drop closes the connection of the next Drop requests without an
	// answer and without processing them (the message never arrived).
	Drop int
	// DropAfter processes the next DropAfter requests, then closes the
	// connection without an answer (the answer got lost: the bank did the
	// work, the client cannot know).
	DropAfter int
	// Abort answers the next Abort messages with 9800: the bank ends the
	// dialog, the client must start a new one.
	Abort int
	// DropAfterPayment closes the connection without an answer after the
	// next DropAfterPayment messages that executed (or scheduled) a
	// payment: the order is booked, the client cannot know.
	DropAfterPayment int
	// Resync forgets every Kundensystem-ID issued so far: the next login
	// with one of them gets 9391 and must synchronise again. It fires
	// once, when set.
	Resync bool
	// Lock locks these users as if the wrong PIN had been entered three
	// times (9931 on every login until Unlock). It fires once, when set.
	Lock []string
}

// transportFaults are the faults the HTTP layer applies to one request.
type transportFaults struct {
	latency         time.Duration
	drop, dropAfter bool
}

// SetFaults switches the test faults at runtime.
func (b *Bank) SetFaults(f Faults) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.applyFaults(f)
}

// Faults returns the switches still pending.
func (b *Bank) Faults() Faults {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.faults
}

// applyFaults stores f; the one-shot switches fire right away. b.mu is
// held (or b is not shared yet).
func (b *Bank) applyFaults(f Faults) {
	if f.Resync {
		clear(b.systems)
		b.log.Info("demobank: fault: all system IDs forgotten")
	}
	for _, id := range f.Lock {
		if u := b.users[id]; u != nil {
			u.locked = true
			b.log.Info("demobank: fault: user locked", "user", id)
		}
	}
	f.Resync, f.Lock = false, nil
	b.faults = f
}

// takeTransportFaults returns what to do with the current request and
// counts the drop switches down.
func (b *Bank) takeTransportFaults() transportFaults {
	b.mu.Lock()
	defer b.mu.Unlock()
	t := transportFaults{latency: b.faults.Latency}
	switch {
	case b.faults.Drop > 0:
		b.faults.Drop--
		t.drop = true
	case b.faults.DropAfter > 0:
		b.faults.DropAfter--
		t.dropAfter = true
	}
	return t
}

// takeAbort reports whether the current message is to be aborted.
// b.mu is held.
func (b *Bank) takeAbort() bool {
	if b.faults.Abort > 0 {
		b.faults.Abort--
		return true
	}
	return false
}
