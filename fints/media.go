package fints

import (
	"context"
	"fmt"

	"saldo/fints/wire"
)

// TANMethods returns the two-step methods the bank describes (HITANS) and
// the user may use (3920; all described ones while that list is unknown),
// and the code of the current choice ("" before the first dialog). It does
// not wait for a running operation.
func (c *Client) TANMethods() (methods []TANMethod, current string) {
	v := c.view.Load()
	return append([]TANMethod(nil), v.methods...), v.method
}

// TANMedium returns the chosen TAN medium and the media known from HKTAB.
func (c *Client) TANMedium() (current string, media []TANMedium) {
	v := c.view.Load()
	return v.medium, append([]TANMedium(nil), v.media...)
}

// SetTANMethod chooses the security function (and medium, for methods that
// need one) for the next dialogs; the open dialog keeps its method, since
// FinTS forbids a change within a dialog. It does not wait for a running
// operation, so a UI may call it from inside a TAN prompt.
func (c *Client) SetTANMethod(code, medium string) error {
	v := c.view.Load()
	var all []TANMethod
	all = append(all, v.methods...)
	if len(v.methods) > 0 {
		found := false
		for _, m := range all {
			found = found || m.Code == code
		}
		if !found {
			return fmt.Errorf("%w: method %q is not offered by the bank or not allowed for this user", ErrNoTANMethod, code)
		}
	}
	if len(v.allowed) > 0 && !contains(v.allowed, code) {
		return fmt.Errorf("%w: method %q is not allowed for this user (allowed: %v)", ErrNoTANMethod, code, v.allowed)
	}
	c.choice.Store(&[2]string{code, medium})
	nv := *v
	nv.method, nv.medium = code, medium
	c.view.Store(&nv)
	return nil
}

// TANMedia lists the TAN media (HKTAB) of the user, for methods that need
// a medium name.
func (c *Client) TANMedia(ctx context.Context) ([]TANMedium, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	res, err := c.do(ctx, &opSpec{Kind: opMedia})
	if err != nil {
		return nil, err
	}
	return res.Media, nil
}

func (c *Client) mediaTasks(r *run) error {
	jp, ok := c.p.job("HKTAB", 4, 5)
	if !ok {
		return fmt.Errorf("TAN media: %w (no HITABS 4/5)", ErrNotSupported)
	}
	r.Tasks = append(r.Tasks, &task{Job: "HKTAB", Seg: wire.NewSegment("HKTAB", jp.version, wire.S("0"), wire.S("A"))})
	return nil
}

// absorbMedia reads HITAB v4/v5 (§4.8) and remembers the media.
func (c *Client) absorbMedia(t *task) []TANMedium {
	var out []TANMedium
	for _, s := range t.Data {
		if s.ID != "HITAB" {
			continue
		}
		out = append(out, parseHITAB(s)...)
	}
	c.media = out
	c.publish()
	return out
}

// parseHITAB reads the flattened medium list: v4 entries have 24
// positions, v5 entries 25 (security function inserted at 3). Trailing
// empty positions of the last entry may be missing.
func parseHITAB(s *wire.Segment) []TANMedium {
	size, name, phone := 24, 13, 14
	if s.Version >= 5 {
		size, name, phone = 25, 14, 15
	}
	var out []TANMedium
	// Entries are usually separate DEs (#3, #4 …); a bank that puts them
	// all into one group is read the same way by walking positions.
	for pos := 3; pos <= s.Len(); pos++ {
		g := s.Group(pos)
		for i := 1; i <= g.Len(); i += size {
			m := TANMedium{Class: g.Str(i), Status: g.Str(i + 1), Name: g.Str(i + name - 1), Phone: g.Str(i + phone - 1)}
			if m.Class == "" && m.Name == "" {
				continue
			}
			out = append(out, m)
		}
	}
	return out
}
