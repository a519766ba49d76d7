package app

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"saldo/fints"
	"saldo/fints/bankdir"
	"saldo/fints/demobank"
	"saldo/ui"
	"saldo/vault"
)

// DemoProductID is sent to the demo bank when no product ID is configured:
// it insists on one, as real banks do, but accepts any.
const DemoProductID = "SALDO-DEMO"

// productID picks the product registration for a login: its own, the
// configured default, or for the demo bank a placeholder.
func (b *Backend) productID(s vault.LoginSettings) string {
	switch {
	case s.ProductID != "":
		return s.ProductID
	case b.opts.ProductID != "":
		return b.opts.ProductID
	case s.BankCode == demobank.BankCode:
		return DemoProductID
	}
	return ""
}

// demoDirectoryURL stands in for the demo bank's address in the bank
// picker: the real one is chosen when the bank starts, on first use.
const demoDirectoryURL = "http://127.0.0.1/saldo-demo-bank"

// inProcessDemo reports whether a login talks to the demo bank inside this
// process: its address is the directory placeholder (or the address of this
// run's demo bank), or this backend serves `saldo --demo`, whose stored
// address is an earlier run's. A demo-bank login with any other address —
// `saldo demo-bank` in another terminal, with its fault switches — talks to
// that address, like any bank.
func (b *Backend) inProcessDemo(set vault.LoginSettings) bool {
	switch {
	case set.BankCode != demobank.BankCode:
		return false
	case b.opts.DemoURL != "", set.URL == "", set.URL == demoDirectoryURL:
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.demo != nil && set.URL == b.demo.url
}

func (b *Backend) demoEntry() bankdir.Bank {
	url := b.opts.DemoURL
	b.mu.Lock()
	if url == "" && b.demo != nil {
		url = b.demo.url
	}
	b.mu.Unlock()
	if url == "" {
		url = demoDirectoryURL
	}
	return bankdir.Bank{BLZ: demobank.BankCode, Name: demobank.BankName, City: "built-in demo", BIC: demobank.BankBIC,
		PinTanURL: url, PinTanVersion: "300"}
}

// SearchBanks implements ui.Backend: the demo bank first (for an empty
// query or one that names it), then the German bank directory.
func (b *Backend) SearchBanks(query string, limit int) []bankdir.Bank {
	var out []bankdir.Bank
	q := strings.ToLower(strings.TrimSpace(query))
	demo := b.demoEntry()
	if q == "" || strings.Contains(strings.ToLower(demo.Name+" demo "+demo.BLZ+" "+demo.BIC), q) {
		out = append(out, demo)
	}
	for _, bk := range bankdir.Search(query, limit) {
		if limit > 0 && len(out) >= limit {
			break
		}
		if bk.BLZ != demobank.BankCode {
			out = append(out, bk)
		}
	}
	return out
}

// LoginHint implements ui.Backend: the demo bank's logins are published,
// so a newcomer can add it without reading any documentation.
func (b *Backend) LoginHint(bank bankdir.Bank) string {
	if bank.BLZ != demobank.BankCode {
		return ""
	}
	n := demobank.BigBookings
	return fmt.Sprintf("Demo logins: user ID “%s” (Max Mustermann, three accounts) or “%s” (a shop with %d,%03d bookings), PIN %s for both. Keep the FinTS URL to use the demo bank built into saldo, or type the URL that `saldo demo-bank` prints.",
		demobank.DemoUser, demobank.DemoUser100k, n/1000, n%1000, demobank.DemoPIN)
}

var blzPattern = regexp.MustCompile(`^[0-9]{8}$`)

// AddLogin implements ui.Backend. The login is stored once the bank has
// accepted it (the first dialog opened), then the first sync fills the
// cache. A login the bank refuses leaves nothing behind.
func (b *Backend) AddLogin(ctx context.Context, nl ui.NewLogin, job ui.Job) (ui.Login, error) {
	v, err := b.vault()
	if err != nil {
		return ui.Login{}, err
	}
	set := vault.LoginSettings{
		Name: strings.TrimSpace(nl.Bank.Name), URL: strings.TrimSpace(nl.URL), BankCode: strings.TrimSpace(nl.Bank.BLZ),
		UserID: strings.TrimSpace(nl.UserID), CustomerID: strings.TrimSpace(nl.CustomerID), ProductID: strings.TrimSpace(nl.ProductID),
	}
	if set.CustomerID == set.UserID {
		set.CustomerID = ""
	}
	if b.opts.DemoURL == "" && b.inProcessDemo(set) {
		// This run's demo bank listens on a port chosen at start; the
		// placeholder makes the next run start its own.
		set.URL = demoDirectoryURL
	}
	switch {
	case !blzPattern.MatchString(set.BankCode):
		return ui.Login{}, fmt.Errorf("the bank code %q is not eight digits", set.BankCode)
	case set.UserID == "":
		return ui.Login{}, errors.New("the user ID is missing")
	case set.URL == "" && set.BankCode != demobank.BankCode:
		return ui.Login{}, errors.New("the bank's FinTS address is missing")
	}
	key := set.Key()
	if _, err := v.Login(key); err == nil {
		return ui.Login{}, fmt.Errorf("%s is already in saldo", key)
	} else if !errors.Is(err, vault.ErrUnknownLogin) && !errors.Is(err, vault.ErrNotFound) {
		return ui.Login{}, err
	}
	s := newSession(b, set, false)
	o := &op{kind: opLogin, label: "Add " + displayName(set), started: b.opts.Now()}
	err = s.run(ctx, job, o, func(ctx context.Context, c *fints.Client) error {
		// The dialog is open: the bank knows this login. Keep it.
		if err := v.PutLogin(set); err != nil {
			return fmt.Errorf("saving the login: %w", err)
		}
		s.stored = true
		b.mu.Lock()
		if b.sessions[key] == nil {
			b.sessions[key] = s
		}
		b.mu.Unlock()
		s.fetchMedia(ctx, c)
		return s.syncLocked(ctx, job, c)
	})
	if err != nil && !s.stored {
		return ui.Login{}, err
	}
	if err != nil {
		// Stored, but the first sync failed: the login stays, the status
		// bar says what went wrong, the next sync tries again.
		s.setSyncError(err.Error())
	}
	logins, lerr := b.Logins(ctx)
	if lerr != nil {
		return ui.Login{}, lerr
	}
	for _, l := range logins {
		if l.ID == key.String() {
			return l, nil
		}
	}
	return ui.Login{}, fmt.Errorf("the new login %s is missing from the vault", key)
}

// fetchMedia asks for the TAN media when the chosen method needs one, so
// the TAN dialog can offer them. Failures only cost the list.
func (s *session) fetchMedia(ctx context.Context, c *fints.Client) {
	methods, current := c.TANMethods()
	need := false
	for _, m := range methods {
		need = need || (m.NeedsMedium && (m.Code == current || current == ""))
	}
	if !need {
		return
	}
	media, err := c.TANMedia(ctx)
	if err != nil {
		s.b.log.Info("TAN media not available", "login", s.id, "err", err.Error())
		return
	}
	s.mu.Lock()
	s.media = media
	if s.medium == "" && len(media) > 0 {
		s.medium = media[0].Name
	}
	s.mu.Unlock()
}

// TANMethods implements ui.Backend from what the session learned; it never
// waits for a running operation.
func (b *Backend) TANMethods(loginID string) (ui.TANOptions, error) {
	s, err := b.session(loginID)
	if err != nil {
		return ui.TANOptions{}, err
	}
	s.mu.Lock()
	live := s.live
	s.mu.Unlock()
	if live != nil {
		// The engine publishes what it learned, readable even while an
		// operation waits in a TAN prompt (the TAN dialog asks then).
		s.learnMethods(live)
		cur, media := live.TANMedium()
		s.mu.Lock()
		if len(media) > 0 {
			s.media = media
		}
		if s.choice == nil && cur != "" {
			s.medium = cur
		}
		s.mu.Unlock()
	} else {
		// Learn from the saved state if no operation holds the client.
		select {
		case s.sem <- struct{}{}:
			if _, err := s.clientLocked(context.Background()); err != nil {
				b.log.Info("TAN methods unknown", "login", s.id, "err", err.Error())
			}
			s.release()
		default:
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return ui.TANOptions{
		Methods: append([]fints.TANMethod(nil), s.methods...), Media: append([]fints.TANMedium(nil), s.media...),
		Current: s.current, Medium: s.medium,
	}, nil
}

// SetTANMethod implements ui.Backend. The choice takes effect with the
// next operation (FinTS fixes the method for a dialog, so the standing
// dialog is ended first) and is saved with the login.
func (b *Backend) SetTANMethod(loginID, code, medium string) error {
	s, err := b.session(loginID)
	if err != nil {
		return err
	}
	code = strings.TrimSpace(code)
	if code == "" {
		return errors.New("no TAN method given")
	}
	if !s.knownMethod(code) {
		return fmt.Errorf("%s does not offer TAN method %s", s.bankName(), code)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.choice = &methodChoice{code: code, medium: medium}
	s.current, s.medium = code, medium
	return nil
}
