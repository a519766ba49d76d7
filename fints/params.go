package fints

import (
	"strings"

	"saldo/fints/wire"
)

// params is what the engine knows about the bank (BPD) and the user (UPD):
// the raw segments, kept for the state blob, and the values derived from
// them. BPD and UPD are replaced as a whole whenever the bank sends new
// ones (HIBPA / HIUPA present in an answer).
type params struct {
	bpdVersion int
	bpd        []*wire.Segment
	updVersion int
	upd        []*wire.Segment

	bankName    string
	maxJobTypes int             // HIBPA #5: job types per message, 0 = unlimited
	pinTAN      map[string]bool // HIPINS: job → TAN-relevant
	maxTANLen   int
	oneStep     bool // HITANS: one-step (999) allowed for jobs
	multiTAN    bool // HITANS: more than one TAN-relevant job per message
	methods     []TANMethod
	jobs        map[string][]jobParams // "HKSAL" → one entry per version
	updUsage    int                    // HIUPA #4: 0 only listed jobs, 1 bank decides
	accounts    []Account              // from HIUPD
}

// jobParams is one HIxxxS parameter segment.
type jobParams struct {
	version int
	maxJobs int     // per message; 0 = unlimited
	params  wire.DE // job-specific parameter group, may be nil
	raw     *wire.Segment
}

// setBPD replaces the BPD with the segments of an answer that contains
// HIBPA. Non-BPD segments in segs are ignored.
func (p *params) setBPD(segs []*wire.Segment) {
	var keep []*wire.Segment
	for _, s := range segs {
		if isBPDSegment(s) {
			keep = append(keep, s)
		}
	}
	p.bpd = keep
	p.deriveBPD()
}

// setUPD replaces the UPD with HIUPA and every HIUPD in segs.
func (p *params) setUPD(segs []*wire.Segment) {
	var keep []*wire.Segment
	for _, s := range segs {
		if s.ID == "HIUPA" || s.ID == "HIUPD" {
			keep = append(keep, s)
		}
	}
	p.upd = keep
	p.deriveUPD()
}

// isBPDSegment tells bank parameter segments from data and return codes:
// HIBPA, HIKOM, HISHV, HIKPV, HIPINS and every HIxxxS / DIxxxS.
func isBPDSegment(s *wire.Segment) bool {
	switch s.ID {
	case "HIBPA", "HIKOM", "HISHV", "HIKPV", "HIPINS":
		return true
	}
	return len(s.ID) == 6 && (strings.HasPrefix(s.ID, "HI") || strings.HasPrefix(s.ID, "DI")) && s.ID[5] == 'S'
}

func (p *params) deriveBPD() {
	p.bpdVersion, p.bankName, p.maxJobTypes = 0, "", 0
	p.pinTAN = map[string]bool{}
	p.jobs = map[string][]jobParams{}
	p.methods, p.oneStep, p.multiTAN = nil, false, false
	var tans []*wire.Segment
	for _, s := range p.bpd {
		switch {
		case s.ID == "HIBPA":
			p.bpdVersion, _ = s.Int(2)
			p.bankName = s.Str(4)
			p.maxJobTypes, _ = s.Int(5)
		case s.ID == "HIPINS":
			g := paramGroup(s)
			p.maxTANLen, _ = g.Int(3)
			for i := 6; i+1 <= g.Len(); i += 2 {
				if id := g.Str(i); id != "" {
					p.pinTAN[id] = wire.ParseJN(g.Str(i + 1))
				}
			}
		case s.ID == "HITANS":
			tans = append(tans, s)
		}
		if len(s.ID) == 6 && strings.HasPrefix(s.ID, "HI") && s.ID[5] == 'S' {
			job := "HK" + s.ID[2:5]
			max, _ := s.Int(2)
			p.jobs[job] = append(p.jobs[job], jobParams{version: s.Version, maxJobs: max, params: paramGroup(s), raw: s})
		}
	}
	p.methods, p.oneStep, p.multiTAN = parseTANMethods(tans)
}

// paramGroup returns the job-specific parameter group of an HIxxxS
// segment. FinTS-3.0-era versions have a security class at #4 and the
// group at #5; HBCI-2.2-era versions (HISALS#5, HIKAZS#5 …) have the group
// at #4. Which one applies is read off the segment rather than a table,
// since banks differ.
func paramGroup(s *wire.Segment) wire.DE {
	if s.Len() >= 5 {
		return s.Group(5)
	}
	g := s.Group(4)
	if g.Len() > 1 || len(g.Str(1)) > 1 {
		return g
	}
	return nil
}

func (p *params) deriveUPD() {
	p.updVersion, p.updUsage, p.accounts = 0, 0, nil
	for _, s := range p.upd {
		switch s.ID {
		case "HIUPA":
			p.updVersion, _ = s.Int(3)
			p.updUsage, _ = s.Int(4)
		case "HIUPD":
			if a, ok := parseHIUPD(s); ok {
				p.accounts = append(p.accounts, a)
			}
		}
	}
}

// parseHIUPD reads an account from HIUPD v4–v6. Entries without an account
// number (the "non-account jobs" entry) are skipped.
func parseHIUPD(s *wire.Segment) (Account, bool) {
	ktv := wire.ParseKTV(s.Group(2), 1)
	if ktv.Number == "" {
		return Account{}, false
	}
	a := Account{Number: ktv.Number, SubAccount: ktv.Sub, BankCode: ktv.Bank.Code}
	jobsFrom := 0
	switch {
	case s.Version >= 6:
		a.IBAN = strings.TrimSpace(s.Str(3))
		a.Type, _ = s.Int(5)
		a.Currency, a.Owner, a.Product = s.Str(6), joinNames(s.Str(7), s.Str(8)), s.Str(9)
		jobsFrom = 11
	case s.Version == 5:
		a.Type, _ = s.Int(4)
		a.Currency, a.Owner, a.Product = s.Str(5), joinNames(s.Str(6), s.Str(7)), s.Str(8)
		jobsFrom = 10
	default:
		a.Currency, a.Owner, a.Product = s.Str(4), joinNames(s.Str(5), s.Str(6)), s.Str(7)
		jobsFrom = 9
	}
	if len(a.IBAN) > 34 { // QUIRK: some banks pad the IBAN to 35
		a.IBAN = a.IBAN[:34]
	}
	for pos := jobsFrom; pos <= s.Len() && pos < jobsFrom+999; pos++ {
		if id := s.Group(pos).Str(1); isJobID(id) {
			a.Jobs = append(a.Jobs, id)
		}
	}
	return a, true
}

func joinNames(a, b string) string {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if b == "" {
		return a
	}
	return a + " " + b
}

// isJobID accepts segment identifiers like HKSAL or DKPAE, which keeps the
// JSON extension of HIUPD out of the job list.
func isJobID(s string) bool {
	if len(s) < 5 || len(s) > 6 {
		return false
	}
	for _, r := range s {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// job returns the highest version of job the bank offers among want
// (ascending or not), and its parameters.
func (p *params) job(id string, want ...int) (jobParams, bool) {
	var best jobParams
	found := false
	for _, jp := range p.jobs[id] {
		ok := len(want) == 0
		for _, v := range want {
			ok = ok || jp.version == v
		}
		if ok && (!found || jp.version > best.version) {
			best, found = jp, true
		}
	}
	return best, found
}

// tanRequired reports whether HIPINS marks job as TAN-relevant. A job not
// listed is sent without HKTAN.
func (p *params) tanRequired(job string) bool { return p.pinTAN[job] }

// allowsJob reports whether the UPD allow job on the account. Banks with
// UPD usage 1 decide online; accounts without a job list are not limited.
func (p *params) allowsJob(a Account, job string) bool {
	if p.updUsage == 1 || len(a.Jobs) == 0 {
		return true
	}
	for _, j := range a.Jobs {
		if j == job {
			return true
		}
	}
	return false
}
