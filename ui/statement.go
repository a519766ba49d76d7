package ui

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"saldo/fints"
	"saldo/fints/money"
	"saldo/fints/statement"
	"saldo/theme"
	"saldo/ui/vtable"
)

// statementScreen shows the bookings of one account in a virtualised table
// with running balance, a details pane, search and filter, older-history
// fetch and export.
type statementScreen struct {
	c       *Context
	loginID string
	acct    fints.Account

	hist     History
	balance  []money.Amount // running balance per booking
	hasBal   []bool
	keys     []string // lower-case search text per booking, built on first search
	view     []int32  // indices into hist.Bookings selected by the filter
	applied  filter   // the filter view was computed with
	filter   filter
	table    *vtable.Model
	search   textinput.Model
	typing   bool // the search field has the focus
	details  bool
	loaded   bool
	loading  bool
	fetching bool
	err      string
	w, h     int
}

// Columns of the statement table.
const (
	colDate = iota
	colMark
	colName
	colPurpose
	colAmount
	colBalance
)

func newStatementScreen(c *Context, l Login, a AccountInfo) *statementScreen {
	s := &statementScreen{c: c, loginID: l.ID, acct: a.Account}
	s.table = vtable.New(
		vtable.Column{Title: "Date", Width: 10},
		vtable.Column{Title: "", Width: 1},
		vtable.Column{Title: "Counterparty", Flex: 2, Min: 12},
		vtable.Column{Title: "Purpose", Flex: 3, Min: 20},
		vtable.Column{Title: "Amount", Width: 14, Right: true},
		vtable.Column{Title: "Balance", Width: 14, Right: true},
	)
	s.search = newInput(c.Theme, "counterparty, purpose, IBAN, amount…")
	return s
}

func (s *statementScreen) Init() tea.Cmd { return s.load() }

func (s *statementScreen) Title() string { return accountName(s.acct) }

func (s *statementScreen) Typing() bool { return s.typing }

func (s *statementScreen) Keys() []key.Binding {
	if s.typing {
		return []key.Binding{helpBinding("enter", "keep"), helpBinding("esc", "clear search")}
	}
	d := keys.Details
	if s.details {
		d = helpBinding("enter", "hide details")
	}
	// "c" only while there is something to clear: the bar must not offer
	// a key that does nothing.
	clearFilter := helpBinding("c", "clear filter")
	clearFilter.SetEnabled(s.filter.active())
	return []key.Binding{d, keys.Search, keys.Filter, keys.Older, keys.Export, keys.Transfer,
		clearFilter, keys.Back, keys.Up, keys.Down, keys.PageDown, keys.PageUp, keys.Home, keys.End}
}

// load reads the cached history; the running balance is computed once here
// so that scrolling never does more than format visible rows.
func (s *statementScreen) load() tea.Cmd { return s.loadThen(nil) }

// loadThen is load with a follow-up once the new history is shown.
func (s *statementScreen) loadThen(after func() tea.Cmd) tea.Cmd {
	s.loading = true
	login, acct := s.loginID, s.acct.Key()
	return startJob(s.c, jobSpec{Label: "Reading bookings", Login: login, Kind: jobQuiet},
		func(ctx context.Context, _ Job) (History, error) { return s.c.Backend.History(ctx, login, acct) },
		func(h History, err error) tea.Cmd {
			s.loading = false
			if err != nil {
				s.err = "Could not read the bookings: " + err.Error()
				return nil
			}
			s.setHistory(h)
			if after != nil {
				return after()
			}
			return nil
		})
}

func (s *statementScreen) setHistory(h History) {
	var cursorID string
	if s.loaded && len(s.view) > 0 {
		cursorID = s.hist.Bookings[s.view[s.table.Cursor()]].ID
	}
	s.hist, s.loaded, s.err = h, true, ""
	s.keys = nil
	s.computeBalances()
	s.applied = filter{dir: 2} // force a full pass
	s.refilter()
	if cursorID != "" {
		for i, bi := range s.view {
			if s.hist.Bookings[bi].ID == cursorID {
				s.table.SetCursor(i)
				break
			}
		}
	}
}

// computeBalances derives the running balance, walking from the current
// booked balance back in time. Bank-supplied balances win where present.
// Pending bookings have none: they are not part of the booked balance.
func (s *statementScreen) computeBalances() {
	bs := s.hist.Bookings
	s.balance = make([]money.Amount, len(bs))
	s.hasBal = make([]bool, len(bs))
	l, _ := s.c.Login(s.loginID)
	var running money.Amount
	known := false
	for _, a := range l.Accounts {
		if a.Account.Key() == s.acct.Key() && a.Balance != nil {
			running, known = a.Balance.Booked.Amount, true
		}
	}
	for i := range bs {
		b := &bs[i]
		if b.Status != statement.Booked {
			continue
		}
		if b.RunningBalance != nil {
			running, known = *b.RunningBalance, true
		}
		if known {
			s.balance[i], s.hasBal[i] = running, true
			running = running.Sub(b.Amount)
		}
	}
}

// refilter applies the filter, narrowing the current view when the new
// filter only adds search text (typing a search stays fast on long
// statements).
func (s *statementScreen) refilter() {
	bs := s.hist.Bookings
	if !s.filter.active() {
		s.view = s.view[:0]
		for i := range bs {
			s.view = append(s.view, int32(i))
		}
	} else {
		if s.keys == nil {
			s.keys = make([]string, len(bs))
			for i := range bs {
				s.keys[i] = searchKey(&bs[i], s.c.Locale)
			}
		}
		src := s.view
		if !s.applied.narrows(s.filter) || !s.applied.active() {
			src = nil
		}
		var out []int32
		if src != nil {
			out = src[:0]
			for _, i := range src {
				if s.filter.matches(&bs[i], s.keys[i]) {
					out = append(out, i)
				}
			}
		} else {
			for i := range bs {
				if s.filter.matches(&bs[i], s.keys[i]) {
					out = append(out, int32(i))
				}
			}
		}
		s.view = out
	}
	s.applied = s.filter
	s.table.SetRowCount(len(s.view))
}

func (s *statementScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case dataChangedMsg:
		if msg.login == "" || msg.login == s.loginID {
			return s.load()
		}
	case themeChangedMsg:
		styleInput(&s.search, s.c.Theme)
	case tea.KeyPressMsg:
		if s.typing {
			return s.searchKey(msg)
		}
		return s.key(msg)
	}
	return nil
}

func (s *statementScreen) searchKey(k tea.KeyPressMsg) tea.Cmd {
	switch k.String() {
	case "enter":
		s.typing = false
		s.search.Blur()
		return nil
	case "esc":
		s.typing = false
		s.search.Blur()
		s.search.SetValue("")
		s.filter.setText("")
		s.refilter()
		return nil
	case "up", "down", "pgup", "pgdown":
		s.typing = false
		s.search.Blur()
		return s.key(k)
	}
	var cmd tea.Cmd
	s.search, cmd = s.search.Update(k)
	if s.search.Value() != s.filter.text {
		s.filter.setText(s.search.Value())
		s.refilter()
		s.table.Home()
	}
	return cmd
}

func (s *statementScreen) key(k tea.KeyPressMsg) tea.Cmd {
	t := s.table
	switch {
	case key.Matches(k, keys.Up):
		t.Move(-1)
	case key.Matches(k, keys.Down):
		t.Move(1)
	case key.Matches(k, keys.PageUp):
		t.PageUp()
	case key.Matches(k, keys.PageDown):
		t.PageDown()
	case key.Matches(k, keys.Home):
		t.Home()
	case key.Matches(k, keys.End):
		t.End()
	case key.Matches(k, keys.Details):
		s.details = !s.details
		s.layout()
	case key.Matches(k, keys.Search):
		s.typing = true
		s.search.SetValue(s.filter.text)
		s.search.CursorEnd()
		return s.search.Focus()
	case key.Matches(k, keys.Filter):
		s.c.Open(newFilterModal(s.c, s.filter, func(f filter) {
			s.filter = f
			s.search.SetValue(f.text)
			s.refilter()
		}))
	case k.String() == "c":
		s.filter = filter{}
		s.search.SetValue("")
		s.refilter()
	case key.Matches(k, keys.Older):
		return s.fetchOlder()
	case key.Matches(k, keys.Export):
		return s.export()
	case key.Matches(k, keys.Transfer):
		if !canTransfer(s.acct) {
			return s.c.Flash("The bank allows no SEPA transfers from this account.", theme.Warning)
		}
		s.c.Push(newTransferForm(s.c, s.loginID, s.acct))
	case key.Matches(k, keys.Sync):
		if l, ok := s.c.Login(s.loginID); ok {
			return syncLogin(s.c, l)
		}
	case key.Matches(k, keys.Back):
		switch {
		case s.details:
			s.details = false
			s.layout()
		case s.filter.active():
			s.filter = filter{}
			s.search.SetValue("")
			s.refilter()
		default:
			s.c.Pop()
		}
	}
	return nil
}

func (s *statementScreen) fetchOlder() tea.Cmd {
	if s.fetching {
		return nil
	}
	if s.loaded && !s.hist.CanFetchOlder {
		return s.c.Flash("The bank keeps no older bookings for this account.", theme.Muted)
	}
	s.fetching = true
	login, acct := s.loginID, s.acct.Key()
	return startJob(s.c, jobSpec{Label: "Fetching older bookings", Login: login, Kind: jobNetwork},
		func(ctx context.Context, j Job) (struct{}, error) {
			return struct{}{}, s.c.Backend.FetchOlder(ctx, login, acct, j)
		},
		func(_ struct{}, err error) tea.Cmd {
			s.fetching = false
			if err != nil {
				return s.c.Flash("Fetching older bookings failed: "+err.Error(), theme.Error)
			}
			// Say what arrived: "fetched" alone leaves the person
			// scrolling to find out whether anything did.
			before := len(s.hist.Bookings)
			return s.loadThen(func() tea.Cmd {
				n := len(s.hist.Bookings) - before
				switch {
				case n <= 0:
					return s.c.Flash("No older bookings at the bank.", theme.Muted)
				case n == 1:
					return s.c.Flash("1 older booking, back to "+s.c.Locale.Date(s.hist.From)+".", theme.Positive)
				}
				return s.c.Flash(fmt.Sprintf("%d older bookings, back to %s.", n, s.c.Locale.Date(s.hist.From)), theme.Positive)
			})
		})
}

// selectedBooking is the booking under the cursor.
func (s *statementScreen) selectedBooking() *statement.Booking {
	if len(s.view) == 0 {
		return nil
	}
	return &s.hist.Bookings[s.view[s.table.Cursor()]]
}

// visibleBookings copies the bookings of the current view, for export.
func (s *statementScreen) visibleBookings() []statement.Booking {
	out := make([]statement.Booking, len(s.view))
	for i, bi := range s.view {
		out[i] = s.hist.Bookings[bi]
	}
	return out
}
