package export

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"saldo/fints/money"
	"saldo/fints/statement"
)

// dailyStatements generates one statement per day for acct, starting on
// start, whose balances add up. Some days repeat a booking exactly (two
// coffees at the same shop), which only the occurrence index of the
// booking IDs tells apart.
func dailyStatements(rng *rand.Rand, acct string, start statement.Date, days int) []statement.Statement {
	bal := money.FromCents(rng.Int64N(1_000_000))
	date := start
	var sts []statement.Statement
	for range days {
		op := statement.Balance{Amount: bal, Currency: "EUR", Date: date}
		date = date.AddDays(1)
		st := statement.Statement{Account: acct, Currency: "EUR", Opening: &op}
		for i := rng.IntN(20); i > 0; i-- {
			amt := money.FromCents(rng.Int64N(200_000) - 120_000)
			bal = bal.Add(amt)
			st.Bookings = append(st.Bookings, statement.Booking{
				BookingDate: date, ValueDate: date, Amount: amt, Currency: "EUR",
				CounterpartyName: fmt.Sprintf("Partner %d", rng.IntN(50)), Purpose: fmt.Sprintf("Rechnung %d", rng.IntN(1000)),
			})
		}
		if rng.IntN(3) == 0 {
			coffee := statement.Booking{BookingDate: date, ValueDate: date, Amount: money.MustParse("-3.20"), Currency: "EUR",
				CounterpartyName: "Café am Markt", Purpose: "Kartenzahlung"}
			st.Bookings = append(st.Bookings, coffee, coffee)
			bal = bal.Add(coffee.Amount).Add(coffee.Amount)
		}
		cl := statement.Balance{Amount: bal, Currency: "EUR", Date: date}
		st.Closing = &cl
		sts = append(sts, st)
	}
	return sts
}

// overlappingExports returns two exports of one account as a user makes
// them a few weeks apart: the first covers days 0–39, the second days
// 30–59 (a new download from the bank, exported on its own).
func overlappingExports() (first, second []Account) {
	sts := dailyStatements(rand.New(rand.NewPCG(3, 4)), "DE87123456781234567890", statement.NewDate(2025, 1, 1), 60)
	return FromStatements(sts[:40]), FromStatements(sts[30:])
}

// TestReexportSameIDs: a booking exported twice, from two different
// downloads, gets the same ID in every format.
func TestReexportSameIDs(t *testing.T) {
	first, second := overlappingExports()
	ids := func(a Account, from, to statement.Date) []string {
		var out []string
		for _, b := range a.Between(from, to).Bookings {
			out = append(out, b.ID)
		}
		return out
	}
	// Statements 30–39 are in both exports; their bookings are dated the
	// day after their opening balance: 1 to 10 February.
	from, to := statement.NewDate(2025, 2, 1), statement.NewDate(2025, 2, 10)
	a, b := ids(first[0], from, to), ids(second[0], from, to)
	if len(a) < 50 || strings.Join(a, " ") != strings.Join(b, " ") {
		t.Fatalf("overlap: %d IDs in the first export, %d in the second; they must be the same list", len(a), len(b))
	}
	coffees := 0
	for _, bk := range first[0].Bookings {
		if bk.CounterpartyName == "Café am Markt" {
			coffees++
		}
	}
	if coffees < 10 {
		t.Fatalf("only %d repeated bookings generated", coffees)
	}
	// And in the files: every ID of the overlap appears in both, as the
	// CSV id column, the JSON "id", the hledger code and the beancount id.
	for _, f := range Formats() {
		_, text1 := writeFile(t, f, first)
		_, text2 := writeFile(t, f, second)
		for _, id := range a {
			if !strings.Contains(text1, id) || !strings.Contains(text2, id) {
				t.Errorf("%s: ID %s of the overlap missing from an export", f, id)
				break
			}
		}
	}
}

// ledgerBlocks splits a journal into its blank-line separated blocks.
func ledgerBlocks(text string) []string {
	var out []string
	for _, b := range strings.Split(text, "\n\n") {
		if b = strings.Trim(b, "\n"); b != "" {
			out = append(out, b)
		}
	}
	return out
}

var (
	hledgerID = regexp.MustCompile(`; id:([a-z0-9]+)`)
	beanID    = regexp.MustCompile(`\n  id: "([a-z0-9]+)"`)
)

// appendNew appends to ledger the dated blocks of export that the ledger
// does not have yet, the way a user keeps one ledger across exports:
// bookings whose id is already there are dropped (unless dedupe is off),
// the export's opening balance and its account/commodity declarations are
// dropped (the ledger has the history and the declarations), and the
// bank's closing-balance checks are kept, so the tool verifies the result.
func appendNew(t *testing.T, ledger, export string, id *regexp.Regexp, dedupe bool) (string, int) {
	t.Helper()
	have := map[string]bool{}
	for _, m := range id.FindAllStringSubmatch(ledger, -1) {
		have[m[1]] = true
	}
	var b strings.Builder
	b.WriteString(ledger)
	added := 0
	for _, blk := range ledgerBlocks(export) {
		first := strings.SplitN(blk, "\n", 2)[0]
		switch {
		case !regexp.MustCompile(`^\d{4}-\d\d-\d\d `).MatchString(first):
			continue // comments and declarations at the top
		case strings.Contains(blk, "opening balance") || strings.Contains(blk, " pad ") || strings.Contains(first, " open "):
			continue
		}
		if m := id.FindStringSubmatch(blk); m != nil {
			if dedupe && have[m[1]] {
				continue
			}
			added++
		}
		b.WriteString("\n" + blk + "\n")
	}
	return b.String(), added
}

// TestReexportAppendedLedgers: appending a later, overlapping export to a
// ledger and dropping the entries whose id is already there gives a
// ledger hledger and bean-check accept with every balance the bank stated
// in either export; appending without looking at the ids books the
// overlap twice, which the same balance checks catch.
func TestReexportAppendedLedgers(t *testing.T) {
	first, second := overlappingExports()
	union := map[string]bool{}
	for _, a := range append(append([]Account{}, first...), second...) {
		for _, b := range a.Bookings {
			union[b.ID] = true
		}
	}
	tools := []struct {
		format  Format
		tool    string
		args    func(path string) []string
		id      *regexp.Regexp
		failure string // what the tool says when a balance check fails
	}{
		{Hledger, "hledger", func(p string) []string { return []string{"-f", p, "check"} }, hledgerID, "assertion"},
		{Beancount, "bean-check", func(p string) []string { return []string{p} }, beanID, "Balance failed"},
	}
	for _, tc := range tools {
		t.Run(string(tc.format), func(t *testing.T) {
			tool := needTool(t, tc.tool)
			_, ledger := writeFile(t, tc.format, first)
			_, export := writeFile(t, tc.format, second)
			if !strings.Contains(export, "closing balance per bank statement") && !strings.Contains(export, " balance Assets:") {
				t.Fatal("the second export has no balance checks")
			}
			check := func(text string) (string, error) {
				path := filepath.Join(t.TempDir(), "ledger."+string(tc.format))
				if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
				return run(t, tool, tc.args(path)...)
			}

			merged, added := appendNew(t, ledger, export, tc.id, true)
			if out, err := check(merged); err != nil || (tc.tool == "bean-check" && strings.TrimSpace(out) != "") {
				t.Fatalf("merged ledger rejected: %v\n%s", err, firstLines(out, 20))
			}
			if got := len(tc.id.FindAllString(merged, -1)); got != len(union) {
				t.Errorf("merged ledger has %d bookings, the two exports %d distinct ones", got, len(union))
			}
			if added == 0 || added == len(second[0].Bookings) {
				t.Fatalf("%d of %d bookings of the second export were new: no overlap tested", added, len(second[0].Bookings))
			}

			doubled, _ := appendNew(t, ledger, export, tc.id, false)
			if out, err := check(doubled); err == nil || !strings.Contains(out, tc.failure) {
				t.Errorf("the overlap booked twice went unnoticed: %v\n%s", err, firstLines(out, 10))
			}
		})
	}
}
