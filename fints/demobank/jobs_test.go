package demobank

import (
	"testing"
	"time"

	"saldo/fints/wire"
)

// loggedIn returns a client with an open, approved dialog.
func loggedIn(t *testing.T, opts Options) (*Bank, *FakeClock, *tclient) {
	t.Helper()
	b, clock, url := srvBank(t, opts)
	c := srvClient(t, url)
	c.login(b)
	return b, clock, c
}

func TestWarmSyncInOneMessage(t *testing.T) {
	// A client holding BPD, UPD and a system ID syncs everything in three
	// requests: init, one message with every HKSAL and HKCAZ, end.
	b, _, c := loggedIn(t, Options{})
	c.end()
	start := b.Requests()
	resp := c.init()
	mustCodes(t, resp, "3076")
	accts, _ := b.Ledger().Accounts(DemoUser)
	from := wire.FormatDate(b.Ledger().Today().AddDays(-statementSCAWindow))
	var jobs []*wire.Segment
	for _, a := range accts {
		kti := wire.KTI{IBAN: a.IBAN, BIC: a.BIC}.DE()
		jobs = append(jobs,
			wire.NewSegment("HKSAL", 7, kti, wire.S("N")), wire.NewSegment("HKTAN", 7, wire.S("4"), wire.S("HKSAL")),
			wire.NewSegment("HKCAZ", 1, kti, wire.S(camtFormats[0]), wire.S("N"), wire.S(from)),
			wire.NewSegment("HKTAN", 7, wire.S("4"), wire.S("HKCAZ")))
	}
	resp = c.send(jobs...)
	mustNoErrors(t, resp)
	if resp.Codes.Has("3040") || resp.Codes.Has("0030") {
		t.Errorf("warm sync needs more than one message: %v", resp.Codes)
	}
	if n, m := len(resp.FindAll("HISAL")), len(resp.FindAll("HICAZ")); n != len(accts) || m != len(accts) {
		t.Errorf("%d HISAL and %d HICAZ for %d accounts", n, m, len(accts))
	}
	// Every data segment refers to the job it answers.
	for _, s := range append(resp.FindAll("HISAL"), resp.FindAll("HICAZ")...) {
		if s.Ref < 3 || (s.ID == "HISAL" && (s.Ref-3)%4 != 0) || (s.ID == "HICAZ" && (s.Ref-5)%4 != 0) {
			t.Errorf("%s refers to segment %d", s.ID, s.Ref)
		}
	}
	if n := len(resp.FindAll("HITAN")); n != 2*len(accts) {
		t.Errorf("%d HITAN for %d HKTAN", n, 2*len(accts))
	}
	c.end()
	if got := b.Requests() - start; got != 3 {
		t.Errorf("warm sync took %d requests", got)
	}
}

func TestBalanceVersions(t *testing.T) {
	b, _, c := loggedIn(t, Options{})
	accts, _ := b.Ledger().Accounts(DemoUser)
	giro := accts[0]
	bal, _ := b.Ledger().Balance(giro.IBAN)
	ktv := wire.KTV{Number: giro.Number, Bank: wire.KIK{Country: "280", Code: BankCode}}.DE()
	for _, v := range []int{5, 6, 7} {
		acct := ktv
		if v == 7 {
			acct = wire.KTI{IBAN: giro.IBAN, BIC: giro.BIC, Number: giro.Number, Bank: wire.KIK{Country: "280", Code: BankCode}}.DE()
		}
		resp := c.send(wire.NewSegment("HKSAL", v, acct, wire.S("N")), wire.NewSegment("HKTAN", 7, wire.S("4"), wire.S("HKSAL")))
		mustNoErrors(t, resp)
		s := resp.Find("HISAL")
		if s == nil || s.Version != v || s.Ref != 3 {
			t.Fatalf("v%d: HISAL %v", v, s)
		}
		saldo, err := wire.ParseSaldo(s.Group(5), 1)
		if err != nil || saldo.Amount.Cmp(bal.Booked.Amount) != 0 || saldo.Date != bal.Booked.Date {
			t.Errorf("v%d: booked %+v, %v; want %s", v, saldo, err, bal.Booked.Amount)
		}
		credit, err := wire.ParseBTG(s.Group(7), 1)
		if err != nil || credit.Amount.Cmp(giro.CreditLine) != 0 {
			t.Errorf("v%d: credit line %+v %v", v, credit, err)
		}
		if s.Str(3) != "Girokonto" || s.Str(4) != "EUR" {
			t.Errorf("v%d: product %q currency %q", v, s.Str(3), s.Str(4))
		}
	}
	// All accounts at once.
	resp := c.send(wire.NewSegment("HKSAL", 7, wire.KTI{IBAN: giro.IBAN}.DE(), wire.S("J")), wire.NewSegment("HKTAN", 7, wire.S("4"), wire.S("HKSAL")))
	if n := len(resp.FindAll("HISAL")); n != len(accts) {
		t.Errorf("all accounts: %d HISAL", n)
	}
	c.end()
}

func TestStatementQueryChecks(t *testing.T) {
	b, _, c := loggedIn(t, Options{})
	accts, _ := b.Ledger().Accounts(DemoUser)
	kti := wire.KTI{IBAN: accts[0].IBAN, BIC: BankBIC}.DE()
	tan := wire.NewSegment("HKTAN", 7, wire.S("4"), wire.S("HKKAZ"))
	cases := []struct {
		name string
		job  *wire.Segment
		code string
		ref  string
	}{
		{"end before start", wire.NewSegment("HKKAZ", 7, kti, wire.S("N"), wire.S("20250601"), wire.S("20250501")), "9210", "5"},
		{"bad date", wire.NewSegment("HKKAZ", 7, kti, wire.S("N"), wire.S("2025-06-01")), "9130", "4"},
		{"all accounts", wire.NewSegment("HKKAZ", 7, kti, wire.S("J")), "9210", "3"},
		{"bad maximum", wire.NewSegment("HKKAZ", 7, kti, wire.S("N"), nil, nil, wire.S("0")), "9130", "6"},
		{"unknown version", wire.NewSegment("HKKAZ", 4, kti, wire.S("N")), "9180", ""},
	}
	for _, tc := range cases {
		resp := c.send(tc.job, tan)
		cs := codesFor(resp, 3)
		code, ok := cs.Find(tc.code)
		if !ok || code.Ref != tc.ref {
			t.Errorf("%s: codes %v, want %s at %q", tc.name, cs, tc.code, tc.ref)
		}
	}
	resp := c.send(wire.NewSegment("HKCAZ", 1, kti, wire.S("urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"), wire.S("N")),
		wire.NewSegment("HKTAN", 7, wire.S("4"), wire.S("HKCAZ")))
	if cs := codesFor(resp, 3); !cs.Has("9210") {
		t.Errorf("unsupported camt format: %v", cs)
	}
	// Without dates, a maximum returns the latest entries in one page.
	resp = c.send(wire.NewSegment("HKKAZ", 7, kti, wire.S("N"), nil, nil, wire.S("5")), tan)
	mustCodes(t, resp, "0030") // all history: SCA
	tanv, ref := b.LastTAN(DemoUser)
	resp = c.tanStep("2", ref, tanv)
	mustCodes(t, resp, "0020", "0900")
	if resp.Codes.Has("3040") {
		t.Error("the latest five entries were paged")
	}
	c.end()
}

func TestSCAWindowExpires(t *testing.T) {
	b, clock, c := loggedIn(t, Options{DialogTimeout: 24 * time.Hour})
	c.end()
	clock.Advance(89 * 24 * time.Hour)
	mustCodes(t, c.init(), "3076")
	c.end()
	clock.Advance(2 * 24 * time.Hour)
	resp := c.init()
	mustCodes(t, resp, "0030")
	tan, ref := b.LastTAN(DemoUser)
	mustCodes(t, c.tanStep("2", ref, tan), "0900")
	c.end()
}

func TestNoLoginSCAAndCustomPIN(t *testing.T) {
	const pin = "CANARY-PIN-7319"
	b, _, url := srvBank(t, Options{Logins: []LoginOptions{{UserID: DemoUser, PIN: pin, Methods: []string{MethodSMS}, NoLoginSCA: true}}})
	c := srvClient(t, url)
	c.pin = pin
	c.function = OneStep
	resp := c.init(wire.NewSegment("HKSYN", 3, wire.S("0")))
	if m, _ := resp.Codes.Find("3920"); len(m.Params) != 1 || m.Params[0] != MethodSMS {
		t.Errorf("3920 %v", m.Params)
	}
	c.end()
	c.function = MethodSMS
	mustCodes(t, c.init(), "3076")
	c.end()
	c.function = MethodDecoupled
	mustCodes(t, c.init(), "9380", "3920")
	c.user = DemoUser100k
	c.function = MethodSMS
	mustCodes(t, c.init(), "9942")
	_ = b
}

func TestSyncDialogWithSCA(t *testing.T) {
	// lib-fints style: HKSYN together with a two-step method and HKTAN.
	// The new system ID and the UPD come with the approval.
	b, _, url := srvBank(t, Options{})
	c := srvClient(t, url)
	resp := c.init(wire.NewSegment("HKSYN", 3, wire.S("0")))
	mustCodes(t, resp, "0030")
	if resp.Find("HISYN") != nil {
		t.Error("system ID handed out before the approval")
	}
	tan, ref := b.LastTAN(DemoUser)
	resp = c.tanStep("2", ref, tan)
	mustCodes(t, resp, "0900")
	if resp.Find("HISYN") == nil || resp.Find("HIUPA") == nil {
		t.Fatal("no HISYN or UPD after the approval")
	}
	// The dialog goes on with the new system ID (as lib-fints does).
	mustNoErrors(t, c.send(wire.NewSegment("HKSPA", 1)))
	c.end()
	// The SCA covered the new system ID: the next login is exempt.
	mustCodes(t, c.init(), "3076")
	c.end()
}

func TestTANMedia(t *testing.T) {
	_, _, c := loggedIn(t, Options{})
	resp := c.send(wire.NewSegment("HKTAB", 5, wire.S("0"), wire.S("A")))
	mustNoErrors(t, resp)
	tab := resp.Find("HITAB")
	if tab == nil || tab.Len() != 2+len(tanMedia) {
		t.Fatalf("HITAB %v", tab)
	}
	if got := tab.Group(3).Str(14); got != "Handy Max" {
		t.Errorf("v5 medium name %q", got)
	}
	resp = c.send(wire.NewSegment("HKTAB", 4, wire.S("0"), wire.S("G")))
	if tab := resp.Find("HITAB"); tab == nil || tab.Len() != 3 || tab.Group(3).Str(13) != "girocard 2345" {
		t.Errorf("v4 generators: %v", tab)
	}
	c.end()

	// A dialog opened for HKTAB needs no SCA but allows nothing else.
	c.function = MethodChipTAN
	c.dialog, c.msg = "0", 0
	resp = c.send(
		wire.NewSegment("HKIDN", 2, wire.S("280", BankCode), wire.S(c.user), wire.S(c.sysID), wire.S("1")),
		wire.NewSegment("HKVVB", 3, wire.N(c.bpd), wire.N(c.upd), wire.N(0), wire.S("SALDOTEST"), wire.S("0.1")),
		wire.NewSegment("HKTAN", 7, wire.S("4"), wire.S("HKTAB")))
	mustCodes(t, resp, "3076")
	mustNoErrors(t, c.send(wire.NewSegment("HKTAB", 5, wire.S("1"), wire.S("A"))))
	mustCodes(t, c.send(wire.NewSegment("HKSPA", 1)), "9380")
	c.end()
}

func TestHKTANForJobWithoutTAN(t *testing.T) {
	_, _, c := loggedIn(t, Options{})
	resp := c.send(wire.NewSegment("HKSPA", 1), wire.NewSegment("HKTAN", 7, wire.S("4"), wire.S("HKSPA")))
	mustNoErrors(t, resp)
	mustCodes(t, resp, "3076")
	resp = c.send(wire.NewSegment("HKTAN", 7, wire.S("4"), wire.S("HKSAL")))
	mustCodes(t, resp, "9210")
	c.end()
}

func TestOneStepAndAnonymousDialogsRefuseJobs(t *testing.T) {
	_, _, url := srvBank(t, Options{})
	c := srvClient(t, url)
	c.function = OneStep
	c.init(wire.NewSegment("HKSYN", 3, wire.S("0")))
	mustCodes(t, c.send(wire.NewSegment("HKSPA", 1)), "9955")
	c.end()
	a := srvClient(t, url)
	a.user = ""
	a.init()
	mustCodes(t, a.send(wire.NewSegment("HKSPA", 1)), "9380")
	a.end()
}

func TestNewChallengeReplacesOpenTask(t *testing.T) {
	b, _, c := loggedIn(t, Options{})
	accts, _ := b.Ledger().Accounts(DemoUser)
	kti := wire.KTI{IBAN: accts[0].IBAN, BIC: BankBIC}.DE()
	job := func() []*wire.Segment {
		return []*wire.Segment{wire.NewSegment("HKKAZ", 7, kti, wire.S("N")), wire.NewSegment("HKTAN", 7, wire.S("4"), wire.S("HKKAZ"))}
	}
	first := c.send(job()...).Find("HITAN").Str(4)
	firstTAN, _ := b.LastTAN(DemoUser)
	second := c.send(job()...).Find("HITAN").Str(4)
	if first == second {
		t.Fatal("same reference twice")
	}
	mustCodes(t, c.tanStep("2", first, firstTAN), "9210")
	tan, _ := b.LastTAN(DemoUser)
	mustCodes(t, c.tanStep("2", second, tan), "0900")
	c.end()
}
