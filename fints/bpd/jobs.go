package bpd

import (
	"slices"
	"strings"

	"saldo/fints/wire"
)

// Typed views of the parameter groups the engine needs. Each Parse…
// function reads one segment version; the BPD methods return the highest
// version the bank offers. Jobs without parameters (HISALS balance, HITABS
// TAN media, HICCSS transfer) need no view: Latest gives their segment
// (max jobs, signatures) and Versions/Highest the versions to choose from.

// Latest returns the parameter segment of job in the highest version the
// bank supports, e.g. Latest("HKSAL") for HISALS.
func (b *BPD) Latest(job string) (Param, bool) {
	return b.Param(job, b.Highest(job))
}

func (b *BPD) highest(job string) (Param, bool) { return b.Latest(job) }

// SEPAParams is the HISPAS parameter group (SEPA account list, HKSPA).
type SEPAParams struct {
	Version           int
	SingleAccount     bool // Einzelkontenabruf erlaubt
	NationalAllowed   bool // nationale Kontoverbindung erlaubt
	StructuredPurpose bool
	MaxEntriesAllowed bool // v2+
	ReservedPurpose   int  // v3: reserved purpose characters
	Formats           []string
}

// ParseSEPAParams reads HISPAS v1–v3.
func ParseSEPAParams(p Param) SEPAParams {
	d := p.Params
	s := SEPAParams{Version: p.Version, SingleAccount: wire.ParseJN(d.Str(1)),
		NationalAllowed: wire.ParseJN(d.Str(2)), StructuredPurpose: wire.ParseJN(d.Str(3))}
	first := 4
	if p.Version >= 2 {
		s.MaxEntriesAllowed = wire.ParseJN(d.Str(4))
		first = 5
	}
	if p.Version >= 3 {
		s.ReservedPurpose, _ = d.Int(5)
		first = 6
	}
	s.Formats = nonEmpty(d.Strs(first))
	return s
}

// SEPA returns the highest HISPAS version.
func (b *BPD) SEPA() (SEPAParams, bool) {
	p, ok := b.highest("HKSPA")
	return ParseSEPAParams(p), ok
}

// PainFormats returns the pain.001 descriptors of HISPAS (all versions).
func (b *BPD) PainFormats() []string {
	var out []string
	for _, v := range b.Versions("HKSPA") {
		p, _ := b.Param("HKSPA", v)
		for _, f := range ParseSEPAParams(p).Formats {
			if strings.Contains(f, "pain.001") && !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	return out
}

// StatementParams is the HIKAZS parameter group (MT940 statements, HKKAZ).
type StatementParams struct {
	Version            int
	Days               int  // Speicherzeitraum: how far back the bank keeps data
	MaxEntriesAllowed  bool // Eingabe Anzahl Einträge erlaubt
	AllAccountsAllowed bool // v5+
}

// ParseStatementParams reads HIKAZS.
func ParseStatementParams(p Param) StatementParams {
	d := p.Params
	s := StatementParams{Version: p.Version, MaxEntriesAllowed: wire.ParseJN(d.Str(2)), AllAccountsAllowed: wire.ParseJN(d.Str(3))}
	s.Days, _ = d.Int(1)
	return s
}

// MT940 returns the highest HIKAZS version.
func (b *BPD) MT940() (StatementParams, bool) {
	p, ok := b.highest("HKKAZ")
	return ParseStatementParams(p), ok
}

// CamtParams is the HICAZS parameter group (camt statements, HKCAZ).
type CamtParams struct {
	Version            int
	Days               int
	MaxEntriesAllowed  bool
	AllAccountsAllowed bool
	Formats            []string // camt.052 descriptors
}

// ParseCamtParams reads HICAZS v1.
func ParseCamtParams(p Param) CamtParams {
	d := p.Params
	c := CamtParams{Version: p.Version, MaxEntriesAllowed: wire.ParseJN(d.Str(2)),
		AllAccountsAllowed: wire.ParseJN(d.Str(3)), Formats: nonEmpty(d.Strs(4))}
	c.Days, _ = d.Int(1)
	return c
}

// Camt returns the highest HICAZS version.
func (b *BPD) Camt() (CamtParams, bool) {
	p, ok := b.highest("HKCAZ")
	return ParseCamtParams(p), ok
}

// ScheduledParams is the HICSES parameter group (scheduled transfers).
type ScheduledParams struct {
	Version     int
	MinLeadDays int
	MaxLeadDays int
}

// ParseScheduledParams reads HICSES v1.
func ParseScheduledParams(p Param) ScheduledParams {
	s := ScheduledParams{Version: p.Version}
	s.MinLeadDays, _ = p.Params.Int(1)
	s.MaxLeadDays, _ = p.Params.Int(2)
	return s
}

// Scheduled returns the highest HICSES version.
func (b *BPD) Scheduled() (ScheduledParams, bool) {
	p, ok := b.highest("HKCSE")
	return ParseScheduledParams(p), ok
}

// InstantParams is the HIIPZS parameter group (instant payments, HKIPZ).
type InstantParams struct {
	Version        int
	ConvertAllowed bool   // v2: may fall back to a normal transfer
	PurposeCodes   string // allowed purpose codes as sent (often empty)
	Formats        []string
}

// ParseInstantParams reads HIIPZS v1 and v2.
func ParseInstantParams(p Param) InstantParams {
	d := p.Params
	ip := InstantParams{Version: p.Version}
	first := 1
	if p.Version >= 2 {
		ip.ConvertAllowed = wire.ParseJN(d.Str(1))
		first = 2
	}
	ip.PurposeCodes = d.Str(first)
	ip.Formats = nonEmpty(d.Strs(first + 1))
	return ip
}

// Instant returns the highest HIIPZS version.
func (b *BPD) Instant() (InstantParams, bool) {
	p, ok := b.highest("HKIPZ")
	return ParseInstantParams(p), ok
}

// VoPParams is the HIVPPS parameter group (Verification of Payee). The
// layout follows the guide's §4.10, which marks it as known from one
// implementation and test traffic only.
type VoPParams struct {
	Version           int
	MaxOptIn          int  // max transactions for opt-in
	StructuredText    bool // explanation text may carry markup
	ReportDelivery    string
	BatchAllowed      bool
	MaxEntriesAllowed bool
	Formats           []string // payment status report descriptors
	Jobs              []string // jobs that need VoP, e.g. HKCCS
}

// ParseVoPParams reads HIVPPS v1. After the five fixed fields come the
// report descriptors, then the job IDs; five-character IDs like HKCCS are
// told apart from descriptors by shape.
func ParseVoPParams(p Param) VoPParams {
	d := p.Params
	v := VoPParams{Version: p.Version, StructuredText: wire.ParseJN(d.Str(2)), ReportDelivery: d.Str(3),
		BatchAllowed: wire.ParseJN(d.Str(4)), MaxEntriesAllowed: wire.ParseJN(d.Str(5))}
	v.MaxOptIn, _ = d.Int(1)
	for _, s := range nonEmpty(d.Strs(6)) {
		if isJobID(s) {
			v.Jobs = append(v.Jobs, s)
		} else {
			v.Formats = append(v.Formats, s)
		}
	}
	return v
}

// Requires reports whether job needs a payee verification.
func (v VoPParams) Requires(job string) bool { return slices.Contains(v.Jobs, job) }

// VoP returns the highest HIVPPS version.
func (b *BPD) VoP() (VoPParams, bool) {
	p, ok := b.highest("HKVPP")
	return ParseVoPParams(p), ok
}

func isJobID(s string) bool {
	if len(s) != 5 || s[1] != 'K' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !(s[i] >= 'A' && s[i] <= 'Z' || s[i] >= '0' && s[i] <= '9') {
			return false
		}
	}
	return true
}

func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
