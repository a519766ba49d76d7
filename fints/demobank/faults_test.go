package demobank

import (
	"bytes"
	"encoding/base64"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"saldo/fints/secret"
	"saldo/fints/wire"
)

// rawSend builds a signed message for c without sending it.
func (c *tclient) build(jobs ...*wire.Segment) []byte {
	c.t.Helper()
	c.msg++
	out, err := wire.NewSigned(wire.Head{DialogID: c.dialog, Number: c.msg},
		wire.Security{BankCode: BankCode, UserID: c.user, SystemID: c.sysID, Function: c.function, PIN: secret.New(c.pin)}, jobs...)
	if err != nil {
		c.t.Fatal(err)
	}
	raw, _ := out.Bytes()
	return raw
}

func TestFaultDropBeforeAndAfter(t *testing.T) {
	b, _, c := loggedIn(t, Options{})
	accts, _ := b.Ledger().Accounts(DemoUser)
	bal := wire.NewSegment("HKSAL", 7, wire.KTI{IBAN: accts[0].IBAN, BIC: BankBIC}.DE(), wire.S("N"))
	tan := wire.NewSegment("HKTAN", 7, wire.S("4"), wire.S("HKSAL"))

	// Dropped before processing: the message never arrived, so the
	// client may send the same message number again.
	b.SetFaults(Faults{Drop: 1})
	raw := c.build(bal, tan)
	if _, err := http.Post(c.url, "text/plain", strings.NewReader(base64.StdEncoding.EncodeToString(raw))); err == nil {
		t.Fatal("connection not dropped")
	}
	resp := c.parse(srvPost(t, c.url, raw))
	mustNoErrors(t, resp)

	// Dropped after processing: the bank counted the message, a resend
	// with the same number is out of sequence.
	b.SetFaults(Faults{DropAfter: 1})
	raw = c.build(bal, tan)
	if _, err := http.Post(c.url, "text/plain", strings.NewReader(base64.StdEncoding.EncodeToString(raw))); err == nil {
		t.Fatal("connection not dropped")
	}
	resp = c.parse(srvPost(t, c.url, raw))
	mustCodes(t, resp, "9800", "9120")
	if f := b.Faults(); f.Drop != 0 || f.DropAfter != 0 {
		t.Errorf("switches not used up: %+v", f)
	}
}

func TestFaultAbortResyncLock(t *testing.T) {
	b, _, c := loggedIn(t, Options{})
	b.SetFaults(Faults{Abort: 1})
	mustCodes(t, c.send(wire.NewSegment("HKSPA", 1)), "9800")
	if b.OpenDialogs() != 0 {
		t.Error("aborted dialog still open")
	}
	// The next dialog works again.
	mustCodes(t, c.init(), "3076")
	c.end()

	b.SetFaults(Faults{Resync: true})
	mustCodes(t, c.init(), "9800", "9391")
	c.sysID = "0"
	c.login(b) // new synchronisation, and the new ID needs SCA again
	c.end()

	b.SetFaults(Faults{Lock: []string{DemoUser}})
	mustCodes(t, c.init(), "9800", "9931")
	b.Unlock(DemoUser)
	mustCodes(t, c.init(), "3076")
	c.end()
}

func TestFaultLatency(t *testing.T) {
	b, _, url := srvBank(t, Options{Faults: Faults{Latency: 50 * time.Millisecond}})
	c := srvClient(t, url)
	c.user = ""
	start := time.Now()
	c.init()
	// Not a timing assertion on the bank's speed: it checks the switch
	// delays at least as long as configured.
	if d := time.Since(start); d < 50*time.Millisecond {
		t.Errorf("answer after %v despite 50ms latency", d)
	}
	b.SetFaults(Faults{})
	c.end()
}

func TestLogsNeverShowPINOrTAN(t *testing.T) {
	const pin = "CANARY-PIN-7319"
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	b, _, url := srvBank(t, Options{Logger: logger, Logins: []LoginOptions{{UserID: DemoUser, PIN: pin}}})
	c := srvClient(t, url)
	c.pin = pin
	c.login(b)
	accts, _ := b.Ledger().Accounts(DemoUser)
	c.send(wire.NewSegment("HKKAZ", 7, wire.KTI{IBAN: accts[0].IBAN, BIC: BankBIC}.DE(), wire.S("N")),
		wire.NewSegment("HKTAN", 7, wire.S("4"), wire.S("HKKAZ")))
	tan, ref := b.LastTAN(DemoUser)
	c.tanStep("2", ref, "111111") // a wrong one, too
	c.tanStep("2", ref, tan)
	c.end()
	c.pin = "WRONG-PIN-0000"
	c.init()
	if logs.Len() == 0 {
		t.Fatal("nothing logged")
	}
	for _, secret := range []string{pin, tan, "111111", "WRONG-PIN-0000"} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("log contains %q:\n%s", secret, logs.String())
		}
	}
}
