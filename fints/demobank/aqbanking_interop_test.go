package demobank

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"saldo/fints/money"
	"saldo/fints/statement"
)

// TestAqBankingInterop drives AqBanking (Debian package aqbanking-tools:
// aqhbci-tool4 and aqbanking-cli, the FinTS engine behind GnuCash and
// KMyMoney) against the demo bank over real HTTP, as a person would set
// it up: a PIN/TAN user, the system ID, SMS-TAN as TAN method, accounts
// (the first login of a new system ID needs a TAN), SEPA info, balance,
// then a SEPA credit transfer with a TAN, checked at the bank's ledger
// (booked once, balance down by the amount) and in AqBanking's own
// statement fetched afterwards. AqBanking predates Verification of Payee
// and sends no HKVPP: the matching payee goes through, a wrong name is
// refused with 9076 (vop_legacy.go). The TAN is typed from the bank's
// hook (the "SMS"), never from the challenge text (HideTANs).
//
// AqBanking's config lives in a temporary folder (-D). testdata/interop/
// aqbanking/README.md has the same steps by hand. It skips only when the
// tools are missing and CI is unset.
func TestAqBankingInterop(t *testing.T) {
	for _, tool := range []string{"aqhbci-tool4", "aqbanking-cli"} {
		_, err := exec.LookPath(tool)
		needTool(t, err == nil, tool+" is not installed (apt-get install aqbanking-tools)")
	}
	_, err := exec.LookPath("stdbuf")
	needTool(t, err == nil, "stdbuf (coreutils) is not installed")
	guardAqBankingHome(t)

	ctx, cancel := context.WithTimeout(context.Background(), 55*time.Second)
	defer cancel()
	bankLog := &syncWriter{}
	bank := New(Options{HideTANs: true, Logger: slog.New(slog.NewTextHandler(bankLog, nil))})
	url := bank.Start(ctx)
	if url == "" {
		t.Fatalf("demo bank did not start: %v", bank.Err())
	}
	defer bank.Close()

	aq := newAqBanking(t, bank)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("AqBanking output:\n%s\ndemo bank log:\n%s", aq.out.String(), bankLog.String())
		}
	})
	start := time.Now()
	version := aq.match(aq.run(ctx, 0, "aqbanking-cli", "versions"), `AqBanking\s*: (\S+)`, "AqBanking's version")

	// Setup, as the AqBanking manual describes it for PIN/TAN.
	aq.run(ctx, 0, "aqhbci-tool4", "-n", "adduser", "-t", "pintan", "--context=1", "-b", BankCode, "-u", DemoUser,
		"-c", DemoUser, "-N", "Max Mustermann", "-s", url, "--hbciversion=300")
	uid := aq.match(aq.run(ctx, 0, "aqhbci-tool4", "listusers"), `Unique Id: (\d+)`, "the new user's unique id")
	aq.run(ctx, 0, "aqhbci-tool4", "-n", "getsysid", "-u", uid)
	modes := aq.run(ctx, 0, "aqhbci-tool4", "listitanmodes", "-u", uid)
	if !regexp.MustCompile(`(?m)^- 6942 .*SMS-TAN.*\[available\]`).MatchString(modes) {
		t.Fatalf("AqBanking does not offer SMS-TAN (6942):\n%s", modes)
	}
	aq.run(ctx, 0, "aqhbci-tool4", "setitanmode", "-u", uid, "-m", "6942")
	aq.run(ctx, 1, "aqhbci-tool4", "getaccounts", "-u", uid)

	giro, err := bank.Ledger().Account(maxGiro.IBAN)
	if err != nil {
		t.Fatal(err)
	}
	accts := aq.run(ctx, 0, "aqbanking-cli", "listaccs", "-T", `$(uniqueId)|$(iban)|$(accountNumber)|$(accountName)`)
	want, err := bank.Ledger().Accounts(DemoUser)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range want {
		if !strings.Contains(accts, "|"+a.IBAN+"|"+a.Number+"|"+a.Product+"\n") {
			t.Errorf("AqBanking lacks account %s %s %s:\n%s", a.IBAN, a.Number, a.Product, accts)
		}
	}
	aid := aq.match(accts, `(?m)^(\d+)\|`+giro.IBAN+`\|`, "the Girokonto's account id")
	aq.run(ctx, 0, "aqhbci-tool4", "getaccsepa", "-a", aid)

	before := bookedBalance(t, bank, giro.IBAN)
	if got := aq.balance(ctx, aid); got.Cmp(before) != 0 {
		t.Errorf("AqBanking balance %s, bank %s", got, before)
	}

	// The transfer: a payee whose name matches, one TAN.
	const purpose, amount = "AqBanking Interop-Test", "12.34"
	out := aq.run(ctx, 1, "aqbanking-cli", "sepatransfer", "-c", aq.file("transfer.ctx"), "--aid="+aid,
		"--riban="+pErika.IBAN, "--rname="+pErika.Name, "--value="+amount+":EUR", "--purpose="+purpose)
	if st := aq.transferStatus(ctx, "transfer.ctx"); st != "accepted" {
		t.Fatalf("AqBanking reports the transfer as %q, want accepted:\n%s", st, out)
	}
	booked := bookingsWith(t, bank, giro.IBAN, purpose)
	if len(booked) != 1 {
		t.Fatalf("the bank booked the transfer %d times, want once: %+v", len(booked), booked)
	}
	if b := booked[0]; b.Amount.Cmp(money.MustParse("-"+amount)) != 0 || b.CounterpartyIBAN != pErika.IBAN || b.CounterpartyName != pErika.Name {
		t.Errorf("booking %+v, want -%s EUR to %s %s", b, amount, pErika.Name, pErika.IBAN)
	}
	after := bookedBalance(t, bank, giro.IBAN)
	if diff := before.Sub(after); diff.Cmp(money.MustParse(amount)) != 0 {
		t.Errorf("balance went from %s to %s (down %s), want down %s", before, after, diff, amount)
	}

	// AqBanking sees it too: balance and today's statement (HKKAZ).
	if got := aq.balance(ctx, aid); got.Cmp(after) != 0 {
		t.Errorf("AqBanking balance after the transfer %s, bank %s", got, after)
	}
	today := bank.Ledger().Today().Compact()
	aq.run(ctx, 0, "aqbanking-cli", "-n", "request", "--transactions", "--fromdate="+today, "-c", aq.file("statement.ctx"), "--aid="+aid)
	stmt := aq.run(ctx, 0, "aqbanking-cli", "listtrans", "-c", aq.file("statement.ctx"), "-T", `$(valueAsString)|$(remoteIban)|$(purposeInOneLine)`)
	if n := strings.Count(stmt, "-"+amount+"|"+pErika.IBAN+"|"+purpose+"\n"); n != 1 {
		t.Errorf("AqBanking's statement shows the transfer %d times, want once:\n%s", n, stmt)
	}

	// A name that does not match: refused before any TAN, nothing booked.
	const wrongPurpose = "AqBanking falscher Name"
	out = aq.run(ctx, 0, "aqbanking-cli", "sepatransfer", "-c", aq.file("refused.ctx"), "--aid="+aid,
		"--riban="+pErika.IBAN, "--rname=Hans Meier", "--value=1.00:EUR", "--purpose="+wrongPurpose)
	if st := aq.transferStatus(ctx, "refused.ctx"); st != "rejected" || !strings.Contains(out, "9076") {
		t.Errorf("wrong payee name: AqBanking status %q, want rejected with 9076:\n%s", st, out)
	}
	if n := len(bookingsWith(t, bank, giro.IBAN, wrongPurpose)); n != 0 {
		t.Errorf("the refused transfer was booked %d times", n)
	}
	t.Logf("AqBanking %s: setup, balance, transfer with TAN, statement and a refusal in %v, %d requests to the bank",
		version, time.Since(start).Round(time.Millisecond), bank.Requests())
}

// aqBanking runs the AqBanking tools with a private config folder and
// types TANs as the bank sends them.
type aqBanking struct {
	t    *testing.T
	bank *Bank
	dir  string
	out  bytes.Buffer // every command and its output, for failures
}

func newAqBanking(t *testing.T, bank *Bank) *aqBanking {
	a := &aqBanking{t: t, bank: bank, dir: t.TempDir()}
	// The demo PIN is published; AqBanking reads PINs from such a file.
	pins := fmt.Sprintf("PIN_%s_%s = %q\n", BankCode, DemoUser, DemoPIN)
	if err := os.WriteFile(a.file("pins"), []byte(pins), 0o600); err != nil {
		t.Fatal(err)
	}
	return a
}

func (a *aqBanking) file(name string) string { return filepath.Join(a.dir, name) }

// run runs one command and returns its output; it fails the test when
// the command fails or when it did not take exactly tans TANs. Commands
// that take a TAN run interactive (AqBanking refuses TAN input with -n):
// when the prompt appears, the TAN the bank sent is typed on stdin, as a
// person types it from the SMS. Not earlier: while it talks to the bank,
// AqBanking reads stdin for an abort key and would swallow a digit. The
// other commands get no stdin, so an unexpected prompt ends them instead
// of hanging.
func (a *aqBanking) run(ctx context.Context, tans int, tool string, args ...string) string {
	a.t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	argv := append([]string{tool, "-D", a.file("config"), "-P", a.file("pins")}, args...)
	if tans > 0 {
		// The prompt goes to stdout, which a pipe would hold back.
		argv = append([]string{"stdbuf", "-o0", "-e0"}, argv...)
	}
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8", "LANG=C.UTF-8")
	out := &promptWatcher{prompts: make(chan struct{}, 16)}
	cmd.Stdout, cmd.Stderr = out, out
	typed, stop := 0, func() {}
	if tans > 0 {
		stdin, err := cmd.StdinPipe()
		if err != nil {
			a.t.Fatal(err)
		}
		_, lastRef := a.bank.LastTAN(DemoUser)
		done := make(chan struct{})
		var typing sync.WaitGroup
		var once sync.Once
		stop = func() { once.Do(func() { close(done); typing.Wait() }) }
		defer stop()
		typing.Add(1)
		go func() {
			defer typing.Done()
			defer stdin.Close()
			typed = a.typeTANs(stdin, out.prompts, lastRef, done)
		}()
	}
	err := cmd.Run()
	stop()
	text := out.String()
	fmt.Fprintf(&a.out, "$ %s %s\n%s\n", tool, strings.Join(args, " "), aqNoise.ReplaceAllString(text, ""))
	if err != nil {
		a.t.Fatalf("%s %s: %v (its output is logged below)", tool, strings.Join(args, " "), errors.Join(err, ctx.Err()))
	}
	if typed != tans {
		a.t.Fatalf("%s %s: %d TANs typed, want %d", tool, strings.Join(args, " "), typed, tans)
	}
	return text
}

// typeTANs answers each TAN prompt with the TAN of the bank's newest
// challenge, until done.
func (a *aqBanking) typeTANs(w io.Writer, prompts <-chan struct{}, lastRef string, done <-chan struct{}) int {
	typed := 0
	for {
		select {
		case <-done:
			return typed
		case <-prompts:
		}
		// The challenge came before the prompt; the wait is a safety net.
		deadline := time.Now().Add(5 * time.Second)
		tan, ref := a.bank.LastTAN(DemoUser)
		for (ref == lastRef || tan == "") && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
			tan, ref = a.bank.LastTAN(DemoUser)
		}
		if ref == lastRef || tan == "" {
			return typed // a prompt without a challenge: run reports the count
		}
		lastRef = ref
		if _, err := io.WriteString(w, tan+"\n"); err != nil {
			return typed // the tool ended; run reports its output
		}
		typed++
	}
}

// tanPrompt is what AqBanking's console UI prints when it waits for
// input (the TAN is the only input these commands ask for).
const tanPrompt = "Input: "

// promptWatcher collects a tool's output and signals each new prompt.
type promptWatcher struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	seen    int
	prompts chan struct{}
}

func (p *promptWatcher) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.buf.Write(b)
	for n := strings.Count(p.buf.String(), tanPrompt); p.seen < n; p.seen++ {
		select {
		case p.prompts <- struct{}{}:
		default: // nobody types for this command; run reports it
		}
	}
	return len(b), nil
}

func (p *promptWatcher) String() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.buf.String()
}

// match returns the first submatch of re in s or fails.
func (a *aqBanking) match(s, re, what string) string {
	a.t.Helper()
	m := regexp.MustCompile(re).FindStringSubmatch(s)
	if m == nil {
		a.t.Fatalf("AqBanking output lacks %s (%s):\n%s", what, re, s)
	}
	return m[1]
}

// balance fetches the booked balance of an account with AqBanking.
func (a *aqBanking) balance(ctx context.Context, aid string) money.Amount {
	a.t.Helper()
	f := a.file("balance-" + time.Now().Format("150405.000000") + ".ctx")
	a.run(ctx, 0, "aqbanking-cli", "-n", "request", "--balance", "-c", f, "--aid="+aid)
	s := a.match(a.run(ctx, 0, "aqbanking-cli", "listbal", "-c", f, "-bt", "booked", "-T", `$(valueAsString)|`), `(?m)^(-?[0-9.]+)\|`, "a booked balance")
	v, err := money.Parse(s)
	if err != nil {
		a.t.Fatalf("AqBanking balance %q: %v", s, err)
	}
	return v
}

// transferStatus is the status AqBanking recorded for the transfer in a
// context file ("accepted", "rejected", …).
func (a *aqBanking) transferStatus(ctx context.Context, ctxFile string) string {
	a.t.Helper()
	out := a.run(ctx, 0, "aqbanking-cli", "listtrans", "-c", a.file(ctxFile), "-tt", "transfer", "-T", `status=$(status)|`)
	return a.match(out, `status=(\w*)\|`, "a transfer status")
}

// aqNoise is AqBanking's complaint, on every start, that it found no
// settings of older versions in the home folder.
var aqNoise = regexp.MustCompile(`(?m)^.*banking_update\.c.*\n`)

func bookedBalance(t *testing.T, b *Bank, iban string) money.Amount {
	t.Helper()
	bal, err := b.Ledger().Balance(iban)
	if err != nil {
		t.Fatal(err)
	}
	return bal.Booked.Amount
}

// bookingsWith returns today's bookings on iban with this purpose.
func bookingsWith(t *testing.T, b *Bank, iban, purpose string) []statement.Booking {
	t.Helper()
	r, err := b.Ledger().Bookings(iban, b.Ledger().Today(), statement.Date{})
	if err != nil {
		t.Fatal(err)
	}
	var found []statement.Booking
	for _, bk := range r.Booked {
		if bk.Purpose == purpose {
			found = append(found, bk)
		}
	}
	return found
}

// guardAqBankingHome keeps the test away from a real AqBanking setup.
// AqBanking looks at ~/.aqbanking whatever -D says (gwenhywfar takes the
// home folder from the passwd entry, not $HOME): it creates the empty
// folders settings and settings6 there, and copies settings (AqBanking 5)
// to settings6 when only the former holds users. The test refuses to run
// in that one case and removes the empty folders it caused.
func guardAqBankingHome(t *testing.T) {
	home, err := os.UserHomeDir()
	if err != nil {
		return // no home folder: nothing to protect
	}
	root := filepath.Join(home, ".aqbanking")
	_, errOld := os.Stat(filepath.Join(root, "settings", "users"))
	_, errNew := os.Stat(filepath.Join(root, "settings6", "users"))
	if errOld == nil && errNew != nil {
		needTool(t, false, "~/.aqbanking/settings holds an AqBanking 5 setup that AqBanking 6 would migrate on its first run; run AqBanking once yourself first")
	}
	var created []string
	for _, d := range []string{filepath.Join(root, "settings6"), filepath.Join(root, "settings"), root} {
		if _, err := os.Stat(d); errors.Is(err, os.ErrNotExist) {
			created = append(created, d)
		}
	}
	t.Cleanup(func() {
		for _, d := range created {
			_ = os.Remove(d) // only empty folders go; anything else stays
		}
	})
}

// syncWriter collects the bank's log, which its handlers write while the
// test reads it.
type syncWriter struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *syncWriter) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}
