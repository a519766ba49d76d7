package ui

import (
	"fmt"
	"strings"

	"saldo/fints/sepa"
	"saldo/fints/statement"
	"saldo/theme"
	"saldo/ui/vtable"
)

// Details pane geometry: beside the table on wide terminals, below it
// otherwise.
const (
	sidePaneMinWidth = 120
	sidePaneWidth    = 46
	bottomPaneHeight = 9
)

func (s *statementScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.layout()
	s.search.SetWidth(max(w-14, 10))
}

func (s *statementScreen) headerLines() int {
	if s.typing || s.filter.active() {
		return 2
	}
	return 1
}

func (s *statementScreen) layout() {
	tw, th := s.w, s.h-s.headerLines()
	if s.details {
		if s.w >= sidePaneMinWidth {
			tw = s.w - sidePaneWidth - 1
		} else {
			th -= bottomPaneHeight
		}
	}
	s.table.SetSize(tw, max(th, 2))
}

func (s *statementScreen) View() string {
	s.layout()
	th := s.c.Theme
	lines := []string{s.infoLine()}
	if s.headerLines() == 2 {
		lines = append(lines, s.filterLine())
	}
	head := strings.Join(lines, "\n")
	switch {
	case s.err != "":
		return head + "\n\n" + th.Fg(theme.Error).Render(indent(wrap(s.err, s.w-2), "  "))
	case !s.loaded:
		return head + "\n\n" + th.Fg(theme.Muted).Render("  Reading bookings…")
	case len(s.hist.Bookings) == 0:
		return head + "\n\n" + th.Fg(theme.Muted).Render(indent(wrap("No bookings cached yet. Press r to sync or o to fetch older bookings.", s.w-4), "  "))
	}
	table := s.table.View(th, s.cell)
	if len(s.view) == 0 {
		table += "\n" + th.Fg(theme.Muted).Render("  Nothing matches the filter. Press c to clear it.")
	}
	if !s.details {
		return head + "\n" + table
	}
	if s.w >= sidePaneMinWidth {
		tth := s.table.Height() + 1
		pane := frame(s.detailsPane(sidePaneWidth-2), sidePaneWidth-1, tth)
		return head + "\n" + joinColumns(frame(table, s.w-sidePaneWidth-1, tth), th.Rule.Render("│"), pane, tth)
	}
	rule := th.Rule.Render(strings.Repeat("─", s.w))
	return head + "\n" + table + "\n" + rule + "\n" + frame(s.detailsPane(s.w-2), s.w, bottomPaneHeight-1)
}

// joinColumns puts two blocks of h lines side by side with a separator.
func joinColumns(left, sep, right string, h int) string {
	l, r := strings.Split(left, "\n"), strings.Split(right, "\n")
	var b strings.Builder
	for i := 0; i < h; i++ {
		if i > 0 {
			b.WriteByte('\n')
		}
		if i < len(l) {
			b.WriteString(l[i])
		}
		b.WriteString(sep + " ")
		if i < len(r) {
			b.WriteString(r[i])
		}
	}
	return b.String()
}

func (s *statementScreen) infoLine() string {
	th, l := s.c.Theme, s.c.Locale
	name := s.acct.Product
	if name == "" {
		name = accountName(s.acct)
	}
	parts := []string{th.Heading.Render(vtablePlain(name))}
	if s.w >= 100 {
		parts = append(parts, th.Fg(theme.Muted).Render(displayIBAN(s.acct)))
	}
	if lg, ok := s.c.Login(s.loginID); ok {
		for _, a := range lg.Accounts {
			if a.Account.Key() != s.acct.Key() || a.Balance == nil {
				continue
			}
			b := a.Balance.Booked
			parts = append(parts, th.Cell(theme.AmountRole(b.Amount.Sign(), false), false).Bold(true).Render(l.Money(b.Amount, b.Currency)))
			if a.Balance.Available != nil {
				parts = append(parts, th.Fg(theme.Muted).Render("available "+l.Money(*a.Balance.Available, b.Currency)))
			}
		}
	}
	if s.loaded && !s.hist.From.IsZero() {
		parts = append(parts, th.Fg(theme.Muted).Render(fmt.Sprintf("%d bookings since %s", len(s.hist.Bookings), l.Date(s.hist.From))))
	}
	if s.fetching {
		parts = append(parts, th.Fg(theme.Muted).Render("fetching older…"))
	}
	return padRight(" "+strings.Join(parts, th.Fg(theme.Muted).Render(" · ")), s.w)
}

func (s *statementScreen) filterLine() string {
	th := s.c.Theme
	count := th.Fg(theme.Muted).Render(fmt.Sprintf("  %d of %d", len(s.view), len(s.hist.Bookings)))
	if s.typing {
		return padRight(" "+th.LabelFocus.Render("Search ")+s.search.View()+count, s.w)
	}
	return padRight(" "+th.Label.Render("Filter ")+th.Fg(theme.Accent).Render(vtablePlain(s.filter.describe(s.c.Locale)))+count, s.w)
}

// cell is the vtable callback: it formats one cell of a visible row.
func (s *statementScreen) cell(row, col int) (string, theme.Role) {
	b := &s.hist.Bookings[s.view[row]]
	l := s.c.Locale
	pending := b.Status != statement.Booked
	base := theme.Text
	if pending {
		base = theme.Pending
	}
	switch col {
	case colDate:
		return l.Date(bookingDate(b)), pendingOr(pending, theme.Muted)
	case colMark:
		switch {
		case pending:
			return "◷", theme.Pending
		case b.Reversal:
			return "↺", theme.Warning
		}
		return " ", base
	case colName:
		name := b.CounterpartyName
		if name == "" {
			name = b.PostingText
		}
		return name, base
	case colPurpose:
		return b.Purpose, pendingOr(pending, theme.Muted)
	case colAmount:
		return l.SignedMoney(b.Amount, b.Currency), theme.AmountRole(b.Amount.Sign(), pending)
	case colBalance:
		i := s.view[row]
		if !s.hasBal[i] {
			return "", theme.Muted
		}
		return l.Money(s.balance[i], b.Currency), theme.Muted
	}
	return "", theme.Text
}

// detailsPane shows everything about the selected booking.
func (s *statementScreen) detailsPane(w int) string {
	b := s.selectedBooking()
	if b == nil {
		return ""
	}
	th, l := s.c.Theme, s.c.Locale
	const lw = 13
	var out []string
	add := func(label, value string, role theme.Role) {
		if value == "" {
			return
		}
		text := wrap(vtablePlain(value), max(w-lw-1, 10))
		for i, line := range strings.Split(text, "\n") {
			lab := ""
			if i == 0 {
				lab = label
			}
			out = append(out, th.Label.Render(vtable.Fit(lab, lw, false))+" "+th.Fg(role).Render(line))
		}
	}
	status := "booked"
	if b.Status == statement.Pending {
		status = "pending — not yet booked"
	}
	if b.Reversal {
		status += ", reversal"
	}
	add("Amount", l.SignedMoney(b.Amount, b.Currency)+"  ("+status+")", theme.AmountRole(b.Amount.Sign(), b.Status != statement.Booked))
	add("Counterparty", b.CounterpartyName, theme.Text)
	acct := sepa.FormatIBAN(b.CounterpartyIBAN)
	if b.CounterpartyBIC != "" {
		acct += " · " + b.CounterpartyBIC
	}
	add("Account", strings.TrimSpace(strings.Trim(acct, " ·")), theme.Text)
	var dates []string
	if !b.BookingDate.IsZero() {
		dates = append(dates, "booked "+l.Date(b.BookingDate))
	}
	if !b.ValueDate.IsZero() && b.ValueDate != b.BookingDate {
		dates = append(dates, "value "+l.Date(b.ValueDate))
	}
	add("Date", strings.Join(dates, ", "), theme.Text)
	add("Purpose", b.Purpose, theme.Text)
	pt := b.PostingText
	if b.GVC != "" {
		pt += " (GVC " + b.GVC + ")"
	}
	add("Posting text", strings.TrimSpace(pt), theme.Muted)
	add("End-to-end", b.EndToEndRef, theme.Muted)
	add("Mandate", b.MandateRef, theme.Muted)
	add("Creditor ID", b.CreditorID, theme.Muted)
	add("Customer ref", b.CustomerRef, theme.Muted)
	add("Bank ref", b.BankRef, theme.Muted)
	add("Ult. debtor", b.UltimateDebtor, theme.Muted)
	add("Ult. creditor", b.UltimateCreditor, theme.Muted)
	add("ID", b.ID, theme.Muted)
	return strings.Join(out, "\n")
}

func pendingOr(pending bool, r theme.Role) theme.Role {
	if pending {
		return theme.Pending
	}
	return r
}
