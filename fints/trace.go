package fints

import (
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"saldo/fints/wire"
)

// tracer writes every message to the trace writer. It is redacting by
// construction: messages are rendered with wire.Trace (credentials become
// "***"), and then IBANs and the account numbers learned from UPD/HISPA are
// masked, as they identify a person.
type tracer struct {
	mu     sync.Mutex
	w      io.Writer
	clock  Clock
	known  map[string]bool // account numbers to mask
	masker *regexp.Regexp  // built from known, nil when none
	err    error           // first write error, reported once
}

func newTracer(w io.Writer, clock Clock) *tracer {
	if w == nil {
		return nil
	}
	return &tracer{w: w, clock: clock, known: map[string]bool{}}
}

// ibanPattern matches IBAN-shaped words: two letters, two check digits,
// 10–30 alphanumerics (German IBANs are DE + 20 digits), not preceded by
// another capital letter. A digit may precede: MT940 :86: fields glue
// IBANs to "?31".
var ibanPattern = regexp.MustCompile(`(^|[^A-Z])([A-Z]{2}[0-9]{2}[A-Z0-9]{10,30})`)

// learn registers account numbers to mask from now on. Very short numbers
// are skipped: masking "12" would shred dates and amounts.
func (t *tracer) learn(numbers ...string) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	added := false
	for _, n := range numbers {
		n = strings.TrimLeft(n, "0")
		if len(n) < 5 || t.known[n] {
			continue
		}
		t.known[n] = true
		added = true
	}
	if !added {
		return
	}
	list := make([]string, 0, len(t.known))
	for n := range t.known {
		list = append(list, regexp.QuoteMeta(n))
	}
	// Longest first, so a number that contains another is masked whole.
	sort.Slice(list, func(i, j int) bool { return len(list[i]) > len(list[j]) })
	// Leading zeros are optional: banks pad account numbers differently.
	t.masker = regexp.MustCompile(`(^|[^0-9A-Za-z])0*(` + strings.Join(list, "|") + `)([^0-9A-Za-z]|$)`)
}

// redact masks IBANs and known account numbers in b.
func (t *tracer) redact(b []byte) []byte {
	b = ibanPattern.ReplaceAllFunc(b, func(m []byte) []byte {
		sub := ibanPattern.FindSubmatchIndex(m)
		return append(append([]byte{}, m[:sub[4]]...), maskIBAN(m[sub[4]:sub[5]])...)
	})
	if t.masker != nil {
		b = t.masker.ReplaceAllFunc(b, func(m []byte) []byte {
			sub := t.masker.FindSubmatchIndex(m)
			out := append([]byte{}, m[:sub[4]]...)
			out = append(out, maskDigits(m[sub[4]:sub[5]])...)
			return append(out, m[sub[5]:]...)
		})
	}
	return b
}

// maskIBAN keeps the country code and the last two characters, enough to
// tell accounts apart in a trace.
func maskIBAN(m []byte) []byte {
	out := make([]byte, len(m))
	for i := range m {
		if i < 2 || i >= len(m)-2 {
			out[i] = m[i]
		} else {
			out[i] = '*'
		}
	}
	return out
}

func maskDigits(m []byte) []byte {
	out := make([]byte, len(m))
	for i := range m {
		if i >= len(m)-2 {
			out[i] = m[i]
		} else {
			out[i] = '*'
		}
	}
	return out
}

func (t *tracer) outgoing(o *wire.Outgoing) {
	if t == nil {
		return
	}
	t.write("client → bank", o.Trace())
}

// incoming writes an answer. The account numbers it introduces (UPD,
// SEPA account list) are learned first, so they are masked on first sight
// too, not only from the next message on.
func (t *tracer) incoming(r *wire.Response) {
	if t == nil {
		return
	}
	t.learn(accountNumbers(r.Segments)...)
	t.write("bank → client", wire.Trace(r.Message.Segments...))
}

// accountNumbers lists the account numbers of HIUPD (ktv) and HISPA (ktz)
// segments.
func accountNumbers(segs []*wire.Segment) []string {
	var out []string
	for _, s := range segs {
		switch s.ID {
		case "HIUPD":
			out = append(out, wire.ParseKTV(s.Group(2), 1).Number)
		case "HISPA":
			for pos := 2; pos <= s.Len(); pos++ {
				out = append(out, wire.ParseKTZ(s.Group(pos), 1).Number)
			}
		}
	}
	return out
}

func (t *tracer) raw(label string, b []byte) {
	if t == nil {
		return
	}
	t.write(label, wire.Trace(&wire.Segment{ID: "RAW", DEs: []wire.DE{wire.B(b)}}))
}

func (t *tracer) note(format string, args ...any) {
	if t == nil {
		return
	}
	t.write("note", []byte(fmt.Sprintf(format, args...)))
}

func (t *tracer) write(label string, b []byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.err != nil {
		return
	}
	b = t.redact(b)
	// One segment per line reads far better than the wire form.
	b = []byte(strings.ReplaceAll(string(b), "'", "'\n"))
	_, err := fmt.Fprintf(t.w, "--- %s %s\n%s\n", t.clock.Now().Format(time.RFC3339), label, b)
	t.err = err
}
