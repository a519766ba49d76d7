package fints

import (
	"sort"
	"strings"

	"saldo/fints/bpd"
)

// tanMethodFrom converts a method of the BPD into the engine's type.
func tanMethodFrom(b bpd.TANMethod) TANMethod {
	m := TANMethod{
		Code: b.Function, Name: b.Name, TechID: b.TechID, DKName: b.DKName, DKVersion: b.DKVersion,
		MaxTANLen: b.MaxTANLength, NumericTAN: b.Format == 1, NeedsMedium: b.MediumName == 2,
		CanCancel: b.CanCancel, LaterDialog: b.TimeDialog == 2 || b.TimeDialog == 3,
		HKTANVersion: b.HKTANVersion(),
	}
	if m.Name == "" {
		m.Name = m.Code
	}
	m.Kind = tanKind(m)
	if m.Kind == TANDecoupled {
		m.MaxPolls, m.FirstWait, m.NextWait = b.MaxPolls, b.FirstWait, b.NextWait
		m.ManualConfirm, m.AutoPoll = b.ManualConfirm, b.AutoPoll
	}
	return m
}

// tanKind derives how the person produces a TAN from the DK name, the
// technical ID and, as a last resort, the display name.
func tanKind(m TANMethod) TANKind {
	dk := strings.ToLower(m.DKName)
	tech := strings.ToLower(m.TechID)
	name := strings.ToLower(m.Name)
	all := dk + " " + tech + " " + name
	switch {
	case strings.HasPrefix(dk, "decoupled"):
		return TANDecoupled
	case strings.Contains(dk, "opt") || strings.Contains(tech, "opt") || strings.Contains(name, "optisch") ||
		strings.Contains(name, "optical") || strings.Contains(name, "flicker"):
		if strings.Contains(all, "hhd") || strings.Contains(name, "chiptan") || strings.Contains(name, "flicker") {
			return TANFlicker
		}
	}
	switch {
	case strings.Contains(all, "photo") || strings.Contains(all, "qr") || strings.HasPrefix(tech, "ms1") || strings.Contains(all, "matrix"):
		return TANImage
	case strings.HasPrefix(dk, "hhd") || strings.Contains(name, "chiptan") || strings.Contains(name, "sm@rt"):
		return TANChipManual
	}
	return TANManual
}

// kindRank orders methods for the default choice: app approval first,
// chipTAN manual (the most work for the person) last.
var kindRank = map[TANKind]int{TANDecoupled: 0, TANImage: 1, TANManual: 2, TANFlicker: 3, TANChipManual: 4}

// defaultMethod picks the method to use when the person has not chosen:
// among the methods allowed for the user (3920; all when unknown),
// decoupled first and manual chipTAN last, lowest code on ties.
func defaultMethod(methods []TANMethod, allowed []string) (TANMethod, bool) {
	var cands []TANMethod
	for _, m := range methods {
		if len(allowed) == 0 || contains(allowed, m.Code) {
			cands = append(cands, m)
		}
	}
	if len(cands) == 0 {
		return TANMethod{}, false
	}
	sort.SliceStable(cands, func(i, j int) bool {
		ri, rj := kindRank[cands[i].Kind], kindRank[cands[j].Kind]
		if ri != rj {
			return ri < rj
		}
		return cands[i].Code < cands[j].Code
	})
	return cands[0], true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
