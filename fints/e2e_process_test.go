package fints_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"saldo/fints"
	"saldo/fints/demobank"
	"saldo/fints/secret"
	"saldo/fints/statement"
)

// The tests in this file prove that state blobs and paused dialogs work
// across processes: the parent test runs the demo bank and re-executes the
// test binary as TestHelperProcess, which plays a second saldo process.

type helperResult struct {
	Booked, Pending, Pages int
	Requests               int64
	Operation              string
	Err                    string
}

// runHelper runs the helper process with the given mode and files.
func runHelper(t *testing.T, bank *demobank.Bank, mode, dir, tan string) helperResult {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.v")
	cmd.Env = append(os.Environ(),
		"FINTS_HELPER="+mode, "FINTS_URL="+bank.URL(), "FINTS_DIR="+dir, "FINTS_TAN="+tan)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("helper %s: %v\n%s", mode, err, out)
	}
	var r helperResult
	b, err := os.ReadFile(filepath.Join(dir, mode+".json"))
	if err != nil {
		t.Fatalf("helper %s wrote no result: %v\n%s", mode, err, out)
	}
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// envPrompter answers TAN prompts with the TAN the parent passed in.
type envPrompter struct{ tan string }

func (p envPrompter) TAN(context.Context, fints.Challenge) (secret.Value, error) {
	if p.tan == "" {
		return secret.Value{}, errors.New("no TAN given to the helper")
	}
	return secret.New(p.tan), nil
}
func (envPrompter) Decoupled(context.Context, fints.DecoupledStatus)       {}
func (envPrompter) ConfirmApproval(context.Context, fints.Challenge) error { return nil }
func (envPrompter) ConfirmPayee(context.Context, fints.VoPResult) (bool, error) {
	return false, nil
}

// TestHelperProcess is the second process; it does nothing in a normal run.
func TestHelperProcess(t *testing.T) {
	mode := os.Getenv("FINTS_HELPER")
	if mode == "" {
		t.Skip("helper process for the cross-process tests")
	}
	dir := os.Getenv("FINTS_DIR")
	res := helperResult{}
	err := helper(mode, dir, &res)
	if err != nil {
		res.Err = err.Error()
	}
	b, _ := json.Marshal(res)
	if werr := os.WriteFile(filepath.Join(dir, mode+".json"), b, 0o600); werr != nil {
		t.Fatal(werr)
	}
}

func helper(mode, dir string, res *helperResult) error {
	cfg := fints.Config{
		URL: os.Getenv("FINTS_URL"), BankCode: demobank.BankCode, UserID: demobank.DemoUser,
		ProductID: "SALDOTEST", PIN: secret.New(demobank.DemoPIN), Prompter: envPrompter{os.Getenv("FINTS_TAN")},
		PauseGuard: fints.FileGuard{Dir: filepath.Join(dir, "guard")},
		Clock:      &fakeClock{now: time.Now()},
	}
	ctx := context.Background()
	switch mode {
	case "login": // cold first contact, leaves the state blob
		c, err := fints.New(cfg)
		if err != nil {
			return err
		}
		if _, err := c.Accounts(ctx); err != nil {
			return err
		}
		res.Requests = c.Stats().Requests
		return os.WriteFile(filepath.Join(dir, "state"), c.Deconstruct(true), 0o600)
	case "warm": // restores the blob and syncs
		state, err := os.ReadFile(filepath.Join(dir, "state"))
		if err != nil {
			return err
		}
		cfg.State = state
		c, err := fints.New(cfg)
		if err != nil {
			return err
		}
		if err := c.Open(ctx); err != nil {
			return err
		}
		r, err := c.Sync(ctx, statement.Date{})
		if err != nil {
			return err
		}
		if err := c.Close(ctx); err != nil {
			return err
		}
		for _, s := range r.Statements {
			res.Booked += len(s.Booked)
			res.Pending += len(s.Pending)
		}
		res.Requests = c.Stats().Requests
		return nil
	case "resume", "resume2": // completes a paused operation
		blob, err := os.ReadFile(filepath.Join(dir, "paused"))
		if err != nil {
			return err
		}
		c, err := fints.New(cfg)
		if err != nil {
			return err
		}
		p, err := c.Resume(blob)
		if err != nil {
			return err
		}
		res.Operation = p.Operation
		r, err := p.Complete(ctx)
		if err != nil {
			return err
		}
		for _, s := range r.Statements {
			res.Booked += len(s.Booked)
			res.Pending += len(s.Pending)
			res.Pages += s.Pages
		}
		if err := c.Close(ctx); err != nil {
			return err
		}
		res.Requests = c.Stats().Requests
		return nil
	}
	return fmt.Errorf("unknown helper mode %q", mode)
}

// TestE2EStateAcrossProcesses: one process logs in cold and saves the
// blob; another restores it and syncs warm without a BPD/UPD round trip.
func TestE2EStateAcrossProcesses(t *testing.T) {
	bank := startBank(t, demobank.Options{Logins: smsLogin(true)})
	dir := t.TempDir()
	cold := runHelper(t, bank, "login", dir, "")
	if cold.Err != "" || cold.Requests < 4 {
		t.Fatalf("cold login: %+v (want sync dialog + init + job + end)", cold)
	}
	before := bank.Requests()
	warm := runHelper(t, bank, "warm", dir, "")
	if warm.Err != "" {
		t.Fatal(warm.Err)
	}
	if warm.Requests > 3 || bank.Requests()-before != warm.Requests || warm.Booked == 0 {
		t.Errorf("warm sync in the second process: %+v, bank saw %d requests", warm, bank.Requests()-before)
	}
}

// TestE2EPauseResumeAcrossProcesses: a statement download waiting for a
// TAN is paused in this process and completed in another one; resuming
// the same paused state again is refused.
func TestE2EPauseResumeAcrossProcesses(t *testing.T) {
	bank := startBank(t, demobank.Options{HideTANs: true, Logins: smsLogin(false)})
	state := loggedIn(t, bank, &bankPrompter{bank: bank, user: demobank.DemoUser}, "")
	p := &bankPrompter{bank: bank, user: demobank.DemoUser, pause: true}
	cfg := config(bank, demobank.DemoUser, p)
	cfg.State = state
	c, _ := fints.New(cfg)
	ctx := context.Background()
	if err := c.Open(ctx); err != nil {
		t.Fatal(err)
	}
	accounts := c.KnownAccounts()
	today := bank.Ledger().Today()
	from := today.AddDays(-400) // older than 90 days: needs a TAN
	_, err := c.Transactions(ctx, from, today, accounts[0])
	if !errors.Is(err, fints.ErrPause) {
		t.Fatalf("err = %v, want ErrPause", err)
	}
	if _, err := c.Balances(ctx); err == nil {
		t.Error("a client with a paused operation must refuse new ones")
	}
	blob, err := c.Pause()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Balances(ctx); !errors.Is(err, fints.ErrClosed) {
		t.Errorf("after Pause: %v, want ErrClosed", err)
	}
	tan, _ := bank.LastTAN(demobank.DemoUser)
	if strings.Contains(string(blob), tan) || strings.Contains(string(blob), demobank.DemoPIN+"\"") {
		t.Error("paused blob contains the TAN or PIN")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "paused"), blob, 0o600); err != nil {
		t.Fatal(err)
	}
	res := runHelper(t, bank, "resume", dir, tan)
	if res.Err != "" {
		t.Fatal(res.Err)
	}
	rng, _ := bank.Ledger().Bookings(accounts[0].IBAN, from, today)
	if res.Operation != "Transactions" || res.Booked != len(rng.Booked) || res.Pending != len(rng.Pending) || res.Pages < 2 {
		t.Errorf("resumed: %+v, want %d booked / %d pending over several pages", res, len(rng.Booked), len(rng.Pending))
	}
	again := runHelper(t, bank, "resume2", dir, tan)
	if !strings.Contains(again.Err, fints.ErrPauseUsed.Error()) {
		t.Errorf("second resume: %q, want %q", again.Err, fints.ErrPauseUsed)
	}
}

// TestE2EPauseDecoupledAtLogin: waiting for app approval at login is
// paused through the context's cause and finished later.
func TestE2EPauseDecoupledAtLogin(t *testing.T) {
	bank := startBank(t, demobank.Options{ApproveAfter: -1, Logins: []demobank.LoginOptions{{UserID: demobank.DemoUser, Methods: []string{demobank.MethodDecoupled}}}})
	p := &bankPrompter{bank: bank, user: demobank.DemoUser}
	ctx, cancel := context.WithCancelCause(context.Background())
	clock := &fakeClock{now: time.Now()}
	clock.onSleep = func() { cancel(fints.ErrPause) }
	cfg := config(bank, demobank.DemoUser, p)
	cfg.Clock = clock
	c, _ := fints.New(cfg)
	_, err := c.Balances(ctx)
	if !errors.Is(err, fints.ErrPause) {
		t.Fatalf("err = %v, want ErrPause", err)
	}
	blob, err := c.Pause()
	if err != nil {
		t.Fatal(err)
	}
	bank.ApproveDecoupled("")
	cfg.Clock = &fakeClock{now: time.Now()}
	c2, _ := fints.New(cfg)
	pend, err := c2.Resume(blob)
	if err != nil {
		t.Fatal(err)
	}
	if pend.Operation != "Login" || !pend.Decoupled {
		t.Errorf("pending = %+v", pend)
	}
	res, err := pend.Complete(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	accounts, _ := bank.Ledger().Accounts(demobank.DemoUser)
	if len(res.Balances) != len(accounts) {
		t.Errorf("balances after resume = %+v", res.Balances)
	}
	if err := c2.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := c2.Resume(blob); err == nil {
		t.Error("resuming twice in one process must fail")
	}
}
