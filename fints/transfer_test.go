package fints

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"saldo/fints/bpd"
	"saldo/fints/money"
	"saldo/fints/pain"
	"saldo/fints/statement"
)

// stillClock is a clock standing at a fixed time.
type stillClock struct{ t time.Time }

func (c stillClock) Now() time.Time                                   { return c.t }
func (c stillClock) Sleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

// bankClient returns a client that knows the BPD of a real bank from the
// corpus (no network).
func bankClient(t *testing.T, file string, now time.Time) *Client {
	t.Helper()
	c, err := New(Config{URL: "https://fints.example.invalid/", BankCode: "12345678", UserID: "u", Clock: stillClock{now}})
	if err != nil {
		t.Fatal(err)
	}
	c.p.setBPD(corpusResponse(t, file).Body())
	if c.p.b == nil {
		t.Fatalf("%s: no BPD", file)
	}
	return c
}

func sampleTransfer() Transfer {
	return Transfer{
		From:       Account{IBAN: "DE87 1234 5678 1234 5678 90", BIC: "TESTDEFFXXX"},
		DebtorName: "Max Mustermann", ToName: "Erika Müller", ToIBAN: "DE21123456780000012345",
		Amount: money.MustParse("25.00"), Currency: "EUR", Purpose: "Rechnung 4711",
	}
}

// TestNewPaymentJobAndVersion checks job and pain.001 version choice
// against real BPD: Atruvia lists .09 (GBIC_4 spelling) and checks payees,
// DKB and Sparkasse list only .03, ING only the German .001.003.03.
func TestNewPaymentJobAndVersion(t *testing.T) {
	now := time.Date(2025, 10, 20, 10, 0, 0, 0, berlin)
	cases := []struct {
		file    string
		mod     func(*Transfer)
		job     string
		version pain.Version
		vop     bool
		err     error
		errText string
	}{
		{file: "atruvia_anonymous_init_response_full.bin", job: "HKCCS", version: pain.V09, vop: true},
		{file: "atruvia_anonymous_init_response_full.bin", mod: func(t *Transfer) { t.Instant = true }, job: "HKIPZ", version: pain.V09, vop: true},
		{file: "atruvia_anonymous_init_response_full.bin", mod: func(t *Transfer) { t.ExecutionDate = statement.NewDate(2025, 10, 25) },
			job: "HKCSE", version: pain.V09, vop: true},
		{file: "dkb_anonymous_init_response_full.bin", job: "HKCCS", version: pain.V03},
		{file: "dkb_anonymous_init_response_full.bin", mod: func(t *Transfer) { t.Instant = true }, job: "HKIPZ", version: pain.V03},
		{file: "ksk-miesbach_anonymous_init_response_full.bin", job: "HKCCS", version: pain.V03},
		{file: "ing_sync_response_full.bin", err: ErrNotSupported, errText: "pain.001.003.03"},
		{file: "volksbank-franken_bpd_response_full.bin", err: ErrNotSupported, errText: "pain.001.002.02"},
		{file: "consorsbank_anonymous_init_response_full.bin", mod: func(t *Transfer) { t.Instant = true }, err: ErrNotSupported, errText: "instant payment (HKIPZ)"},
		{file: "consorsbank_anonymous_init_response_full.bin", mod: func(t *Transfer) { t.ExecutionDate = statement.NewDate(2025, 10, 25) },
			err: ErrNotSupported, errText: "scheduled transfer (HKCSE)"},
		{file: "dkb_anonymous_init_response_full.bin", mod: func(t *Transfer) { t.ExecutionDate = statement.NewDate(2025, 10, 20) },
			err: pain.ErrInvalid, errText: "earliest date is 2025-10-21"},
		{file: "dkb_anonymous_init_response_full.bin", mod: func(t *Transfer) { t.ExecutionDate = statement.NewDate(2026, 10, 16) },
			err: pain.ErrInvalid, errText: "up to 360 days ahead (2026-10-15)"},
		{file: "dkb_anonymous_init_response_full.bin", mod: func(t *Transfer) { t.ExecutionDate = statement.NewDate(2026, 10, 15) },
			job: "HKCSE", version: pain.V03},
		{file: "dkb_anonymous_init_response_full.bin", mod: func(t *Transfer) { t.Instant, t.ExecutionDate = true, statement.NewDate(2025, 10, 25) },
			errText: "cannot have an execution date"},
		{file: "dkb_anonymous_init_response_full.bin", mod: func(t *Transfer) { t.ToIBAN = "DE21123456780000012346" }, err: pain.ErrInvalid, errText: "creditor IBAN"},
		{file: "dkb_anonymous_init_response_full.bin", mod: func(t *Transfer) { t.Amount = money.MustParse("0.001") }, err: pain.ErrInvalid, errText: "amount"},
		{file: "dkb_anonymous_init_response_full.bin", mod: func(t *Transfer) { t.DebtorName = "" }, err: pain.ErrInvalid, errText: "holder's name is unknown"},
		{file: "dkb_anonymous_init_response_full.bin", mod: func(t *Transfer) { t.From = Account{} }, err: pain.ErrInvalid, errText: "needs an IBAN"},
	}
	for _, tc := range cases {
		name := strings.SplitN(tc.file, "_", 2)[0] + "/" + tc.job + tc.errText
		t.Run(name, func(t *testing.T) {
			c := bankClient(t, tc.file, now)
			tr := sampleTransfer()
			if tc.mod != nil {
				tc.mod(&tr)
			}
			p, err := c.newPayment(tr)
			if tc.errText != "" {
				if err == nil || !strings.Contains(err.Error(), tc.errText) || (tc.err != nil && !errors.Is(err, tc.err)) {
					t.Fatalf("err = %v, want %v containing %q", err, tc.err, tc.errText)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.Job != tc.job || p.seg.ID != tc.job || p.VoPCheck != tc.vop {
				t.Fatalf("job = %s (segment %s), vop = %v", p.Job, p.seg.ID, p.VoPCheck)
			}
			if got := p.seg.Str(3); got != pain.Descriptor(tc.version) {
				t.Errorf("descriptor = %s, want %s", got, pain.Descriptor(tc.version))
			}
			doc, err := pain.Parse(p.seg.Bin(4))
			if err != nil {
				t.Fatal(err)
			}
			if err := doc.CheckSingle(p.seg.Str(3), "DE87123456781234567890"); err != nil {
				t.Fatalf("the bank would refuse the pain.001: %v", err)
			}
			got, err := doc.Transfer()
			if err != nil {
				t.Fatal(err)
			}
			if got.CreditorName != "Erika Mueller" || got.Amount != money.MustParse("25") || got.DebtorName != "Max Mustermann" {
				t.Errorf("pain transfer = %+v", got)
			}
			if doc.MsgID != p.MsgID || p.MsgID == "" {
				t.Errorf("MsgId %q not remembered (%q)", doc.MsgID, p.MsgID)
			}
			wantDate := pain.ASAP
			if tc.job == "HKCSE" {
				wantDate = tr.ExecutionDate.Time()
			}
			if !doc.Payments[0].ExecutionDate.Equal(wantDate) {
				t.Errorf("ReqdExctnDt = %v, want %v", doc.Payments[0].ExecutionDate, wantDate)
			}
			if tc.job == "HKIPZ" && doc.Payments[0].LocalInstrument != "INST" {
				t.Error("instant payment without LclInstrm INST")
			}
			if acct := p.seg.Group(2); acct.Str(1) != "DE87123456781234567890" {
				t.Errorf("debtor account element = %v", acct)
			}
		})
	}
}

// TestDebtorFromUPD takes the holder's name and BIC from the login's
// accounts and refuses jobs the UPD do not allow on the account.
func TestDebtorFromUPD(t *testing.T) {
	c := bankClient(t, "dkb_anonymous_init_response_full.bin", time.Date(2025, 10, 20, 10, 0, 0, 0, berlin))
	c.accounts = []Account{{IBAN: "DE87123456781234567890", BIC: "TESTDEFFXXX", Owner: "Maxi Muster", Jobs: []string{"HKSAL", "HKCCS"}}}
	tr := sampleTransfer()
	tr.DebtorName, tr.From = "", Account{IBAN: "de87123456781234567890"}
	p, err := c.newPayment(tr)
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := pain.Parse(p.seg.Bin(4))
	if doc.Payments[0].DebtorName != "Maxi Muster" || doc.Payments[0].DebtorBIC != "TESTDEFFXXX" {
		t.Errorf("debtor = %q %q", doc.Payments[0].DebtorName, doc.Payments[0].DebtorBIC)
	}
	tr.Instant = true
	c.p.u = &bpd.UPD{} // UPD usage 0: the account's job list counts
	if _, err := c.newPayment(tr); !errors.Is(err, ErrNotSupported) || !strings.Contains(err.Error(), "on account DE87123456781234567890") {
		t.Fatalf("instant payment on an account without HKIPZ in the UPD: %v", err)
	}
	c.p.u = nil // no UPD: the bank decides
	if _, err := c.newPayment(tr); err != nil {
		t.Fatalf("without UPD: %v", err)
	}
}
