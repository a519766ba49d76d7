package fints

import (
	"context"
	"errors"
	"fmt"

	"saldo/fints/secret"
	"saldo/fints/wire"
)

// identification builds HKIDN and HKVVB (§3.3, §3.4).
func (c *Client) identification(systemID string) []*wire.Segment {
	if systemID == "" {
		systemID = "0"
	}
	hkidn := wire.NewSegment("HKIDN", 2, wire.S(wire.CountryDE, c.cfg.BankCode), wire.S(c.cfg.CustomerID), wire.S(systemID), wire.S("1"))
	hkvvb := wire.NewSegment("HKVVB", 3, wire.N(c.p.bpdVersion), wire.N(c.p.updVersion), wire.N(c.cfg.Language),
		wire.S(c.cfg.ProductID), wire.S(c.cfg.ProductVersion))
	return []*wire.Segment{hkidn, hkvvb}
}

// hktan4 builds HKTAN process 4 for job (or HKIDN at dialog init).
func hktan4(d *dialog, job string) *wire.Segment {
	s := wire.NewSegment("HKTAN", d.HKTAN, wire.S("4"), wire.S(job))
	if d.Medium != "" {
		// #12: positions 4–11 stay empty.
		for s.Len() < 11 {
			s.Add(nil)
		}
		s.Add(wire.S(d.Medium))
	}
	return s
}

// securityFunction chooses the two-step method for the next dialog: the
// person's choice if the bank allows it, else the default; "999" (one-step)
// while no method is known yet (first contact).
func (c *Client) securityFunction() (code string, m TANMethod, err error) {
	if ch := c.choice.Swap(nil); ch != nil {
		c.method, c.medium = ch[0], ch[1]
	}
	if len(c.p.methods) == 0 {
		return "999", TANMethod{}, nil
	}
	if c.method != "" {
		for _, mm := range c.p.methods {
			if mm.Code == c.method && (len(c.allowed) == 0 || contains(c.allowed, mm.Code)) {
				return mm.Code, mm, nil
			}
		}
		c.trace.note("chosen TAN method %s is not offered or not allowed any more; choosing another", c.method)
	}
	def, ok := defaultMethod(c.p.methods, c.allowed)
	if !ok {
		if len(c.allowed) == 1 && c.allowed[0] == "999" {
			return "999", TANMethod{}, nil
		}
		return "", TANMethod{}, fmt.Errorf("%w: the bank allows %v for this user, none of which it describes in its TAN parameters", ErrNoTANMethod, c.allowed)
	}
	c.method = def.Code
	c.publish()
	return def.Code, def, nil
}

// openDialog runs the personalised dialog initialisation (§3.2, Flow B),
// synchronising first when no system ID is known. It handles 9391 (new
// system ID) and a method that is no longer allowed (3920) by one retry.
func (c *Client) openDialog(ctx context.Context) (*dialog, error) {
	resynced, rechosen := false, false
	for {
		if c.systemID == "" {
			if err := c.synchronise(ctx); err != nil {
				return nil, err
			}
		}
		d, err := c.initDialog(ctx)
		if err == nil {
			return d, nil
		}
		var be *wire.BankError
		if !errors.As(err, &be) {
			return nil, err
		}
		switch {
		case be.Has("9391") && !resynced:
			c.trace.note("bank wants a new system ID (9391): synchronising again")
			c.systemID, resynced = "", true
			continue
		case be.Has("3920") && !rechosen && !contains(c.allowed, d.Function):
			c.trace.note("TAN method %s not allowed for the user; bank allows %v", d.Function, c.allowed)
			rechosen = true
			continue
		}
		return nil, err
	}
}

// initDialog sends HKIDN/HKVVB/HKTAN(4, HKIDN) and completes SCA if the
// bank asks for it. On a bank error the returned dialog is still set
// (for the caller to inspect its function) but closed.
func (c *Client) initDialog(ctx context.Context) (*dialog, error) {
	fn, m, err := c.securityFunction()
	if err != nil {
		return nil, err
	}
	d := newDialog(fn, m.HKTANVersion, "")
	if m.NeedsMedium {
		d.Medium = c.mediumName()
	}
	jobs := c.identification(c.systemID)
	if fn != "999" {
		jobs = append(jobs, hktan4(d, "HKIDN"))
	}
	s, err := c.send(ctx, d, secret.Value{}, jobs...)
	if err != nil {
		return d, fmt.Errorf("dialog initialisation: %w", err)
	}
	c.absorbParams(s.resp)
	if err := c.initError(s); err != nil {
		if d.alive() {
			_ = c.end(ctx, d)
		}
		return d, err
	}
	if fn != "999" {
		a := &answer{job: jobs[0]}
		if err := c.sca(ctx, d, &scaStep{op: "Login", job: "HKIDN", sent: s, pos: 2}, a); err != nil {
			return d, err
		}
		if a.resp != nil {
			c.absorbParams(a.resp)
			if err := classify("dialog initialisation", a.codes, c.cfg.ProductID); err != nil {
				if d.alive() {
					_ = c.end(ctx, d)
				}
				return d, err
			}
		}
	}
	return d, nil
}

// initError classifies the errors of an init answer, keeping the raw
// *wire.BankError for 9391/3920 handling.
func (c *Client) initError(s *sent) error {
	if s.resp.Codes.Err() == nil {
		return nil
	}
	if s.resp.Codes.Has("9391") || (s.resp.Codes.Has("3920") && s.resp.Codes.Has("9800") && !s.resp.Codes.Has(wrongLogin...)) {
		return s.resp.Codes.Err()
	}
	return classify("dialog initialisation", s.resp.Codes, c.cfg.ProductID)
}

// absorbParams takes new BPD, UPD and the allowed-methods list from an
// answer (§3.7). BPD and UPD are replaced whole; unchanged ones are not
// re-sent by the bank because HKVVB carried our versions.
func (c *Client) absorbParams(resp *wire.Response) {
	body := resp.Body()
	if wire.Find(body, "HIBPA") != nil {
		c.p.setBPD(body)
	}
	if wire.Find(body, "HIUPA") != nil {
		c.p.setUPD(body)
		c.accounts = mergeAccounts(c.p.accounts, c.accounts)
		c.learnAccounts()
	}
	if rc, ok := resp.Codes.Find("3920"); ok {
		c.allowed = append([]string(nil), rc.Params...)
	}
	c.publish()
}

// synchronise runs a synchronisation dialog (§3.5) to obtain a
// Kundensystem-ID, and with it BPD and the allowed methods.
func (c *Client) synchronise(ctx context.Context) error {
	fn, m, err := c.securityFunction()
	if err != nil {
		return err
	}
	d := newDialog(fn, m.HKTANVersion, "")
	d.Sync = true
	if m.NeedsMedium {
		d.Medium = c.mediumName()
	}
	jobs := c.identification("0")
	if fn != "999" {
		jobs = append(jobs, hktan4(d, "HKIDN"))
	}
	jobs = append(jobs, wire.NewSegment("HKSYN", 3, wire.S("0")))
	s, err := c.send(ctx, d, secret.Value{}, jobs...)
	if err != nil {
		return fmt.Errorf("synchronisation: %w", err)
	}
	c.absorbParams(s.resp)
	if err := classify("synchronisation", s.resp.Codes, c.cfg.ProductID); err != nil {
		if d.alive() {
			_ = c.end(ctx, d)
		}
		return err
	}
	if fn != "999" {
		a := &answer{}
		if err := c.sca(ctx, d, &scaStep{op: "Login", job: "HKIDN", sent: s, pos: 2}, a); err != nil {
			return err
		}
		if a.resp != nil {
			c.absorbParams(a.resp)
			s = &sent{out: s.out, resp: a.resp}
		}
	}
	hisyn := s.resp.Find("HISYN")
	if hisyn == nil || hisyn.Str(2) == "" {
		_ = c.end(ctx, d)
		return errors.New("synchronisation: the bank sent no system ID (HISYN missing)")
	}
	c.systemID = hisyn.Str(2)
	c.publish()
	c.trace.note("new system ID received")
	if err := c.end(ctx, d); err != nil {
		c.trace.note("%v", err)
	}
	return nil
}

// mediumName is the chosen TAN medium, or the only active one known from
// HKTAB when none was chosen.
func (c *Client) mediumName() string {
	if c.medium != "" {
		return c.medium
	}
	var active []string
	for _, m := range c.media {
		if m.Status == "1" && m.Name != "" {
			active = append(active, m.Name)
		}
	}
	if len(active) == 1 {
		return active[0]
	}
	return ""
}
