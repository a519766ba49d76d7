package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"saldo/fints"
	"saldo/fints/money"
	"saldo/fints/sepa"
	"saldo/theme"
)

// transferForm collects a SEPA credit transfer. Fields are checked as they
// are typed; review builds the order and opens the confirmation screen.
type transferForm struct {
	c       *Context
	from    []fromChoice
	fromIdx int
	inputs  []textinput.Model // indexed by the tf* constants below (fields 1..6)
	instant bool
	focus   int
	payees  []Payee
	notes   [tfCount]note // per field: error or hint
	// bicAuto is the BIC last filled in from the IBAN; while the field
	// still holds it, a changed IBAN replaces it.
	bicAuto string
	w, h    int
}

type fromChoice struct {
	loginID string
	acct    fints.Account
}

type note struct {
	text string
	role theme.Role
}

const (
	tfFrom = iota
	tfName
	tfIBAN
	tfBIC
	tfAmount
	tfPurpose
	tfDate
	tfInstant
	tfCount
)

var tfLabels = [tfCount]string{"From", "Recipient", "IBAN", "BIC", "Amount", "Purpose", "Execute on", "Instant"}

// SEPA limits for a credit transfer.
const (
	maxNameLen    = 70
	maxPurposeLen = 140
)

func newTransferForm(c *Context, loginID string, acct fints.Account) *transferForm {
	f := &transferForm{c: c, focus: tfName}
	for _, l := range c.logins {
		for _, a := range l.Accounts {
			if canTransfer(a.Account) {
				if l.ID == loginID && a.Account.Key() == acct.Key() {
					f.fromIdx = len(f.from)
				}
				f.from = append(f.from, fromChoice{l.ID, a.Account})
			}
		}
	}
	if len(f.from) == 0 {
		f.from = []fromChoice{{loginID, acct}}
	}
	holders := [tfCount]string{tfName: "name (tab completes from the address book)", tfIBAN: "DE…", tfBIC: "filled in from the IBAN where possible",
		tfAmount: c.Locale.Number(money.Amount{}), tfPurpose: "what the payment is for", tfDate: "empty = as soon as possible"}
	f.inputs = make([]textinput.Model, tfCount)
	for i := tfName; i <= tfDate; i++ {
		f.inputs[i] = newInput(c.Theme, holders[i])
	}
	f.inputs[tfName].ShowSuggestions = true
	f.inputs[tfName].CharLimit = maxNameLen
	f.inputs[tfIBAN].CharLimit = 42
	f.inputs[tfBIC].CharLimit = 11
	f.inputs[tfPurpose].CharLimit = maxPurposeLen
	f.inputs[tfName].Focus()
	return f
}

// Init loads the address book for recipient completion.
func (f *transferForm) Init() tea.Cmd {
	return startJob(f.c, jobSpec{Label: "Reading the address book", Kind: jobQuiet},
		func(ctx context.Context, _ Job) ([]Payee, error) { return f.c.Backend.Payees(ctx) },
		func(ps []Payee, err error) tea.Cmd {
			if err != nil {
				return f.c.Flash("Address book unavailable: "+err.Error(), theme.Warning)
			}
			f.payees = ps
			names := make([]string, len(ps))
			for i, p := range ps {
				names[i] = p.Name
			}
			f.inputs[tfName].SetSuggestions(names)
			return nil
		})
}

func (f *transferForm) Title() string { return "Transfer" }
func (f *transferForm) Typing() bool  { return f.focus != tfFrom && f.focus != tfInstant }

func (f *transferForm) SetSize(w, h int) {
	f.w, f.h = w, h
	for i := tfName; i <= tfDate; i++ {
		f.inputs[i].SetWidth(max(min(w-20, 60), 10))
	}
}

func (f *transferForm) Keys() []key.Binding {
	next := keys.Tab
	var extra []key.Binding
	switch f.focus {
	case tfFrom:
		extra = append(extra, helpBinding("←/→", "account"))
	case tfName:
		next = helpBinding("tab", "complete / next")
		extra = append(extra, helpBinding("ctrl+n/p", "suggestion"))
	case tfInstant:
		extra = append(extra, helpBinding("space", "toggle"))
	}
	ks := append([]key.Binding{next}, extra...)
	return append(ks, helpBinding("enter", "next / review"), keys.BackTab, helpBinding("esc", "cancel"))
}

func (f *transferForm) current() fromChoice { return f.from[f.fromIdx] }

// typed reports whether the person has typed anything into the form (a BIC
// filled in from the IBAN comes with the IBAN).
func (f *transferForm) typed() bool {
	for i := tfName; i <= tfDate; i++ {
		if strings.TrimSpace(f.inputs[i].Value()) != "" {
			return true
		}
	}
	return f.instant
}

// instantOffered reports whether the bank offers instant payments from the
// selected account.
func (f *transferForm) instantOffered() bool { return hasJob(f.current().acct, "HKIPZ") }

func (f *transferForm) lastField() int {
	if f.instantOffered() {
		return tfInstant
	}
	return tfDate
}

func (f *transferForm) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case themeChangedMsg:
		for i := tfName; i <= tfDate; i++ {
			styleInput(&f.inputs[i], f.c.Theme)
		}
	case tea.KeyPressMsg:
		return f.key(msg)
	}
	return nil
}

func (f *transferForm) key(k tea.KeyPressMsg) tea.Cmd {
	switch k.String() {
	case "esc":
		if !f.typed() {
			f.c.Pop()
			return nil
		}
		// One esc too many must not throw away a typed order.
		f.c.Open(newConfirmModal(f.c, "Discard this transfer?",
			"What you typed in the form is lost; nothing has been sent.", "discard", func() tea.Cmd {
				f.c.Pop()
				return nil
			}))
		return nil
	case "tab":
		if f.focus == tfName {
			// accept the completion first, then move on
			var cmd tea.Cmd
			f.inputs[tfName], cmd = f.inputs[tfName].Update(k)
			f.nameChanged()
			return tea.Batch(cmd, f.move(1))
		}
		return f.move(1)
	case "down":
		return f.move(1)
	case "shift+tab", "up":
		return f.move(-1)
	case "enter":
		if f.focus == f.lastField() {
			return f.review()
		}
		return f.move(1)
	}
	switch f.focus {
	case tfFrom:
		switch k.String() {
		case "left", "h":
			f.fromIdx = (f.fromIdx + len(f.from) - 1) % len(f.from)
		case "right", "l", "space":
			f.fromIdx = (f.fromIdx + 1) % len(f.from)
		}
		if !f.instantOffered() {
			f.instant = false
		}
		return nil
	case tfInstant:
		if k.String() == "space" || k.String() == "left" || k.String() == "right" {
			f.instant = !f.instant
			f.check(tfDate) // an instant payment has no execution date
		}
		return nil
	}
	var cmd tea.Cmd
	f.inputs[f.focus], cmd = f.inputs[f.focus].Update(k)
	f.changed(f.focus)
	return cmd
}

func (f *transferForm) move(d int) tea.Cmd {
	if f.focus >= tfName && f.focus <= tfDate {
		f.inputs[f.focus].Blur()
		f.checkOnLeave(f.focus)
	}
	n := f.lastField() + 1
	f.focus = (f.focus + d + n) % n
	if f.focus >= tfName && f.focus <= tfDate {
		return f.inputs[f.focus].Focus()
	}
	return nil
}

// changed re-checks a field after a keystroke. IBAN problems are shown
// while typing only once the IBAN is long enough to judge.
func (f *transferForm) changed(i int) {
	f.notes[i] = note{}
	switch i {
	case tfName:
		f.nameChanged()
	case tfIBAN:
		f.ibanChanged(false)
	case tfAmount, tfPurpose, tfDate:
		f.check(i)
	}
}

func (f *transferForm) checkOnLeave(i int) {
	if i == tfIBAN {
		f.ibanChanged(true)
		if iban := f.inputs[tfIBAN].Value(); sepa.ValidateIBAN(iban) == nil {
			f.inputs[tfIBAN].SetValue(sepa.FormatIBAN(iban))
		}
		return
	}
	f.check(i)
}

// nameChanged fills IBAN and BIC when the name is an address-book entry
// and the IBAN is still empty.
func (f *transferForm) nameChanged() {
	name := strings.TrimSpace(f.inputs[tfName].Value())
	f.check(tfName)
	if f.inputs[tfIBAN].Value() != "" {
		return
	}
	for _, p := range f.payees {
		if strings.EqualFold(p.Name, name) {
			f.inputs[tfIBAN].SetValue(sepa.FormatIBAN(p.IBAN))
			f.inputs[tfBIC].SetValue(p.BIC)
			f.bicAuto = p.BIC
			f.ibanChanged(true)
			f.notes[tfName] = note{"from the address book", theme.Muted}
			return
		}
	}
}

func (f *transferForm) ibanChanged(final bool) {
	v := f.inputs[tfIBAN].Value()
	iban := sepa.NormalizeIBAN(v)
	f.notes[tfIBAN] = note{}
	bic, derived := "", false
	defer func() { f.setDerivedBIC(bic, derived) }()
	if iban == "" {
		return
	}
	err := sepa.ValidateIBAN(iban)
	if err != nil {
		// While typing, say at once what can never become valid (a
		// wrong character, an unknown country); length and check digits
		// only once the IBAN is complete.
		want, known := 0, false
		if len(iban) >= 2 {
			want, known = sepa.IBANLength(iban[:2])
		}
		msg := ibanPrefixProblem(iban)
		if msg == "" && (final || (known && len(iban) >= want)) {
			msg = errText(err)
		}
		if msg != "" {
			f.notes[tfIBAN] = note{msg, theme.Error}
		}
		return
	}
	hint := "valid"
	if bic, derived = sepa.BICForIBAN(iban); derived {
		hint += " · " + bankNameForIBAN(iban)
	}
	f.notes[tfIBAN] = note{"✓ " + strings.TrimSuffix(hint, " · "), theme.Positive}
}

// setDerivedBIC puts the BIC derived from the IBAN into the BIC field,
// unless the person typed a BIC of their own; a derived BIC that no longer
// belongs to the IBAN goes.
func (f *transferForm) setDerivedBIC(bic string, derived bool) {
	cur := strings.TrimSpace(f.inputs[tfBIC].Value())
	if cur != "" && cur != f.bicAuto {
		return // typed by the person
	}
	if !derived {
		bic = ""
	}
	f.inputs[tfBIC].SetValue(bic)
	f.bicAuto = bic
}

// ibanPrefixProblem finds what makes a partly typed IBAN invalid however
// it continues: a character that is no letter or digit, a country code
// that is not a SEPA country, check digits that are not digits, a German
// IBAN with letters after DE, or too many characters.
func ibanPrefixProblem(iban string) string {
	for i, r := range iban {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return fmt.Sprintf("“%c” (position %d) cannot be part of an IBAN: only letters and digits", r, i+1)
		}
	}
	for i := 0; i < len(iban) && i < 4; i++ {
		letter := iban[i] >= 'A' && iban[i] <= 'Z'
		switch {
		case i < 2 && !letter:
			return "an IBAN starts with the two letters of the country, e.g. DE"
		case i >= 2 && letter:
			return "positions 3 and 4 of an IBAN are check digits"
		}
	}
	if len(iban) < 2 {
		return ""
	}
	want, known := sepa.IBANLength(iban[:2])
	switch {
	case !known:
		return iban[:2] + " is not a SEPA country"
	case len(iban) > want:
		return fmt.Sprintf("a %s IBAN has %d characters, this one has %d", iban[:2], want, len(iban))
	case iban[:2] == "DE" && len(iban) > 4 && strings.IndexFunc(iban[4:], func(r rune) bool { return r < '0' || r > '9' }) >= 0:
		return "a German IBAN has only digits after DE"
	}
	return ""
}

// errText shortens a validation error for the line under a field.
func errText(err error) string {
	var ce *sepa.CharError
	if errors.As(err, &ce) {
		return fmt.Sprintf("“%c” (position %d) cannot be sent in a SEPA transfer; replace or remove it", ce.Rune, ce.Pos)
	}
	s := err.Error()
	for _, p := range []string{"invalid IBAN: ", "invalid BIC: "} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}
