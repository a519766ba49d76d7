package challenge

import (
	"encoding/hex"
	"fmt"
	"strings"
)

// Length-byte flags of the rendered code (§10.3 of the protocol guide).
const (
	asciiFlag14 = 0x40 // HHD 1.4: bit 6 marks an ASCII field
	asciiFlag13 = 0x10 // HHD 1.3: high nibble 1 marks an ASCII field
)

// syncPattern starts every round of the flicker animation.
const syncPattern = "0FFF"

// fieldBytes encodes a start code or data element for the optical code:
// digits only → BCD (padded with F to whole bytes), anything else → ASCII.
// Letters occur in SEPA data (IBAN, BIC), hence the ASCII fallback.
func fieldBytes(v string) (data []byte, ascii bool) {
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return []byte(v), true
		}
	}
	digits := v
	if len(digits)%2 == 1 {
		digits += "F"
	}
	out := make([]byte, len(digits)/2)
	for i := range out {
		out[i] = nibble(digits[2*i])<<4 | nibble(digits[2*i+1])
	}
	return out, false
}

func nibble(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10
	}
	return 0
}

// lengthByte is the rendered length byte of one field.
func lengthByte(data []byte, ascii, v14 bool) byte {
	n := byte(len(data))
	switch {
	case !ascii:
		return n
	case v14:
		return n | asciiFlag14
	}
	return n | asciiFlag13
}

// body renders everything between LC and the check byte and collects the
// bytes the Luhn digit covers (control bytes, start code, DE data — not the
// length bytes).
func (f *Flicker) body() (body, luhn []byte) {
	v14 := len(f.ControlBytes) > 0
	sc, ascii := fieldBytes(f.StartCode)
	ls := lengthByte(sc, ascii, v14)
	if v14 {
		ls |= controlByteFollow
	}
	body = append(body, ls)
	for _, cb := range f.ControlBytes {
		b := nibble(cb[0])<<4 | nibble(cb[1])
		body = append(body, b)
		luhn = append(luhn, b)
	}
	body = append(body, sc...)
	luhn = append(luhn, sc...)
	for _, de := range f.DataElements {
		data, ascii := fieldBytes(de)
		body = append(body, lengthByte(data, ascii, v14))
		body = append(body, data...)
		luhn = append(luhn, data...)
	}
	return body, luhn
}

// renderedLen is the value LC takes in the rendered code: the body plus
// the check byte.
func (f *Flicker) renderedLen() int {
	b, _ := f.body()
	return len(b) + 1
}

// Code renders the hex string a chipTAN generator reads (§10.3): LC, LS,
// control bytes, start code and data elements in BCD or ASCII with their
// length bytes, then the Luhn and the XOR check digits. Upper-case hex.
func (f *Flicker) Code() (string, error) {
	if err := f.Validate(); err != nil {
		return "", err
	}
	body, luhnData := f.body()
	head := fmt.Sprintf("%02X", len(body)+1) + strings.ToUpper(hex.EncodeToString(body))
	return head + fmt.Sprintf("%X%X", luhnDigit(luhnData), xorDigit(head)), nil
}

// luhnDigit: per byte, the high nibble counts once and the low nibble
// doubled with its decimal digits summed (2·7 = 14 → 5).
func luhnDigit(data []byte) int {
	sum := 0
	for _, b := range data {
		d := 2 * int(b&0x0F)
		sum += int(b>>4) + d/10 + d%10
	}
	return (10 - sum%10) % 10
}

// xorDigit XORs all hex digits of s.
func xorDigit(s string) byte {
	var x byte
	for i := 0; i < len(s); i++ {
		x ^= nibble(s[i])
	}
	return x
}

// Frames returns one round of the flicker animation for f (§10.4): the
// sync pattern 0FFF, then the rendered code; every byte is sent low
// half-byte first, and every half-byte is shown twice, first with the clock
// bar light, then dark. The UI loops over the frames at 2–40 Hz.
//
// Sync order: the guide lists as unverified (Appendix B, point 8) whether
// the sync pattern is nibble-swapped like the payload (F 0 F F) or sent as
// written (0 F F F). We swap it too. That is what the most widely deployed
// Java client sends, and its renderer test pins exactly that frame sequence
// (11111 01111 10000 00000 11111 01111 …), so generators in the field read it.
func (f *Flicker) Frames() ([]Frame, error) {
	code, err := f.Code()
	if err != nil {
		return nil, err
	}
	return framesOf(syncPattern + code), nil
}

// framesOf turns an even-length hex string into frames.
func framesOf(hexs string) []Frame {
	frames := make([]Frame, 0, 2*len(hexs))
	for i := 0; i+1 < len(hexs); i += 2 {
		for _, c := range []byte{hexs[i+1], hexs[i]} {
			n := nibble(c)
			data := Frame{true, n&1 != 0, n&2 != 0, n&4 != 0, n&8 != 0}
			frames = append(frames, data)
			data[0] = false
			frames = append(frames, data)
		}
	}
	return frames
}

// String renders a frame as five 0/1 characters, clock first (handy in
// tests and traces).
func (fr Frame) String() string {
	var b [5]byte
	for i, on := range fr {
		b[i] = '0'
		if on {
			b[i] = '1'
		}
	}
	return string(b[:])
}
