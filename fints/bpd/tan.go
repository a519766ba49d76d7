package bpd

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"saldo/fints/wire"
)

// TANParams is the parameter group of one HITANS version.
type TANParams struct {
	Version        int  // HITANS segment version = HKTAN version to use
	OneStepAllowed bool // 999 may be used for jobs
	MultipleJobs   bool // more than one TAN-relevant job per message
	HashAlgorithm  string
	// BankSignatureProfile exists in version 1 only.
	BankSignatureProfile string
	Methods              []TANMethod
}

// TANMethod is one two-step method (Verfahrensparameter Zwei-Schritt-
// Verfahren). Fields a HITANS version does not have stay zero.
type TANMethod struct {
	Function        string // Sicherheitsfunktion, e.g. "942"; goes into HNSHK #3
	Process         string // TAN process variant, "2" in practice
	TechID          string // e.g. "HHD1.4", "SECUREGO", "DECOUPLED"
	DKName          string // ZKA/DK name: HHD, HHDOPT1, mobileTAN, App, Decoupled …
	DKVersion       string
	Name            string // display name
	MaxTANLength    int
	Format          int // 1 numeric, 2 alphanumeric, 0 not given (decoupled)
	ReturnLabel     string
	MaxReturnLength int
	MultipleTAN     bool
	// TimeDialog is the TAN Zeit- und Dialogbezug: 1 same dialog only, 2
	// later/other dialog, 3 both, 4 not applicable.
	TimeDialog       int
	CanCancel        bool
	SMSAccount       int // 0 must not, 1 may, 2 must be given
	PrincipalAccount int // 0 must not, 2 must be given
	ChallengeClass   bool
	Structured       bool   // challenge may contain simple HTML markup
	InitMode         string // "00" …
	MediumName       int    // TAN medium name: 0 must not, 1 may, 2 must be given
	HHDUCResponse    bool
	MaxActiveMedia   int

	// Decoupled polling (HITANS v7 #22–#26).
	MaxPolls      int // 0 = unlimited
	FirstWait     time.Duration
	NextWait      time.Duration
	ManualConfirm bool
	AutoPoll      bool

	// Versions lists the HITANS versions that contain this method, in
	// ascending order (filled by BPD.TANMethods; a single version otherwise).
	Versions []int
}

// Decoupled reports an app-approval method (DK name Decoupled or
// DecoupledPush).
func (m TANMethod) Decoupled() bool {
	return strings.EqualFold(m.DKName, "Decoupled") || strings.EqualFold(m.DKName, "DecoupledPush")
}

// HKTANVersion returns the highest HITANS version listing the method:
// the HKTAN version to send with it.
func (m TANMethod) HKTANVersion() int {
	if len(m.Versions) == 0 {
		return 0
	}
	return slices.Max(m.Versions)
}

// tanLayout gives the 1-based field of each item inside one method entry
// of a HITANS version (0 = the version has no such field).
type tanLayout struct {
	prefix, size                                        int
	dkName, dkVersion, name, maxTAN, format, retLabel   int
	retMax, multiple, timeDialog, timeDelayedJN, cancel int
	sms, principal, chClass, structured, initMode       int
	medium, hhduc, maxMedia, polls                      int
}

// tanLayouts per HITANS version; sizes 11, 15, 18, 22, 22, 21, 26.
var tanLayouts = map[int]tanLayout{
	1: {prefix: 4, size: 11, name: 4, maxTAN: 5, format: 6, retLabel: 7, retMax: 8, multiple: 10, timeDelayedJN: 11},
	2: {prefix: 3, size: 15, name: 4, maxTAN: 5, format: 6, retLabel: 7, retMax: 8, multiple: 10, timeDialog: 11, cancel: 13, chClass: 14},
	3: {prefix: 3, size: 18, name: 4, maxTAN: 5, format: 6, retLabel: 7, retMax: 8, multiple: 10, timeDialog: 11, cancel: 13, chClass: 14, initMode: 16, medium: 17, maxMedia: 18},
	4: {prefix: 3, size: 22, dkName: 4, dkVersion: 5, name: 6, maxTAN: 7, format: 8, retLabel: 9, retMax: 10, multiple: 12, timeDialog: 13, cancel: 15, sms: 16, chClass: 17, structured: 19, initMode: 20, medium: 21, maxMedia: 22},
	5: {prefix: 3, size: 22, dkName: 4, dkVersion: 5, name: 6, maxTAN: 7, format: 8, retLabel: 9, retMax: 10, multiple: 12, timeDialog: 13, cancel: 15, sms: 16, principal: 17, chClass: 18, structured: 19, initMode: 20, medium: 21, maxMedia: 22},
	6: {prefix: 3, size: 21, dkName: 4, dkVersion: 5, name: 6, maxTAN: 7, format: 8, retLabel: 9, retMax: 10, multiple: 11, timeDialog: 12, cancel: 13, sms: 14, principal: 15, chClass: 16, structured: 17, initMode: 18, medium: 19, hhduc: 20, maxMedia: 21},
	7: {prefix: 3, size: 26, dkName: 4, dkVersion: 5, name: 6, maxTAN: 7, format: 8, retLabel: 9, retMax: 10, multiple: 11, timeDialog: 12, cancel: 13, sms: 14, principal: 15, chClass: 16, structured: 17, initMode: 18, medium: 19, hhduc: 20, maxMedia: 21, polls: 22},
}

// parseTANParams reads one HITANS parameter group. problems collects
// entries that could not be read.
func parseTANParams(p Param) (TANParams, []string) {
	tp := TANParams{Version: p.Version}
	l, ok := tanLayouts[p.Version]
	if !ok {
		return tp, []string{fmt.Sprintf("HITANS version %d is unknown; its methods are ignored", p.Version)}
	}
	d := p.Params
	tp.OneStepAllowed = wire.ParseJN(d.Str(1))
	tp.MultipleJobs = wire.ParseJN(d.Str(2))
	tp.HashAlgorithm = d.Str(3)
	if l.prefix == 4 {
		tp.BankSignatureProfile = d.Str(4)
	}
	var problems []string
	for pos := l.prefix + 1; pos <= d.Len(); {
		n := l.size
		if p.Version == 7 {
			n = v7EntrySize(d, pos)
		}
		e := d.Sub(pos, n)
		if !methodCode(e.Str(1)) {
			problems = append(problems, fmt.Sprintf("HITANS v%d: entry at %d starts with %q, not a method code; rest skipped", p.Version, pos, e.Str(1)))
			break
		}
		tp.Methods = append(tp.Methods, l.method(e, p.Version))
		pos += n
	}
	return tp, problems
}

// v7EntrySize applies the heuristic of §3.7 for banks that send 21 fields
// for classic methods or 24 for decoupled ones instead of 26: after 21
// fields, take up to five more unless the next field starts a new entry.
func v7EntrySize(d wire.DE, pos int) int {
	n := 21
	for n < 26 && pos+n <= d.Len() && !entryStart(d, pos+n) {
		n++
	}
	return n
}

// entryStart reports whether position pos looks like the start of a method
// entry: a two-step code 900–997 followed by TAN process 1 or 2.
func entryStart(d wire.DE, pos int) bool {
	c := d.Str(pos)
	if !methodCode(c) || c > "997" {
		return false
	}
	p := d.Str(pos + 1)
	return p == "1" || p == "2"
}

func methodCode(s string) bool {
	return len(s) == 3 && s[0] == '9' && s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9'
}

func (l tanLayout) method(e wire.DE, version int) TANMethod {
	// Position 0 (a field the version lacks) reads as empty.
	str := e.Str
	num := func(i int) int { n, _ := e.Int(i); return n }
	jn := func(i int) bool { return wire.ParseJN(e.Str(i)) }
	m := TANMethod{
		Function: e.Str(1), Process: e.Str(2), TechID: e.Str(3),
		DKName: str(l.dkName), DKVersion: str(l.dkVersion), Name: str(l.name),
		MaxTANLength: num(l.maxTAN), Format: num(l.format), ReturnLabel: str(l.retLabel),
		MaxReturnLength: num(l.retMax), MultipleTAN: jn(l.multiple), TimeDialog: num(l.timeDialog),
		CanCancel: jn(l.cancel), PrincipalAccount: num(l.principal), ChallengeClass: jn(l.chClass),
		Structured: jn(l.structured), InitMode: str(l.initMode), MediumName: num(l.medium),
		HHDUCResponse: jn(l.hhduc), MaxActiveMedia: num(l.maxMedia), Versions: []int{version},
	}
	if l.sms != 0 {
		// v4 writes this as J/N, later versions as a code.
		if s := e.Str(l.sms); s == "J" {
			m.SMSAccount = 1
		} else {
			m.SMSAccount = num(l.sms)
		}
	}
	if l.timeDelayedJN != 0 {
		m.TimeDialog = 1
		if jn(l.timeDelayedJN) {
			m.TimeDialog = 2
		}
	}
	if l.polls != 0 && e.Len() > l.polls-1 {
		m.MaxPolls = num(l.polls)
		m.FirstWait = time.Duration(num(l.polls+1)) * time.Second
		m.NextWait = time.Duration(num(l.polls+2)) * time.Second
		m.ManualConfirm = jn(l.polls + 3)
		m.AutoPoll = jn(l.polls + 4)
	}
	return m
}
