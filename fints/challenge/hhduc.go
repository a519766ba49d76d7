package challenge

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Limits of the HHD formats. The flicker code's length bytes keep the
// length in bits 0–5, so no field can exceed 63 bytes; HHD 1.3 marks ASCII
// fields with a single hex digit, so those stop at 15 bytes.
const (
	maxFieldBytes     = 63
	maxHHD13ASCII     = 15
	maxControlBytes   = 9
	maxDataElements   = 3
	maxCodeBytes      = 255 // LC of the rendered code is one byte
	controlByteFollow = 0x80
	startLenMask      = 0x3F
)

// ErrHHD is wrapped by every error about a malformed HHD challenge.
var ErrHHD = errors.New("malformed chipTAN challenge")

// ParseHHDUC reads a "Challenge HHD_UC" string as banks send it in HITAN:
// HHD 1.4 (3-digit LC, LS, control bytes, start code, up to three data
// elements with 2-digit lengths) or HHD 1.3 (2-digit LC). It tolerates what
// real banks and libraries do: spaces between the parts (as in the spaced
// form some libraries print), 3-digit data element lengths (some Sparkassen),
// lower-case hex, and the HHD 1.3 form embedded in challenge text
// ("CHLGUC nnnn … CHLGTEXT"), which it hands to ExtractEmbedded.
//
// The result is validated: a nil error means Code will succeed.
func ParseHHDUC(s string) (*Flicker, error) {
	if strings.Contains(s, "CHLGUC") {
		f, img, _, err := ExtractEmbedded(s)
		switch {
		case err != nil:
			return nil, err
		case img != nil:
			return nil, fmt.Errorf("%w: the embedded challenge is an image, not a flicker code", ErrHHD)
		case f == nil:
			return nil, fmt.Errorf("%w: no code after CHLGUC", ErrHHD)
		}
		return f, nil
	}
	return parseCode(s)
}

// parseCode is ParseHHDUC without the embedded form.
func parseCode(s string) (*Flicker, error) {
	trimmed := strings.TrimSpace(s)
	if trimmed == "" {
		return nil, fmt.Errorf("%w: empty challenge", ErrHHD)
	}
	for i := 0; i < len(trimmed); i++ {
		if c := trimmed[i]; c < 0x20 || c > 0x7E {
			return nil, fmt.Errorf("%w: %s contains the non-ASCII byte 0x%02X at position %d; a flicker challenge is plain ASCII", ErrHHD, quote(trimmed), c, i)
		}
	}
	// Try the string as it is first: a data element may legitimately hold
	// a space. Only if that fails are the spaces treated as separators.
	candidates := []string{trimmed}
	if nospace := strings.ReplaceAll(trimmed, " ", ""); nospace != trimmed {
		candidates = append(candidates, nospace)
	}
	var err14, err13, invalid error
	for _, c := range candidates {
		for _, lc := range []int{3, 2} {
			for _, lde := range []int{2, 3} {
				f, err := parseWith(c, lc, lde)
				if err == nil {
					if err = f.Validate(); err == nil {
						return f, nil
					}
					// It has the right shape but cannot be shown; that
					// is the most precise thing to report.
					invalid = err
					continue
				}
				if lde == 2 {
					if lc == 3 {
						err14 = err
					} else {
						err13 = err
					}
				}
			}
		}
	}
	if invalid != nil {
		return nil, invalid
	}
	return nil, fmt.Errorf("%w: %s is neither HHD 1.4 (%v) nor HHD 1.3 (%v)", ErrHHD, quote(trimmed), err14, err13)
}

// parseWith reads s assuming an LC of lcDigits and data element lengths of
// ldeDigits decimal digits. LC must match exactly what follows: that is
// what tells HHD 1.4 and 1.3 apart (both cannot fit at once).
func parseWith(s string, lcDigits, ldeDigits int) (*Flicker, error) {
	r := reader{s: s}
	lc, err := r.decimal(lcDigits, "LC")
	if err != nil {
		return nil, err
	}
	if rest := len(s) - r.pos; lc != rest {
		return nil, fmt.Errorf("LC %0*d announces %d characters but %d follow", lcDigits, lc, lc, rest)
	}
	ls, err := r.hexByte("LS")
	if err != nil {
		return nil, err
	}
	f := &Flicker{HHD: "1.3"}
	if ls&controlByteFollow != 0 {
		f.HHD = "1.4"
		for {
			if len(f.ControlBytes) == maxControlBytes {
				return nil, fmt.Errorf("more than %d control bytes", maxControlBytes)
			}
			cb, err := r.hexByte("control byte")
			if err != nil {
				return nil, err
			}
			f.ControlBytes = append(f.ControlBytes, fmt.Sprintf("%02X", cb))
			if cb&controlByteFollow == 0 {
				break
			}
		}
	}
	// Bit 6 of LS would be the ASCII flag of the rendered code; banks leave
	// it clear in HHD_UC, and masking it keeps us lenient if one does not.
	n := int(ls & startLenMask)
	if n == 0 {
		return nil, errors.New("LS gives an empty start code")
	}
	if f.StartCode, err = r.take(n, "start code"); err != nil {
		return nil, err
	}
	for !r.done() {
		if len(f.DataElements) == maxDataElements {
			return nil, fmt.Errorf("%d characters left after %d data elements", len(s)-r.pos, maxDataElements)
		}
		name := fmt.Sprintf("length of DE%d", len(f.DataElements)+1)
		l, err := r.decimal(ldeDigits, name)
		if err != nil {
			return nil, err
		}
		de, err := r.take(l, fmt.Sprintf("DE%d", len(f.DataElements)+1))
		if err != nil {
			return nil, err
		}
		f.DataElements = append(f.DataElements, de)
	}
	if ldeDigits != 2 && len(f.DataElements) > 0 {
		f.LDEDigits = ldeDigits
	}
	return f, nil
}

// reader walks an HHD_UC string.
type reader struct {
	s   string
	pos int
}

func (r *reader) done() bool { return r.pos >= len(r.s) }

func (r *reader) take(n int, what string) (string, error) {
	if n > len(r.s)-r.pos {
		return "", fmt.Errorf("%s needs %d characters but only %d are left", what, n, len(r.s)-r.pos)
	}
	v := r.s[r.pos : r.pos+n]
	r.pos += n
	return v, nil
}

func (r *reader) decimal(n int, what string) (int, error) {
	t, err := r.take(n, what)
	if err != nil {
		return 0, err
	}
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			return 0, fmt.Errorf("%s %q is not %d decimal digits", what, t, n)
		}
	}
	v, _ := strconv.Atoi(t)
	return v, nil
}

func (r *reader) hexByte(what string) (byte, error) {
	t, err := r.take(2, what)
	if err != nil {
		return 0, err
	}
	v, err := strconv.ParseUint(t, 16, 8)
	if err != nil {
		return 0, fmt.Errorf("%s %q is not two hex digits", what, t)
	}
	return byte(v), nil
}

// Validate checks that f can be rendered as a flicker code and encoded as an
// HHD_UC string, and says what is wrong if not.
func (f *Flicker) Validate() error {
	if f == nil {
		return fmt.Errorf("%w: no challenge", ErrHHD)
	}
	v14 := len(f.ControlBytes) > 0
	switch {
	case f.HHD == "1.4" && !v14:
		return fmt.Errorf("%w: HHD 1.4 needs at least one control byte (normally 01)", ErrHHD)
	case f.HHD == "1.3" && v14:
		return fmt.Errorf("%w: HHD 1.3 has no control bytes", ErrHHD)
	case f.HHD != "1.3" && f.HHD != "1.4":
		return fmt.Errorf("%w: HHD version %q, want 1.3 or 1.4", ErrHHD, f.HHD)
	}
	if len(f.ControlBytes) > maxControlBytes {
		return fmt.Errorf("%w: %d control bytes, at most %d allowed", ErrHHD, len(f.ControlBytes), maxControlBytes)
	}
	for i, cb := range f.ControlBytes {
		v, err := strconv.ParseUint(cb, 16, 8)
		if err != nil || len(cb) != 2 {
			return fmt.Errorf("%w: control byte %q is not two hex digits", ErrHHD, cb)
		}
		last := i == len(f.ControlBytes)-1
		if follow := v&controlByteFollow != 0; follow == last {
			return fmt.Errorf("%w: control byte %s: bit 7 must be set exactly on all but the last", ErrHHD, cb)
		}
	}
	if len(f.DataElements) > maxDataElements {
		return fmt.Errorf("%w: %d data elements, at most %d allowed", ErrHHD, len(f.DataElements), maxDataElements)
	}
	if f.LDEDigits != 0 && f.LDEDigits != 2 && f.LDEDigits != 3 {
		return fmt.Errorf("%w: data element length width %d, want 2 or 3", ErrHHD, f.LDEDigits)
	}
	if err := checkField("start code", f.StartCode, v14); err != nil {
		return err
	}
	if len(f.StartCode) > startLenMask {
		return fmt.Errorf("%w: start code has %d characters, at most %d fit", ErrHHD, len(f.StartCode), startLenMask)
	}
	for i, de := range f.DataElements {
		if err := checkField(fmt.Sprintf("DE%d", i+1), de, v14); err != nil {
			return err
		}
	}
	if n := len(f.hhducBody()); n > lcMax(f.HHD) {
		return fmt.Errorf("%w: HHD %s string would be %d characters, LC allows %d", ErrHHD, f.HHD, n, lcMax(f.HHD))
	}
	if n := f.renderedLen(); n > maxCodeBytes {
		return fmt.Errorf("%w: rendered code would be %d bytes, at most %d fit", ErrHHD, n, maxCodeBytes)
	}
	return nil
}

func checkField(name, v string, v14 bool) error {
	if v == "" {
		return fmt.Errorf("%w: %s is empty", ErrHHD, name)
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x20 || c > 0x7E {
			return fmt.Errorf("%w: %s contains the non-ASCII byte 0x%02X", ErrHHD, name, c)
		}
	}
	data, ascii := fieldBytes(v)
	switch {
	case len(data) > maxFieldBytes:
		return fmt.Errorf("%w: %s needs %d bytes, at most %d fit", ErrHHD, name, len(data), maxFieldBytes)
	case ascii && !v14 && len(data) > maxHHD13ASCII:
		return fmt.Errorf("%w: %s has %d characters; HHD 1.3 allows %d for non-numeric values", ErrHHD, name, len(data), maxHHD13ASCII)
	}
	return nil
}

func lcMax(hhd string) int {
	if hhd == "1.3" {
		return 99
	}
	return 999
}

// EncodeHHDUC writes f as the HHD_UC string a bank puts into HITAN #6:
// 3-digit LC for HHD 1.4, 2-digit LC for HHD 1.3, LS with the control-byte
// bit, control bytes, start code and the data elements with their decimal
// lengths. It is the inverse of ParseHHDUC.
func EncodeHHDUC(f Flicker) (string, error) {
	if err := f.Validate(); err != nil {
		return "", err
	}
	body := f.hhducBody()
	if f.HHD == "1.3" {
		return fmt.Sprintf("%02d%s", len(body), body), nil
	}
	return fmt.Sprintf("%03d%s", len(body), body), nil
}

// hhducBody is everything after LC.
func (f *Flicker) hhducBody() string {
	var b strings.Builder
	ls := len(f.StartCode) & startLenMask
	if len(f.ControlBytes) > 0 {
		ls |= controlByteFollow
	}
	fmt.Fprintf(&b, "%02X", ls)
	for _, cb := range f.ControlBytes {
		b.WriteString(strings.ToUpper(cb))
	}
	b.WriteString(f.StartCode)
	width := f.LDEDigits
	if width == 0 {
		width = 2
	}
	for _, de := range f.DataElements {
		fmt.Fprintf(&b, "%0*d", width, len(de))
		b.WriteString(de)
	}
	return b.String()
}

// quote shows a challenge in an error message, shortened so a garbage
// input cannot flood a log line.
func quote(s string) string {
	const max = 80
	if len(s) > max {
		return strconv.Quote(s[:max]) + "…"
	}
	return strconv.Quote(s)
}
