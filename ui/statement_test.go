package ui_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"saldo/ui/fakebackend"
)

func openStatement(t *testing.T, w, h int, opts ...harnessOpt) *harness {
	hs := newHarness(t, w, h, opts...)
	hs.unlock()
	hs.pin()
	hs.waitFor("synced just now")
	hs.key("enter")
	hs.waitFor("Counterparty")
	return hs
}

func TestStatementShowsPendingAndRunningBalance(t *testing.T) {
	h := openStatement(t, 120, 40)
	h.mustSee("Girokonto", "2.345,67 €", "available 3.845,67 €", "242 bookings since", "◷", "Kartenzahlung vorgemerkt")
	lines := strings.Split(h.view(), "\n")
	// the first booked row carries the current balance; pending rows none
	var firstBooked string
	for _, l := range lines {
		if strings.Contains(l, "◷") && strings.Contains(l, "2.345,67") {
			t.Fatalf("pending row has a running balance: %q", l)
		}
		if firstBooked == "" && strings.Contains(l, "2025") && !strings.Contains(l, "◷") {
			firstBooked = l
		}
	}
	if !strings.HasSuffix(strings.TrimSpace(firstBooked), "2.345,67 €") {
		t.Fatalf("first booked row %q does not end with the booked balance", firstBooked)
	}
}

func TestStatementSearchAndFilter(t *testing.T) {
	h := openStatement(t, 120, 40)
	h.key("/")
	h.typ("rewe")
	h.mustSee("Search", "REWE Markt GmbH")
	h.mustNotSee("Bäckerei Müller")
	h.typ(" sagt")
	h.mustNotSee("Kartenzahlung vorgemerkt") // pending REWE item has another text
	h.key("enter")
	h.mustSee("Filter", "“rewe sagt”")
	h.key("f")
	h.mustSee("Filter bookings", "Amount from")
	h.key("tab")
	h.typ("100")
	h.mustSee("≥ 100,00")
	h.key("tab")
	h.typ("50")
	h.mustSee("smaller than the lower bound")
	h.key("backspace", "backspace")
	h.typ("110")
	h.key("enter")
	h.mustSee("100,00 – 110,00")
	for _, l := range strings.Split(h.view(), "\n") {
		if strings.Contains(l, "REWE") && !strings.Contains(l, "-10") && !strings.Contains(l, "-11") {
			t.Fatalf("row outside 100–110: %q", l)
		}
	}
	h.key("c")
	h.mustNotSee("Filter ")
	h.mustSee("Bäckerei Müller")
	// direction filter
	h.key("f", "tab", "tab", "tab", "tab", "tab", "right")
	h.key("enter")
	h.mustSee("incoming")
	h.mustNotSee("REWE")
	h.key("esc") // esc clears the filter first
	h.mustSee("REWE")
	h.mustSee("Counterparty")
}

func TestStatementDetailsPane(t *testing.T) {
	h := openStatement(t, 80, 24)
	h.key("j", "j", "enter")
	h.mustSee("Counterparty", "Purpose", "Posting text", "ID ")
	h.key("esc")
	h.mustNotSee("Posting text")
	h.key("esc")
	h.mustSee("Total EUR")
	// wide terminals put the pane beside the table
	w := openStatement(t, 140, 40)
	w.key("j", "j", "j", "enter")
	for _, l := range strings.Split(w.view(), "\n") {
		if strings.Contains(l, "Counterparty  ") && strings.Contains(l, "│") {
			return
		}
	}
	t.Fatalf("no side pane:\n%s", w.view())
}

func TestFetchOlderNeedsTAN(t *testing.T) {
	h := openStatement(t, 80, 24)
	h.mustSee("242 bookings")
	h.key("o")
	h.waitFor("TAN required")
	h.mustSee("Umsätze älter als 90 Tage")
	h.typ("123456")
	h.key("enter")
	h.waitFor("362 bookings")
	h.mustSee("120 older bookings, back to") // says what arrived
	h.key("G")
	if !strings.Contains(h.view(), "2024") {
		t.Fatalf("oldest rows not from 2024:\n%s", h.view())
	}
}

func TestExportWritesCurrentView(t *testing.T) {
	h := openStatement(t, 80, 24)
	h.key("/")
	h.typ("apotheke")
	h.key("enter")
	h.key("x")
	h.mustSee("Export as", "csv", "json")
	h.mustNotSee("✓ csv") // no format is "current": the cursor alone marks the choice
	h.key("enter")
	h.mustSee("Export as csv", "saldo-DE02120300000000202051-20250314.csv", "The file goes to")
	path := filepath.Join(t.TempDir(), "out.csv")
	h.key("ctrl+u") // clear the proposed name
	h.typ(path)
	h.key("enter")
	h.waitFor("Exported")
	h.mustSee(filepath.Base(path)) // the status bar names the file, not the sync state
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("csv: %v %d rows", err, len(rows))
	}
	for _, r := range rows[1:] {
		if r[6] != "Apotheke am Markt" {
			t.Fatalf("exported a row outside the view: %v", r)
		}
	}
	// exporting again to the same file is refused, not overwritten
	h.key("x", "enter", "ctrl+u")
	h.typ(path)
	h.key("enter")
	h.waitFor("choose another name")
}

func TestStatementNavigationLongList(t *testing.T) {
	h := openStatement(t, 80, 24, withFake(func(o *fakebackend.Options) { o.Bookings = 5000 }))
	h.mustSee("5002 bookings")
	h.key("G")
	last := h.view()
	h.key("g")
	if h.view() == last {
		t.Fatal("home did not move")
	}
	h.key("pgdown", "pgdown", "k")
	h.mustSee("Counterparty")
}

// TestFilterRefusesInvalidInput: enter does not close the filter over a
// field that does not parse (the table would show another filter than the
// one typed); the field keeps the focus and says what is wrong.
func TestFilterRefusesInvalidInput(t *testing.T) {
	h := openStatement(t, 80, 24)
	h.key("f", "tab", "tab", "tab")
	h.typ("1.1.2025x")
	h.mustSee("type a date like 14.03.2025")
	h.key("tab", "enter")
	h.mustSee("Filter bookings", "› Date from")
	h.key("backspace", "enter")
	h.mustNotSee("Filter bookings")
	h.mustSee("from 01.01.2025")
}
