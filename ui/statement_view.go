package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

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
			th -= s.bottomPane()
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
		pane := frame(fitPane(th, s.detailsPane(sidePaneWidth-2), tth), sidePaneWidth-1, tth)
		return head + "\n" + joinColumns(frame(table, s.w-sidePaneWidth-1, tth), th.Rule.Render("│"), pane, tth)
	}
	rule := th.Rule.Render(strings.Repeat("─", s.w))
	ph := s.bottomPane() - 1
	return head + "\n" + table + "\n" + rule + "\n" + frame(fitPane(th, s.detailsPane(s.w-2), ph), s.w, ph)
}

// bottomPane is the height of the details pane below the table (its rule
// included): the fixed minimum, or half of a taller window, so a direct
// debit's mandate and creditor ID fit where there is room. It does not
// follow the selected booking: the table must not jump while scrolling.
func (s *statementScreen) bottomPane() int {
	return max(bottomPaneHeight, (s.h-s.headerLines())/2)
}

// fitPane cuts details to h lines; when some do not fit, the last line
// says so instead of dropping them silently.
func fitPane(th *theme.Theme, details string, h int) string {
	lines := strings.Split(details, "\n")
	if len(lines) <= h || h < 1 {
		return details
	}
	more := len(lines) - h + 1
	return strings.Join(lines[:h-1], "\n") + "\n" + th.Fg(theme.Muted).Render(fmt.Sprintf("… %d more lines: a taller window shows them", more))
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

// infoLine is the account summary above the table. It must fit at every
// width: the parts give way in a fixed order (the status bar already says
// that older bookings are being fetched; the IBAN is in the accounts list;
// the number of bookings matters least) before the balance is ever cut.
func (s *statementScreen) infoLine() string {
	th, l := s.c.Theme, s.c.Locale
	muted := th.Fg(theme.Muted)
	name := s.acct.Product
	if name == "" {
		name = accountName(s.acct)
	}
	const (
		pName = iota
		pIBAN
		pBalance
		pAvailable
		pCount
		pFetching
		pCountParts
	)
	parts := make([][]string, pCountParts) // per part: variants, longest first, "" = left out
	parts[pName] = []string{th.Heading.Render(vtablePlain(name))}
	parts[pIBAN] = []string{muted.Render(displayIBAN(s.acct)), ""}
	if lg, ok := s.c.Login(s.loginID); ok {
		for _, a := range lg.Accounts {
			if a.Account.Key() != s.acct.Key() || a.Balance == nil {
				continue
			}
			b := a.Balance.Booked
			parts[pBalance] = []string{th.Cell(theme.AmountRole(b.Amount.Sign(), false), false).Bold(true).Render(l.Money(b.Amount, b.Currency))}
			if a.Balance.Available != nil {
				avail := l.Money(*a.Balance.Available, b.Currency)
				parts[pAvailable] = []string{muted.Render("available " + avail), muted.Render("avail. " + avail), ""}
			}
		}
	}
	if s.loaded && !s.hist.From.IsZero() {
		n := len(s.hist.Bookings)
		// The count is trivia; how far back the statement goes is not.
		parts[pCount] = []string{
			muted.Render(fmt.Sprintf("%d bookings since %s", n, l.Date(s.hist.From))),
			muted.Render("since " + l.Date(s.hist.From)),
			"",
		}
	}
	if s.fetching {
		parts[pFetching] = []string{muted.Render("fetching older…"), ""}
	}
	sep := muted.Render(" · ")
	return " " + fitParts(parts, []int{pFetching, pIBAN, pCount, pAvailable, pCount, pAvailable}, sep, s.w-1)
}

// fitParts joins the first variant of every part with sep; while the line
// is wider than w it moves the parts named by shrink, in that order, to
// their next variant. The result is padded or, as a last resort, cut to w.
func fitParts(parts [][]string, shrink []int, sep string, w int) string {
	idx := make([]int, len(parts))
	line := func() string {
		var out []string
		for i, vs := range parts {
			if len(vs) > 0 && vs[idx[i]] != "" {
				out = append(out, vs[idx[i]])
			}
		}
		return strings.Join(out, sep)
	}
	text := line()
	for _, p := range shrink {
		if ansi.StringWidth(text) <= w {
			break
		}
		if idx[p] < len(parts[p])-1 {
			idx[p]++
			text = line()
		}
	}
	if ansi.StringWidth(text) > w {
		text = ansi.Truncate(text, max(w, 0), "…")
	}
	return padRight(text, w)
}

// filterLine shows the search field or the active filter, with the count
// of matching bookings always visible at the right.
func (s *statementScreen) filterLine() string {
	th := s.c.Theme
	count := th.Fg(theme.Muted).Render(fmt.Sprintf("  %d of %d", len(s.view), len(s.hist.Bookings)))
	room := s.w - 1 - ansi.StringWidth(count)
	if s.typing {
		label := th.LabelFocus.Render("Search ")
		s.search.SetWidth(max(room-ansi.StringWidth(label)-1, 4))
		return padRight(" "+padRight(label+s.search.View(), room), s.w-ansi.StringWidth(count)) + count
	}
	label := th.Label.Render("Filter ")
	desc := vtablePlain(s.filter.describe(s.c.Locale))
	desc = ansi.Truncate(desc, max(room-ansi.StringWidth(label), 1), "…")
	return padRight(" "+padRight(label+th.Fg(theme.Accent).Render(desc), room)+count, s.w)
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
	add("Date", bookingDates(l, b), theme.Text)
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

// bookingDates is the details pane's date line. A pending entry's date is
// when the bank announced it, not a booking: "booked" there would
// contradict the status beside the amount.
func bookingDates(l theme.Locale, b *statement.Booking) string {
	var dates []string
	if !b.BookingDate.IsZero() {
		verb := "booked "
		if b.Status == statement.Pending {
			verb = "entered "
		}
		dates = append(dates, verb+l.Date(b.BookingDate))
	}
	if !b.ValueDate.IsZero() && b.ValueDate != b.BookingDate {
		dates = append(dates, "value "+l.Date(b.ValueDate))
	}
	return strings.Join(dates, ", ")
}

func pendingOr(pending bool, r theme.Role) theme.Role {
	if pending {
		return theme.Pending
	}
	return r
}
