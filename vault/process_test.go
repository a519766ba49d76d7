package vault

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"saldo/fints/statement"
)

// Tests that need a second process re-run this test binary with
// SALDO_VAULT_HELPER set; TestMain then plays the other saldo.
const helperEnv = "SALDO_VAULT_HELPER"

func TestMain(m *testing.M) {
	if mode := os.Getenv(helperEnv); mode != "" {
		os.Exit(runHelper(mode, os.Getenv("SALDO_VAULT_PATH")))
	}
	os.Exit(m.Run())
}

func runHelper(mode, path string) int {
	v, err := Open(path, pass(testPass))
	if err != nil {
		fmt.Println("error", err)
		return 1
	}
	defer v.Close()
	switch mode {
	case "hold":
		fmt.Println("ready")
		io.Copy(io.Discard, os.Stdin) // hold the vault until the parent closes stdin
	case "write":
		k := NewLoginKey("12030000", "alice", "")
		fmt.Println("ready")
		for i := 0; ; i++ {
			list := make([]statement.Booking, 100)
			for j := range list {
				list[j] = booking(day(2020, 1, 1).AddDays(i), "-1.00", fmt.Sprintf("tx %d #%d", i, j))
			}
			if _, err := v.MergeBookings(k, acctA, list, nil); err != nil {
				fmt.Println("error", err)
				return 1
			}
			if err := v.PutState(k, []byte(fmt.Sprintf("state %d", i))); err != nil {
				fmt.Println("error", err)
				return 1
			}
			fmt.Println("ok", i) // everything of round i is committed
		}
	}
	return 0
}

func startHelper(t *testing.T, mode, path string) (*exec.Cmd, *bufio.Reader, io.WriteCloser) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+mode, "SALDO_VAULT_PATH="+path)
	stdin, _ := cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(out)
	line, err := r.ReadString('\n')
	if err != nil || strings.TrimSpace(line) != "ready" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("helper did not start: %q %v", line, err)
	}
	return cmd, r, stdin
}

func TestSecondProcessIsToldWhoHoldsTheVault(t *testing.T) {
	v, path := newVault(t)
	addLogin(t, v, "12030000", "alice", "DKB")
	v.Close()
	cmd, _, stdin := startHelper(t, "hold", path)

	start := time.Now()
	_, err := Open(path, pass(testPass))
	took := time.Since(start)
	var le *LockedError
	if !errors.As(err, &le) || !errors.Is(err, ErrLocked) {
		t.Fatalf("Open of a held vault = %v", err)
	}
	if le.PID != cmd.Process.Pid || !strings.Contains(err.Error(), "vault in use by process "+strconv.Itoa(cmd.Process.Pid)) {
		t.Errorf("error %q does not name process %d", err, cmd.Process.Pid)
	}
	if took > time.Second {
		t.Errorf("took %v to report the lock; want under a second", took)
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("helper: %v", err)
	}
	v2, err := Open(path, pass(testPass))
	if err != nil {
		t.Fatalf("Open after the other process quit: %v", err)
	}
	v2.Close()
}

// TestSIGKILLWhileWriting kills a writing process at random points and
// checks that every round it reported as committed is intact.
func TestSIGKILLWhileWriting(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	v, path := newVault(t)
	k := addLogin(t, v, "12030000", "alice", "DKB")
	v.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	committed := -1 // highest round known committed so far, over all kills
	for kill := range 25 {
		cmd, out, _ := startHelper(t, "write", path)
		time.AfterFunc(time.Duration(rng.IntN(80_000))*time.Microsecond, func() { cmd.Process.Signal(syscall.SIGKILL) })
		rounds := 0
		for {
			line, err := out.ReadString('\n')
			if err != nil {
				break
			}
			if strings.HasPrefix(line, "error") {
				t.Fatalf("kill %d: helper: %s", kill, line)
			}
			rounds++
		}
		cmd.Wait()

		v, err := Open(path, pass(testPass))
		if err != nil {
			t.Fatalf("kill %d: vault does not open: %v", kill, err)
		}
		if v.ReadOnly() != nil {
			t.Fatalf("kill %d: vault damaged: %v", kill, v.ReadOnly())
		}
		all, err := v.Bookings(k, acctA, statement.Date{}, statement.Date{})
		if err != nil {
			t.Fatalf("kill %d: %v", kill, err)
		}
		// Each helper run re-merges from round 0, so the number of distinct
		// rounds present must cover every round ever reported.
		have := map[string]bool{}
		for _, b := range all {
			have[b.Purpose] = true
		}
		if rounds > 0 {
			committed = max(committed, rounds-1)
		}
		for i := 0; i <= committed; i++ {
			for j := range 100 {
				if !have[fmt.Sprintf("tx %d #%d", i, j)] {
					t.Fatalf("kill %d: committed booking tx %d #%d lost", kill, i, j)
				}
			}
		}
		if len(all)%100 != 0 {
			t.Fatalf("kill %d: %d bookings: a round was half written", kill, len(all))
		}
		if committed >= 0 {
			if _, err := v.State(k); err != nil {
				t.Fatalf("kill %d: state: %v", kill, err)
			}
		}
		v.Close()
	}
	t.Logf("25 kills, %d rounds committed at most in one run", committed+1)
}
