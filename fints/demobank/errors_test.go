package demobank

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"saldo/fints/secret"
	"saldo/fints/wire"
)

func TestDecoupledLogin(t *testing.T) {
	_, clock, url := srvBank(t, Options{ApproveAfter: 5 * time.Second})
	c := srvClient(t, url)
	c.synchronise()

	c.function = MethodDecoupled
	resp := c.init()
	mustCodes(t, resp, "3955")
	ref := resp.Find("HITAN").Str(4)
	for i := 0; i < 2; i++ {
		resp = c.tanStep("S", ref, "")
		mustCodes(t, resp, "3956")
		if s := resp.Find("HITAN"); s == nil || s.Str(2) != "S" || s.Str(4) != ref {
			t.Fatalf("poll answer HITAN %v", s)
		}
		clock.Advance(2 * time.Second)
	}
	clock.Advance(time.Second)
	resp = c.tanStep("S", ref, "")
	mustCodes(t, resp, "0900", "0020")
	if resp.Find("HIUPA") == nil {
		t.Error("no UPD after the approval")
	}
	// The task is used up.
	resp = c.tanStep("S", ref, "")
	mustCodes(t, resp, "9210")
	c.end()
}

func TestDecoupledHookAndRejection(t *testing.T) {
	b, _, url := srvBank(t, Options{ApproveAfter: -1})
	c := srvClient(t, url)
	c.synchronise()
	c.function = MethodDecoupled

	resp := c.init()
	ref := resp.Find("HITAN").Str(4)
	mustCodes(t, c.tanStep("S", ref, ""), "3956")
	if !b.RejectDecoupled("") {
		t.Fatal("no task to reject")
	}
	mustCodes(t, c.tanStep("S", ref, ""), "9941")
	c.end()

	resp = c.init()
	ref = resp.Find("HITAN").Str(4)
	if !b.ApproveDecoupled(ref) {
		t.Fatal("approval hook found no task")
	}
	mustCodes(t, c.tanStep("S", ref, ""), "0900")
	c.end()
}

func TestWrongTANThenRight(t *testing.T) {
	b, _, url := srvBank(t, Options{})
	c := srvClient(t, url)
	c.synchronise()
	c.function = MethodChipTAN
	resp := c.init()
	mustCodes(t, resp, "0030")
	hitan := resp.Find("HITAN")
	if len(hitan.Bin(6)) == 0 {
		t.Fatal("chipTAN challenge without HHD_UC")
	}
	ref := hitan.Str(4)
	mustCodes(t, c.tanStep("2", ref, "000000"), "9941")
	tan, _ := b.LastTAN(DemoUser)
	mustCodes(t, c.tanStep("2", ref, tan), "0900")
	c.end()
}

func TestTANExpiry(t *testing.T) {
	b, clock, url := srvBank(t, Options{TANValidity: time.Minute, DialogTimeout: time.Hour})
	c := srvClient(t, url)
	c.synchronise()
	c.function = MethodSMS
	resp := c.init()
	ref := resp.Find("HITAN").Str(4)
	clock.Advance(2 * time.Minute)
	tan, _ := b.LastTAN(DemoUser)
	mustCodes(t, c.tanStep("2", ref, tan), "9951")
}

func TestPINFailuresLock(t *testing.T) {
	b, _, url := srvBank(t, Options{})
	c := srvClient(t, url)
	c.function = OneStep
	c.pin = "99999"
	for i := 1; i <= maxPINFailures; i++ {
		resp := c.init(wire.NewSegment("HKSYN", 3, wire.S("0")))
		mustCodes(t, resp, "9800", "9942")
		if i == maxPINFailures {
			mustCodes(t, resp, "9931")
		}
		if resp.Signed {
			t.Error("rejection answer is signed; the abort message is unwrapped")
		}
	}
	c.pin = DemoPIN
	mustCodes(t, c.init(wire.NewSegment("HKSYN", 3, wire.S("0"))), "9931")
	if !b.Locked(DemoUser) {
		t.Error("user not locked")
	}
	b.Unlock(DemoUser)
	mustCodes(t, c.init(wire.NewSegment("HKSYN", 3, wire.S("0"))), "0020")
}

func TestEnvelopeAndDialogErrors(t *testing.T) {
	b, clock, url := srvBank(t, Options{})
	open := func() *tclient {
		c := srvClient(t, url)
		c.login(b)
		return c
	}
	t.Run("wrong size", func(t *testing.T) {
		c := open()
		c.msg++
		out, _ := wire.NewSigned(wire.Head{DialogID: c.dialog, Number: c.msg},
			wire.Security{BankCode: BankCode, UserID: c.user, SystemID: c.sysID, Function: c.function, PIN: secret.New(DemoPIN)},
			wire.NewSegment("HKEND", 1, wire.S(c.dialog)))
		raw, _ := out.Bytes()
		raw = bytes.Replace(raw, []byte(fmt.Sprintf("%012d", len(raw))), []byte(fmt.Sprintf("%012d", len(raw)+1)), 1)
		resp := c.parse(srvPost(t, url, raw))
		mustCodes(t, resp, "9800", "9110")
	})
	t.Run("wrong message number", func(t *testing.T) {
		c := open()
		c.msg += 5
		mustCodes(t, c.end(), "9800", "9120")
	})
	t.Run("unknown dialog", func(t *testing.T) {
		c := open()
		c.dialog = "NoSuchDialog42"
		mustCodes(t, c.end(), "9800", "9010")
	})
	t.Run("ended dialog", func(t *testing.T) {
		c := open()
		id := c.dialog
		c.end()
		c.dialog, c.msg = id, 2
		mustCodes(t, c.end(), "9800")
	})
	t.Run("timeout", func(t *testing.T) {
		c := open()
		clock.Advance(11 * time.Minute)
		mustCodes(t, c.end(), "9800", "9010")
	})
	t.Run("unknown system ID", func(t *testing.T) {
		c := srvClient(t, url)
		c.sysID = "NotIssuedByTheBank"
		mustCodes(t, c.init(), "9800", "9391")
	})
	t.Run("method not allowed", func(t *testing.T) {
		c := open()
		c.end()
		c.function = "945"
		resp := c.init()
		mustCodes(t, resp, "9800", "9380", "3920")
	})
	t.Run("init without HKTAN", func(t *testing.T) {
		c := open()
		c.end()
		c.msg = 0
		c.dialog = "0"
		resp := c.send(
			wire.NewSegment("HKIDN", 2, wire.S("280", BankCode), wire.S(c.user), wire.S(c.sysID), wire.S("1")),
			wire.NewSegment("HKVVB", 3, wire.N(c.bpd), wire.N(c.upd), wire.N(0), wire.S("SALDOTEST"), wire.S("0.1")))
		mustCodes(t, resp, "9800", "9075")
	})
	t.Run("job without HKTAN", func(t *testing.T) {
		c := open()
		accts, _ := b.Ledger().Accounts(DemoUser)
		resp := c.send(wire.NewSegment("HKSAL", 7, wire.KTI{IBAN: accts[0].IBAN, BIC: BankBIC}.DE(), wire.S("N")))
		mustCodes(t, resp, "9050", "9075")
		if resp.Find("HISAL") != nil {
			t.Error("balance delivered without HKTAN")
		}
		mustCodes(t, c.end(), "0100")
	})
	t.Run("foreign account", func(t *testing.T) {
		c := open()
		resp := c.send(wire.NewSegment("HKSAL", 7, wire.KTI{IBAN: "DE02120300000000202051", BIC: "BYLADEM1001"}.DE(), wire.S("N")),
			wire.NewSegment("HKTAN", 7, wire.S("4"), wire.S("HKSAL")))
		if cs := codesFor(resp, 3); !cs.Has("9210") || cs[0].Ref != "2" {
			t.Errorf("codes for HKSAL: %v", cs)
		}
	})
	t.Run("unknown touchdown", func(t *testing.T) {
		c := open()
		accts, _ := b.Ledger().Accounts(DemoUser)
		resp := c.send(wire.NewSegment("HKKAZ", 7, wire.KTI{IBAN: accts[0].IBAN, BIC: BankBIC}.DE(), wire.S("N"),
			nil, nil, nil, wire.S("made-up")), wire.NewSegment("HKTAN", 7, wire.S("4"), wire.S("HKKAZ")))
		mustCodes(t, resp, "9210")
	})
	t.Run("not base64", func(t *testing.T) {
		resp, err := wire.ParseResponse(srvPostRaw(t, url, "this is not base64!"))
		if err != nil || !resp.Codes.Has("9110") {
			t.Errorf("answer %v, %v", resp, err)
		}
	})
}

// srvPostRaw posts body as it is (not base64-encoded) and decodes the
// base64 answer.
func srvPostRaw(t *testing.T, url, body string) []byte {
	t.Helper()
	resp, err := http.Post(url, "text/plain", strings.NewReader(body))
	if err != nil {
		t.Fatalf("POST: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	out, err := base64.StdEncoding.DecodeString(string(b))
	if err != nil {
		t.Fatalf("answer is not base64: %v", err)
	}
	return out
}
