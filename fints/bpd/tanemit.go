package bpd

import (
	"fmt"
	"time"

	"saldo/fints/wire"
)

// Entry writes the method as one entry of a HITANS parameter group of the
// given version, always with every position of that version (26 for v7),
// because entries are concatenated and a short one would shift the next.
func (m TANMethod) Entry(version int) ([]wire.Value, error) {
	l, ok := tanLayouts[version]
	if !ok {
		return nil, fmt.Errorf("bpd: HITANS version %d is not supported", version)
	}
	e := make([]wire.Value, l.size)
	for i := range e {
		e[i] = wire.Text("")
	}
	set := func(pos int, v wire.Value) {
		if pos != 0 {
			e[pos-1] = v
		}
	}
	txt := func(pos int, s string) { set(pos, wire.Text(s)) }
	num := func(pos, n int) { set(pos, wire.Num(n)) }
	jn := func(pos int, b bool) { txt(pos, wire.JN(b)) }

	txt(1, m.Function)
	txt(2, m.Process)
	txt(3, m.TechID)
	txt(l.dkName, m.DKName)
	txt(l.dkVersion, m.DKVersion)
	txt(l.name, m.Name)
	// Decoupled methods must leave TAN length and format empty (v7).
	if !(version == 7 && m.Decoupled()) {
		num(l.maxTAN, m.MaxTANLength)
		num(l.format, m.Format)
	}
	txt(l.retLabel, m.ReturnLabel)
	num(l.retMax, m.MaxReturnLength)
	jn(l.multiple, m.MultipleTAN)
	if l.timeDelayedJN != 0 {
		jn(l.timeDelayedJN, m.TimeDialog == 2 || m.TimeDialog == 3)
	} else {
		num(l.timeDialog, m.TimeDialog)
	}
	jn(l.cancel, m.CanCancel)
	if version == 4 {
		jn(l.sms, m.SMSAccount > 0)
	} else {
		num(l.sms, m.SMSAccount)
	}
	num(l.principal, m.PrincipalAccount)
	jn(l.chClass, m.ChallengeClass)
	jn(l.structured, m.Structured)
	txt(l.initMode, m.InitMode)
	num(l.medium, m.MediumName)
	jn(l.hhduc, m.HHDUCResponse)
	num(l.maxMedia, m.MaxActiveMedia)
	if l.polls != 0 && m.Decoupled() {
		num(l.polls, m.MaxPolls)
		num(l.polls+1, int(m.FirstWait/time.Second))
		num(l.polls+2, int(m.NextWait/time.Second))
		jn(l.polls+3, m.ManualConfirm)
		jn(l.polls+4, m.AutoPoll)
	}
	// Fields that do not exist in this version were set at position 0 and
	// dropped by set; the version-specific lists fields (v1–v5 "Anzahl
	// unterstützter aktiver TAN-Listen" and friends) are written as 0/N.
	for _, pos := range extraFields[version] {
		if e[pos.at-1].IsEmpty() {
			e[pos.at-1] = wire.Text(pos.value)
		}
	}
	return e, nil
}

// extraFields are mandatory positions of old versions that the model does
// not carry (TAN lists, challenge amount); they get neutral values.
var extraFields = map[int][]struct {
	at    int
	value string
}{
	1: {{9, "0"}},
	2: {{9, "0"}, {12, "0"}, {15, "N"}},
	3: {{9, "0"}, {12, "0"}, {15, "N"}},
	4: {{11, "0"}, {14, "0"}, {18, "N"}},
	5: {{11, "0"}, {14, "0"}},
}

// DE writes the HITANS parameter group of tp.Version.
func (tp TANParams) DE() (wire.DE, error) {
	d := wire.S(wire.JN(tp.OneStepAllowed), wire.JN(tp.MultipleJobs), orZero(tp.HashAlgorithm))
	if tp.Version == 1 {
		d = append(d, wire.Text(orZero(tp.BankSignatureProfile)))
	}
	for _, m := range tp.Methods {
		e, err := m.Entry(tp.Version)
		if err != nil {
			return nil, err
		}
		d = append(d, e...)
	}
	return d, nil
}

// Segment builds the HITANS segment (max 1 job, 1 signature, class 0).
func (tp TANParams) Segment() (*wire.Segment, error) {
	d, err := tp.DE()
	if err != nil {
		return nil, err
	}
	return NewParamSegment("HITANS", tp.Version, 1, 1, 0, d), nil
}

func orZero(s string) string {
	if s == "" {
		return "0"
	}
	return s
}
