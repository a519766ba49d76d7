package bpd

import (
	"errors"
	"fmt"
	"strings"

	"saldo/fints/money"
	"saldo/fints/wire"
)

// ErrNoUPD means the segments contain no HIUPA.
var ErrNoUPD = errors.New("bpd: answer contains no user parameters (HIUPA)")

// UPD are the user parameter data: HIUPA and one HIUPD per account.
type UPD struct {
	UserID  string
	Version int // UPD version, sent back in HKVVB
	// Usage 0: jobs not listed for an account are forbidden; 1: the UPD
	// make no statement, the bank decides online.
	Usage     int
	UserName  string
	Extension string // Erweiterung, allgemein (bilateral)
	Accounts  []Account
	Problems  []string

	segs []*wire.Segment
}

// Limit is a Kontolimit or a job limit.
type Limit struct {
	Kind     string // E single order, T day, W week, M month, Z period
	Amount   money.Amount
	Currency string
	Days     int // for Kind Z
}

// AllowedJob is one "erlaubter Geschäftsvorfall" of an account.
type AllowedJob struct {
	Job           string // e.g. "HKCCS"
	MinSignatures int
	Limit         *Limit
}

// Account is one HIUPD (version 6).
type Account struct {
	Number     string // Konto-/Depotnummer (ktv)
	SubAccount string
	Bank       wire.KIK
	IBAN       string
	CustomerID string
	Type       int // 1–9 current account, 10–19 savings … (HIUPD Kontoart)
	Currency   string
	Owner1     string
	Owner2     string
	Product    string
	Limit      *Limit
	Jobs       []AllowedJob
	// Extension is the bank's JSON "Erweiterung, kontobezogen", unparsed.
	Extension string
}

// HasAccount reports whether the entry names an account; banks also send
// HIUPD without account to list jobs that need none.
func (a Account) HasAccount() bool { return a.IBAN != "" || a.Number != "" }

// Allows reports whether job is listed for the account.
func (a Account) Allows(job string) bool {
	for _, j := range a.Jobs {
		if j.Job == job {
			return true
		}
	}
	return false
}

// Allows applies the UPD usage rule: a listed job is allowed; an unlisted
// one only when the UPD make no statement (Usage 1).
func (u *UPD) Allows(a Account, job string) bool { return a.Allows(job) || u.Usage == 1 }

// AccountByIBAN finds an account by IBAN (spaces and case ignored).
func (u *UPD) AccountByIBAN(iban string) (Account, bool) {
	want := normIBAN(iban)
	for _, a := range u.Accounts {
		if a.IBAN != "" && normIBAN(a.IBAN) == want {
			return a, true
		}
	}
	return Account{}, false
}

func normIBAN(s string) string { return strings.ToUpper(strings.ReplaceAll(s, " ", "")) }

// ParseUPD reads HIUPA and all HIUPD from the segments of an answer.
func ParseUPD(segs []*wire.Segment) (*UPD, error) {
	u := &UPD{}
	found := false
	for _, s := range segs {
		switch s.ID {
		case "HIUPA":
			found = true
			u.UserID, u.UserName, u.Extension = s.Str(2), s.Str(5), s.Str(6)
			u.Version, _ = s.Int(3)
			u.Usage, _ = s.Int(4)
		case "HIUPD":
			if s.Version != 6 {
				u.Problems = append(u.Problems, fmt.Sprintf("HIUPD version %d is not supported; account skipped", s.Version))
				continue
			}
			a, problems := parseHIUPD(s)
			u.Accounts = append(u.Accounts, a)
			u.Problems = append(u.Problems, problems...)
		default:
			continue
		}
		u.segs = append(u.segs, s)
	}
	if !found {
		return nil, ErrNoUPD
	}
	return u, nil
}

// hiupdExtensionPos is where the JSON extension sits: #2–#10 fixed, then
// exactly 999 job slots (#11–#1009) that the bank must pad when it sends
// the extension.
const hiupdExtensionPos = 1010

func parseHIUPD(s *wire.Segment) (Account, []string) {
	var problems []string
	ktv := wire.ParseKTV(s.Group(2), 1)
	a := Account{Number: ktv.Number, SubAccount: ktv.Sub, Bank: ktv.Bank,
		IBAN: strings.TrimSpace(s.Str(3)), CustomerID: s.Str(4), Currency: s.Str(6),
		Owner1: s.Str(7), Owner2: s.Str(8), Product: s.Str(9)}
	a.Type, _ = s.Int(5)
	if len(a.IBAN) > 34 {
		// QUIRK: some banks send 35 characters; IBANs have at most 34.
		problems = append(problems, fmt.Sprintf("HIUPD %s: IBAN of %d characters truncated to 34", a.Number, len(a.IBAN)))
		a.IBAN = a.IBAN[:34]
	}
	if g := s.Group(10); !g.IsEmpty() {
		l, err := parseLimit(g, 1)
		if err != nil {
			problems = append(problems, fmt.Sprintf("HIUPD %s: account limit: %v", a.IBAN, err))
		} else {
			a.Limit = l
		}
	}
	last := s.Len()
	if last == hiupdExtensionPos {
		a.Extension = s.Str(hiupdExtensionPos)
		last--
	}
	for pos := 11; pos <= last; pos++ {
		g := s.Group(pos)
		if g.Str(1) == "" {
			continue
		}
		j := AllowedJob{Job: g.Str(1)}
		j.MinSignatures, _ = g.Int(2)
		if g.Has(3) {
			l, err := parseLimit(g, 3)
			if err != nil {
				problems = append(problems, fmt.Sprintf("HIUPD %s: limit of %s: %v", a.IBAN, j.Job, err))
			} else {
				j.Limit = l
			}
		}
		a.Jobs = append(a.Jobs, j)
	}
	return a, problems
}

// parseLimit reads Limitart:Betrag:Währung[:Limit-Tage] at position at.
func parseLimit(g wire.DE, at int) (*Limit, error) {
	l := &Limit{Kind: g.Str(at), Currency: g.Str(at + 2)}
	if g.Has(at + 1) {
		amt, err := wire.ParseAmount(g.Str(at + 1))
		if err != nil {
			return nil, err
		}
		l.Amount = amt
	}
	l.Days, _ = g.Int(at + 3)
	return l, nil
}

func (l *Limit) values() []wire.Value {
	amt := ""
	if !l.Amount.IsZero() || l.Currency != "" {
		amt = wire.FormatAmount(l.Amount)
	}
	return []wire.Value{wire.Text(l.Kind), wire.Text(amt), wire.Text(l.Currency), optNum(l.Days)}
}

// Segments builds HIUPA v4 and one HIUPD v6 per account.
func (u *UPD) Segments() []*wire.Segment {
	out := []*wire.Segment{wire.NewSegment("HIUPA", 4, wire.S(u.UserID), wire.N(u.Version), wire.N(u.Usage),
		wire.S(u.UserName), wire.S(u.Extension))}
	for _, a := range u.Accounts {
		out = append(out, a.Segment())
	}
	return out
}

// Segment builds HIUPD v6. With an Extension the job list is padded to
// the 999 slots the format requires so the extension lands on #1010.
func (a Account) Segment() *wire.Segment {
	var ktv wire.DE
	if a.Number != "" || a.Bank.Code != "" {
		ktv = wire.KTV{Number: a.Number, Sub: a.SubAccount, Bank: a.Bank}.DE()
	}
	s := wire.NewSegment("HIUPD", 6, ktv, wire.S(a.IBAN), wire.S(a.CustomerID), optInt(a.Type),
		wire.S(a.Currency), wire.S(a.Owner1), wire.S(a.Owner2), wire.S(a.Product))
	if a.Limit != nil {
		s.Add(a.Limit.values())
	} else {
		s.Add(nil)
	}
	for _, j := range a.Jobs {
		d := wire.G(wire.Text(j.Job), wire.Num(j.MinSignatures))
		if j.Limit != nil {
			d = append(d, j.Limit.values()...)
		}
		s.Add(d)
	}
	if a.Extension != "" {
		for s.Len() < hiupdExtensionPos-1 {
			s.Add(nil)
		}
		s.Add(wire.S(a.Extension))
	}
	return s
}
