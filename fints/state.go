package fints

import (
	"encoding/json"
	"fmt"

	"saldo/fints/wire"
)

// stateFormat names the blob format; stateVersion is bumped on any
// incompatible change (restore refuses newer versions with a clear error).
const (
	stateFormat  = "saldo-fints-state"
	stateVersion = 1
)

// stateBlob is the persistent state of a login (§11.1). It never holds the
// PIN or a TAN. Segments are stored in FinTS syntax (UTF-8), so the blob
// does not depend on Go types of the parameter parser.
type stateBlob struct {
	Format   string `json:"format"`
	Version  int    `json:"version"`
	BankCode string `json:"bank_code"`
	UserID   string `json:"user_id"`

	SystemID   string   `json:"system_id,omitempty"`
	BPDVersion int      `json:"bpd_version,omitempty"`
	BPD        []byte   `json:"bpd,omitempty"`
	Allowed    []string `json:"allowed_methods,omitempty"` // 3920
	TANMethod  string   `json:"tan_method,omitempty"`
	TANMedium  string   `json:"tan_medium,omitempty"`
	NoBatching bool     `json:"no_batching,omitempty"`  // the bank refused batched jobs once
	NoMultiTAN bool     `json:"no_multi_tan,omitempty"` // the bank challenged batched jobs at once

	// Private part: only with includePrivate.
	Private *privateState `json:"private,omitempty"`
}

type privateState struct {
	CustomerID string      `json:"customer_id,omitempty"`
	UPDVersion int         `json:"upd_version,omitempty"`
	UPD        []byte      `json:"upd,omitempty"`
	Accounts   []Account   `json:"accounts,omitempty"` // merged HIUPD + HISPA
	Media      []TANMedium `json:"tan_media,omitempty"`
}

var segCodec = wire.Encoder{Charset: wire.UTF8}

// Deconstruct serialises the login's state: system ID, BPD, the allowed and
// chosen TAN method and medium, and, with includePrivate, the UPD, the
// account list and the TAN media. It never contains the PIN. Restoring it
// (Config.State) spares the next session the BPD/UPD round trip.
func (c *Client) Deconstruct(includePrivate bool) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.deconstruct(includePrivate)
}

func (c *Client) deconstruct(includePrivate bool) []byte {
	s := stateBlob{
		Format: stateFormat, Version: stateVersion,
		BankCode: c.cfg.BankCode, UserID: c.cfg.UserID,
		SystemID: c.systemID, BPDVersion: c.p.bpdVersion,
		Allowed: c.allowed, TANMethod: c.method, TANMedium: c.medium,
		NoBatching: c.noBatch, NoMultiTAN: c.noMultiTAN,
	}
	if ch := c.choice.Load(); ch != nil {
		s.TANMethod, s.TANMedium = ch[0], ch[1]
	}
	if len(c.p.bpd) > 0 {
		s.BPD, _ = segCodec.Encode(c.p.bpd...)
	}
	if includePrivate {
		ps := &privateState{CustomerID: c.cfg.CustomerID, UPDVersion: c.p.updVersion, Accounts: c.accounts, Media: c.media}
		if len(c.p.upd) > 0 {
			ps.UPD, _ = segCodec.Encode(c.p.upd...)
		}
		s.Private = ps
	}
	// Only strings, numbers and byte slices: marshalling cannot fail.
	b, _ := json.Marshal(s)
	return b
}

// restore loads a blob into c. A blob of another bank or user is refused,
// since its system ID and UPD belong to that login.
func (c *Client) restore(b []byte) error {
	var s stateBlob
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("%w: not a saldo state blob: %v", ErrState, err)
	}
	if s.Format != stateFormat {
		return fmt.Errorf("%w: blob format %q, want %q", ErrState, s.Format, stateFormat)
	}
	if s.Version < 1 || s.Version > stateVersion {
		return fmt.Errorf("%w: blob version %d is not supported by this saldo (knows 1–%d); update saldo or start without the saved state", ErrState, s.Version, stateVersion)
	}
	if s.BankCode != c.cfg.BankCode || s.UserID != c.cfg.UserID {
		return fmt.Errorf("%w: the saved state belongs to user %q at bank %s, not to %q at %s", ErrState, s.UserID, s.BankCode, c.cfg.UserID, c.cfg.BankCode)
	}
	var p params
	if len(s.BPD) > 0 {
		m, err := wire.Decode(s.BPD)
		if err != nil {
			return fmt.Errorf("%w: stored BPD: %v", ErrState, err)
		}
		p.setBPD(m.Segments)
	} else {
		p.deriveBPD()
	}
	if s.Private != nil && len(s.Private.UPD) > 0 {
		m, err := wire.Decode(s.Private.UPD)
		if err != nil {
			return fmt.Errorf("%w: stored UPD: %v", ErrState, err)
		}
		p.setUPD(m.Segments)
	}
	c.p = p
	c.systemID = s.SystemID
	c.allowed = s.Allowed
	c.noBatch, c.noMultiTAN = s.NoBatching, s.NoMultiTAN
	if c.method == "" {
		c.method = s.TANMethod
	}
	if c.medium == "" {
		c.medium = s.TANMedium
	}
	if s.Private != nil {
		c.accounts = s.Private.Accounts
		c.media = s.Private.Media
	}
	return nil
}
