package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"saldo/fints"
	"saldo/fints/sepa"
)

// saldo transfer: one SEPA credit transfer from the command line. The TAN
// (or the app approval) and the payee check are handled on the terminal,
// or on stdin lines with --pin-stdin. --pause FILE stops at the first
// question for the person and writes the paused transfer; --resume FILE
// continues it in another process, once.

func init() {
	var f transferFlags
	register(&Command{
		Name: "transfer",
		Usage: loginUsage + " --from IBAN --to IBAN --name NAME --amount 12.34 [--purpose TEXT] [--bic BIC] [--end-to-end ID]" +
			" [--instant | --date YYYY-MM-DD] [--pause FILE]\n       saldo transfer " + loginUsage + " --resume FILE",
		Summary: "send a SEPA credit transfer (instant or scheduled); --pause/--resume split it across processes",
		Flags:   f.define,
		Run:     f.run,
	})
}

type transferFlags struct {
	loginFlags
	from, to, name, bic     string
	amount, purpose, date   string
	endToEnd, pause, resume string
	instant                 bool
}

func (f *transferFlags) define(fs *flag.FlagSet) {
	f.loginFlags.define(fs)
	fs.StringVar(&f.from, "from", "", "the ordering account (IBAN)")
	fs.StringVar(&f.to, "to", "", "the payee's IBAN")
	fs.StringVar(&f.name, "name", "", "the payee's name (checked by the bank: Verification of Payee)")
	fs.StringVar(&f.bic, "bic", "", "the payee's BIC (optional within SEPA)")
	fs.StringVar(&f.amount, "amount", "", "amount in EUR, e.g. 12.34 (at most two decimals)")
	fs.StringVar(&f.purpose, "purpose", "", "purpose text (up to 140 characters)")
	fs.StringVar(&f.endToEnd, "end-to-end", "", "end-to-end reference (up to 35 characters)")
	fs.BoolVar(&f.instant, "instant", false, "send as an instant payment (if the bank offers it)")
	fs.StringVar(&f.date, "date", "", "execution date YYYY-MM-DD: a scheduled transfer")
	fs.StringVar(&f.pause, "pause", "", "stop at the TAN prompt (or payee question) and write the paused transfer to FILE")
	fs.StringVar(&f.resume, "resume", "", "continue the paused transfer in FILE (once: the file is consumed)")
}

// order builds the transfer from the flags, checking what can be checked
// before the PIN is asked for.
func (f *transferFlags) order() (fints.Transfer, error) {
	var missing []string
	for _, m := range []struct{ v, name string }{{f.from, "--from"}, {f.to, "--to"}, {f.name, "--name"}, {f.amount, "--amount"}} {
		if strings.TrimSpace(m.v) == "" {
			missing = append(missing, m.name)
		}
	}
	if len(missing) > 0 {
		return fints.Transfer{}, fmt.Errorf("%w: %s required", ErrUsage, strings.Join(missing, ", "))
	}
	amount, err := parseAmount(f.amount)
	if err != nil {
		return fints.Transfer{}, err
	}
	for _, v := range []struct{ s, name string }{{f.from, "--from"}, {f.to, "--to"}} {
		if err := sepa.ValidateIBAN(v.s); err != nil {
			return fints.Transfer{}, fmt.Errorf("%w: %s: %v", ErrUsage, v.name, err)
		}
	}
	t := fints.Transfer{
		From: fints.Account{IBAN: sepa.NormalizeIBAN(f.from)}, ToName: strings.TrimSpace(f.name), ToIBAN: sepa.NormalizeIBAN(f.to),
		ToBIC: strings.TrimSpace(f.bic), Amount: amount, Currency: "EUR", Purpose: strings.TrimSpace(f.purpose),
		EndToEndID: strings.TrimSpace(f.endToEnd), Instant: f.instant,
	}
	if f.date != "" {
		if f.instant {
			return fints.Transfer{}, fmt.Errorf("%w: --instant and --date exclude each other: an instant payment is executed now", ErrUsage)
		}
		if t.ExecutionDate, err = parseDateFlag("date", f.date); err != nil {
			return fints.Transfer{}, err
		}
	}
	if err := checkOrder(t); err != nil {
		return fints.Transfer{}, err
	}
	return t, nil
}

func (f *transferFlags) run(ctx context.Context, env *Env, fs *flag.FlagSet) error {
	var t fints.Transfer
	switch {
	case f.account != "":
		return fmt.Errorf("%w: --account does not apply to a transfer; the ordering account is --from", ErrUsage)
	case f.resume != "" && f.pause != "":
		return fmt.Errorf("%w: --pause and --resume exclude each other", ErrUsage)
	case f.resume != "":
		if f.from != "" || f.to != "" || f.name != "" || f.amount != "" || f.instant || f.date != "" {
			return fmt.Errorf("%w: --resume continues the order in the file; leave out --from, --to, --name, --amount, --instant and --date", ErrUsage)
		}
		// A missing or foreign file is found before the PIN is asked for.
		if _, err := readPaused(f.resume); err != nil {
			return err
		}
	default:
		var err error
		if t, err = f.order(); err != nil {
			return err
		}
		if f.pause != "" {
			if err := outputFlagProblem("--pause", f.pause); err != nil {
				return fmt.Errorf("%w: %w", ErrUsage, err)
			}
			if _, err := os.Stat(f.pause); err == nil {
				return fmt.Errorf("%w: --pause %s: the file exists; a paused transfer is not written over another one", ErrUsage, f.pause)
			}
		}
	}
	s, ctx, err := f.open(ctx, env, fs)
	if err != nil {
		return err
	}
	if s.prompter == nil {
		return s.done(errors.New("internal: no terminal prompter"), nil)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	p := &transferPrompter{cliPrompter: s.prompter, pause: f.pause != "", cancel: cancel}
	s.c.SetPrompter(p)
	if f.resume != "" {
		return f.resumeOrder(ctx, env, s, p)
	}
	return f.send(ctx, env, s, p, t)
}

// send runs the order and prints its outcome (or writes the paused
// transfer). With the vault the order goes into its journal first, as in
// the app.
func (f *transferFlags) send(ctx context.Context, env *Env, s *bankSession, p *transferPrompter, t fints.Transfer) error {
	orderID, err := journalPrepare(s, t)
	if err != nil {
		return s.done(err, nil)
	}
	out, err := s.c.Transfer(ctx, t)
	err = foreignDebtor(s.c, t.From.IBAN, err)
	if errors.Is(err, fints.ErrPause) {
		err = f.writePaused(env, s, p, orderID)
		return s.done(err, nil)
	}
	if cerr := s.c.Close(context.WithoutCancel(ctx)); cerr != nil && err == nil && out.State == fints.Executed {
		fmt.Fprintf(env.Stderr, "warning: ending the dialog: %v\n", cerr)
	}
	journalOutcome(env, s, orderID, out, err)
	if err != nil {
		if errors.Is(err, fints.ErrPayeeNotConfirmed) {
			err = fmt.Errorf("not sent: %w; nothing was paid", err)
		}
		return s.done(err, nil)
	}
	return s.done(printOutcome(env, f.json, t, out), nil)
}

// journalPrepare writes the order to the vault's journal (prepared, then
// sent right before the engine gets it). Without the vault there is none.
func journalPrepare(s *bankSession, t fints.Transfer) (string, error) {
	if s.v == nil || s.isNew {
		return "", nil
	}
	id, err := s.v.PrepareOrder(s.key, t)
	if err != nil {
		return "", fmt.Errorf("not sent: recording the order: %w", err)
	}
	if err := s.v.MarkSent(id); err != nil {
		return "", fmt.Errorf("not sent: recording the order: %w", err)
	}
	return id, nil
}

// journalOutcome records the bank's answer (or that the order was not
// executed). A failure is reported, not returned: the money moved or not
// either way, and an order left "sent" tells the person to check.
func journalOutcome(env *Env, s *bankSession, id string, out fints.Outcome, runErr error) {
	if id == "" || s.v == nil {
		return
	}
	if runErr != nil {
		out = fints.Outcome{State: fints.Rejected, Reason: "not sent: " + runErr.Error()}
	}
	if err := s.v.MarkOutcome(id, out); err != nil {
		fmt.Fprintf(env.Stderr, "warning: the vault's transfer journal was not updated: %v\n", err)
	}
}

// resumeOrder continues a paused transfer: the file is consumed first, so
// it cannot be resumed twice; the pause guard refuses a copy of it.
func (f *transferFlags) resumeOrder(ctx context.Context, env *Env, s *bankSession, p *transferPrompter) error {
	pf, err := takePaused(f.resume)
	if err != nil {
		return s.done(err, nil)
	}
	if err := resumeGuard(env, f.resume).Claim(pf.id()); err != nil {
		return s.done(fmt.Errorf("%s: %w", f.resume, err), nil)
	}
	pend, err := s.c.Resume(pf.Blob)
	if err != nil {
		return s.done(fmt.Errorf("resuming %s: %w", f.resume, err), nil)
	}
	var t fints.Transfer
	if pend.Transfer != nil {
		t = *pend.Transfer
	}
	fmt.Fprintf(env.Stderr, "Resuming: %s (paused %s).\n", describe(t), pend.Paused.Local().Format("2006-01-02 15:04:05"))
	res, err := pend.Complete(ctx)
	var out fints.Outcome
	if err == nil && res.Payment != nil {
		out = *res.Payment
	} else if err == nil {
		err = errors.New("the paused operation in the file is not a transfer")
	}
	if cerr := s.c.Close(context.WithoutCancel(ctx)); cerr != nil && err == nil && out.State == fints.Executed {
		fmt.Fprintf(env.Stderr, "warning: ending the dialog: %v\n", cerr)
	}
	journalOutcome(env, s, pf.Order, out, err)
	if err != nil {
		return s.done(err, nil)
	}
	return s.done(printOutcome(env, f.json, t, out), nil)
}

// describe names a transfer for messages: "12,34 EUR to Erika Mustermann
// (DE21 …)".
func describe(t fints.Transfer) string {
	s := fmt.Sprintf("transfer of %s EUR to %s (%s)", t.Amount.Format(true), t.ToName, sepa.FormatIBAN(t.ToIBAN))
	switch {
	case t.Instant:
		s = "instant " + s
	case !t.ExecutionDate.IsZero():
		s = "scheduled " + s + " on " + t.ExecutionDate.String()
	}
	return s
}

// cliOutcome is the JSON form of an outcome: states as words.
type cliOutcome struct {
	State     string    `json:"state"`
	Code      string    `json:"code,omitempty"`
	Reason    string    `json:"reason,omitempty"`
	Reference string    `json:"reference,omitempty"`
	Payee     *cliPayee `json:"payee_check,omitempty"`
}

type cliPayee struct {
	Result        string `json:"result"`
	GivenName     string `json:"given_name"`
	SuggestedName string `json:"suggested_name,omitempty"`
}

// printOutcome shows the outcome and returns an error unless the order
// was executed, so scripts see a failing exit status.
func printOutcome(env *Env, asJSON bool, t fints.Transfer, o fints.Outcome) error {
	if asJSON {
		co := cliOutcome{State: o.State.String(), Code: o.Code, Reason: o.Reason, Reference: o.Reference}
		if o.VoP != nil {
			co.Payee = &cliPayee{Result: o.VoP.Match.String(), GivenName: o.VoP.GivenName, SuggestedName: o.VoP.SuggestedName}
		}
		if err := printJSON(env.Stdout, co); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(env.Stdout, "%s: %s\n", describe(t), o.State)
		if o.Reference != "" {
			fmt.Fprintf(env.Stdout, "Bank reference: %s\n", o.Reference)
		}
		if o.VoP != nil {
			fmt.Fprintf(env.Stdout, "Payee check: %s\n", payeeLine(*o.VoP))
		}
		if o.Reason != "" {
			fmt.Fprintf(env.Stdout, "Bank: %s\n", o.Reason)
		}
	}
	switch o.State {
	case fints.Rejected:
		return fmt.Errorf("the bank rejected the transfer: %s", o.Reason)
	case fints.Unknown:
		return fmt.Errorf("the outcome is unknown: %s", o.Reason)
	}
	return nil
}

// payeeLine is the payee check result in one line.
func payeeLine(r fints.VoPResult) string {
	switch r.Match {
	case fints.VoPCloseMatch:
		if r.SuggestedName != "" {
			return fmt.Sprintf("close match – the account holder is %q, not %q", r.SuggestedName, r.GivenName)
		}
	case fints.VoPNoMatch:
		return fmt.Sprintf("no match – %q is not the holder of this account", r.GivenName)
	case fints.VoPNotPossible:
		return "not possible – the payee's bank could not check the name"
	}
	return r.Match.String()
}
