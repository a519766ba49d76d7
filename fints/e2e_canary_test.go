package fints_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"saldo/fints"
	"saldo/fints/demobank"
	"saldo/fints/secret"
)

const canaryPIN = "CANARY-PIN-7319"

// TestE2ECanary runs a session with a recognisable PIN (login with TAN,
// statements older than 90 days with TAN, pause and resume, a wrong PIN)
// and asserts PIN and TANs appear nowhere: not in the trace, the errors,
// the state blob or the paused blob.
func TestE2ECanary(t *testing.T) {
	bank := startBank(t, demobank.Options{HideTANs: true, Logins: []demobank.LoginOptions{{UserID: demobank.DemoUser, PIN: canaryPIN, Methods: []string{demobank.MethodSMS}}}})
	var trace bytes.Buffer
	var leaks []string // everything that must not contain a credential
	var tans []string
	p := &canaryPrompter{bankPrompter: bankPrompter{bank: bank, user: demobank.DemoUser}, tans: &tans}
	cfg := config(bank, demobank.DemoUser, p)
	cfg.PIN = secret.New(canaryPIN)
	cfg.Trace = &trace
	c, err := fints.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := c.Open(ctx); err != nil {
		t.Fatal(err)
	}
	accounts, err := c.Accounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	today := bank.Ledger().Today()
	p.pause = true
	_, err = c.Transactions(ctx, today.AddDays(-200), today, accounts[0])
	if !errors.Is(err, fints.ErrPause) {
		t.Fatalf("err = %v, want ErrPause", err)
	}
	leaks = append(leaks, err.Error(), string(c.Deconstruct(true)))
	blob, err := c.Pause()
	if err != nil {
		t.Fatal(err)
	}
	leaks = append(leaks, string(blob))

	p.pause = false
	c2, _ := fints.New(cfg)
	pend, err := c2.Resume(blob)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pend.Complete(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c2.Close(ctx); err != nil {
		t.Fatal(err)
	}
	leaks = append(leaks, string(c2.Deconstruct(true)), string(c2.Deconstruct(false)))

	// A wrong PIN that contains the canary must not leak either.
	bad := cfg
	bad.PIN = secret.New(canaryPIN + "-WRONG")
	bad.State = c2.Deconstruct(true)
	c3, _ := fints.New(bad)
	_, err = c3.Balances(ctx)
	if !errors.Is(err, fints.ErrWrongPIN) {
		t.Fatalf("wrong PIN: %v", err)
	}
	leaks = append(leaks, err.Error(), fmtAll(err))

	if len(tans) < 3 {
		t.Fatalf("only %d TANs were used; the session should need several", len(tans))
	}
	leaks = append(leaks, trace.String())
	if !strings.Contains(trace.String(), "HNSHA") {
		t.Fatal("trace is empty")
	}
	for i, s := range leaks {
		if strings.Contains(s, canaryPIN) {
			t.Errorf("leak %d contains the PIN", i)
		}
		for _, tan := range tans {
			if strings.Contains(s, tan) {
				t.Errorf("leak %d contains TAN %s", i, tan)
			}
		}
	}
	for _, a := range accounts {
		if strings.Contains(trace.String(), a.IBAN) || strings.Contains(trace.String(), a.Number) {
			t.Errorf("trace contains account %s", a.IBAN)
		}
	}
}

func fmtAll(err error) string {
	var b strings.Builder
	for e := err; e != nil; e = errors.Unwrap(e) {
		b.WriteString(e.Error())
	}
	var fe *fints.Error
	if errors.As(err, &fe) && fe.Bank != nil {
		b.WriteString(fe.Bank.Error())
		for _, c := range fe.Bank.All {
			b.WriteString(c.String())
		}
	}
	return b.String()
}

// canaryPrompter records every TAN it hands out.
type canaryPrompter struct {
	bankPrompter
	tans *[]string
}

func (p *canaryPrompter) TAN(ctx context.Context, c fints.Challenge) (secret.Value, error) {
	v, err := p.bankPrompter.TAN(ctx, c)
	if err == nil {
		*p.tans = append(*p.tans, v.Reveal())
	}
	if p.pause {
		tan, _ := p.bank.LastTAN(p.user)
		*p.tans = append(*p.tans, tan)
	}
	return v, err
}
