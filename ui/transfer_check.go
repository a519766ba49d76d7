package ui

import (
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"saldo/fints"
	"saldo/fints/bankdir"
	"saldo/fints/money"
	"saldo/fints/sepa"
	"saldo/fints/statement"
	"saldo/theme"
)

// maxAmount is the largest amount the form accepts; larger orders are
// almost certainly typing errors.
var maxAmount = money.MustParse("999999999.99")

// check validates one field and records its note; it reports whether the
// field is acceptable.
func (f *transferForm) check(i int) bool {
	v := strings.TrimSpace(f.inputs[i].Value())
	l := f.c.Locale
	set := func(text string, role theme.Role) { f.notes[i] = note{text, role} }
	switch i {
	case tfName:
		if v == "" {
			return false
		}
		if _, fixed, err := sepaText(v); err != nil {
			set(errText(err), theme.Error)
			return false
		} else if fixed != v {
			set("will be sent as “"+fixed+"”", theme.Muted)
		} else {
			f.notes[i] = note{}
		}
	case tfAmount:
		if v == "" {
			return false
		}
		a, err := l.ParseAmount(v)
		switch {
		case err != nil:
			set("type an amount like "+l.Number(money.MustParse("1234.5")), theme.Error)
			return false
		case a.Sign() <= 0:
			set("the amount must be more than zero", theme.Error)
			return false
		case a.Decimals() > 2:
			set("at most two decimal places", theme.Error)
			return false
		case a.Cmp(maxAmount) > 0:
			set("at most "+l.Money(maxAmount, "EUR")+" in one transfer", theme.Error)
			return false
		}
		set(l.Money(a, "EUR"), theme.Muted)
	case tfPurpose:
		if v == "" {
			f.notes[i] = note{}
			return true
		}
		_, fixed, err := sepaText(v)
		switch {
		case err != nil:
			set(errText(err), theme.Error)
			return false
		case fixed != v:
			set("will be sent as “"+fixed+"”", theme.Muted)
		default:
			set(fmt.Sprintf("%d of %d characters", len([]rune(v)), maxPurposeLen), theme.Muted)
		}
	case tfDate:
		if v == "" {
			f.notes[i] = note{}
			return true
		}
		today := statement.DateOf(f.c.Now())
		d, err := l.ParseDate(v, today)
		switch {
		case err != nil:
			set(err.Error(), theme.Error)
			return false
		case d.Before(today):
			set("the date is in the past", theme.Error)
			return false
		case d.After(today) && !hasJob(f.current().acct, "HKCSE") && len(f.current().acct.Jobs) > 0:
			set("the bank offers no scheduled transfers for this account", theme.Error)
			return false
		case d.After(today) && f.instant && f.instantOffered():
			set("an instant payment is executed at once: clear the date or switch instant off", theme.Error)
			return false
		}
		set(l.Date(d), theme.Muted)
	}
	return true
}

// sepaText checks text against the SEPA character set, transliterating
// what has a conventional spelling (ä → ae). It returns the original, the
// text to send, and an error naming a character that cannot be sent.
func sepaText(s string) (string, string, error) {
	if sepa.Check(s, sepa.Basic) == nil {
		return s, s, nil
	}
	fixed, err := sepa.Transliterate(s, sepa.Basic)
	return s, fixed, err
}

func bankNameForIBAN(iban string) string {
	blz, _, err := sepa.GermanAccount(iban)
	if err != nil {
		return ""
	}
	if b, ok := bankdir.Lookup(blz); ok {
		return b.Name
	}
	return ""
}

// review validates everything and opens the confirmation screen.
func (f *transferForm) review() tea.Cmd {
	t, bad, err := f.build()
	if err != nil {
		f.focus = bad
		for i := tfName; i <= tfDate; i++ {
			if i == bad {
				f.inputs[i].Focus()
			} else {
				f.inputs[i].Blur()
			}
		}
		if f.notes[bad].text == "" || f.notes[bad].role != theme.Error {
			f.notes[bad] = note{err.Error(), theme.Error}
		}
		return nil
	}
	f.c.Push(newTransferConfirm(f.c, f.current().loginID, t, f))
	return nil
}

// build turns the fields into an order; on error it names the field.
func (f *transferForm) build() (fints.Transfer, int, error) {
	val := func(i int) string { return strings.TrimSpace(f.inputs[i].Value()) }
	for _, i := range []int{tfName, tfAmount, tfPurpose, tfDate} {
		if !f.check(i) {
			if val(i) == "" {
				return fints.Transfer{}, i, fmt.Errorf("%s is required", strings.ToLower(tfLabels[i]))
			}
			return fints.Transfer{}, i, errors.New(f.notes[i].text)
		}
	}
	iban := sepa.NormalizeIBAN(val(tfIBAN))
	if err := sepa.ValidateIBAN(iban); err != nil {
		f.notes[tfIBAN] = note{errText(err), theme.Error}
		return fints.Transfer{}, tfIBAN, err
	}
	bic := sepa.NormalizeBIC(val(tfBIC))
	if bic != "" {
		if err := sepa.ValidateBIC(bic); err != nil {
			f.notes[tfBIC] = note{errText(err), theme.Error}
			return fints.Transfer{}, tfBIC, err
		}
	}
	l := f.c.Locale
	amount, _ := l.ParseAmount(val(tfAmount))
	date, _ := l.ParseDate(val(tfDate), statement.DateOf(f.c.Now()))
	if date == statement.DateOf(f.c.Now()) {
		date = statement.Date{} // today = as soon as possible
	}
	_, name, _ := sepaText(val(tfName))
	_, purpose, _ := sepaText(val(tfPurpose))
	from := f.current()
	owner := from.acct.Owner
	return fints.Transfer{
		From: from.acct, DebtorName: owner, ToName: name, ToIBAN: iban, ToBIC: bic,
		Amount: amount, Currency: "EUR", Purpose: purpose, Instant: f.instant && f.instantOffered(),
		ExecutionDate: date,
	}, 0, nil
}

// setName replaces the recipient name (after a payee check suggested
// another spelling).
func (f *transferForm) setName(name string) {
	f.inputs[tfName].SetValue(name)
	f.check(tfName)
	f.notes[tfName] = note{"corrected to the name the bank has on record", theme.Positive}
}

func (f *transferForm) View() string {
	th := f.c.Theme
	var b strings.Builder
	b.WriteString(" " + th.Title.Render("New SEPA transfer") + "\n\n")
	const lw = 11
	for i := 0; i <= f.lastField(); i++ {
		var value string
		switch i {
		case tfFrom:
			fc := f.current()
			value = th.Fg(theme.Text).Render(vtablePlain(accountName(fc.acct))) + th.Fg(theme.Muted).Render("  "+displayIBAN(fc.acct))
			if len(f.from) > 1 {
				value = th.Fg(theme.Accent).Render("‹ ") + value + th.Fg(theme.Accent).Render(" ›")
			}
		case tfInstant:
			value = "[ ] no — standard transfer"
			if f.instant {
				value = "[x] yes — arrives within seconds (the bank may charge a fee)"
			}
			value = th.Fg(theme.Text).Render(value)
		default:
			value = f.inputs[i].View()
		}
		n := f.notes[i]
		b.WriteString(fieldW(th, tfLabels[i], lw, f.focus == i, value, n.text, n.role, f.w) + "\n")
	}
	return b.String()
}
