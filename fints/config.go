package fints

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"saldo/fints/secret"
)

// Config is what a Client needs to talk to one bank login.
type Config struct {
	URL        string // FinTS endpoint; https, or http on loopback only
	BankCode   string // BLZ
	UserID     string // Benutzerkennung
	CustomerID string // Kunden-ID; defaults to UserID

	// ProductID is the product registration number issued by the Deutsche
	// Kreditwirtschaft. Real banks reject or warn about a missing or
	// unregistered one; see ErrProductRejected.
	ProductID      string
	ProductVersion string // defaults to DefaultProductVersion

	PIN      secret.Value
	Prompter Prompter // asks for TANs and approvals; nil fails SCA cleanly

	// HTTPClient replaces the default client (which verifies TLS and
	// applies ConnectTimeout). Its own Timeout, if any, also applies.
	HTTPClient      *http.Client
	ConnectTimeout  time.Duration // default 15 s
	ResponseTimeout time.Duration // per request; default 90 s

	// Trace, when set, receives every message in both directions with PIN,
	// TAN and account numbers redacted.
	Trace io.Writer
	// Notice, when set, receives the bank's warnings and notices (3xxx
	// codes, HIKIM messages) as they arrive.
	Notice func(Notice)

	// TANMethod and TANMedium preselect the security function (e.g. "942")
	// and medium name; a restored state blob's choice is used otherwise.
	TANMethod string
	TANMedium string

	// PreferMT940 fetches transactions as MT940 (HKKAZ) even when the bank
	// offers camt.052 (HKCAZ), for banks whose camt output is broken.
	PreferMT940 bool

	// State restores a blob from Client.Deconstruct.
	State []byte

	// PauseGuard makes paused dialogs single-use across processes; the
	// default only remembers resumptions within this process.
	PauseGuard PauseGuard

	// Clock is the time source and sleeper for decoupled polling; tests
	// inject a fake one. Default: the real clock.
	Clock Clock
	// Language is the dialog language (0 default, 1 German, 2 English).
	Language int
}

// DefaultProductVersion is sent in HKVVB when Config.ProductVersion is empty.
const DefaultProductVersion = "1.0"

// Notice is a bank message worth showing: a warning code or a bank notice.
type Notice struct {
	Code string // "3xxx"; "HIKIM" for bank notices
	Text string
}

func (n Notice) String() string { return n.Code + " " + n.Text }

// Clock is the engine's view of time. Sleep waits d or until ctx ends.
type Clock interface {
	Now() time.Time
	Sleep(ctx context.Context, d time.Duration) error
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// ErrConfig marks a configuration mistake (missing URL, bank code …).
var ErrConfig = errors.New("fints: configuration")

func (c *Config) normalise() error {
	c.URL = strings.TrimSpace(c.URL)
	c.BankCode = strings.TrimSpace(c.BankCode)
	c.UserID = strings.TrimSpace(c.UserID)
	c.CustomerID = strings.TrimSpace(c.CustomerID)
	var missing []string
	if c.URL == "" {
		missing = append(missing, "the bank's FinTS URL")
	}
	if c.BankCode == "" {
		missing = append(missing, "the bank code (BLZ)")
	}
	if c.UserID == "" {
		missing = append(missing, "the user ID (Benutzerkennung)")
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: %s missing", ErrConfig, strings.Join(missing, ", "))
	}
	if c.CustomerID == "" {
		c.CustomerID = c.UserID
	}
	if c.ProductVersion == "" {
		c.ProductVersion = DefaultProductVersion
	}
	if c.ConnectTimeout <= 0 {
		c.ConnectTimeout = 15 * time.Second
	}
	if c.ResponseTimeout <= 0 {
		c.ResponseTimeout = 90 * time.Second
	}
	if c.Clock == nil {
		c.Clock = realClock{}
	}
	if c.PauseGuard == nil {
		c.PauseGuard = processGuard
	}
	return nil
}
