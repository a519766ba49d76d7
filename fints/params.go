package fints

import (
	"strings"

	"saldo/fints/bpd"
	"saldo/fints/wire"
)

// params is what the engine knows about the bank (BPD) and the user (UPD),
// parsed by fints/bpd. The raw segments are kept for the state blob. BPD
// and UPD are replaced as a whole whenever the bank sends new ones (HIBPA /
// HIUPA present in an answer).
type params struct {
	bpdVersion int
	bpd        []*wire.Segment
	b          *bpd.BPD // nil before the first BPD
	updVersion int
	upd        []*wire.Segment
	u          *bpd.UPD // nil before the first UPD

	bankName    string
	maxJobTypes int  // HIBPA #5: job types per message, 0 = unlimited
	multiTAN    bool // HITANS: more than one TAN-relevant job per message
	methods     []TANMethod
	accounts    []Account // from HIUPD
}

// setBPD replaces the BPD with the bank parameter segments of an answer
// that contains HIBPA.
func (p *params) setBPD(segs []*wire.Segment) {
	b, err := bpd.Parse(segs)
	if err != nil {
		return
	}
	p.b = b
	p.bpd = b.Segments()
	p.deriveBPD()
}

// setUPD replaces the UPD with HIUPA and every HIUPD in segs.
func (p *params) setUPD(segs []*wire.Segment) {
	u, err := bpd.ParseUPD(segs)
	if err != nil {
		return
	}
	var keep []*wire.Segment
	for _, s := range segs {
		if s.ID == "HIUPA" || s.ID == "HIUPD" {
			keep = append(keep, s)
		}
	}
	p.u, p.upd = u, keep
	p.deriveUPD()
}

func (p *params) deriveBPD() {
	p.bpdVersion, p.bankName, p.maxJobTypes, p.multiTAN, p.methods = 0, "", 0, false, nil
	if p.b == nil {
		return
	}
	p.bpdVersion = p.b.Version
	p.bankName = p.b.Name
	p.maxJobTypes = p.b.MaxJobTypes
	for _, tp := range p.b.TAN {
		if tp.Version >= 6 {
			p.multiTAN = p.multiTAN || tp.MultipleJobs
		}
	}
	for _, m := range p.b.TANMethods() {
		if v := m.HKTANVersion(); v >= 6 {
			p.methods = append(p.methods, tanMethodFrom(m))
		}
	}
}

func (p *params) deriveUPD() {
	p.updVersion, p.accounts = 0, nil
	if p.u == nil {
		return
	}
	p.updVersion = p.u.Version
	for _, a := range p.u.Accounts {
		if !a.HasAccount() {
			continue
		}
		acct := Account{
			IBAN: strings.TrimSpace(a.IBAN), Number: a.Number, SubAccount: a.SubAccount, BankCode: a.Bank.Code,
			Currency: a.Currency, Owner: joinNames(a.Owner1, a.Owner2), Product: a.Product, Type: a.Type,
		}
		if len(acct.IBAN) > 34 { // QUIRK: some banks pad the IBAN to 35
			acct.IBAN = acct.IBAN[:34]
		}
		for _, j := range a.Jobs {
			acct.Jobs = append(acct.Jobs, j.Job)
		}
		p.accounts = append(p.accounts, acct)
	}
}

func joinNames(a, b string) string {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if b == "" {
		return a
	}
	return a + " " + b
}

// jobParams is one HIxxxS parameter segment.
type jobParams struct {
	version int
	maxJobs int     // per message; 0 = unlimited
	params  wire.DE // job-specific parameter group, may be nil
}

// job returns the highest version of job the bank offers among want (any
// version when want is empty), and its parameters.
func (p *params) job(id string, want ...int) (jobParams, bool) {
	if p.b == nil {
		return jobParams{}, false
	}
	v := p.b.Highest(id, want...)
	if v == 0 {
		return jobParams{}, false
	}
	pr, ok := p.b.Param(id, v)
	if !ok {
		return jobParams{}, false
	}
	return jobParams{version: v, maxJobs: pr.MaxJobs, params: pr.Params}, true
}

// tanRequired reports whether HIPINS marks job as TAN-relevant. A job not
// listed is sent without HKTAN.
func (p *params) tanRequired(job string) bool {
	if p.b == nil {
		return false
	}
	req, _ := p.b.TANRequired(job)
	return req
}

// allowsJob reports whether the UPD allow job on the account. Banks with
// UPD usage 1 decide online; accounts without a job list are not limited.
func (p *params) allowsJob(a Account, job string) bool {
	if p.u == nil || p.u.Usage == 1 || len(a.Jobs) == 0 {
		return true
	}
	return contains(a.Jobs, job)
}
