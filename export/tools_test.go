package export

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"saldo/fints/camt"
	"saldo/fints/money"
	"saldo/fints/mt940"
	"saldo/fints/statement"
)

// needTool returns the path of an outside tool. Without it the test is
// skipped on a developer machine, but fails in CI (CI set), which must
// install it: apt-get install -y hledger beancount.
func needTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not installed (CI must run: apt-get install -y hledger beancount)", name)
		}
		t.Skipf("%s is not installed", name)
	}
	return path
}

// corpusAccounts exports every real MT940 and camt file of the corpus,
// one group per file, as a user importing downloads would.
func corpusAccounts(t *testing.T) []Account {
	t.Helper()
	var groups [][]statement.Statement
	mt, _ := filepath.Glob("../testdata/corpus/mt940/*.sta")
	for _, f := range mt {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sts, err := mt940.Parse(data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		groups = append(groups, sts)
	}
	cx, _ := filepath.Glob("../testdata/corpus/camt/*.xml")
	for _, f := range cx {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if sts, err := camt.Parse(data); err == nil {
			groups = append(groups, sts)
		}
	}
	if len(groups) < 60 {
		t.Fatalf("only %d corpus files read", len(groups))
	}
	return FromStatements(groups...)
}

// largeAccounts generates three accounts with a year of daily statements
// each (about 11,000 bookings) whose balances all add up.
func largeAccounts() []Account {
	rng := rand.New(rand.NewPCG(7, 9))
	var groups [][]statement.Statement
	for a := 0; a < 3; a++ {
		acct := fmt.Sprintf("DE%02d1234567800000%05d", 10+a, a)
		groups = append(groups, dailyStatements(rng, acct, statement.NewDate(2024, 1, 1), 365))
	}
	return FromStatements(groups...)
}

func writeFile(t *testing.T, f Format, accts []Account) (string, string) {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, f, accts); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "export."+string(f))
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, buf.String()
}

func run(t *testing.T, name string, args ...string) (string, error) {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	return string(out), err
}

func TestHledgerChecks(t *testing.T) {
	hledger := needTool(t, "hledger")
	sets := map[string][]Account{
		"fixture": FromStatements(fixture()...),
		"corpus":  corpusAccounts(t),
		"large":   largeAccounts(),
	}
	for name, accts := range sets {
		path, text := writeFile(t, Hledger, accts)
		// Basic checks (parseable, balanced, assertions), the strict ones
		// (declared accounts and commodities) and date order.
		if out, err := run(t, hledger, "-f", path, "check", "-s", "ordereddates"); err != nil {
			t.Errorf("%s: hledger check failed: %v\n%s", name, err, out)
		}
		if n := strings.Count(text, "closing balance per bank statement"); n == 0 {
			t.Errorf("%s: no balance assertion written", name)
		}
	}
	// The assertions are live: a booking changed by one euro (still
	// balanced) must make hledger fail.
	path, text := writeFile(t, Hledger, largeAccounts())
	if err := os.WriteFile(path, []byte(shiftFirstBooking(t, text, "    ")), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := run(t, hledger, "-f", path, "check"); err == nil || !strings.Contains(out, "assertion") {
		t.Errorf("hledger accepted a journal whose assertions no longer hold: %v\n%s", err, out)
	}
}

// shiftFirstBooking adds one euro to both postings of the first booking
// (the bank posting +1, the counter posting -1), keeping it balanced.
func shiftFirstBooking(t *testing.T, text, indent string) string {
	t.Helper()
	lines := strings.Split(text, "\n")
	for i := 0; i+1 < len(lines); i++ {
		if !strings.HasPrefix(lines[i], indent+"Assets:Bank:") || strings.Contains(lines[i], "=") {
			continue
		}
		for k, delta := range map[int]string{i: "1", i + 1: "-1"} {
			f := strings.Fields(lines[k])
			a := money.MustParse(f[1]).Add(money.MustParse(delta))
			lines[k] = indent + f[0] + "  " + a.String() + " " + f[2]
		}
		return strings.Join(lines, "\n")
	}
	t.Fatal("no booking found to change")
	return ""
}

func TestBeanCheck(t *testing.T) {
	beanCheck := needTool(t, "bean-check")
	sets := map[string][]Account{
		"fixture": FromStatements(fixture()...),
		"corpus":  corpusAccounts(t),
		"large":   largeAccounts(),
	}
	for name, accts := range sets {
		path, text := writeFile(t, Beancount, accts)
		if out, err := run(t, beanCheck, path); err != nil || strings.TrimSpace(out) != "" {
			t.Errorf("%s: bean-check: %v\n%s", name, err, firstLines(out, 20))
		}
		if !strings.Contains(text, " balance ") {
			t.Errorf("%s: no balance directive written", name)
		}
	}
	// The balance directives are live: a booking changed by one euro
	// (still balanced) must fail.
	path, text := writeFile(t, Beancount, largeAccounts())
	if err := os.WriteFile(path, []byte(shiftFirstBooking(t, text, "  ")), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := run(t, beanCheck, path); err == nil || !strings.Contains(out, "Balance failed") {
		t.Errorf("bean-check accepted a ledger whose balances no longer hold: %v\n%s", err, firstLines(out, 10))
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}
