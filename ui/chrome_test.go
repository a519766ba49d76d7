package ui

import (
	"strings"
	"testing"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"saldo/fints"
	"saldo/fints/money"
	"saldo/fints/statement"
	"saldo/theme"
)

func TestShortHelpEndsWithWholeItems(t *testing.T) {
	th := theme.New(theme.Options{Dark: true})
	bs := []key.Binding{keys.Details, keys.Search, keys.Filter, keys.Older, keys.Export, keys.Transfer, keys.Help, keys.Quit}
	all := "enter details • / search • f filter • o older • x export • t transfer • ? help • q quit"
	tests := []struct {
		w    int
		want string
	}{
		{200, all},
		{len([]rune(all)), all},
		{len([]rune(all)) - 1, "enter details • / search • f filter • o older • x export • t transfer … ? more"},
		{40, "enter details • / search … ? more"},
		{22, "enter details … ? more"},
		{21, "… ? more"},
		{10, "… ? more"},
		{4, "… ? "},
	}
	for _, tc := range tests {
		got := ansi.Strip(shortHelp(th, bs, keys.Help, tc.w))
		if got != tc.want {
			t.Errorf("width %d:\n got %q\nwant %q", tc.w, got, tc.want)
		}
		if ansi.StringWidth(got) > tc.w {
			t.Errorf("width %d: %d cells", tc.w, ansi.StringWidth(got))
		}
	}
	// modals have no "more" key: the bar just ends with "…"
	if got := ansi.Strip(shortHelp(th, bs[:4], key.Binding{}, 30)); got != "enter details • / search …" {
		t.Errorf("without more: %q", got)
	}
}

func TestFitCrumbs(t *testing.T) {
	crumbs := []string{"Accounts", "Girokonto · Max Mustermann", "Transfer", "Transfer executed"}
	tests := []struct {
		w    int
		want string
	}{
		{100, "Accounts › Girokonto · Max Mustermann › Transfer › Transfer executed"},
		{60, "Accounts › … › Transfer › Transfer executed"},
		{40, "Accounts › … › Transfer executed"},
		{25, "… › Transfer executed"},
		{10, "… › Trans…"},
	}
	for _, tc := range tests {
		if got := fitCrumbs(crumbs, tc.w); got != tc.want {
			t.Errorf("width %d: %q, want %q", tc.w, got, tc.want)
		}
	}
}

func TestTruncateMiddle(t *testing.T) {
	s := "Exported 17 bookings to /home/alex/out.csv"
	if got := truncateMiddle(s, 100); got != s {
		t.Errorf("fits: %q", got)
	}
	if got := truncateMiddle(s, 21); got != "Exported …ex/out.csv" && ansi.StringWidth(got) != 21 {
		t.Errorf("cut: %q", got)
	}
	if got := truncateMiddle(s, 21); !strings.HasSuffix(got, "out.csv") || !strings.HasPrefix(got, "Exported") {
		t.Errorf("the ends must stay: %q", got)
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		in   string
		w    int
		want string
	}{
		// a word that fits a line of its own is never split (ansi.Wordwrap
		// left a lone "-" here)
		{"REWE Markt GmbH//München/DE 2026-11-23T13:26 Debitk.1 2027-12", 30,
			"REWE Markt GmbH//München/DE\n2026-11-23T13:26 Debitk.1\n2027-12"},
		// longer words break after "-" or "/", else anywhere
		{"see https://example.de/a/very/long/path now", 16, "see https://\nexample.de/a/\nvery/long/path\nnow"},
		{"abcdefghij", 4, "abcd\nefgh\nij"},
		// spaces inside a line stay (aligned columns), newlines stay
		{"From  Girokonto  DE02", 40, "From  Girokonto  DE02"},
		{"one\n\ntwo", 10, "one\n\ntwo"},
		{"", 10, ""},
		{"Größe ÄÖÜ", 5, "Größe\nÄÖÜ"},
	}
	for _, tc := range tests {
		if got := wrap(tc.in, tc.w); got != tc.want {
			t.Errorf("wrap(%q, %d):\n got %q\nwant %q", tc.in, tc.w, got, tc.want)
		}
	}
}

// FuzzWrap: every line fits, no text is lost or invented (apart from the
// spaces at line breaks), and bank text of any kind cannot panic it.
func FuzzWrap(f *testing.F) {
	f.Add("REWE Markt GmbH//München/DE 2026-11-23T13:26 Debitk.1 2027-12", 30)
	f.Add("日本語テキスト👨‍👩‍👧 Zero\u200bwidth", 3)
	f.Add("a-b-c-d-e-f/g/h", 1)
	f.Fuzz(func(t *testing.T, s string, w int) {
		if !utf8.ValidString(s) || strings.ContainsAny(s, "\t\r\x1b") || w < 1 || w > 200 {
			t.Skip()
		}
		out := wrap(s, w)
		for _, l := range strings.Split(out, "\n") {
			// a single wide character may exceed a very narrow width
			if lw := ansi.StringWidth(l); lw > w && graphemes(l) > 1 {
				t.Fatalf("line %q is %d wide, max %d", l, lw, w)
			}
		}
		squeeze := func(s string) string { return strings.NewReplacer(" ", "", "\n", "").Replace(s) }
		if squeeze(out) != squeeze(s) {
			t.Fatalf("text changed:\n in %q\nout %q", s, out)
		}
	})
}

func graphemes(s string) int {
	n := 0
	for s != "" {
		g, _ := ansi.FirstGraphemeCluster(s, ansi.GraphemeWidth)
		s = s[len(g):]
		n++
	}
	return n
}

// TestAccountsKeysFollowState: without an account only "add bank" works,
// so the help bar offers nothing else.
func TestAccountsKeysFollowState(t *testing.T) {
	c := testContext()
	s := newAccountsScreen(c)
	s.SetSize(80, 20)
	if ks := s.Keys(); len(ks) != 1 || ks[0].Help().Key != "a" {
		t.Fatalf("keys without accounts: %v", helpKeys(ks))
	}
	c.logins = []Login{{ID: "l", BankName: "Bank", Accounts: []AccountInfo{{}}, SyncError: "the bank did not answer",
		Notice: "the transfer of 5,00 EUR to Erika has no final answer from the bank: check the statement before sending it again"}}
	s.rebuild()
	if ks := helpKeys(s.Keys()); !strings.Contains(ks, "enter") || !strings.Contains(ks, "pgdn") {
		t.Fatalf("keys with an account: %s", ks)
	}
	// problems are spelled out in full under the login, never cut
	view := ansi.Strip(s.View())
	for _, want := range []string{"sync failed:", "the bank did not answer", "⚠ the transfer of 5,00 EUR", "the statement before sending it again"} {
		if !strings.Contains(view, want) {
			t.Fatalf("accounts screen lacks %q:\n%s", want, view)
		}
	}
}

func helpKeys(bs []key.Binding) string {
	var ks []string
	for _, b := range bs {
		ks = append(ks, b.Help().Key)
	}
	return strings.Join(ks, " ")
}

// TestHelpModalListsOnlyWorkingKeys: a form types "g"; its help must not
// claim that g jumps to the first row.
func TestHelpModalListsOnlyWorkingKeys(t *testing.T) {
	c := testContext()
	f := newTransferForm(c, "l", fints.Account{IBAN: "DE02120300000000202051"})
	m := newHelpModal(c, f, []key.Binding{helpBinding("f1", "help"), helpBinding("ctrl+c", "quit")})
	m.SetSize(74, 20)
	view := ansi.Strip(m.View())
	for _, bad := range []string{"first", "last", "page down"} {
		if strings.Contains(view, bad) {
			t.Errorf("help of the transfer form lists %q:\n%s", bad, view)
		}
	}
	for _, want := range []string{"tab", "enter", "f1", "ctrl+c"} {
		if !strings.Contains(view, want) {
			t.Errorf("help of the transfer form lacks %q:\n%s", want, view)
		}
	}
}

// TestVoPChoicesFit: with a long suggested name the three choices go one
// per line instead of pushing the frame off an 80-column screen.
func TestVoPChoicesFit(t *testing.T) {
	c := testContext()
	r := fints.VoPResult{Match: fints.VoPCloseMatch, GivenName: "Hausverwaltung Schroeder + Soehne",
		SuggestedName: "Hausverwaltung Schröder & Söhne GbR", Text: "Der Name stimmt nicht genau mit dem Kontoinhaber überein."}
	m := newVoPModal(c, payeeRequestMsg{job: 1, r: r, p: newPrompt[bool]()})
	m.edit = func(string) {}
	m.SetSize(74, 19)
	view := ansi.Strip(m.View())
	for _, l := range strings.Split(view, "\n") {
		if w := ansi.StringWidth(l); w > 74 {
			t.Fatalf("line %d wide: %q", w, l)
		}
	}
	for _, want := range []string{"e use “Hausverwaltung Schröder & Söhne GbR” and review", "y send anyway", "n do not send"} {
		if !strings.Contains(view, want) {
			t.Fatalf("lacks %q:\n%s", want, view)
		}
	}
}

// TestStatementSummaryLargeNumbers: with seven-digit balances and a long
// history the summary still ends with a whole part at 80 columns, and the
// money is never what gives way.
func TestStatementSummaryLargeNumbers(t *testing.T) {
	c := testContext()
	bal, avail := money.MustParse("1231697.59"), money.MustParse("1157356.44")
	acct := fints.Account{IBAN: "DE97700660002009876543", Product: "Geschäftskonto", Owner: "Musterladen Online GmbH"}
	c.logins = []Login{{ID: "l", Accounts: []AccountInfo{{Account: acct,
		Balance: &fints.Balance{Booked: statement.Balance{Amount: bal, Currency: "EUR"}, Available: &avail}}}}}
	s := newStatementScreen(c, c.logins[0], c.logins[0].Accounts[0])
	s.hist = History{Bookings: make([]statement.Booking, 12742), From: statement.NewDate(2025, 8, 26)}
	s.loaded, s.fetching = true, true
	for _, tc := range []struct {
		w    int
		want string
	}{
		{160, "Geschäftskonto · DE97 7006 6000 2009 8765 43 · 1.231.697,59 € · available 1.157.356,44 € · 12742 bookings since 26.08.2025 · fetching older…"},
		{100, "Geschäftskonto · 1.231.697,59 € · available 1.157.356,44 € · 12742 bookings since 26.08.2025"},
		{80, "Geschäftskonto · 1.231.697,59 € · available 1.157.356,44 € · since 26.08.2025"},
		{70, "Geschäftskonto · 1.231.697,59 € · avail. 1.157.356,44 €"},
	} {
		s.w = tc.w
		got := ansi.Strip(s.infoLine())
		if strings.TrimSpace(got) != tc.want || ansi.StringWidth(got) != tc.w {
			t.Errorf("width %d:\n got %q\nwant %q", tc.w, strings.TrimSpace(got), tc.want)
		}
	}
}
