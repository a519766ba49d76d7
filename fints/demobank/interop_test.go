package demobank

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"saldo/fints/statement"
)

// interopDir holds the lib-fints driver (npm ci installs the pinned
// lib-fints there).
const interopDir = "../../testdata/interop"

// needTool skips a test when a tool is missing, except under CI, where a
// missing tool is a failure.
func needTool(t *testing.T, ok bool, what string) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s (required under CI)", what)
	}
	t.Skipf("%s; skipping (set CI to make this a failure)", what)
}

// ensureLibFints makes sure the pinned lib-fints is installed. Under CI
// the CI script installs it before the tests, so a missing install is that
// script's failure. Elsewhere the test installs it from the lockfile
// itself: the README's `go test ./...` then runs the interop test from a
// clean clone instead of skipping it.
func ensureLibFints(t *testing.T) {
	t.Helper()
	const fix = "run npm ci --prefix testdata/interop"
	pkg := filepath.Join(interopDir, "node_modules", "lib-fints", "package.json")
	if _, err := os.Stat(pkg); err == nil {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("lib-fints is not installed: %s before the tests (.ci/run does)", fix)
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Fatalf("lib-fints is not installed and npm is missing: install npm, then %s", fix)
	}
	t.Log("lib-fints is not installed: running npm ci in testdata/interop (pinned by package-lock.json)")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund", "--loglevel=error")
	cmd.Dir = interopDir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("installing lib-fints failed: %v\n%s\nfix the cause (network, npm), then %s", err, out, fix)
	}
	if _, err := os.Stat(pkg); err != nil {
		t.Fatalf("npm ci ran but lib-fints is still missing (%v): %s", err, fix)
	}
}

// driverReport is what driver.mjs prints.
type driverReport struct {
	Steps []struct {
		Step     string `json:"step"`
		OK       bool   `json:"ok"`
		Why      string `json:"why"`
		Bookings int    `json:"bookings"`
		Polls    int    `json:"polls"`
		SystemID string `json:"systemId"`
	} `json:"steps"`
	Accounts []struct {
		AccountNumber string  `json:"accountNumber"`
		IBAN          string  `json:"iban"`
		Product       string  `json:"product"`
		Balance       float64 `json:"balance"`
		Currency      string  `json:"currency"`
		From          string  `json:"from"`
		Camt90        int     `json:"camt90"`
		MT940_90      int     `json:"mt940_90"`
	} `json:"accounts"`
}

// TestLibFintsInterop runs lib-fints (pinned in testdata/interop) against
// the demo bank over real HTTP: synchronisation with SCA, accounts,
// balances, statements (with touchdown paging: the page size is small
// here), statements older than 90 days with a classic TAN and with the
// decoupled app. It skips only when node is missing and CI is unset.
func TestLibFintsInterop(t *testing.T) {
	node, err := exec.LookPath("node")
	needTool(t, err == nil, "node is not installed")
	ensureLibFints(t)

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	bank := New(Options{PageSize: 30, ApproveAfter: time.Second})
	url := bank.Start(ctx)
	if url == "" {
		t.Fatalf("demo bank did not start: %v", bank.Err())
	}
	defer bank.Close()

	cmd := exec.CommandContext(ctx, node, "driver.mjs", url, BankCode, DemoUser, DemoPIN)
	cmd.Dir = interopDir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var rep driverReport
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("driver output is not JSON (%v, run error %v):\n%s\nstderr:\n%s", err, runErr, stdout.String(), stderr.String())
	}
	for _, s := range rep.Steps {
		if !s.OK {
			t.Errorf("lib-fints step %q failed: %s", s.Step, s.Why)
		}
	}
	if runErr != nil {
		t.Fatalf("driver failed: %v\n%s\nstderr:\n%s", runErr, stdout.String(), stderr.String())
	}

	accts, err := bank.Ledger().Accounts(DemoUser)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Accounts) != len(accts) {
		t.Fatalf("lib-fints saw %d accounts, the login has %d", len(rep.Accounts), len(accts))
	}
	for i, a := range accts {
		got := rep.Accounts[i]
		if got.IBAN != a.IBAN || got.AccountNumber != a.Number || got.Product != a.Product {
			t.Errorf("account %d: lib-fints %s/%s/%s, bank %s/%s/%s", i, got.IBAN, got.AccountNumber, got.Product,
				a.IBAN, a.Number, a.Product)
		}
		bal, err := bank.Ledger().Balance(a.IBAN)
		if err != nil {
			t.Fatal(err)
		}
		if want := float64(bal.Booked.Amount.Cents()) / 100; math.Abs(got.Balance-want) > 0.005 || got.Currency != "EUR" {
			t.Errorf("%s: balance %.2f %s, bank %.2f", a.Product, got.Balance, got.Currency, want)
		}
		from, err := statement.ParseDate(got.From)
		if err != nil {
			t.Fatalf("driver from date %q: %v", got.From, err)
		}
		r, err := bank.Ledger().Bookings(a.IBAN, from, statement.Date{})
		if err != nil {
			t.Fatal(err)
		}
		if got.Camt90 != len(r.Booked) || got.MT940_90 != len(r.Booked) {
			t.Errorf("%s since %s: lib-fints got %d (camt) and %d (MT940) bookings, bank has %d",
				a.Product, got.From, got.Camt90, got.MT940_90, len(r.Booked))
		}
	}
	for _, s := range rep.Steps {
		if (s.Step == "statements older than 90 days with TAN" || s.Step == "decoupled statements") && s.Bookings == 0 {
			t.Errorf("%s: no bookings", s.Step)
		}
	}
	t.Logf("lib-fints completed %d steps against the demo bank in %d requests", len(rep.Steps), bank.Requests())
}
