package fakebackend

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"saldo/fints"
	"saldo/fints/challenge"
	"saldo/fints/money"
	"saldo/fints/secret"
	"saldo/fints/sepa"
	"saldo/fints/statement"
	"saldo/ui"
)

// errPaused is returned by an operation whose TAN prompt was pending when
// the app closed: the operation is kept for PendingTANs.
var errPaused = errors.New("paused while waiting for a TAN; it can be resumed on the next start")

var methods = []fints.TANMethod{
	{Code: "921", Name: "smsTAN", Kind: fints.TANManual, NeedsMedium: true, NumericTAN: true, MaxTANLen: 6, HKTANVersion: 7},
	{Code: "911", Name: "chipTAN optisch", Kind: fints.TANFlicker, TechID: "HHD1.4", DKName: "HHDOPT1", DKVersion: "1.4", NumericTAN: true, MaxTANLen: 6, HKTANVersion: 7},
	{Code: "913", Name: "photoTAN", Kind: fints.TANImage, DKName: "MS1.0.0", NumericTAN: true, MaxTANLen: 7, HKTANVersion: 7},
	{Code: "942", Name: "pushTAN 2.0", Kind: fints.TANDecoupled, DKName: "Decoupled", MaxPolls: 10, FirstWait: 2 * time.Second,
		NextWait: 2 * time.Second, AutoPoll: true, ManualConfirm: true, HKTANVersion: 7},
}

var media = []fints.TANMedium{
	{Name: "Alex Handy", Class: "M", Status: "1", Phone: "+49 171 ***1234"},
	{Name: "Zweithandy", Class: "M", Status: "2", Phone: "+49 160 ***9876"},
}

func methodByCode(code string) fints.TANMethod {
	for _, m := range methods {
		if m.Code == code {
			return m
		}
	}
	return methods[0]
}

// TANMethods implements ui.Backend.
func (b *Backend) TANMethods(loginID string) (ui.TANOptions, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	l, err := b.findLogin(loginID)
	if err != nil {
		return ui.TANOptions{}, err
	}
	return ui.TANOptions{Methods: append([]fints.TANMethod(nil), methods...), Media: append([]fints.TANMedium(nil), media...),
		Current: l.method, Medium: l.medium}, nil
}

// SetTANMethod implements ui.Backend.
func (b *Backend) SetTANMethod(loginID, code, medium string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	l, err := b.findLogin(loginID)
	if err != nil {
		return err
	}
	if methodByCode(code).Code != code {
		return fmt.Errorf("the bank does not offer TAN method %s", code)
	}
	l.method, l.medium = code, medium
	b.record("SetTANMethod %s %s", loginID, code)
	return nil
}

// pin makes sure the session knows the login's PIN, asking up to three
// times. Prompts are serialised per login: concurrent operations (a sync
// and a resumed TAN) ask once, the second one finds the PIN known.
func (b *Backend) pin(ctx context.Context, l *login, job ui.Job) error {
	select {
	case l.pinLock <- struct{}{}:
		defer func() { <-l.pinLock }()
	case <-ctx.Done():
		return ctx.Err()
	}
	b.mu.Lock()
	_, ok := b.pins[l.id]
	req := ui.PINRequest{LoginID: l.id, BankName: l.bank, UserID: l.user}
	b.mu.Unlock()
	if ok {
		return nil
	}
	for i := 0; i < 3; i++ {
		p, err := job.PIN(ctx, req)
		if err != nil {
			return err
		}
		if p.Reveal() == b.o.PIN {
			b.mu.Lock()
			b.pins[l.id] = p
			b.mu.Unlock()
			return nil
		}
		p.Wipe()
		req.Retry = true
	}
	return errors.New("9931 the bank locked the PIN after three wrong attempts (simulated)")
}

// challengeFor builds what the bank would send for method.
func (b *Backend) challengeFor(l *login, op string, t *fints.Transfer) fints.Challenge {
	m := methodByCode(l.method)
	ch := fints.Challenge{Method: m, Operation: op, ExpiresAt: b.o.Now().Add(5 * time.Minute)}
	detail := op
	if t != nil {
		detail = fmt.Sprintf("Überweisung %s EUR an %s, IBAN %s", t.Amount.Format(true), t.ToName, sepa.FormatIBAN(t.ToIBAN))
	}
	switch m.Kind {
	case fints.TANManual:
		ch.Medium = l.medium
		ch.Text = "Die TAN wurde per SMS an Ihr Handy gesendet. " + detail + "."
	case fints.TANFlicker:
		des := []string{}
		if t != nil {
			des = append(des, t.ToIBAN, t.Amount.Format(true))
		}
		f := challenge.NewHHD14("1791456832", des...)
		ch.Flicker = &f
		ch.Text = "Halten Sie Ihren TAN-Generator an die Grafik. Prüfen Sie die Anzeige und bestätigen Sie mit OK. " + detail + "."
	case fints.TANImage:
		png, err := challenge.MatrixPNG("saldo-demo " + detail)
		if err == nil {
			ch.Image = &challenge.Image{MIME: "image/png", Data: png}
		}
		ch.Text = "Scannen Sie die Grafik mit Ihrer photoTAN-App. " + detail + "."
	case fints.TANDecoupled:
		ch.Medium = l.medium
		ch.Text = "Bitte bestätigen Sie den Auftrag in Ihrer pushTAN-App. " + detail + "."
	}
	return ch
}

// authorize runs strong customer authentication for op with the login's
// current method: it follows method switches, allows three wrong TANs and
// leaves the operation paused when the app closes meanwhile.
func (b *Backend) authorize(ctx context.Context, l *login, op string, t *fints.Transfer, job ui.Job) error {
	wrong := 0
	for {
		b.mu.Lock()
		ch := b.challengeFor(l, op, t)
		b.seq++
		id := fmt.Sprintf("tan-%d", b.seq)
		b.waiting[id] = &ui.PendingTAN{ID: id, LoginID: l.id, BankName: l.bank, Operation: op, Started: b.o.Now(),
			Challenge: ch, IsPayment: t != nil}
		if t != nil {
			tt := *t
			b.transfers[id] = &tt
		}
		b.mu.Unlock()
		ch.Attempt = wrong + 1
		var err error
		var tan secret.Value
		if ch.Method.Kind == fints.TANDecoupled {
			err = b.decoupled(ctx, ch, job)
		} else {
			tan, err = job.TAN(ctx, ch)
		}
		b.mu.Lock()
		w, still := b.waiting[id]
		delete(b.waiting, id)
		if still && errors.Is(err, ui.ErrQuitting) {
			// the person quit while we waited: keep the operation paused
			b.paused = append(b.paused, *w)
			still = false
		} else if still {
			delete(b.transfers, id)
		}
		b.mu.Unlock()
		var sw *ui.SwitchMethodError
		switch {
		case !still:
			return errPaused // Close moved it to the paused list
		case errors.As(err, &sw):
			continue // the new method is set; submit again
		case err != nil:
			return err
		case ch.Method.Kind == fints.TANDecoupled || tan.Reveal() == b.o.TAN:
			return nil
		}
		if wrong++; wrong == 3 {
			return errors.New("9942 the bank rejected the TAN three times; the order was cancelled")
		}
	}
}

// decoupled simulates app approval: a few status polls, then approved.
func (b *Backend) decoupled(ctx context.Context, ch fints.Challenge, job ui.Job) error {
	m := ch.Method
	st := fints.DecoupledStatus{Challenge: ch, MaxPolls: m.MaxPolls, Deadline: b.o.Now().Add(5 * time.Minute), NextPoll: m.FirstWait}
	job.Decoupled(ctx, st)
	wait := b.o.ApprovalWait
	if wait == 0 {
		wait = 4 * b.o.Delay // an app approval takes a few seconds
	}
	for poll := 1; poll <= 3; poll++ {
		if err := sleep(ctx, wait); err != nil {
			return err
		}
		st.Polls, st.NextPoll = poll, m.NextWait
		job.Decoupled(ctx, st)
	}
	return ctx.Err()
}

// Sync implements ui.Backend.
func (b *Backend) Sync(ctx context.Context, loginID string, job ui.Job) error {
	b.mu.Lock()
	l, err := b.findLogin(loginID)
	b.record("Sync %s", loginID)
	b.mu.Unlock()
	if err != nil {
		return err
	}
	if err := b.pin(ctx, l, job); err != nil {
		return err
	}
	steps := []string{"Opening dialog", "Fetching balances", "Fetching bookings"}
	for i, s := range steps {
		job.Progress(s, i+1, len(steps))
		if i == 0 && b.o.LoginTAN {
			if err := b.authorize(ctx, l, "Login", nil, job); err != nil {
				return err
			}
		}
		if err := b.wait(ctx); err != nil {
			return err
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	l.lastSync, l.syncErr = b.o.Now(), ""
	return nil
}

// FetchOlder implements ui.Backend: older data needs a TAN, as at real banks.
func (b *Backend) FetchOlder(ctx context.Context, loginID, acct string, job ui.Job) error {
	b.mu.Lock()
	l, err := b.findLogin(loginID)
	var a *account
	if err == nil {
		a, err = l.find(acct)
	}
	b.mu.Unlock()
	if err != nil {
		return err
	}
	if err := b.pin(ctx, l, job); err != nil {
		return err
	}
	if err := b.authorize(ctx, l, "Umsätze älter als 90 Tage", nil, job); err != nil {
		return err
	}
	if err := b.wait(ctx); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	n := min(a.older, 120)
	if n == 0 {
		return nil
	}
	older := makeBookings(a.seed+uint64(len(a.bookings)), n, a.from.AddDays(-1), a.info.Key())
	a.bookings = append(a.bookings, older...)
	a.older -= n
	a.from = oldestDate(a.bookings)
	b.record("FetchOlder %s %d", acct, n)
	return nil
}

// Transfer implements ui.Backend.
func (b *Backend) Transfer(ctx context.Context, loginID string, t fints.Transfer, job ui.Job) (fints.Outcome, error) {
	b.mu.Lock()
	l, err := b.findLogin(loginID)
	if err == nil {
		_, err = l.find(t.From.Key())
	}
	b.record("Transfer %s %s %s", loginID, t.ToIBAN, t.Amount)
	b.mu.Unlock()
	if err != nil {
		return fints.Outcome{}, err
	}
	if err := b.pin(ctx, l, job); err != nil {
		return fints.Outcome{}, err
	}
	if err := b.wait(ctx); err != nil {
		return fints.Outcome{}, err
	}
	vop := b.checkPayee(t)
	if vop.Match != fints.VoPMatched {
		ok, err := job.ConfirmPayee(ctx, vop)
		if err != nil {
			return fints.Outcome{}, err
		}
		if !ok {
			return fints.Outcome{}, fmt.Errorf("not sent after the payee check: %w", ui.ErrCancelled)
		}
	}
	op := fmt.Sprintf("Transfer %s € to %s", t.Amount.Format(true), t.ToName)
	if err := b.authorize(ctx, l, op, &t, job); err != nil {
		return fints.Outcome{}, err
	}
	if err := b.wait(ctx); err != nil {
		return fints.Outcome{State: fints.Unknown, Reason: "the connection ended after the order was sent"}, nil
	}
	o := b.execute(l.id, t)
	o.VoP = &vop
	return o, nil
}

// execute books the transfer, with the fault switches of the package doc.
func (b *Backend) execute(loginID string, t fints.Transfer) fints.Outcome {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch t.Amount.Cmp(money.MustParse("66.60")) {
	case 0:
		return fints.Outcome{State: fints.Rejected, Reason: "9010 Kontodeckung nicht ausreichend (simulated)"}
	}
	if l, err := b.findLogin(loginID); err == nil {
		if a, err := l.find(t.From.Key()); err == nil {
			bk := statement.Booking{Status: statement.Pending, ValueDate: statement.DateOf(b.o.Now()), Amount: t.Amount.Neg(),
				Currency: "EUR", CounterpartyName: t.ToName, CounterpartyIBAN: t.ToIBAN, CounterpartyBIC: t.ToBIC,
				Purpose: t.Purpose, PostingText: "ONLINE-UEBERWEISUNG", EndToEndRef: t.EndToEndID}
			a.bookings = append([]statement.Booking{bk}, a.bookings...)
			statement.AssignIDs(a.info.Key(), a.bookings)
		}
	}
	b.seq++
	if t.Amount.Cmp(money.MustParse("13.13")) == 0 {
		if l, err := b.findLogin(loginID); err == nil {
			l.notice = fmt.Sprintf("the transfer of %s EUR to %s has no final answer from the bank: check the statement before sending it again",
				t.Amount.Format(true), t.ToName)
		}
		return fints.Outcome{State: fints.Unknown, Reason: "connection lost after sending the order (simulated)"}
	}
	return fints.Outcome{State: fints.Executed, Reference: fmt.Sprintf("DEMO-%06d", b.seq)}
}

// checkPayee compares the name with the account holder the bank knows.
func (b *Backend) checkPayee(t fints.Transfer) fints.VoPResult {
	r := fints.VoPResult{IBAN: t.ToIBAN, GivenName: t.ToName}
	holder := ""
	for _, p := range parties {
		if p.iban == sepa.NormalizeIBAN(t.ToIBAN) {
			holder = p.holder
		}
	}
	b.mu.Lock()
	for _, l := range b.logins {
		for _, a := range l.accounts {
			if a.info.IBAN == sepa.NormalizeIBAN(t.ToIBAN) {
				holder = a.info.Owner
			}
		}
	}
	b.mu.Unlock()
	norm := func(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }
	given := norm(t.ToName)
	switch {
	case holder == "":
		r.Match, r.Text = fints.VoPNotPossible, "Für dieses Konto ist keine Empfängerüberprüfung möglich."
	case norm(holder) == given:
		r.Match = fints.VoPMatched
	case similar(given, norm(holder)):
		r.Match, r.SuggestedName = fints.VoPCloseMatch, holder
		r.Text = "Der Name weicht leicht vom Kontoinhaber ab."
	default:
		r.Match, r.Text = fints.VoPNoMatch, "Der Name stimmt nicht mit dem Kontoinhaber überein."
	}
	return r
}

// similar is the fake bank's idea of a close match: one name contains the
// other, or they share their last word.
func similar(a, b string) bool {
	if strings.Contains(a, b) || strings.Contains(b, a) {
		return true
	}
	fa, fb := strings.Fields(a), strings.Fields(b)
	return len(fa) > 0 && len(fb) > 0 && (fa[len(fa)-1] == fb[len(fb)-1] || fa[0] == fb[0])
}
