package bpd

import (
	"saldo/fints/wire"
)

// JobTAN is one entry of the HIPINS job table.
type JobTAN struct {
	Job         string // e.g. "HKSAL"
	TANRequired bool   // J: attach HKTAN process 4; the bank decides at runtime
}

// PinTan is the parameter group of HIPINS: PIN/TAN rules and the jobs that
// may be sent with PIN/TAN. Its presence is what says PIN/TAN is offered.
type PinTan struct {
	MinPINLength    int
	MaxPINLength    int
	MaxTANLength    int
	UserIDLabel     string // label for the login field, e.g. "VR-NetKey oder Alias"
	CustomerIDLabel string
	Jobs            []JobTAN
}

func parsePinTan(p Param) PinTan {
	d := p.Params
	pt := PinTan{UserIDLabel: d.Str(4), CustomerIDLabel: d.Str(5)}
	pt.MinPINLength, _ = d.Int(1)
	pt.MaxPINLength, _ = d.Int(2)
	pt.MaxTANLength, _ = d.Int(3)
	for i := 6; i <= d.Len(); i += 2 {
		if job := d.Str(i); job != "" {
			pt.Jobs = append(pt.Jobs, JobTAN{Job: job, TANRequired: wire.ParseJN(d.Str(i + 1))})
		}
	}
	return pt
}

// TANRequired reports whether job is TAN-relevant; listed is false when
// HIPINS does not mention the job (then it may not be sent with PIN/TAN).
func (p *PinTan) TANRequired(job string) (required, listed bool) {
	for _, j := range p.Jobs {
		if j.Job == job {
			return j.TANRequired, true
		}
	}
	return false, false
}

// DE builds the HIPINS parameter group.
func (p PinTan) DE() wire.DE {
	d := wire.G(optNum(p.MinPINLength), optNum(p.MaxPINLength), optNum(p.MaxTANLength),
		wire.Text(p.UserIDLabel), wire.Text(p.CustomerIDLabel))
	for _, j := range p.Jobs {
		d = append(d, wire.Text(j.Job), wire.Text(wire.JN(j.TANRequired)))
	}
	return d
}
