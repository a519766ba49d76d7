package bpd

import (
	"errors"
	"slices"

	"saldo/fints/wire"
)

// ErrNoBPD means the segments contain no HIBPA, so there are no bank
// parameters to read (the answer did not include BPD).
var ErrNoBPD = errors.New("bpd: answer contains no bank parameters (HIBPA)")

// BPD are the bank parameter data.
type BPD struct {
	BankInfo          // HIBPA; BankInfo.Version is the BPD version
	Comm     Comm     // HIKOM
	Security Security // HISHV
	// PinTan is HIPINS; nil means the bank does not offer PIN/TAN.
	PinTan *PinTan
	// TAN holds one entry per HITANS version, ascending.
	TAN []TANParams
	// Params lists every job parameter segment in the bank's order.
	Params []Param
	// Problems lists parts that could not be read; the rest is usable.
	Problems []string

	segs []*wire.Segment
}

// Parse reads the BPD from the segments of an answer (usually
// wire.Response.Segments; any order, other segments ignored).
func Parse(segs []*wire.Segment) (*BPD, error) {
	b := &BPD{}
	found := false
	for _, s := range segs {
		switch {
		case s.ID == "HIBPA":
			b.BankInfo = parseHIBPA(s)
			found = true
		case s.ID == "HIKOM":
			b.Comm = parseHIKOM(s)
		case s.ID == "HISHV":
			b.Security = parseHISHV(s)
		case s.ID == "HIKPV":
		case isParamSegment(s.ID):
			b.addParam(parseParam(s))
		default:
			continue
		}
		b.segs = append(b.segs, s)
	}
	if !found {
		return nil, ErrNoBPD
	}
	slices.SortStableFunc(b.TAN, func(x, y TANParams) int { return x.Version - y.Version })
	return b, nil
}

func (b *BPD) addParam(p Param) {
	b.Params = append(b.Params, p)
	switch p.ID {
	case "HIPINS":
		pt := parsePinTan(p)
		b.PinTan = &pt
	case "HITANS":
		tp, problems := parseTANParams(p)
		b.Problems = append(b.Problems, problems...)
		b.TAN = append(b.TAN, tp)
	}
}

// Segments returns the BPD segments as received (for re-sending by a test
// bank or for inspection).
func (b *BPD) Segments() []*wire.Segment { return b.segs }

// URL returns the PIN/TAN HTTPS address from HIKOM ("" if none).
func (b *BPD) URL() string { return b.Comm.PinTanURL() }

// Versions returns the versions of job (e.g. "HKSAL") that the bank
// supports, ascending.
func (b *BPD) Versions(job string) []int {
	seg := paramSegOf(job)
	var out []int
	for _, p := range b.Params {
		if p.ID == seg && !slices.Contains(out, p.Version) {
			out = append(out, p.Version)
		}
	}
	slices.Sort(out)
	return out
}

// Highest returns the highest version of job the bank supports, limited
// to the versions given in ours when there are any; 0 if none fits.
func (b *BPD) Highest(job string, ours ...int) int {
	best := 0
	for _, v := range b.Versions(job) {
		if (len(ours) == 0 || slices.Contains(ours, v)) && v > best {
			best = v
		}
	}
	return best
}

// Param returns the parameter segment of job in the given version.
func (b *BPD) Param(job string, version int) (Param, bool) {
	seg := paramSegOf(job)
	for _, p := range b.Params {
		if p.ID == seg && p.Version == version {
			return p, true
		}
	}
	return Param{}, false
}

// TANRequired reports whether job needs HKTAN according to HIPINS; listed
// is false when HIPINS is absent or does not name the job.
func (b *BPD) TANRequired(job string) (required, listed bool) {
	if b.PinTan == nil {
		return false, false
	}
	return b.PinTan.TANRequired(job)
}

// TANMethods returns every two-step method of every HITANS version, one
// per security function. Fields come from the highest version listing the
// method; Versions names all of them. The order is that of the highest
// HITANS version, followed by methods only older versions list.
func (b *BPD) TANMethods() []TANMethod {
	var out []TANMethod
	index := map[string]int{}
	for i := len(b.TAN) - 1; i >= 0; i-- {
		tp := b.TAN[i]
		for _, m := range tp.Methods {
			if k, ok := index[m.Function]; ok {
				if !slices.Contains(out[k].Versions, tp.Version) {
					out[k].Versions = append([]int{tp.Version}, out[k].Versions...)
				}
				continue
			}
			m.Versions = []int{tp.Version}
			index[m.Function] = len(out)
			out = append(out, m)
		}
	}
	return out
}

// TANMethod returns the method with the given security function.
func (b *BPD) TANMethod(function string) (TANMethod, bool) {
	for _, m := range b.TANMethods() {
		if m.Function == function {
			return m, true
		}
	}
	return TANMethod{}, false
}

// TANParamsFor returns the HITANS group of the given version.
func (b *BPD) TANParamsFor(version int) (TANParams, bool) {
	for _, tp := range b.TAN {
		if tp.Version == version {
			return tp, true
		}
	}
	return TANParams{}, false
}
