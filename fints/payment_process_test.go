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
	"saldo/fints/money"
	"saldo/fints/secret"
)

// Exactly once across processes: the parent runs the demo bank; the test
// binary is started again as TestPaymentHelperProcess to play separate
// saldo processes. Process 1 starts a transfer and pauses at the TAN
// prompt; process 2 resumes it with the TAN; process 3 tries the same
// paused state again and is refused by the pause guard; process 4 gets
// past the guard (another guard directory, as a copied file on another
// machine would) and is refused by the bank. The ledger shows one booking.

type payHelperResult struct {
	Outcome   *fints.Outcome
	Operation string
	ToName    string
	Err       string
	Paused    bool
}

func runPayHelper(t *testing.T, bank *demobank.Bank, mode, dir, guard, tan string) payHelperResult {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestPaymentHelperProcess$", "-test.v")
	cmd.Env = append(os.Environ(), "PAY_HELPER="+mode, "PAY_URL="+bank.URL(), "PAY_DIR="+dir,
		"PAY_GUARD="+guard, "PAY_TAN="+tan)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("helper %s: %v\n%s", mode, err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, mode+".json"))
	if err != nil {
		t.Fatalf("helper %s wrote no result: %v\n%s", mode, err, out)
	}
	var r payHelperResult
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestTransferExactlyOnceAcrossProcesses(t *testing.T) {
	if os.Getenv("PAY_HELPER") != "" {
		t.Skip("inside a helper process")
	}
	bank := demobank.New(demobank.Options{Logins: []demobank.LoginOptions{{UserID: demobank.DemoUser, PIN: payPIN,
		Methods: []string{demobank.MethodSMS}, NoLoginSCA: true}}})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if bank.Start(ctx) == "" {
		t.Fatal(bank.Err())
	}
	defer bank.Close()
	dir := t.TempDir()
	guard := filepath.Join(dir, "guard")
	accts, _ := bank.Ledger().Accounts(demobank.DemoUser)
	debits := func() int {
		today := bank.Ledger().Today()
		r, err := bank.Ledger().Bookings(accts[0].IBAN, today, today)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, b := range r.Booked {
			if b.Amount == money.MustParse("-42.42") {
				n++
			}
		}
		return n
	}

	r := runPayHelper(t, bank, "start", dir, guard, "")
	if !r.Paused || r.Err != "" {
		t.Fatalf("process 1: %+v", r)
	}
	if debits() != 0 {
		t.Fatal("booked before the TAN")
	}
	tan, _ := bank.LastTAN(demobank.DemoUser)

	r = runPayHelper(t, bank, "resume", dir, guard, tan)
	if r.Err != "" || r.Outcome == nil || r.Outcome.State != fints.Executed || r.Operation != "Transfer" || r.ToName != "Erika Mustermann" {
		t.Fatalf("process 2: %+v", r)
	}
	if n := debits(); n != 1 {
		t.Fatalf("after process 2: %d bookings, want 1", n)
	}

	r = runPayHelper(t, bank, "again", dir, guard, tan)
	if !strings.Contains(r.Err, "already resumed") || r.Outcome != nil {
		t.Fatalf("process 3: %+v, want the pause guard's refusal", r)
	}

	r = runPayHelper(t, bank, "replay", dir, filepath.Join(dir, "other-guard"), tan)
	if r.Outcome == nil || r.Outcome.State != fints.Rejected || r.Outcome.Code != "9120" {
		t.Fatalf("process 4: %+v, want the bank to refuse the repeated message number (9120)", r)
	}
	if n := debits(); n != 1 {
		t.Fatalf("after the replay: %d bookings, want 1", n)
	}
}

// TestPaymentHelperProcess is the second process; it does nothing in a
// normal run.
func TestPaymentHelperProcess(t *testing.T) {
	mode := os.Getenv("PAY_HELPER")
	if mode == "" {
		t.Skip("helper process for TestTransferExactlyOnceAcrossProcesses")
	}
	dir := os.Getenv("PAY_DIR")
	var res payHelperResult
	if err := payHelper(mode, dir, &res); err != nil {
		res.Err = err.Error()
	}
	b, _ := json.Marshal(res)
	if err := os.WriteFile(filepath.Join(dir, mode+".json"), b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// helperPrompter pauses at the TAN prompt, or answers with PAY_TAN.
type helperPrompter struct{ tan string }

func (p helperPrompter) TAN(context.Context, fints.Challenge) (secret.Value, error) {
	if p.tan == "" {
		return secret.Value{}, fints.ErrPause
	}
	return secret.New(p.tan), nil
}
func (helperPrompter) Decoupled(context.Context, fints.DecoupledStatus)       {}
func (helperPrompter) ConfirmApproval(context.Context, fints.Challenge) error { return nil }
func (helperPrompter) ConfirmPayee(context.Context, fints.VoPResult) (bool, error) {
	return true, nil
}

func payHelper(mode, dir string, res *payHelperResult) error {
	c, err := fints.New(fints.Config{
		URL: os.Getenv("PAY_URL"), BankCode: demobank.BankCode, UserID: demobank.DemoUser, ProductID: "SALDOTEST",
		PIN: secret.New(payPIN), Prompter: helperPrompter{os.Getenv("PAY_TAN")},
		PauseGuard: fints.FileGuard{Dir: os.Getenv("PAY_GUARD")}, ResponseTimeout: 20 * time.Second,
	})
	if err != nil {
		return err
	}
	ctx := context.Background()
	paused := filepath.Join(dir, "paused")
	if mode == "start" {
		accts, err := c.Accounts(ctx)
		if err != nil {
			return err
		}
		var iban string
		for _, p := range demobank.KnownPayees() {
			if p.Name == "Erika Mustermann" {
				iban = p.IBAN
			}
		}
		_, err = c.Transfer(ctx, fints.Transfer{From: accts[0], ToName: "Erika Mustermann", ToIBAN: iban,
			Amount: money.MustParse("42.42"), Purpose: "Rechnung 4711"})
		if !errors.Is(err, fints.ErrPause) {
			return fmt.Errorf("want a pause at the TAN prompt, got %v", err)
		}
		blob, err := c.Pause()
		if err != nil {
			return err
		}
		res.Paused = true
		return os.WriteFile(paused, blob, 0o600)
	}
	blob, err := os.ReadFile(paused)
	if err != nil {
		return err
	}
	pend, err := c.Resume(blob)
	if err != nil {
		return err
	}
	res.Operation = pend.Operation
	if pend.Transfer != nil {
		res.ToName = pend.Transfer.ToName
	}
	r, err := pend.Complete(ctx)
	if err != nil {
		return err
	}
	res.Outcome = r.Payment
	// No Close: the process ends with the dialog open, as a crash would
	// leave it; the replay must still be refused.
	return nil
}
