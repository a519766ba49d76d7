package vault

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"os"
	"unicode/utf16"

	"saldo/fints/secret"
)

// Leak is one place where a secret was found.
type Leak struct {
	Secret   int    // index into the secrets passed to ScanBytes
	Encoding string // "plain", "hex", "base64", "utf-16le"
	Offset   int
}

func (l Leak) String() string {
	return fmt.Sprintf("secret #%d found %s at offset %d", l.Secret, l.Encoding, l.Offset)
}

// ScanFile reads a file (a vault, a trace, a log) and reports every place
// where one of the secrets appears, in clear or in a common encoding. The
// canary test uses it after a full demo session: any result is a leak.
func ScanFile(path string, secrets ...secret.Value) ([]Leak, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("scan %s: %w", path, err)
	}
	return ScanBytes(b, secrets...), nil
}

// ScanBytes is ScanFile on data in memory. Secrets shorter than 4 bytes are
// skipped: they would match by chance. So would a six-digit TAN inside a
// long number (a 20-digit end-to-end reference contains one by chance in a
// few percent of sessions): a digits-only secret counts in clear only where
// it is not part of a longer number, as it would stand in a FinTS element,
// a log field or a message.
func ScanBytes(data []byte, secrets ...secret.Value) []Leak {
	var out []Leak
	for i, s := range secrets {
		if s.Len() < 4 {
			continue
		}
		plain := []byte(s.Reveal())
		digitsOnly := bytes.IndexFunc(plain, func(r rune) bool { return r < '0' || r > '9' }) < 0
		hexed := []byte(hex.EncodeToString(plain))
		forms := []struct {
			enc    string
			needle []byte
		}{
			{"plain", plain},
			{"hex", hexed},
			{"HEX", bytes.ToUpper(hexed)},
			// Padding depends on what follows in a longer blob; the
			// unpadded head is what would show up.
			{"base64", bytes.TrimRight([]byte(base64.StdEncoding.EncodeToString(plain)), "=")},
			{"utf-16le", utf16le(string(plain))},
		}
		seen := map[string]bool{}
		for _, f := range forms {
			enc, needle := f.enc, f.needle
			if seen[string(needle)] {
				continue // digits-only secrets: hex and HEX are the same
			}
			seen[string(needle)] = true
			for off := 0; ; {
				j := bytes.Index(data[off:], needle)
				if j < 0 {
					break
				}
				if !(enc == "plain" && digitsOnly && insideNumber(data, off+j, len(needle))) {
					out = append(out, Leak{Secret: i, Encoding: enc, Offset: off + j})
				}
				off += j + 1
			}
		}
		clear(plain)
	}
	return out
}

// insideNumber reports whether data[at:at+n] has a digit on either side.
func insideNumber(data []byte, at, n int) bool {
	isDigit := func(i int) bool { return i >= 0 && i < len(data) && data[i] >= '0' && data[i] <= '9' }
	return isDigit(at-1) || isDigit(at+n)
}

func utf16le(s string) []byte {
	u := utf16.Encode([]rune(s))
	b := make([]byte, 0, 2*len(u))
	for _, c := range u {
		b = append(b, byte(c), byte(c>>8))
	}
	return b
}
