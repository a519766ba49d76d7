// Package e2e holds end-to-end tests of the built saldo binary in a real
// terminal (tmux).
package e2e

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Erika's account at another bank; the demo bank's payee check knows it.
const (
	erikaName = "Erika Mustermann"
	erikaIBAN = "DE50120300000018273645"
)

// TestTmuxDemo runs the built binary in tmux as a person would: the demo
// logs in by itself (the demo app approves the login), the person opens a
// statement, switches to SMS-TAN, sends a transfer typing the TAN the
// challenge shows, sees it executed and in the statement, quits, starts
// again on the same vault and finds accounts, balances and bookings —
// the new transfer included — on screen before any sync has finished.
//
// The second start runs a new demo bank that never saw the transfer, and
// its login waits for a TAN that is never typed, so whatever shows the
// transfer can only come from the vault.
func TestTmuxDemo(t *testing.T) {
	tm := newTmux(t)
	bin := buildSaldo(t)
	vault := filepath.Join(t.TempDir(), "demo.db")
	purpose := "e2e " + nonce() // only this run's transfer carries it
	start := time.Now()

	// First run: log in, statement, transfer with a TAN.
	tm.start("one", bin, "--demo", "--vault", vault)
	tm.waitFor("one", "· synced", 30*time.Second) // the demo app approves the login after 3 s
	accounts := tm.screen("one")
	for _, want := range []string{"Girokonto", "Tagesgeld", "Total EUR", "DEMO"} {
		if !strings.Contains(accounts, want) {
			t.Fatalf("accounts screen lacks %q:\n%s", want, accounts)
		}
	}
	tm.keys("one", "Enter")
	statement := tm.waitFor("one", "Counterparty", 10*time.Second)
	if !regexp.MustCompile(`\d\d\.\d\d\.\d{4} .* -?[\d.]+,\d\d €`).MatchString(statement) {
		t.Fatalf("the statement shows no bookings:\n%s", statement)
	}
	tm.keys("one", "Escape")
	tm.waitFor("one", "Total EUR", 10*time.Second)

	// SMS-TAN: the person types the TAN, which the demo prints in the
	// challenge. The method list has the current method (the app) last.
	tm.keys("one", "m")
	tm.waitFor("one", "SMS-TAN", 10*time.Second)
	tm.keys("one", "Up", "Enter")
	tm.waitFor("one", "now uses SMS-TAN", 10*time.Second)

	tm.keys("one", "t")
	tm.waitFor("one", "New SEPA transfer", 10*time.Second)
	tm.typeText("one", erikaName)
	tm.keys("one", "Tab")
	tm.typeText("one", erikaIBAN)
	tm.keys("one", "Tab", "Tab")
	tm.typeText("one", "12,34")
	tm.keys("one", "Tab")
	tm.typeText("one", purpose)
	tm.waitFor("one", "12,34 €", 10*time.Second) // the amount's preview: all typed
	// enter moves to the next field and, on the last one, reviews
	for range 4 {
		if strings.Contains(tm.screen("one"), "Send this transfer?") {
			break
		}
		tm.keys("one", "Enter")
		time.Sleep(150 * time.Millisecond)
	}
	tm.waitFor("one", "Send this transfer?", 10*time.Second)
	tm.keys("one", "y")
	challenge := tm.waitFor("one", "TAN required", 20*time.Second)
	tan := readTAN(t, challenge)
	// A prompt that opened by itself ignores keys for a moment (so keys
	// meant for the screen below do not answer it); a person reads first.
	time.Sleep(600 * time.Millisecond)
	tm.typeText("one", tan)
	tm.waitFor("one", strings.Repeat("•", len(tan)), 10*time.Second)
	tm.keys("one", "Enter")
	tm.waitFor("one", "Transfer accepted", 20*time.Second)

	tm.keys("one", "s")
	tm.waitFor("one", "Counterparty", 10*time.Second)
	after := tm.waitFor("one", purpose, 20*time.Second)
	if !regexp.MustCompile(regexp.QuoteMeta(erikaName) + `\s+` + regexp.QuoteMeta(purpose) + `\s+-12,34 €`).MatchString(after) {
		t.Fatalf("the statement lacks the transfer:\n%s", after)
	}
	tm.keys("one", "Escape")
	home := tm.waitFor("one", "Total EUR", 10*time.Second)
	balance := giroBalance(t, home)

	tm.keys("one", "q")
	if code := tm.exitCode("one", 30*time.Second); code != 0 {
		t.Fatalf("saldo exited with %d:\n%s", code, tm.screen("one"))
	}
	if _, err := os.Stat(vault); err != nil {
		t.Fatalf("the kept demo vault is gone: %v", err)
	}

	// Second run on the same vault.
	tm.start("two", bin, "--demo", "--vault", vault)
	first := tm.waitFor("two", "Girokonto", 10*time.Second)
	if !strings.Contains(first, "syncing") {
		t.Fatalf("the first screen of the second run is not from the cache (no sync running):\n%s", first)
	}
	if got := giroBalance(t, first); got != balance {
		t.Fatalf("cached balance %s, the first run ended with %s:\n%s", got, balance, first)
	}
	// The login asks for a TAN (SMS-TAN, kept in the vault); the person
	// cancels it and reads the cached statement instead.
	tm.waitFor("two", "TAN required", 20*time.Second)
	time.Sleep(600 * time.Millisecond)
	tm.keys("two", "Escape")
	tm.waitForGone("two", "TAN required", 10*time.Second)
	tm.keys("two", "Enter")
	tm.waitFor("two", "Counterparty", 10*time.Second)
	cached := tm.waitFor("two", purpose, 10*time.Second)
	if !strings.Contains(cached, "-12,34 €") {
		t.Fatalf("the cached statement lacks the transfer's amount:\n%s", cached)
	}
	tm.keys("two", "q")
	if code := tm.exitCode("two", 30*time.Second); code != 0 {
		t.Fatalf("the second run exited with %d:\n%s", code, tm.screen("two"))
	}
	t.Logf("both runs took %s", time.Since(start).Round(time.Millisecond))
}

// readTAN reads the TAN from the demo challenge ("Die TAN lautet 123456."),
// which may wrap inside the dialog's border.
func readTAN(t *testing.T, screen string) string {
	t.Helper()
	flat := strings.Join(strings.Fields(strings.ReplaceAll(screen, "│", " ")), " ")
	m := regexp.MustCompile(`TAN lautet (\d{4,8})`).FindStringSubmatch(flat)
	if m == nil {
		t.Fatalf("no TAN in the challenge:\n%s", screen)
	}
	return m[1]
}

// giroBalance is the balance on the Girokonto line of the accounts screen.
func giroBalance(t *testing.T, screen string) string {
	t.Helper()
	m := regexp.MustCompile(`Girokonto · Max Mustermann\s+DE91[\d ]+?\s{2,}(-?[\d.]+,\d\d €)`).FindStringSubmatch(screen)
	if m == nil {
		t.Fatalf("no Girokonto balance on screen:\n%s", screen)
	}
	return m[1]
}

func nonce() string {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	b := make([]byte, 8)
	rand.Read(b)
	for i := range b {
		b[i] = letters[int(b[i])%len(letters)]
	}
	return string(b)
}

// buildSaldo builds the binary under test into a temporary directory.
func buildSaldo(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "saldo")
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build saldo: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, goTool, "build", "-o", bin, ".")
	cmd.Dir = ".." // the module root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// tmux drives one private tmux server (its own socket, no config file).
type tmux struct {
	t      *testing.T
	socket string
}

func newTmux(t *testing.T) *tmux {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") == "" {
			t.Skip("tmux is not installed (under CI this test fails instead)")
		}
		t.Fatal("tmux is required under CI: install it")
	}
	tm := &tmux{t: t, socket: fmt.Sprintf("saldo-e2e-%d-%s", os.Getpid(), nonce())}
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", tm.socket, "kill-server").Run() })
	return tm
}

func (tm *tmux) run(args ...string) string {
	tm.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	all := append([]string{"-L", tm.socket, "-f", "/dev/null", "-u"}, args...)
	out, err := exec.CommandContext(ctx, "tmux", all...).CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// start runs a command in a new detached 100×30 session. The shell
// prints the exit status when it ends (tmux's own pane_dead_status is not
// always filled in) and the pane stays, so exitCode can read it.
func (tm *tmux) start(name string, argv ...string) {
	tm.t.Helper()
	quoted := make([]string, len(argv))
	for i, a := range argv {
		quoted[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	// NO_COLOR unset and a UTF-8 locale: the screen as most people see it.
	cmd := "unset NO_COLOR; LANG=C.UTF-8 LC_ALL=C.UTF-8 " + strings.Join(quoted, " ") + `; echo "saldo exited with $?"`
	tm.run("new-session", "-d", "-s", name, "-x", "100", "-y", "30", cmd, ";", "set-option", "-t", name, "remain-on-exit", "on")
}

func (tm *tmux) screen(name string) string {
	tm.t.Helper()
	return tm.run("capture-pane", "-p", "-t", name)
}

// keys sends named keys (Enter, Tab, Escape, Up, q …).
func (tm *tmux) keys(name string, keys ...string) {
	tm.t.Helper()
	tm.run(append([]string{"send-keys", "-t", name}, keys...)...)
}

// typeText types text literally.
func (tm *tmux) typeText(name, text string) {
	tm.t.Helper()
	tm.run("send-keys", "-t", name, "-l", text)
}

// waitFor polls the screen until it shows want and returns that screen.
func (tm *tmux) waitFor(name, want string, timeout time.Duration) string {
	tm.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		s := tm.screen(name)
		if strings.Contains(s, want) {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("after %s the screen does not show %q:\n%s", timeout, want, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (tm *tmux) waitForGone(name, gone string, timeout time.Duration) string {
	tm.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		s := tm.screen(name)
		if !strings.Contains(s, gone) {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("after %s the screen still shows %q:\n%s", timeout, gone, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// exitCode waits for the session's command to end and returns its status.
func (tm *tmux) exitCode(name string, timeout time.Duration) int {
	tm.t.Helper()
	// the shell's line, or tmux's own (the shell's is sometimes lost when
	// the app leaves the alternate screen)
	exited := regexp.MustCompile(`(?:saldo exited with|Pane is dead \(status) (\d+)`)
	deadline := time.Now().Add(timeout)
	for {
		s := tm.screen(name)
		if m := exited.FindStringSubmatch(s); m != nil {
			code, _ := strconv.Atoi(m[1])
			return code
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("saldo did not end within %s:\n%s", timeout, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
