// Package secret holds credentials (PIN, TAN) in a type that cannot leak by
// accident: every way Go prints or encodes a value (fmt verbs, %#v, JSON,
// text, gob, slog) yields "[redacted]" or an error. Only Reveal gives the
// plain bytes, and the engine calls it in exactly one place: while writing
// the signature trailer of an outgoing message.
//
// Entry points: [New] wraps a typed PIN or TAN in a [Value];
// [Value.Reveal] returns it for that one place, [Value.Empty] and
// [Value.Len] check input without revealing it, and [Value.Wipe]
// overwrites it once it is no longer needed.
package secret

import (
	"errors"
	"fmt"
	"log/slog"
)

// Redacted is what a Value prints as.
const Redacted = "[redacted]"

// ErrNoEncode is returned by the encoding methods of Value.
var ErrNoEncode = errors.New("secret: refusing to encode a credential")

// Value is a PIN or TAN. The zero value is empty.
type Value struct {
	b *[]byte // pointer so copies share one buffer that Wipe can clear
}

// New wraps s. The caller should drop its own copy of s.
func New(s string) Value {
	b := []byte(s)
	return Value{&b}
}

// Reveal returns the plain text. Call it only where the bank must see it.
func (v Value) Reveal() string {
	if v.b == nil {
		return ""
	}
	return string(*v.b)
}

// Empty reports whether no credential is held.
func (v Value) Empty() bool { return v.b == nil || len(*v.b) == 0 }

// Len returns the length in bytes (for UI masks and length checks).
func (v Value) Len() int {
	if v.b == nil {
		return 0
	}
	return len(*v.b)
}

// Wipe overwrites the buffer; every copy of v becomes empty.
func (v Value) Wipe() {
	if v.b == nil {
		return
	}
	for i := range *v.b {
		(*v.b)[i] = 0
	}
	*v.b = (*v.b)[:0]
}

// String implements fmt.Stringer.
func (Value) String() string { return Redacted }

// GoString implements fmt.GoStringer (%#v).
func (Value) GoString() string { return Redacted }

// Format implements fmt.Formatter so that every verb, %x and %q included,
// prints the redaction marker.
func (Value) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(Redacted)) }

// LogValue implements slog.LogValuer.
func (Value) LogValue() slog.Value { return slog.StringValue(Redacted) }

// MarshalJSON refuses: credentials never go into JSON.
func (Value) MarshalJSON() ([]byte, error) { return nil, ErrNoEncode }

// MarshalText refuses: credentials never go into text encodings.
func (Value) MarshalText() ([]byte, error) { return nil, ErrNoEncode }

// MarshalBinary refuses: credentials never go into gob or binary encodings.
func (Value) MarshalBinary() ([]byte, error) { return nil, ErrNoEncode }

// GobEncode refuses, see MarshalBinary.
func (Value) GobEncode() ([]byte, error) { return nil, ErrNoEncode }
