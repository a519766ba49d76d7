package cli

import (
	"bytes"
	"context"
	"encoding/base64"
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

func TestDemoBankCommandServes(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	out, errOut := &syncBuffer{}, &syncBuffer{}
	env := &Env{Stdin: strings.NewReader(""), Stdout: out, Stderr: errOut, Getenv: func(string) string { return "" }}
	done := make(chan int)
	go func() { done <- Run(ctx, env, []string{"demo-bank", "--listen", "127.0.0.1:0", "--seed", "7"}) }()

	urlRE := regexp.MustCompile(`URL\s+(http://127\.0\.0\.1:\d+/fints)`)
	var url string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := urlRE.FindStringSubmatch(out.String()); m != nil {
			url = m[1]
			break
		}
	}
	if url == "" {
		cancel()
		t.Fatalf("no URL printed; stdout %q, stderr %q", out.String(), errOut.String())
	}
	for _, want := range []string{demobank.BankCode, "user demo ", "user demo100k", "PIN " + demobank.DemoPIN, "946 Demo-App"} {
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

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit code %d, stderr %q", code, errOut.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("demo-bank did not stop when its context ended")
	}
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
