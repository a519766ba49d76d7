package bpd

import (
	"strconv"
	"strings"
	"time"

	"saldo/fints/wire"
)

// BankInfo is HIBPA, the general bank parameters.
type BankInfo struct {
	Version      int // BPD version, sent back in HKVVB
	Bank         wire.KIK
	Name         string
	MaxJobTypes  int   // different job types per message, 0 = unlimited
	Languages    []int // 1 German, 2 English, 3 French
	HBCIVersions []int // e.g. 300
	MaxMessageKB int   // 0 = unlimited or not given
	MinTimeout   time.Duration
	MaxTimeout   time.Duration // 0 = not given
}

func parseHIBPA(s *wire.Segment) BankInfo {
	b := BankInfo{Bank: wire.ParseKIK(s.Group(3), 1), Name: s.Str(4)}
	b.Version, _ = s.Int(2)
	b.MaxJobTypes, _ = s.Int(5)
	b.Languages = ints(s.Group(6))
	b.HBCIVersions = ints(s.Group(7))
	b.MaxMessageKB, _ = s.Int(8)
	if n, ok := s.Int(9); ok {
		b.MinTimeout = time.Duration(n) * time.Second
	}
	if n, ok := s.Int(10); ok {
		b.MaxTimeout = time.Duration(n) * time.Second
	}
	return b
}

// Segment builds HIBPA v3.
func (b BankInfo) Segment() *wire.Segment {
	s := wire.NewSegment("HIBPA", 3, wire.N(b.Version), b.Bank.DE(), wire.S(b.Name),
		wire.N(b.MaxJobTypes), intsDE(b.Languages), intsDE(b.HBCIVersions))
	opt := []wire.DE{optInt(b.MaxMessageKB), optInt(int(b.MinTimeout / time.Second)), optInt(int(b.MaxTimeout / time.Second))}
	return s.Add(opt...)
}

// Access is one Kommunikationsparameter of HIKOM.
type Access struct {
	Service       int    // 2 TCP/IP (HBCI), 3 HTTPS (PIN/TAN)
	Address       string // for 3 the URL, often without scheme
	Suffix        string // Adresszusatz (T-Online only)
	Filter        string // "MIM" base64, "UUE"
	FilterVersion int
}

// Comm is HIKOM, the bank's communication access.
type Comm struct {
	Bank            wire.KIK
	DefaultLanguage int
	Access          []Access
}

func parseHIKOM(s *wire.Segment) Comm {
	c := Comm{Bank: wire.ParseKIK(s.Group(2), 1)}
	c.DefaultLanguage, _ = s.Int(3)
	for pos := 4; pos <= s.Len(); pos++ {
		g := s.Group(pos)
		if g.IsEmpty() {
			continue
		}
		a := Access{Address: g.Str(2), Suffix: g.Str(3), Filter: g.Str(4)}
		a.Service, _ = g.Int(1)
		a.FilterVersion, _ = g.Int(5)
		c.Access = append(c.Access, a)
	}
	return c
}

// Segment builds HIKOM v4.
func (c Comm) Segment() *wire.Segment {
	s := wire.NewSegment("HIKOM", 4, c.Bank.DE(), wire.N(c.DefaultLanguage))
	for _, a := range c.Access {
		s.Add(wire.G(wire.Num(a.Service), wire.Text(a.Address), wire.Text(a.Suffix), wire.Text(a.Filter), optNum(a.FilterVersion)))
	}
	return s
}

// PinTanURL returns the HTTPS address of the first PIN/TAN access
// (service 3), with "https://" added when the bank left the scheme out.
func (c Comm) PinTanURL() string {
	for _, a := range c.Access {
		if a.Service != 3 || a.Address == "" {
			continue
		}
		if strings.Contains(a.Address, "://") {
			return a.Address
		}
		return "https://" + a.Address
	}
	return ""
}

// SecurityMethod is one method of HISHV with its versions, e.g. PIN 1 or
// RDH 7, 9, 10.
type SecurityMethod struct {
	Code     string // PIN, RDH, RAH, DDV
	Versions []int
}

// Security is HISHV.
type Security struct {
	Mixed   bool // Mischung zulässig
	Methods []SecurityMethod
}

func parseHISHV(s *wire.Segment) Security {
	sec := Security{Mixed: wire.ParseJN(s.Str(2))}
	for pos := 3; pos <= s.Len(); pos++ {
		g := s.Group(pos)
		if g.Str(1) == "" {
			continue
		}
		sec.Methods = append(sec.Methods, SecurityMethod{Code: g.Str(1), Versions: ints(g[1:])})
	}
	return sec
}

// Segment builds HISHV v3.
func (sec Security) Segment() *wire.Segment {
	s := wire.NewSegment("HISHV", 3, wire.S(wire.JN(sec.Mixed)))
	for _, m := range sec.Methods {
		s.Add(wire.Cat(wire.S(m.Code), intsDE(m.Versions)))
	}
	return s
}

// ints reads every numeric value of a group, skipping empty ones.
func ints(d wire.DE) []int {
	var out []int
	for i := 1; i <= d.Len(); i++ {
		if n, ok := d.Int(i); ok {
			out = append(out, n)
		}
	}
	return out
}

func intsDE(ns []int) wire.DE {
	d := make(wire.DE, len(ns))
	for i, n := range ns {
		d[i] = wire.Num(n)
	}
	return d
}

// optInt writes n, or nothing for 0 (absent optional numbers).
func optInt(n int) wire.DE { return wire.DE{optNum(n)} }

func optNum(n int) wire.Value {
	if n == 0 {
		return wire.Text("")
	}
	return wire.Text(strconv.Itoa(n))
}
