package cli

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"saldo/fints/demobank"
	"saldo/fints/wire"
)

// syncBuffer is a bytes.Buffer safe for a writer and a reader goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// demoBankCmd runs `saldo demo-bank` with args in the background until
// stop, which returns its exit code.
func demoBankCmd(t *testing.T, args ...string) (url string, out *syncBuffer, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, errOut := &syncBuffer{}, &syncBuffer{}
	env := &Env{Stdin: strings.NewReader(""), Stdout: out, Stderr: errOut, Getenv: func(string) string { return "" }}
	done := make(chan int, 1)
	go func() { done <- Run(ctx, env, append([]string{"demo-bank", "--listen", "127.0.0.1:0"}, args...)) }()
	stop = func() int {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("demo-bank exit code %d, stderr %q", code, errOut.String())
			}
			return code
		case <-time.After(10 * time.Second):
			t.Fatal("demo-bank did not stop when its context ended")
		}
		return -1
	}
	urlRE := regexp.MustCompile(`URL\s+(http://127\.0\.0\.1:\d+/fints)`)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := urlRE.FindStringSubmatch(out.String()); m != nil {
			return m[1], out, stop
		}
	}
	stop()
	t.Fatalf("no URL printed; stdout %q, stderr %q", out.String(), errOut.String())
	return "", nil, nil
}

func TestDemoBankCommandServes(t *testing.T) {
	url, out, stop := demoBankCmd(t, "--seed", "7")
	for _, want := range []string{demobank.BankCode, "user demo ", "user demo100k", "PIN " + demobank.DemoPIN, "946 Demo-App",
		"Try it:   saldo transactions --no-vault --url " + url + " --blz " + demobank.BankCode + " --user " + demobank.DemoUser} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}

	// An anonymous dialog initialisation gets the bank parameters.
	msg, err := wire.NewAnonymous(wire.Head{DialogID: "0", Number: 1},
		wire.NewSegment("HKIDN", 2, wire.S("280", demobank.BankCode), wire.S("9999999999"), wire.S("0"), wire.S("0")),
		wire.NewSegment("HKVVB", 3, wire.N(0), wire.N(0), wire.N(0), wire.S("SALDOTEST"), wire.S("1")))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := msg.Bytes()
	resp, err := http.Post(url, "text/plain", strings.NewReader(base64.StdEncoding.EncodeToString(raw)))
	if err != nil {
		t.Fatalf("POST: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	ans, err := base64.StdEncoding.DecodeString(string(body))
	if err != nil {
		t.Fatal(err)
	}
	r, err := wire.ParseResponse(ans)
	if err != nil || r.Find("HIBPA") == nil {
		t.Errorf("anonymous init: %v, err %v", r, err)
	}

	if strings.Contains(out.String(), "Faults") {
		t.Errorf("faults listed although none is on:\n%s", out.String())
	}
	stop()
}

// TestDemoBankCommandFaults: --drop-after-payment executes the next
// payment and drops its answer, so a transfer made exactly as the banner
// suggests (no product ID: the demo bank's default) ends "unknown" while
// the money has left the account.
func TestDemoBankCommandFaults(t *testing.T) {
	url, out, stop := demoBankCmd(t, "--drop-after-payment", "1")
	defer stop()
	if want := "Faults  the answers to the next 1 payment(s) are dropped after execution"; !strings.Contains(out.String(), want) {
		t.Errorf("banner lacks %q:\n%s", want, out.String())
	}
	ledger := demobank.NewLedger(demobank.LedgerOptions{})
	accts, _ := ledger.Accounts(demobank.DemoUser)
	cache := t.TempDir()
	run := func(args ...string) (string, string, int) {
		var errs syncBuffer
		var stdout bytes.Buffer
		env := &Env{Stdin: tansFromChallenges(t, &errs, demobank.DemoPIN), Stdout: &stdout, Stderr: &errs,
			Getenv: func(k string) string {
				if k == "XDG_CACHE_HOME" {
					return cache
				}
				return ""
			}}
		code := Run(context.Background(), env, append([]string{args[0], "--no-vault", "--url", url, "--blz", demobank.BankCode,
			"--user", demobank.DemoUser, "--pin-stdin", "--tan-method", demobank.MethodSMS, "--timeout", "30s"}, args[1:]...))
		return stdout.String(), errs.String(), code
	}
	out1, errs, code := run("transfer", "--from", accts[0].IBAN, "--to", erikaIBAN(), "--name", "Erika Mustermann", "--amount", "7.77")
	if code != 1 || !strings.Contains(out1, "unknown") || !strings.Contains(errs, "the outcome is unknown") {
		t.Fatalf("exit %d\nout: %s\nerr: %s", code, out1, errs)
	}
	if strings.Contains(errs, "9078") {
		t.Errorf("the demo bank's product ID default was not used:\n%s", errs)
	}
	// The bank did execute it: the debit is in today's bookings.
	today := ledger.Today().String()
	out2, errs, code := run("transactions", "--account", accts[0].IBAN, "--from", today, "--json")
	if code != 0 || !strings.Contains(out2, `"amount": "-7.77"`) {
		t.Errorf("the dropped payment is not booked: exit %d\nout: %s\nerr: %s", code, out2, errs)
	}
}

func TestDemoBankCommandFaultFlagsChecked(t *testing.T) {
	var out, errOut bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
	if code := Run(context.Background(), env, []string{"demo-bank", "--drop", "-1"}); code != 2 || !strings.Contains(errOut.String(), "--drop must not be negative") {
		t.Errorf("exit %d, stderr %q", code, errOut.String())
	}
}

// tansFromChallenges is stdin for a person at the demo bank: the PIN, then
// every TAN the challenge texts on stderr show ("Die TAN lautet …").
func tansFromChallenges(t *testing.T, stderr *syncBuffer, pin string) io.Reader {
	r, w := io.Pipe()
	tanRE := regexp.MustCompile(`TAN lautet (\d+)`)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(func() { cancel(); w.Close() })
	go func() {
		fmt.Fprintln(w, pin)
		sent := 0
		for ctx.Err() == nil {
			tans := tanRE.FindAllStringSubmatch(stderr.String(), -1)
			for ; sent < len(tans); sent++ {
				if _, err := fmt.Fprintln(w, tans[sent][1]); err != nil {
					return
				}
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	return r
}

func TestDemoBankCommandRefusesPublicAddresses(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:3000", "192.168.1.10:3000", ":3000", "example.org:80", "nonsense"} {
		var out, errOut bytes.Buffer
		env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
		if code := Run(context.Background(), env, []string{"demo-bank", "--listen", addr}); code != 2 {
			t.Errorf("%s: exit code %d, want 2", addr, code)
		}
		if !strings.Contains(errOut.String(), "loopback") && !strings.Contains(errOut.String(), "HOST:PORT") {
			t.Errorf("%s: error does not explain: %q", addr, errOut.String())
		}
	}
}
