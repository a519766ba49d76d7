package challenge

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ErrImage is wrapped by every error about a malformed image container.
var ErrImage = errors.New("malformed photoTAN/QR image challenge")

// maxMIMELen bounds the MIME type when sniffing: real ones are "image/png"
// and the like, so a larger length means the bytes are something else.
const maxMIMELen = 64

const maxContainerField = 0xFFFF // both lengths are 2-byte unsigned

// IsImage reports whether b looks like an image container (§10.5): a
// 2-byte length of at most 64 followed by a MIME type starting "image/".
// A flicker HHD_UC string starts with ASCII digits, which never passes.
func IsImage(b []byte) bool {
	if len(b) < 2 {
		return false
	}
	n := int(binary.BigEndian.Uint16(b))
	if n < len("image/") || n > maxMIMELen || len(b) < 2+n {
		return false
	}
	return strings.HasPrefix(strings.ToLower(string(b[2:2+n])), "image/")
}

// DecodeImage reads the container `len(2) MIME len(2) data` that banks put
// into HITAN #6 for photoTAN and QR-TAN.
//
// Recovery for a known corruption: data that passed through a tool which
// read the bytes as Latin-1 and wrote them as UTF-8 (every byte ≥ 0x80
// became two bytes; the photoTAN sample in our corpus came that way) no
// longer fits its declared lengths. When the raw bytes do not fit, are
// valid UTF-8 and decode to runes that are all ≤ 0xFF, those runes are
// taken as the original bytes and the container is read again.
func DecodeImage(b []byte) (*Image, error) {
	img, err := readContainer(b, false)
	if err == nil {
		return img, nil
	}
	if latin, ok := utf8ToLatin1(b); ok {
		if img, err2 := readContainer(latin, false); err2 == nil {
			return img, nil
		}
	}
	// Last resort: a few bytes of padding after a picture whose own magic
	// bytes confirm the declared length.
	if img, err2 := readContainer(b, true); err2 == nil && sniffImage(img.Data) != "" {
		return img, nil
	}
	return nil, err
}

// readContainer parses the container; trailing bytes are an error unless
// allowTrailing is set.
func readContainer(b []byte, allowTrailing bool) (*Image, error) {
	if len(b) < 4 {
		return nil, fmt.Errorf("%w: %d bytes, too short for the two length fields", ErrImage, len(b))
	}
	n := int(binary.BigEndian.Uint16(b))
	if n == 0 || n > maxMIMELen {
		return nil, fmt.Errorf("%w: MIME type length %d, want 1–%d", ErrImage, n, maxMIMELen)
	}
	if len(b) < 2+n+2 {
		return nil, fmt.Errorf("%w: MIME type of %d bytes does not fit into %d bytes", ErrImage, n, len(b))
	}
	mime := string(b[2 : 2+n])
	for i := 0; i < len(mime); i++ {
		if c := mime[i]; c <= 0x20 || c > 0x7E {
			return nil, fmt.Errorf("%w: MIME type %q is not printable ASCII", ErrImage, mime)
		}
	}
	m := int(binary.BigEndian.Uint16(b[2+n:]))
	data := b[4+n:]
	switch {
	case m == 0:
		return nil, fmt.Errorf("%w: empty image", ErrImage)
	case len(data) < m:
		return nil, fmt.Errorf("%w: image declares %d bytes but only %d follow", ErrImage, m, len(data))
	case len(data) > m && !allowTrailing:
		return nil, fmt.Errorf("%w: image declares %d bytes but %d follow", ErrImage, m, len(data))
	}
	return &Image{MIME: mime, Data: append([]byte(nil), data[:m]...)}, nil
}

// utf8ToLatin1 undoes a Latin-1 → UTF-8 transcoding. ok is false when b is
// not such a transcoding (invalid UTF-8, a rune above 0xFF, or pure ASCII,
// where there is nothing to undo).
func utf8ToLatin1(b []byte) ([]byte, bool) {
	if !utf8.Valid(b) {
		return nil, false
	}
	out := make([]byte, 0, len(b))
	changed := false
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r > 0xFF {
			return nil, false
		}
		changed = changed || size > 1
		out = append(out, byte(r))
		b = b[size:]
	}
	return out, changed
}

// EncodeImage builds the container a bank sends for img. Both the MIME type
// and the data must fit their 2-byte lengths (the format cannot carry
// pictures of 64 KiB or more).
func EncodeImage(img Image) ([]byte, error) {
	switch {
	case img.MIME == "" || len(img.MIME) > maxMIMELen:
		return nil, fmt.Errorf("%w: MIME type %q must have 1–%d characters", ErrImage, img.MIME, maxMIMELen)
	case len(img.Data) == 0:
		return nil, fmt.Errorf("%w: no image data", ErrImage)
	case len(img.Data) > maxContainerField:
		return nil, fmt.Errorf("%w: image of %d bytes exceeds the container's %d-byte limit", ErrImage, len(img.Data), maxContainerField)
	}
	for i := 0; i < len(img.MIME); i++ {
		if c := img.MIME[i]; c <= 0x20 || c > 0x7E {
			return nil, fmt.Errorf("%w: MIME type %q is not printable ASCII", ErrImage, img.MIME)
		}
	}
	out := make([]byte, 0, 4+len(img.MIME)+len(img.Data))
	out = binary.BigEndian.AppendUint16(out, uint16(len(img.MIME)))
	out = append(out, img.MIME...)
	out = binary.BigEndian.AppendUint16(out, uint16(len(img.Data)))
	return append(out, img.Data...), nil
}
