package demobank

import (
	"saldo/fints/wire"
)

func init() {
	registerJob(&jobSpec{id: "HKTAB", versions: []int{4, 5}, maxPerMsg: 1, prepare: prepareTAB})
}

// tanMedium is one of a user's TAN devices.
type tanMedium struct {
	class  string // L list, G generator, M mobile phone, B bilateral (v5)
	method string // security function of class B media
	card   string // card number (G)
	seq    string // card sequence number (G)
	name   string // Bezeichnung des TAN-Mediums
	phone  string // masked phone number (M)
}

// tanMedia are the devices every demo login has: a phone for SMS-TAN, a
// girocard for chipTAN and, listed as bilateral media in v5, the phones
// with the photoTAN and the demo app.
var tanMedia = []tanMedium{
	{class: "M", name: "Handy Max", phone: "+49 170 ***4711"},
	{class: "G", card: "6789012345", seq: "1", name: "girocard 2345"},
	{class: "B", method: MethodPhotoTAN, name: "photoTAN iPhone"},
	{class: "B", method: MethodDecoupled, name: "Demo-App iPhone"},
}

// prepareTAB answers HKTAB v4/v5: the user's TAN media, filtered by
// kind (#2: 0 all, 1 active, 2 available – all demo media are active) and
// class (#3: A all, or one class).
func prepareTAB(c *msgCtx, seg *wire.Segment) (*jobCall, []wire.ReturnCode) {
	kind, class := seg.Str(2), seg.Str(3)
	switch {
	case kind != "0" && kind != "1" && kind != "2":
		return nil, fail(rcAt("9130", "2", "TAN-Medium-Art muss 0, 1 oder 2 sein."))
	case class == "":
		return nil, fail(rcAt("9160", "3", "TAN-Medium-Klasse fehlt."))
	}
	return &jobCall{operation: "Abfrage der TAN-Medien", run: func(c *msgCtx) jobResult {
		s := wire.NewSegment("HITAB", seg.Version, wire.S("0"))
		for _, m := range tanMedia {
			if kind == "2" || (class != "A" && class != m.class) || (m.class == "B" && seg.Version < 5) {
				continue
			}
			s.Add(m.entry(seg.Version))
		}
		codes := fail(okExecuted)
		if len(s.DEs) == 1 {
			codes = fail(warnNone)
		}
		return jobResult{codes: codes, data: []*wire.Segment{s}}
	}}, nil
}

// entry writes the medium as a TAN-Medium-Liste group (§4.8): nested,
// so every position up to the last filled one is written.
func (m tanMedium) entry(version int) wire.DE {
	f := []string{m.class, "1"} // status 1: active
	if version >= 5 {
		f = append(f, m.method)
	}
	f = append(f, m.card, m.seq, "", "", "", "", "", "", "", "", m.name, m.phone)
	vals := make([]wire.Value, len(f))
	for i, v := range f {
		vals[i] = wire.Text(v)
	}
	return wire.G(vals...)
}
