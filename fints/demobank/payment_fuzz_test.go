package demobank

import (
	"os"
	"testing"
	"time"
	"unicode/utf8"

	"saldo/fints/money"
	"saldo/fints/pain"
	"saldo/fints/wire"
)

// FuzzPaymentOrder feeds arbitrary pain.001 documents to the payment
// handler as if they came in an HKCCS with HKTAN and HKVPP: it must not
// panic, must either accept the order or refuse it with error codes whose
// texts fit the 80 characters of a return code, and an accepted order must
// run (or be refused by the ledger) without breaking the bank.
func FuzzPaymentOrder(f *testing.F) {
	if b, err := os.ReadFile("../pain/testdata/guide-9.2-pain.001.001.09.xml"); err == nil {
		f.Add(b)
	}
	for _, v := range []pain.Version{pain.V09, pain.V03} {
		for _, tr := range []pain.Transfer{
			{DebtorName: "Max Mustermann", DebtorIBAN: maxGiro.IBAN, CreditorName: pErika.Name, CreditorIBAN: pErika.IBAN,
				Amount: money.MustParse("1.50"), Purpose: "Fuzz", EndToEndID: "E2E-1"},
			{DebtorName: "Max Mustermann", DebtorIBAN: maxGiro.IBAN, CreditorName: "Erika Musterman", CreditorIBAN: pErika.IBAN,
				Amount: money.MustParse("2"), ExecutionDate: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)},
		} {
			doc, err := pain.Marshal(v, tr)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(doc)
		}
	}
	now := time.Date(2025, time.October, 20, 10, 0, 0, 0, time.UTC)
	b := New(Options{Now: func() time.Time { return now }})
	u := b.users[DemoUser]
	f.Fuzz(func(t *testing.T, doc []byte) {
		b.mu.Lock()
		defer b.mu.Unlock()
		seg := payment("HKCCS", 1, doc)
		seg.Number = 3
		tan := wire.NewSegment("HKTAN", 7, wire.S("4"), wire.S("HKCCS"))
		tan.Number = 4
		vp := vpp.Clone()
		vp.Number = 5
		c := &msgCtx{b: b, d: &dialog{id: "F", user: u, ready: true, function: MethodSMS}, u: u,
			req: &wire.Request{Jobs: []*wire.Segment{seg, tan, vp}}, now: now, a: &answer{}}
		call, errs := preparePayment(c, seg)
		if (call == nil) == (len(errs) == 0) {
			t.Fatalf("call %v with codes %v", call != nil, errs)
		}
		for _, e := range errs {
			if !e.IsError() || utf8.RuneCountInString(e.Text) > 80 {
				t.Fatalf("refusal %v", e)
			}
		}
		if call == nil {
			return
		}
		if !call.sca || call.operation == "" {
			t.Fatalf("payment without SCA: %+v", call)
		}
		if len(call.hold) == 0 {
			res := call.run(c)
			for _, rc := range res.codes {
				if utf8.RuneCountInString(rc.Text) > 80 {
					t.Fatalf("code text too long: %v", rc)
				}
			}
		}
	})
}
