package demobank

import (
	"slices"

	"saldo/fints/wire"
)

// bpdVersion is the version of the bank parameter data. Bump it whenever
// the BPD change (a new job, a new segment version, other TAN methods), so
// clients holding the old version get the new BPD with 3050.
const bpdVersion = 13

// updVersion is the version of every login's user parameter data.
const updVersion = 3

// Bank-wide limits announced in HIBPA.
const (
	maxMessageKB      = 0 // unlimited: statement pages are bounded by the page size instead
	minTimeoutSeconds = 60
)

// pinTANJobs is the HIPINS table: every job usable with PIN/TAN and
// whether it is TAN-relevant. Payments are listed (and marked J) although
// their handlers are registered separately; HKTAN and the account list
// never need a TAN themselves.
var pinTANJobs = []struct {
	id  string
	tan bool
}{
	{"HKTAN", false}, {"HKSPA", false}, {"HKSAL", true}, {"HKKAZ", true}, {"HKCAZ", true},
	{"HKCCS", true}, {"HKIPZ", true}, {"HKCSE", true}, {"HKTAB", false},
}

// tanRelevant reports whether HIPINS marks the job J.
func tanRelevant(id string) bool {
	for _, j := range pinTANJobs {
		if j.id == id {
			return j.tan
		}
	}
	return false
}

// bpd returns the bank parameter segments in the order real banks send
// them: HIBPA, HIKOM, HISHV, the job parameters, HITANS, HIPINS. url is
// the address announced in HIKOM.
func (b *Bank) bpd(url string) []*wire.Segment {
	kik := wire.KIK{Country: wire.CountryDE, Code: BankCode}.DE()
	segs := []*wire.Segment{
		wire.NewSegment("HIBPA", 3, wire.N(bpdVersion), kik, wire.S(BankName), wire.N(0),
			wire.S("1"), wire.S("300"), wire.N(maxMessageKB), wire.N(minTimeoutSeconds),
			wire.N(int(b.dialogTimeout.Seconds()))),
		wire.NewSegment("HIKOM", 4, kik, wire.N(1), wire.S("3", url)),
		wire.NewSegment("HISHV", 3, wire.S("N"), wire.S("PIN", "1")),
	}
	for _, spec := range sortedJobs() {
		for _, v := range spec.versions {
			segs = append(segs, spec.paramSegment(v))
		}
	}
	segs = append(segs, hitans(6), hitans(7), hipins())
	return segs
}

// hipins builds the PIN/TAN job table.
func hipins() *wire.Segment {
	vals := []wire.Value{wire.Num(minPINLength), wire.Num(maxPINLength), wire.Num(tanLength),
		wire.Text("Benutzerkennung"), wire.Text("Kunden-ID")}
	for _, j := range pinTANJobs {
		vals = append(vals, wire.Text(j.id), wire.Text(wire.JN(j.tan)))
	}
	return wire.NewSegment("HIPINS", 1, wire.N(1), wire.N(1), wire.N(0), wire.G(vals...))
}

// PIN length limits announced in HIPINS and enforced for configured PINs.
const (
	minPINLength = 5
	maxPINLength = 20
)

// paramSegment builds HIxxxS for one version of the job.
func (j *jobSpec) paramSegment(version int) *wire.Segment {
	des := []wire.DE{wire.N(j.maxPerMsg), wire.N(1)}
	if j.secClass == nil || j.secClass(version) {
		des = append(des, wire.N(1))
	}
	if j.params != nil {
		if p := j.params(version); p != nil {
			des = append(des, p)
		}
	}
	return wire.NewSegment("HI"+j.id[2:]+"S", version, des...)
}

// sortedJobs returns the registered jobs in a stable order.
func sortedJobs() []*jobSpec {
	specs := make([]*jobSpec, 0, len(jobSpecs))
	for _, s := range jobSpecs {
		specs = append(specs, s)
	}
	slices.SortFunc(specs, func(a, b *jobSpec) int {
		switch {
		case a.id < b.id:
			return -1
		case a.id > b.id:
			return 1
		}
		return 0
	})
	return specs
}
