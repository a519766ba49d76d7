package demobank

import (
	"strings"
	"testing"
	"time"

	"saldo/fints/statement"
)

// TestPaymentWithoutVoP: a payment from a client without Verification of
// Payee (no HKVPP, no HKVPA) is checked by the bank itself. A matching
// payee goes on to the TAN and is booked once; anything else is refused
// with 9076 before a challenge, nothing booked, and the registered name of
// a close match is not given away.
func TestPaymentWithoutVoP(t *testing.T) {
	cases := []struct {
		name   string
		job    string
		ver    int
		payee  string
		iban   string
		amount string
		delay  time.Duration // SetVoPDelay: a client without HKVPP cannot poll
		code   string        // "" = goes on to the TAN and executes
		text   string
	}{
		{name: "match", job: "HKCCS", ver: 1, payee: pErika.Name, iban: pErika.IBAN, amount: "12.34"},
		{name: "match, spelling of umlauts", job: "HKCCS", ver: 1, payee: "Juergen Weiss", iban: pJuergen.IBAN, amount: "3.21"},
		{name: "match, instant", job: "HKIPZ", ver: 2, payee: pErika.Name, iban: pErika.IBAN, amount: "4.56"},
		{name: "match while checks are slow", job: "HKCCS", ver: 1, payee: pErika.Name, iban: pErika.IBAN, amount: "7.89", delay: time.Minute},
		{name: "close match", job: "HKCCS", ver: 1, payee: "Erika Musterman", iban: pErika.IBAN, amount: "1.11", code: "9076", text: "Name weicht ab"},
		{name: "no match", job: "HKCCS", ver: 1, payee: "Hans Meier", iban: pErika.IBAN, amount: "1.12", code: "9076", text: "passt nicht zur IBAN"},
		{name: "not possible", job: "HKCCS", ver: 1, payee: "Hans Meier", iban: germanIBAN(bankDKB.blz, "0099887766"), amount: "1.13", code: "9076", text: "nicht möglich"},
		{name: "no match, instant", job: "HKIPZ", ver: 2, payee: "Hans Meier", iban: pErika.IBAN, amount: "1.14", code: "9076", text: "passt nicht"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b, _, url := srvBank(t, Options{})
			b.SetVoPDelay(tc.delay)
			c := payLogin(t, b, url)
			doc := painFor(t, tc.payee, tc.iban, tc.amount, statement.Date{}, "")
			resp := c.send(payment(tc.job, tc.ver, doc), hktan4(c, tc.job))
			if resp.Find("HIVPP") != nil {
				t.Errorf("HIVPP sent to a client that did not ask for a payee check: %v", resp.Find("HIVPP"))
			}
			if tc.code != "" {
				rc, ok := codesFor(resp, 3).Find(tc.code)
				if !ok || rc.Ref != "4" || !strings.Contains(rc.Text, tc.text) || !strings.Contains(rc.Text, "VoP") || len([]rune(rc.Text)) > 80 {
					t.Fatalf("codes %v, want %s ref 4 with %q and a hint to VoP (≤80 characters)", resp.Codes, tc.code, tc.text)
				}
				if strings.Contains(rc.Text, pErika.Name) {
					t.Errorf("the refusal gives the registered name away: %q", rc.Text)
				}
				if resp.Find("HITAN") != nil && resp.Find("HITAN").Str(4) != "" || !resp.Codes.Global().Has("9050") {
					t.Errorf("challenge or summary wrong: %v", resp.Codes)
				}
				if giroDebits(t, b, tc.amount) != 0 {
					t.Fatal("a refused order was booked")
				}
				return
			}
			mustNoErrors(t, resp)
			if !codesFor(resp, 4).Has("0030") || resp.Find("HITAN") == nil {
				t.Fatalf("no challenge: %v", resp.Codes)
			}
			if giroDebits(t, b, tc.amount) != 0 {
				t.Fatal("booked before the TAN")
			}
			tan, ref := b.LastTAN(DemoUser)
			resp = c.tanStep("2", ref, tan)
			mustNoErrors(t, resp)
			mustCodes(t, resp, "0020")
			if got := giroDebits(t, b, tc.amount); got != 1 {
				t.Fatalf("booked %d times, want once", got)
			}
			if started, _ := b.PayeeChecks(); started != 0 {
				t.Errorf("%d payee checks registered for VOP-IDs; a client without HKVPP can never release one", started)
			}
			// The same order again is a duplicate, as with HKVPP.
			resp = c.send(payment(tc.job, tc.ver, doc), hktan4(c, tc.job))
			if _, ok := codesFor(resp, 3).Find("9390"); !ok {
				t.Errorf("resent order: codes %v, want 9390", resp.Codes)
			}
		})
	}
}

// TestPaymentWithVoPUnchanged: the HKVPP flow is untouched by the rule
// for clients without VoP: a close match still waits for HKVPA (3945), it
// is not refused with 9076.
func TestPaymentWithVoPUnchanged(t *testing.T) {
	b, _, url := srvBank(t, Options{})
	c := payLogin(t, b, url)
	doc := painFor(t, "Erika Musterman", pErika.IBAN, "2.22", statement.Date{}, "")
	resp := c.send(payment("HKCCS", 1, doc), hktan4(c, "HKCCS"), vpp)
	if resp.Codes.Has(vopRequired) {
		t.Fatalf("9076 in the HKVPP flow: %v", resp.Codes)
	}
	if !codesFor(resp, 4).Has("3945") || !codesFor(resp, 5).Has("3090") {
		t.Fatalf("codes %v, want 3945 on HKTAN and 3090 on HKVPP", resp.Codes)
	}
}

func TestLegacyRefusalTexts(t *testing.T) {
	for _, m := range []VoPOutcome{VoPCloseMatch, VoPNoMatch, VoPNotPossible} {
		s := legacyRefusal(m)
		if n := len([]rune(s)); n > 80 {
			t.Errorf("%v: %q is %d characters, a return code text has 80", m, s, n)
		}
		if !strings.HasPrefix(s, "Namensabgleich erforderlich") {
			t.Errorf("%v: %q does not start with the text banks use for 9076", m, s)
		}
	}
}
