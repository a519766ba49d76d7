package fints

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"saldo/fints/pain"
	"saldo/fints/sepa"
	"saldo/fints/statement"
	"saldo/fints/wire"
)

// Payments (§4.5–§4.7): a SEPA credit transfer goes out as HKCCS, an
// instant payment as HKIPZ and a transfer with an execution date as
// HKCSE, each carrying one pain.001 document. This file checks the order
// against the bank's parameters and builds the job segment; payment.go
// sends it (with Verification of Payee and the TAN), payment_outcome.go
// says what became of it.

// Job segment versions this engine writes.
var (
	ccsVersions = []int{1}
	ipzVersions = []int{1, 2}
	cseVersions = []int{1}
)

// ErrPayeeNotConfirmed: the Verification of Payee did not confirm the
// name and the person chose not to release the order. Nothing was paid.
var ErrPayeeNotConfirmed = errors.New("the order was not released after the payee check")

// Transfer sends a SEPA credit transfer: an instant payment when
// t.Instant is set (HKIPZ, only where the bank offers it), a scheduled one
// when t.ExecutionDate is set (HKCSE, within the bank's lead days), else
// a normal one (HKCCS). The pain.001 version is the best one the bank
// lists (.001.09, else .001.03); the debtor name defaults to the account
// holder from the UPD.
//
// Where the bank checks the payee name (HIVPPS), the result goes to
// Prompter.ConfirmPayee unless it is a full match, and the order is only
// released after a yes. Then the bank asks for the TAN (Prompter.TAN or
// app approval) as for any other job.
//
// With a nil error the Outcome is final: Executed, Rejected (with the
// bank's code and text) or Unknown (the order went out but no answer came
// back – it is never sent again; the person has to check the statement).
// A non-nil error means the order was not executed: invalid input, a job
// the bank does not offer, ErrPayeeNotConfirmed, a cancelled TAN prompt,
// or ErrPause (then Pause saves the operation; Resume and Complete finish
// it in this or another process, and Result.Payment carries the Outcome).
func (c *Client) Transfer(ctx context.Context, t Transfer) (Outcome, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.usable(); err != nil {
		return Outcome{}, err
	}
	var p *payment
	if c.p.b != nil {
		// Check before a dialog (and maybe a login TAN) is spent on it.
		var err error
		if p, err = c.newPayment(t); err != nil {
			return Outcome{}, err
		}
	}
	var out Outcome
	err := c.withDialog(ctx, false, func(d *dialog) error {
		if p == nil {
			var err error
			if p, err = c.newPayment(t); err != nil {
				return err
			}
		}
		var err error
		out, err = c.pay(ctx, d, p)
		return err
	})
	if c.paused != nil && c.paused.payment == nil {
		// Paused at the login's SCA: the order was not sent; it goes out
		// when the paused login is completed.
		if p == nil {
			p = &payment{T: t}
		}
		c.paused.payment = p
	}
	if p != nil && p.Result != nil && out.VoP == nil {
		out.VoP = p.Result
	}
	return out, err
}

// newPayment checks t against the BPD and UPD and builds the job.
func (c *Client) newPayment(t Transfer) (*payment, error) {
	if c.p.b == nil {
		return nil, fmt.Errorf("transfer: %w: no bank parameters yet", ErrState)
	}
	from, err := c.debtorAccount(t.From)
	if err != nil {
		return nil, err
	}
	job, versions := "HKCCS", ccsVersions
	switch {
	case t.Instant && !t.ExecutionDate.IsZero():
		return nil, fmt.Errorf("transfer: an instant payment cannot have an execution date (%s); leave one of them out", t.ExecutionDate)
	case t.Instant:
		job, versions = "HKIPZ", ipzVersions
	case !t.ExecutionDate.IsZero():
		job, versions = "HKCSE", cseVersions
	}
	jp, ok := c.p.job(job, versions...)
	if !ok {
		return nil, fmt.Errorf("transfer: %w: %s (%s) is not in the bank's parameters", ErrNotSupported, jobName(job), job)
	}
	if _, listed := c.p.b.TANRequired(job); !listed && c.p.b.PinTan != nil {
		return nil, fmt.Errorf("transfer: %w: the bank does not allow %s (%s) with PIN/TAN", ErrNotSupported, jobName(job), job)
	}
	if !c.p.allowsJob(from, job) {
		return nil, fmt.Errorf("transfer: %w: the bank does not allow %s (%s) on account %s", ErrNotSupported, jobName(job), job, from.Key())
	}
	if job == "HKCSE" {
		if err := c.checkLeadDays(t.ExecutionDate); err != nil {
			return nil, err
		}
	}
	version, err := c.painVersion(job)
	if err != nil {
		return nil, err
	}
	debtor := strings.TrimSpace(t.DebtorName)
	if debtor == "" {
		debtor = from.Owner
	}
	if debtor == "" {
		return nil, fmt.Errorf("transfer: %w: the account holder's name is unknown (the bank sent none); set the debtor name", pain.ErrInvalid)
	}
	pt := pain.Transfer{
		DebtorName: debtor, DebtorIBAN: from.IBAN, DebtorBIC: from.BIC,
		CreditorName: t.ToName, CreditorIBAN: t.ToIBAN, CreditorBIC: t.ToBIC,
		Amount: t.Amount, Currency: t.Currency, Purpose: t.Purpose, EndToEndID: t.EndToEndID,
		Instant: t.Instant, Created: c.cfg.Clock.Now(),
	}
	if !t.ExecutionDate.IsZero() {
		pt.ExecutionDate = t.ExecutionDate.Time()
	}
	if pt, err = pain.Prepare(pt); err != nil {
		return nil, fmt.Errorf("transfer: %w", err)
	}
	doc, err := pain.Marshal(version, pt)
	if err != nil {
		return nil, fmt.Errorf("transfer: %w", err)
	}
	seg := wire.NewSegment(job, jp.version, c.kti(from), wire.S(pain.Descriptor(version)), wire.B(doc))
	if job == "HKIPZ" && jp.version >= 2 {
		// #5 Umwandlung nach SEPA-Überweisung zulässig: no. The person
		// asked for an instant payment; a silent fallback would change
		// when the money arrives.
		seg.Add(wire.S("N"))
	}
	t.From, t.DebtorName = from, pt.DebtorName
	p := &payment{T: t, Job: job, MsgID: pt.MsgID, EndToEndID: pt.EndToEndID, seg: seg}
	if vp, ok := c.p.b.VoP(); ok && vp.Requires(job) {
		p.VoPCheck = true
		p.Formats = vopFormats(vp.Formats)
	}
	return p, nil
}

// debtorAccount finds the ordering account among the login's accounts by
// IBAN (or account number); an account the UPD do not list is used as
// given, and the bank decides.
func (c *Client) debtorAccount(a Account) (Account, error) {
	want := sepa.NormalizeIBAN(a.IBAN)
	for _, k := range c.accountsFor(nil) {
		switch {
		case want != "" && strings.EqualFold(k.IBAN, want):
			return k, nil
		case want == "" && a.Number != "" && strings.TrimLeft(k.Number, "0") == strings.TrimLeft(a.Number, "0"):
			return k, nil
		}
	}
	if want == "" {
		return Account{}, fmt.Errorf("transfer: %w: the ordering account needs an IBAN", pain.ErrInvalid)
	}
	a.IBAN = want
	return a, nil
}

// painVersion picks the pain.001 version for job: the highest one this
// engine writes among those the bank lists for the job (HIIPZS) or in
// HISPAS. A bank that lists none gets .001.03, the version every SEPA bank
// has accepted since 2009.
func (c *Client) painVersion(job string) (pain.Version, error) {
	listed := c.p.b.PainFormats()
	if job == "HKIPZ" {
		if ip, ok := c.p.b.Instant(); ok && len(ip.Formats) > 0 {
			listed = ip.Formats
		}
	}
	var have []pain.Version
	for _, f := range listed {
		if v, err := pain.VersionFromDescriptor(f); err == nil && v.Writable() && !slices.Contains(have, v) {
			have = append(have, v)
		}
	}
	for _, v := range []pain.Version{pain.V09, pain.V03} {
		if slices.Contains(have, v) {
			return v, nil
		}
	}
	if len(listed) == 0 {
		return pain.V03, nil
	}
	return "", fmt.Errorf("transfer: %w: the bank accepts only %s, and saldo writes %s and %s", ErrNotSupported,
		strings.Join(listed, ", "), pain.V09, pain.V03)
}

// checkLeadDays validates a scheduled transfer's date against HICSES,
// counted in calendar days from today in Germany (the bank may still move
// a date that is no business day).
func (c *Client) checkLeadDays(d statement.Date) error {
	sp, _ := c.p.b.Scheduled()
	today := statement.DateOf(c.cfg.Clock.Now().In(berlin))
	earliest := today.AddDays(max(sp.MinLeadDays, 1))
	if d.Before(earliest) {
		return fmt.Errorf("transfer: %w: execution date %s is too early; the bank needs %d day(s) lead time, so the earliest date is %s (leave the date out to pay now)",
			pain.ErrInvalid, d, max(sp.MinLeadDays, 1), earliest)
	}
	if sp.MaxLeadDays > 0 {
		if latest := today.AddDays(sp.MaxLeadDays); d.After(latest) {
			return fmt.Errorf("transfer: %w: execution date %s is too far ahead; the bank accepts dates up to %d days ahead (%s)",
				pain.ErrInvalid, d, sp.MaxLeadDays, latest)
		}
	}
	return nil
}

// jobName is the operation name for messages.
func jobName(job string) string {
	switch job {
	case "HKIPZ":
		return "instant payment"
	case "HKCSE":
		return "scheduled transfer"
	}
	return "SEPA credit transfer"
}
