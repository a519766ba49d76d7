package challenge

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"strings"
)

// Markers of the challenge-text form used by HHD 1.3 setups (and the
// Sparkasse chipTAN-QR variant) that predate the separate HHD_UC element:
// "… CHLGUC nnnn <code> CHLGTEXT nnnn <text for the user>".
const (
	markCode = "CHLGUC"
	markText = "CHLGTEXT"
)

// ExtractEmbedded finds a machine-readable challenge inside a challenge
// text. The part after CHLGUC and its 4-digit length is either a flicker
// code (HHD 1.3, 2-digit LC) or a base64 PNG (chipTAN-QR); userText is what
// follows CHLGTEXT and its 4-digit length.
//
// Without CHLGUC the text has no embedded challenge: both results are nil
// and userText is the text unchanged. The declared lengths are not trusted
// (real samples are off by one); the markers delimit the parts. Text before
// CHLGUC is only used when nothing follows CHLGTEXT, because in practice it
// holds labels such as "TAN-Nummer:".
func ExtractEmbedded(challengeText string) (flicker *Flicker, image *Image, userText string, err error) {
	i := strings.Index(challengeText, markCode)
	if i < 0 {
		return nil, nil, challengeText, nil
	}
	prefix := strings.TrimSpace(challengeText[:i])
	rest := challengeText[i+len(markCode):]
	part := rest
	userText = prefix
	if j := strings.Index(rest, markText); j >= 0 {
		part = rest[:j]
		if t := strings.TrimSpace(skipDigits(rest[j+len(markText):], 4)); t != "" {
			userText = t
		}
	}
	part = strings.TrimLeft(part, " \t\r\n")
	if len(part) < 4 || !allDigits(part[:4]) {
		return nil, nil, userText, fmt.Errorf("%w: %s must be followed by a 4-digit length, found %s", ErrHHD, markCode, quote(part))
	}
	code := strings.Join(strings.Fields(part[4:]), "")
	if code == "" {
		return nil, nil, userText, fmt.Errorf("%w: nothing between %s and %s", ErrHHD, markCode, markText)
	}
	if img, ok, err := embeddedImage(code); ok {
		if err != nil {
			return nil, nil, userText, err
		}
		return nil, img, userText, nil
	}
	f, err := parseCode(code)
	if err != nil {
		return nil, nil, userText, fmt.Errorf("challenge text embeds a code after %s: %w", markCode, err)
	}
	return f, nil, userText, nil
}

// base64 beginnings of the picture formats banks use; each decodes to the
// format's magic bytes, so a match identifies the format.
var imagePrefixes = []struct{ b64, mime string }{
	{"iVBORw0KGgo", "image/png"}, // 89 50 4E 47 0D 0A 1A 0A
	{"/9j/", "image/jpeg"},       // FF D8 FF
	{"R0lGOD", "image/gif"},      // GIF8
}

// embeddedImage reports whether code is a base64 picture (ok) and decodes it.
func embeddedImage(code string) (img *Image, ok bool, err error) {
	for _, p := range imagePrefixes {
		if !strings.HasPrefix(code, p.b64) {
			continue
		}
		data, err := base64.StdEncoding.DecodeString(code)
		if err != nil {
			// Some encoders drop the padding.
			data, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(code, "="))
		}
		if err != nil {
			return nil, true, fmt.Errorf("%w: embedded %s is not valid base64: %v", ErrHHD, p.mime, err)
		}
		return &Image{MIME: p.mime, Data: data}, true, nil
	}
	return nil, false, nil
}

// sniffImage names the picture format by its magic bytes, or "".
func sniffImage(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return "image/jpeg"
	case bytes.HasPrefix(b, []byte("GIF8")):
		return "image/gif"
	}
	return ""
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// skipDigits drops up to n leading decimal digits (after optional spaces).
func skipDigits(s string, n int) string {
	t := strings.TrimLeft(s, " ")
	k := 0
	for k < n && k < len(t) && t[k] >= '0' && t[k] <= '9' {
		k++
	}
	if k == n {
		return t[k:]
	}
	return s
}
