package demobank

import (
	"bytes"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
	"time"

	"saldo/fints/money"
	"saldo/fints/pain"
	"saldo/fints/secret"
	"saldo/fints/statement"
	"saldo/fints/wire"
)

// Payment tests at the protocol level: raw messages in, the answer shapes
// and the ledger checked. The engine's view of the same flows is in
// fints/payment_e2e_test.go.

var (
	vpp = wire.NewSegment("HKVPP", 1, wire.S(statusReportURN))
)

// painFor writes a pain.001.001.09 document for a transfer from the demo
// Girokonto.
func painFor(t *testing.T, name, iban, amount string, date statement.Date, e2e string) []byte {
	t.Helper()
	tr := pain.Transfer{DebtorName: "Max Mustermann", DebtorIBAN: maxGiro.IBAN, CreditorName: name, CreditorIBAN: iban,
		Amount: money.MustParse(amount), Purpose: "Test", EndToEndID: e2e, Created: srvNow}
	if !date.IsZero() {
		tr.ExecutionDate = date.Time()
	}
	doc, err := pain.Marshal(pain.V09, tr)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// payment builds a payment job segment for the Girokonto.
func payment(job string, version int, doc []byte) *wire.Segment {
	kti := wire.KTI{IBAN: maxGiro.IBAN, BIC: BankBIC, Number: maxGiro.Number, Bank: wire.KIK{Country: "280", Code: BankCode}}
	return wire.NewSegment(job, version, kti.DE(), wire.S(pain.Descriptor(pain.V09)), wire.B(doc))
}

func hktan4(c *tclient, job string) *wire.Segment {
	return wire.NewSegment("HKTAN", c.hktan, wire.S("4"), wire.S(job))
}

// loggedIn returns a client with an open, approved SMS-TAN dialog.
func payLogin(t *testing.T, b *Bank, url string) *tclient {
	t.Helper()
	c := srvClient(t, url)
	c.login(b)
	return c
}

func giroDebits(t *testing.T, b *Bank, amount string) int {
	t.Helper()
	today := b.Ledger().Today()
	r, err := b.Ledger().Bookings(maxGiro.IBAN, today, today)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, bk := range r.Booked {
		if bk.Amount == money.MustParse(amount).Neg() {
			n++
		}
	}
	return n
}

// TestPaymentBPDAndUPD: the payment jobs and VoP are announced with the
// parameters clients choose from, and every account allows the payments.
func TestPaymentBPDAndUPD(t *testing.T) {
	b, _, url := srvBank(t, Options{})
	resp := anonymousBPD(t, url)
	want := map[string]string{
		"HICCSS:1": "HICCSS:0:1+1+1+1",
		"HIIPZS:1": "HIIPZS:0:1+1+1+1+:urn?:iso?:std?:iso?:20022?:tech?:xsd?:pain.001.001.09:urn?:iso?:std?:iso?:20022?:tech?:xsd?:pain.001.001.03",
		"HIIPZS:2": "HIIPZS:0:2+1+1+1+N::urn?:iso?:std?:iso?:20022?:tech?:xsd?:pain.001.001.09:urn?:iso?:std?:iso?:20022?:tech?:xsd?:pain.001.001.03",
		"HICSES:1": "HICSES:0:1+1+1+1+1:360",
		"HIVPPS:1": "HIVPPS:0:1+1+1+1+999:J:V:N:N:urn?:iso?:std?:iso?:20022?:tech?:xsd?:pain.002.001.10:HKCCS:HKIPZ:HKCSE",
		"HIVPAS:1": "HIVPAS:0:1+1+1+1",
	}
	for key, w := range want {
		id, _, _ := strings.Cut(key, ":")
		var got string
		for _, s := range resp.FindAll(id) {
			if key == id+":"+string(rune('0'+s.Version)) {
				c := s.Clone()
				c.Number, c.Ref = 0, 0
				enc, _ := wire.Encode(c)
				got = strings.TrimSuffix(string(enc), "'")
			}
		}
		if got != w {
			t.Errorf("%s =\n %s\nwant\n %s", key, got, w)
		}
	}
	pins := resp.Find("HIPINS")
	for _, job := range []string{"HKCCS", "HKIPZ", "HKCSE"} {
		if !strings.Contains(pins.String(), job+":J") {
			t.Errorf("HIPINS does not mark %s TAN-relevant: %s", job, pins)
		}
	}
	c := srvClient(t, url)
	c.login(b)
	_ = c // the UPD came with the login
	c2 := srvClient(t, url)
	c2.sysID = c.sysID
	resp = c2.init()
	for _, s := range resp.FindAll("HIUPD") {
		for _, job := range []string{"HKCCS", "HKIPZ", "HKCSE"} {
			if !strings.Contains(s.String(), job+":1") {
				t.Errorf("HIUPD %s does not allow %s", s.Str(3), job)
			}
		}
	}
}

// TestPaymentMatchAtOnce: a known payee is a match known at once: HKVPP
// gets 0025 and 3091, HIVPP the VOP-ID, the report and the result group,
// and the challenge comes in the same answer; the TAN executes the order.
func TestPaymentMatchAtOnce(t *testing.T) {
	b, _, url := srvBank(t, Options{})
	c := payLogin(t, b, url)
	doc := painFor(t, pErika.Name, pErika.IBAN, "12.34", statement.Date{}, "")
	resp := c.send(payment("HKCCS", 1, doc), hktan4(c, "HKCCS"), vpp)
	mustNoErrors(t, resp)
	if got := codesFor(resp, 5); !got.Has("0025") || !got.Has("3091") {
		t.Fatalf("HKVPP codes %v", got)
	}
	hivpp := resp.Find("HIVPP")
	if hivpp == nil || hivpp.Ref != 5 || len(hivpp.Bin(2)) == 0 || hivpp.Group(7).Str(5) != "RCVC" || hivpp.Str(5) != statusReportURN {
		t.Fatalf("HIVPP = %v", hivpp)
	}
	rep, err := pain.ParseStatusReport(hivpp.Bin(6))
	if err != nil || len(rep.Transactions) != 1 || rep.Transactions[0].Status != "RCVC" {
		t.Fatalf("report %+v, %v", rep, err)
	}
	if !codesFor(resp, 4).Has("0030") || resp.Find("HITAN") == nil {
		t.Fatalf("no challenge: %v", resp.Codes)
	}
	if len(codesFor(resp, 3)) != 0 {
		t.Errorf("HKCCS answered before its TAN: %v", codesFor(resp, 3))
	}
	tan, ref := b.LastTAN(DemoUser)
	resp = c.tanStep("2", ref, tan)
	mustCodes(t, resp, "0020", "0900")
	if giroDebits(t, b, "12.34") != 1 {
		t.Fatal("not booked")
	}
}

// TestPaymentCloseMatchRelease: a close match holds the order (3090 on
// HKVPP, 3945 on HKTAN, no challenge); it is released by sending it again
// with HKVPA. A VOP-ID works once, only for the checked document, and only
// for its user.
func TestPaymentCloseMatchRelease(t *testing.T) {
	b, _, url := srvBank(t, Options{})
	c := payLogin(t, b, url)
	doc := painFor(t, "Erika Musterman", pErika.IBAN, "20.00", statement.Date{}, "")
	resp := c.send(payment("HKCCS", 1, doc), hktan4(c, "HKCCS"), vpp)
	if !codesFor(resp, 5).Has("3090") || !codesFor(resp, 4).Has("3945") || resp.Find("HITAN") != nil {
		t.Fatalf("codes %v", resp.Codes)
	}
	hivpp := resp.Find("HIVPP")
	g := hivpp.Group(7)
	if g.Str(5) != "RVMC" || g.Str(3) != "Erika Mustermann" || !strings.Contains(hivpp.Str(8), "<br>") || hivpp.Group(3).Str(1) == "" {
		t.Fatalf("HIVPP = %v", hivpp)
	}
	vopID := hivpp.Bin(2)

	// Another document with the VOP-ID is refused.
	other := painFor(t, "Erika Musterman", pErika.IBAN, "21.00", statement.Date{}, "")
	resp = c.send(payment("HKCCS", 1, other), wire.NewSegment("HKVPA", 1, wire.B(vopID)), hktan4(c, "HKCCS"))
	if !codesFor(resp, 3).Has("9210") || resp.Find("HITAN") != nil {
		t.Fatalf("other document released: %v", resp.Codes)
	}
	// An unknown VOP-ID is refused.
	resp = c.send(payment("HKCCS", 1, doc), wire.NewSegment("HKVPA", 1, wire.B([]byte("nope"))), hktan4(c, "HKCCS"))
	if !codesFor(resp, 3).Has("9210") || !codesFor(resp, 4).Has("9210") {
		t.Fatalf("unknown VOP-ID: %v", resp.Codes)
	}

	resp = c.send(payment("HKCCS", 1, doc), wire.NewSegment("HKVPA", 1, wire.B(vopID)), hktan4(c, "HKCCS"))
	mustNoErrors(t, resp)
	if !codesFor(resp, 4).Has("0020") || !codesFor(resp, 5).Has("0030") {
		t.Fatalf("release: %v", resp.Codes)
	}
	tan, ref := b.LastTAN(DemoUser)
	mustCodes(t, c.tanStep("2", ref, tan), "0020", "0900")
	if giroDebits(t, b, "20.00") != 1 {
		t.Fatal("not booked once")
	}
	// The same order again: the bank has executed it (9390), and the
	// VOP-ID is used up.
	resp = c.send(payment("HKCCS", 1, doc), wire.NewSegment("HKVPA", 1, wire.B(vopID)), hktan4(c, "HKCCS"))
	if !codesFor(resp, 3).Has("9390") || !codesFor(resp, 4).Has("9210") {
		t.Fatalf("replayed release: %v", resp.Codes)
	}
	if giroDebits(t, b, "20.00") != 1 {
		t.Fatal("booked twice")
	}
}

// TestPaymentVoPPolling: with a delay the bank answers 3040 with a
// touchdown, a Polling-ID and the seconds to wait; polls before the time
// get the rest of the wait, afterwards the result (0025 without 3091: the
// order must come again with HKVPA).
func TestPaymentVoPPolling(t *testing.T) {
	b, clock, url := srvBank(t, Options{})
	b.SetVoPDelay(5 * time.Second)
	c := payLogin(t, b, url)
	doc := painFor(t, pErika.Name, pErika.IBAN, "7.00", statement.Date{}, "")
	resp := c.send(payment("HKCCS", 1, doc), hktan4(c, "HKCCS"), vpp)
	rc, ok := codesFor(resp, 5).Find("3040")
	hivpp := resp.Find("HIVPP")
	if !ok || len(rc.Params) != 1 || hivpp == nil || hivpp.Bin(2) != nil || len(hivpp.Bin(4)) == 0 || hivpp.Str(9) != "5" {
		t.Fatalf("first answer: %v %v", resp.Codes, hivpp)
	}
	if !codesFor(resp, 4).Has("3945") || resp.Find("HITAN") != nil {
		t.Fatalf("HKTAN: %v", resp.Codes)
	}
	poll := wire.NewSegment("HKVPP", 1, wire.S(statusReportURN), wire.B(hivpp.Bin(4)), nil, wire.S(rc.Params[0]))
	clock.Advance(2 * time.Second)
	resp = c.send(poll)
	if h := resp.Find("HIVPP"); !codesFor(resp, 3).Has("3040") || h == nil || h.Str(9) != "3" {
		t.Fatalf("early poll: %v %v", resp.Codes, h)
	}
	bad := wire.NewSegment("HKVPP", 1, wire.S(statusReportURN), wire.B(hivpp.Bin(4)), nil, wire.S("wrong"))
	if resp = c.send(bad); !codesFor(resp, 3).Has("9210") {
		t.Fatalf("wrong touchdown: %v", resp.Codes)
	}
	clock.Advance(3 * time.Second)
	resp = c.send(poll)
	h := resp.Find("HIVPP")
	if !codesFor(resp, 3).Has("0025") || codesFor(resp, 3).Has("3091") || h == nil || len(h.Bin(2)) == 0 {
		t.Fatalf("result: %v %v", resp.Codes, h)
	}
	resp = c.send(payment("HKCCS", 1, doc), wire.NewSegment("HKVPA", 1, wire.B(h.Bin(2))), hktan4(c, "HKCCS"))
	mustCodes(t, resp, "0030")
	tan, ref := b.LastTAN(DemoUser)
	mustCodes(t, c.tanStep("2", ref, tan), "0020")
	if giroDebits(t, b, "7.00") != 1 {
		t.Fatal("not booked")
	}
}

// TestPaymentRejections: refusals before any TAN, with the element that
// is wrong where there is one.
func TestPaymentRejections(t *testing.T) {
	b, _, url := srvBank(t, Options{})
	c := payLogin(t, b, url)
	today := b.Ledger().Today()
	good := painFor(t, pErika.Name, pErika.IBAN, "1.00", statement.Date{}, "")
	badIBAN := bytes.Replace(good, []byte(pErika.IBAN), []byte(pErika.IBAN[:21]+"9"), 1)
	bal, _ := b.Ledger().Balance(maxGiro.IBAN)
	cases := []struct {
		name string
		segs []*wire.Segment
		code string
		ref  string
		text string
	}{
		{name: "check digits", segs: []*wire.Segment{payment("HKCCS", 1, badIBAN), hktan4(c, "HKCCS"), vpp}, code: "9210", ref: "4", text: "IBAN ungültig"},
		{name: "unknown bank code", segs: []*wire.Segment{payment("HKCCS", 1, painFor(t, "X Y", germanIBAN("99999999", "1234567890"), "1.00", statement.Date{}, "")), hktan4(c, "HKCCS"), vpp},
			code: "9210", ref: "4", text: "Bankleitzahl 99999999 unbekannt"},
		{name: "insufficient funds", segs: []*wire.Segment{payment("HKCCS", 1, painFor(t, pErika.Name, pErika.IBAN, bal.Available.Add(money.MustParse("1")).String(), statement.Date{}, "")), hktan4(c, "HKCCS"), vpp},
			code: "9230", text: "Kontodeckung nicht ausreichend"},
		{name: "no payee check, no match", segs: []*wire.Segment{payment("HKCCS", 1, painFor(t, "Hans Meier", pErika.IBAN, "1.00", statement.Date{}, "")), hktan4(c, "HKCCS")},
			code: "9076", ref: "4", text: "Namensabgleich erforderlich"},
		{name: "descriptor", segs: []*wire.Segment{wire.NewSegment("HKCCS", 1, payment("HKCCS", 1, good).DEs[0], wire.S("urn:iso:std:iso:20022:tech:xsd:pain.001.001.02"), wire.B(good)), hktan4(c, "HKCCS"), vpp},
			code: "9210", ref: "3"},
		{name: "not XML", segs: []*wire.Segment{payment("HKCCS", 1, []byte("hello")), hktan4(c, "HKCCS"), vpp}, code: "9130", ref: "4"},
		{name: "future date in HKCCS", segs: []*wire.Segment{payment("HKCCS", 1, painFor(t, pErika.Name, pErika.IBAN, "1.00", today.AddDays(2), "")), hktan4(c, "HKCCS"), vpp},
			code: "9210", ref: "4", text: "HKCSE"},
		{name: "scheduled too early", segs: []*wire.Segment{payment("HKCSE", 1, painFor(t, pErika.Name, pErika.IBAN, "1.00", today, "")), hktan4(c, "HKCSE"), vpp},
			code: "9210", ref: "4", text: "1 bis 360 Tage"},
		{name: "not the user's account", segs: []*wire.Segment{wire.NewSegment("HKCCS", 1, wire.KTI{IBAN: shopGiro.IBAN}.DE(), wire.S(pain.Descriptor(pain.V09)), wire.B(good)), hktan4(c, "HKCCS"), vpp},
			code: "9210", ref: "2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := c.send(tc.segs...)
			got := codesFor(resp, 3)
			rc, ok := got.Find(tc.code)
			if !ok || rc.Ref != tc.ref || !strings.Contains(rc.Text, tc.text) || len([]rune(rc.Text)) > 80 {
				t.Fatalf("codes %v, want %s ref %q with %q (≤80 characters)", got, tc.code, tc.ref, tc.text)
			}
			if resp.Find("HITAN") != nil || !resp.Codes.Global().Has("9050") {
				t.Errorf("challenge or summary wrong: %v", resp.Codes)
			}
		})
	}
	if giroDebits(t, b, "1.00") != 0 {
		t.Fatal("a refused order was booked")
	}
}

// TestPaymentInstantScheduledDuplicate: HKIPZ v2 answers HIIPZ with status
// 7; HKCSE answers HICSE and books on its day; the same MsgId or
// end-to-end reference again is a duplicate (9390).
func TestPaymentInstantScheduledDuplicate(t *testing.T) {
	b, clock, url := srvBank(t, Options{})
	c := payLogin(t, b, url)
	pay := func(job string, version int, doc []byte) *wire.Response {
		t.Helper()
		resp := c.send(payment(job, version, doc), hktan4(c, job), vpp)
		mustCodes(t, resp, "0030")
		tan, ref := b.LastTAN(DemoUser)
		return c.tanStep("2", ref, tan)
	}
	resp := pay("HKIPZ", 2, painFor(t, pErika.Name, pErika.IBAN, "3.00", statement.Date{}, "E2E-1"))
	ipz := resp.Find("HIIPZ")
	if ipz == nil || ipz.Version != 2 || ipz.Str(4) != "7" || !strings.HasPrefix(ipz.Str(2), "SCT") {
		t.Fatalf("HIIPZ = %v (%v)", ipz, resp.Codes)
	}
	day := b.Ledger().Today().AddDays(2)
	resp = pay("HKCSE", 1, painFor(t, pErika.Name, pErika.IBAN, "4.00", day, ""))
	cse := resp.Find("HICSE")
	if cse == nil || !strings.HasPrefix(cse.Str(2), "TRM") || !resp.Codes.Has("0010") {
		t.Fatalf("HICSE = %v (%v)", cse, resp.Codes)
	}
	if giroDebits(t, b, "4.00") != 0 {
		t.Fatal("scheduled transfer booked before its day")
	}
	clock.Advance(48 * time.Hour)
	r, _ := b.Ledger().Bookings(maxGiro.IBAN, day, day)
	found := false
	for _, bk := range r.Booked {
		found = found || bk.Amount == money.MustParse("-4")
	}
	if !found {
		t.Fatal("scheduled transfer not booked on its day")
	}

	// Same end-to-end reference, new message: a duplicate before the TAN.
	c2 := payLogin(t, b, url)
	resp = c2.send(payment("HKCCS", 1, painFor(t, pErika.Name, pErika.IBAN, "3.00", statement.Date{}, "E2E-1")), hktan4(c2, "HKCCS"), vpp)
	if !codesFor(resp, 3).Has("9390") {
		t.Fatalf("duplicate e2e: %v", resp.Codes)
	}
}

// TestPaymentDropAfterExecution: with DropAfterPayment the bank books the
// order and hangs up instead of answering the TAN message.
func TestPaymentDropAfterExecution(t *testing.T) {
	b, _, url := srvBank(t, Options{})
	c := payLogin(t, b, url)
	resp := c.send(payment("HKCCS", 1, painFor(t, pErika.Name, pErika.IBAN, "5.55", statement.Date{}, "")), hktan4(c, "HKCCS"), vpp)
	mustCodes(t, resp, "0030")
	b.SetFaults(Faults{DropAfterPayment: 1})
	tan, ref := b.LastTAN(DemoUser)
	c.msg++
	out, err := wire.NewSigned(wire.Head{DialogID: c.dialog, Number: c.msg},
		wire.Security{BankCode: BankCode, UserID: c.user, SystemID: c.sysID, Function: c.function,
			PIN: secret.New(c.pin), TAN: secret.New(tan)},
		wire.NewSegment("HKTAN", c.hktan, wire.S("2"), nil, nil, nil, wire.S(ref), wire.S("N")))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := out.Bytes()
	hr, err := http.Post(url, "text/plain", strings.NewReader(base64.StdEncoding.EncodeToString(raw)))
	if err == nil {
		hr.Body.Close()
		t.Fatalf("the bank answered (HTTP %d) instead of hanging up", hr.StatusCode)
	}
	if giroDebits(t, b, "5.55") != 1 {
		t.Fatal("the order was not executed before the hang-up")
	}
	if f := b.Faults(); f.DropAfterPayment != 0 {
		t.Errorf("switch not used up: %+v", f)
	}
}
