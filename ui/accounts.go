package ui

import (
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"saldo/fints"
	"saldo/fints/money"
	"saldo/fints/sepa"
	"saldo/theme"
	"saldo/ui/vtable"
)

// accountsScreen lists every account of every login with its balance and
// totals per currency. It is the home screen.
type accountsScreen struct {
	c      *Context
	rows   []accRow
	cursor int // index into rows; always an account row when there is one
	offset int
	w, h   int
}

type accRow struct {
	login   int    // index into c.logins
	account int    // -1 = heading row of the login, -2 = a line of its note
	note    string // for note rows: the text of the line
	role    theme.Role
}

const (
	headingRow = -1
	noteRow    = -2
)

func newAccountsScreen(c *Context) *accountsScreen {
	s := &accountsScreen{c: c}
	s.rebuild()
	return s
}

func (s *accountsScreen) Init() tea.Cmd { return nil }
func (s *accountsScreen) Title() string { return "Accounts" }
func (s *accountsScreen) Typing() bool  { return false }
func (s *accountsScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.rebuild() // note lines wrap to the width
}

func (s *accountsScreen) Keys() []key.Binding {
	if _, _, ok := s.current(); !ok {
		return []key.Binding{keys.AddBank}
	}
	return []key.Binding{helpBinding("enter", "statement"), keys.Transfer, keys.Sync, keys.AddBank, keys.Methods,
		keys.Up, keys.Down, keys.PageUp, keys.PageDown, keys.Home, keys.End}
}

// rebuild lays out the rows from the login snapshot, keeping the cursor on
// the same account when it still exists.
func (s *accountsScreen) rebuild() {
	prev, hadPrev := s.selected()
	s.rows = s.rows[:0]
	for li, l := range s.c.logins {
		s.rows = append(s.rows, accRow{login: li, account: headingRow})
		// Problems are spelled out under the heading in full: a cut-off
		// warning about a transfer is worse than none.
		for _, n := range []struct {
			text string
			role theme.Role
		}{{l.SyncError, theme.Error}, {l.Notice, theme.Warning}} {
			if n.text == "" {
				continue
			}
			text := n.text
			if n.role == theme.Warning {
				text = "⚠ " + text
			}
			for _, line := range strings.Split(wrap(vtablePlain(text), max(s.w-4, 20)), "\n") {
				s.rows = append(s.rows, accRow{login: li, account: noteRow, note: line, role: n.role})
			}
		}
		for ai := range l.Accounts {
			s.rows = append(s.rows, accRow{login: li, account: ai})
		}
	}
	s.cursor = s.firstAccount(0, 1)
	if hadPrev {
		for i, r := range s.rows {
			if r.account >= 0 && s.c.logins[r.login].ID == prev.loginID && s.c.logins[r.login].Accounts[r.account].Account.Key() == prev.key {
				s.cursor = i
			}
		}
	}
}

type accRef struct{ loginID, key string }

func (s *accountsScreen) selected() (accRef, bool) {
	if s.cursor < 0 || s.cursor >= len(s.rows) || s.rows[s.cursor].account < 0 {
		return accRef{}, false
	}
	r := s.rows[s.cursor]
	if r.login >= len(s.c.logins) || r.account >= len(s.c.logins[r.login].Accounts) {
		return accRef{}, false
	}
	l := s.c.logins[r.login]
	return accRef{l.ID, l.Accounts[r.account].Account.Key()}, true
}

// firstAccount finds the nearest account row from i in direction d.
func (s *accountsScreen) firstAccount(i, d int) int {
	for ; i >= 0 && i < len(s.rows); i += d {
		if s.rows[i].account >= 0 {
			return i
		}
	}
	return -1
}

func (s *accountsScreen) move(d int) {
	if n := s.firstAccount(s.cursor+d, d); n >= 0 {
		s.cursor = n
	}
}

func (s *accountsScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case dataChangedMsg:
		s.rebuild()
		return nil
	case tea.KeyPressMsg:
		return s.key(msg)
	}
	return nil
}

func (s *accountsScreen) key(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, keys.Up):
		s.move(-1)
	case key.Matches(k, keys.Down):
		s.move(1)
	case key.Matches(k, keys.PageUp):
		for range max(s.h-4, 1) {
			s.move(-1)
		}
	case key.Matches(k, keys.PageDown):
		for range max(s.h-4, 1) {
			s.move(1)
		}
	case key.Matches(k, keys.Home):
		s.cursor = s.firstAccount(0, 1)
	case key.Matches(k, keys.End):
		s.cursor = s.firstAccount(len(s.rows)-1, -1)
	case key.Matches(k, keys.AddBank):
		s.c.Push(newBankPicker(s.c))
	case key.Matches(k, keys.Enter):
		if l, a, ok := s.current(); ok {
			s.c.Push(newStatementScreen(s.c, l, a))
		}
	case key.Matches(k, keys.Transfer):
		l, a, ok := s.current()
		if !ok {
			return s.c.Flash("Add a bank first (a).", theme.Warning)
		}
		if !canTransfer(a.Account) {
			return s.c.Flash("The bank allows no SEPA transfers from this account.", theme.Warning)
		}
		s.c.Push(newTransferForm(s.c, l.ID, a.Account))
	case key.Matches(k, keys.Sync):
		if l, _, ok := s.current(); ok {
			return syncLogin(s.c, l)
		}
		var cmds []tea.Cmd
		for _, l := range s.c.logins {
			cmds = append(cmds, syncLogin(s.c, l))
		}
		return tea.Batch(cmds...)
	case key.Matches(k, keys.Methods):
		if l, _, ok := s.current(); ok {
			return chooseTANMethod(s.c, l)
		}
	}
	return nil
}

func (s *accountsScreen) current() (Login, AccountInfo, bool) {
	if s.cursor < 0 || s.cursor >= len(s.rows) {
		return Login{}, AccountInfo{}, false
	}
	r := s.rows[s.cursor]
	if r.account < 0 || r.login >= len(s.c.logins) {
		return Login{}, AccountInfo{}, false
	}
	l := s.c.logins[r.login]
	return l, l.Accounts[r.account], true
}

func (s *accountsScreen) View() string {
	th := s.c.Theme
	if len(s.c.logins) == 0 {
		msg := th.Title.Render("No bank yet") + "\n\n" + th.Fg(theme.Text).Render(wrap(
			"Press a to add your bank. The demo bank is always in the list, so you can try everything without a real account.", min(s.w-4, 60)))
		return center(msg, s.w, s.h)
	}
	totals := s.totals()
	listH := max(s.h-len(totals)-2, 3)
	s.scroll(listH)
	var lines []string
	for i := s.offset; i < len(s.rows) && len(lines) < listH; i++ {
		lines = append(lines, s.row(i))
	}
	for len(lines) < listH {
		lines = append(lines, "")
	}
	lines = append(lines, th.Rule.Render(strings.Repeat("─", s.w)))
	lines = append(lines, totals...)
	return strings.Join(lines, "\n")
}

func (s *accountsScreen) scroll(h int) {
	if s.cursor < s.offset {
		// keep the login heading (and its notes) visible when they fit
		top := s.cursor
		for top > 0 && s.rows[top].account != headingRow && s.cursor-top < h-1 {
			top--
		}
		s.offset = top
	}
	if s.cursor >= s.offset+h {
		s.offset = s.cursor - h + 1
	}
	s.offset = max(0, min(s.offset, len(s.rows)-h))
}

// Column widths: IBAN (formatted) and balance are fixed; name takes the rest.
const (
	ibanW    = 27
	balanceW = 17
)

func (s *accountsScreen) row(i int) string {
	th, c := s.c.Theme, s.c
	r := s.rows[i]
	l := c.logins[r.login]
	switch r.account {
	case noteRow:
		return padRight("   "+th.Fg(r.role).Render(r.note), s.w)
	case headingRow:
		status := ""
		switch {
		case c.Running(jobSync, l.ID):
			status = th.Fg(theme.Muted).Render("syncing…")
		case l.SyncError != "":
			status = th.Fg(theme.Error).Render("sync failed:")
		default:
			status = th.Fg(theme.Muted).Render("synced " + c.Locale.Ago(c.Now(), l.LastSync))
		}
		head := th.Heading.Render(vtablePlain(l.BankName)) + th.Fg(theme.Muted).Render(" · "+vtablePlain(l.UserID)+" · ") + status
		return padRight(" "+head, s.w)
	}
	a := l.Accounts[r.account]
	sel := i == s.cursor
	name := accountName(a.Account)
	showIBAN := s.w >= 70
	nameW := s.w - balanceW - 4
	if showIBAN {
		nameW -= ibanW + 1
	}
	cells := th.Cell(theme.Text, sel).Render("   " + vtable.Fit(vtablePlain(name), nameW, false) + " ")
	if showIBAN {
		cells += th.Cell(theme.Muted, sel).Render(vtable.Fit(displayIBAN(a.Account), ibanW, false) + " ")
	}
	bal, role := "–", theme.Muted
	if a.Balance != nil {
		amt := a.Balance.Booked.Amount
		bal, role = c.Locale.Money(amt, a.Balance.Booked.Currency), theme.AmountRole(amt.Sign(), false)
	}
	cells += th.Cell(role, sel).Render(vtable.Fit(bal, balanceW, true))
	return cells + th.Cell(theme.Text, sel).Render(" ")
}

// totals sums booked balances per currency over all accounts.
func (s *accountsScreen) totals() []string {
	sums := map[string]money.Amount{}
	for _, l := range s.c.logins {
		for _, a := range l.Accounts {
			if a.Balance == nil {
				continue
			}
			cur := a.Balance.Booked.Currency
			sums[cur] = sums[cur].Add(a.Balance.Booked.Amount)
		}
	}
	curs := make([]string, 0, len(sums))
	for c := range sums {
		curs = append(curs, c)
	}
	sort.Strings(curs)
	th := s.c.Theme
	var out []string
	for _, cur := range curs {
		label := fmt.Sprintf("   Total %s", cur)
		amt := s.c.Locale.Money(sums[cur], cur)
		out = append(out, th.Heading.Render(vtable.Fit(label, s.w-balanceW-1, false))+
			th.Cell(theme.AmountRole(sums[cur].Sign(), false), false).Bold(true).Render(vtable.Fit(amt, balanceW, true)))
	}
	return out
}

// accountName is what people call an account: product and owner.
func accountName(a fints.Account) string {
	name := a.Product
	if name == "" {
		name = "Account " + a.Number
	}
	if a.Owner != "" {
		name += " · " + a.Owner
	}
	return name
}

func displayIBAN(a fints.Account) string {
	if a.IBAN != "" {
		return sepa.FormatIBAN(a.IBAN)
	}
	return a.BankCode + " " + a.Number
}

// canTransfer reports whether the bank allows SEPA transfers from a; an
// account without a job list (not reported by the bank) is given the
// benefit of the doubt.
func canTransfer(a fints.Account) bool {
	return len(a.Jobs) == 0 || hasJob(a, "HKCCS")
}

func hasJob(a fints.Account, job string) bool {
	for _, j := range a.Jobs {
		if j == job {
			return true
		}
	}
	return false
}
