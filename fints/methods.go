package fints

import (
	"sort"
	"strings"
	"time"

	"saldo/fints/wire"
)

// parseTANMethods collects the two-step methods of every HITANS version
// (6 and 7; older layouts are not used any more). A method listed in
// several versions keeps the entry of the highest one, which is also the
// HKTAN version to use with it.
func parseTANMethods(segs []*wire.Segment) (methods []TANMethod, oneStep, multiTAN bool) {
	byCode := map[string]TANMethod{}
	for _, s := range segs {
		if s.Version != 6 && s.Version != 7 {
			continue
		}
		g := s.Group(5)
		oneStep = oneStep || wire.ParseJN(g.Str(1))
		multiTAN = multiTAN || wire.ParseJN(g.Str(2))
		for _, e := range splitTANEntries(g, s.Version) {
			m := tanMethodFrom(e, s.Version)
			if old, ok := byCode[m.Code]; !ok || old.HKTANVersion < m.HKTANVersion {
				byCode[m.Code] = m
			}
		}
	}
	for _, m := range byCode {
		methods = append(methods, m)
	}
	sort.Slice(methods, func(i, j int) bool { return methods[i].Code < methods[j].Code })
	return methods, oneStep, multiTAN
}

// splitTANEntries cuts the flattened method list (from position 4 of the
// parameter group) into entries. Version 6 entries have 21 fields. Version
// 7 entries should have 26, but banks send 21 for classic methods and 24
// for decoupled ones (QUIRK, §3.7): read 21, then take up to 5 more unless
// the next field starts a new entry.
func splitTANEntries(g wire.DE, version int) []wire.DE {
	var out []wire.DE
	i := 4
	for i <= g.Len() && g.Str(i) != "" {
		n := 21
		if version >= 7 {
			for n < 26 && i+n <= g.Len() && !startsTANEntry(g, i+n) {
				n++
			}
		}
		out = append(out, g.Sub(i, n))
		i += n
	}
	return out
}

// startsTANEntry: a 3-digit code 900–999 followed by TAN process 1 or 2
// and a technical ID.
func startsTANEntry(g wire.DE, i int) bool {
	c := g.Str(i)
	if len(c) != 3 || c[0] != '9' || c[1] < '0' || c[1] > '9' || c[2] < '0' || c[2] > '9' {
		return false
	}
	p := g.Str(i + 1)
	return (p == "1" || p == "2") && g.Str(i+2) != ""
}

func tanMethodFrom(e wire.DE, version int) TANMethod {
	m := TANMethod{
		Code:         e.Str(1),
		TechID:       e.Str(3),
		DKName:       e.Str(4),
		DKVersion:    e.Str(5),
		Name:         e.Str(6),
		NumericTAN:   e.Str(8) == "1",
		CanCancel:    wire.ParseJN(e.Str(13)),
		NeedsMedium:  e.Str(19) == "2",
		HKTANVersion: version,
	}
	m.MaxTANLen, _ = e.Int(7)
	switch e.Str(12) {
	case "2", "3":
		m.LaterDialog = true
	}
	if m.Name == "" {
		m.Name = m.Code
	}
	m.Kind = tanKind(m)
	if m.Kind == TANDecoupled && version >= 7 {
		m.MaxPolls, _ = e.Int(22)
		first, _ := e.Int(23)
		next, _ := e.Int(24)
		m.FirstWait = time.Duration(first) * time.Second
		m.NextWait = time.Duration(next) * time.Second
		m.ManualConfirm = wire.ParseJN(e.Str(25))
		// Absent means the bank did not forbid it; most banks that omit
		// the field expect clients to poll.
		m.AutoPoll = e.Str(26) == "" || wire.ParseJN(e.Str(26))
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
