package wire

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
)

// DecodeBase64 decodes the body of a FinTS HTTP POST (§2.1). It is lenient
// where real servers and clients are: line breaks and blanks inside the
// base64 (some wrap it at 76 columns) and missing padding (a few gateways
// drop it).
func DecodeBase64(body []byte) ([]byte, error) {
	clean := bytes.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\r', '\n':
			return -1
		}
		return r
	}, body)
	if len(clean) == 0 {
		return nil, errors.New("empty (expected a base64 FinTS message)")
	}
	out := make([]byte, base64.StdEncoding.DecodedLen(len(clean)))
	n, err := base64.StdEncoding.Decode(out, clean)
	if err == nil {
		return out[:n], nil
	}
	// Unpadded input decodes to more than DecodedLen of the padded form
	// allows for, so the raw decoder gets a buffer of its own size.
	raw := bytes.TrimRight(clean, "=")
	out = make([]byte, base64.RawStdEncoding.DecodedLen(len(raw)))
	if n, err2 := base64.RawStdEncoding.Decode(out, raw); err2 == nil {
		return out[:n], nil
	}
	return nil, fmt.Errorf("not base64: %w", err)
}
