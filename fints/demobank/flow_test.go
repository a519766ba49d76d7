package demobank

import (
	"strings"
	"testing"

	"saldo/fints/mt940"
	"saldo/fints/statement"
	"saldo/fints/wire"
)

func TestAnonymousDialog(t *testing.T) {
	_, _, url := srvBank(t, Options{})
	c := srvClient(t, url)
	c.user = ""
	resp := c.init()
	mustNoErrors(t, resp)
	if resp.Signed {
		t.Error("anonymous answer carries a signature")
	}
	bpa := resp.Find("HIBPA")
	if bpa == nil {
		t.Fatal("no HIBPA in the anonymous init answer")
	}
	if v, _ := bpa.Int(2); v != bpdVersion {
		t.Errorf("BPD version %d, want %d", v, bpdVersion)
	}
	if got := bpa.Str(4); got != BankName {
		t.Errorf("bank name %q", got)
	}
	for _, id := range []string{"HIKOM", "HISHV", "HIPINS", "HISALS", "HIKAZS", "HICAZS", "HISPAS"} {
		if resp.Find(id) == nil {
			t.Errorf("BPD lacks %s", id)
		}
	}
	if n := len(resp.FindAll("HITANS")); n != 2 {
		t.Errorf("%d HITANS segments, want v6 and v7", n)
	}
	if resp.Find("HIUPA") != nil {
		t.Error("anonymous dialog got UPD")
	}
	mustCodes(t, resp, "3050", "3076")
	mustCodes(t, c.end(), "0100")

	// Current BPD version: no BPD again.
	resp = c.init()
	if resp.Find("HIBPA") != nil || resp.Codes.Has("3050") {
		t.Error("BPD re-sent although the client's version is current")
	}
	c.end()
}

func TestFirstLoginNeedsSCAThenExempt(t *testing.T) {
	b, _, url := srvBank(t, Options{})
	c := srvClient(t, url)

	// Synchronisation with the one-step function.
	c.function = OneStep
	resp := c.init(wire.NewSegment("HKSYN", 3, wire.S("0")))
	mustCodes(t, resp, "0020", "3920")
	if resp.Find("HIUPA") != nil {
		t.Error("UPD sent in a one-step dialog")
	}
	if c.sysID == "0" || len(c.sysID) < 16 {
		t.Fatalf("system ID %q", c.sysID)
	}
	methods, _ := resp.Codes.Find("3920")
	if len(methods.Params) != len(AllMethods) {
		t.Errorf("3920 lists %v", methods.Params)
	}
	mustCodes(t, c.end(), "0100")

	// First two-step login of the system ID: SCA.
	c.function = MethodSMS
	resp = c.init()
	mustCodes(t, resp, "0030")
	if resp.Find("HIUPA") != nil {
		t.Error("UPD delivered before the login was approved")
	}
	hitan := resp.Find("HITAN")
	ref := hitan.Str(4)
	tan, lastRef := b.LastTAN(DemoUser)
	if ref == "" || ref != lastRef || len(tan) != tanLength {
		t.Fatalf("challenge ref %q, hook %q/%q", ref, lastRef, tan)
	}
	if got := hitan.Str(5); !strings.Contains(got, tan) {
		t.Errorf("demo challenge text does not show the TAN: %q", got)
	}
	resp = c.tanStep("2", ref, tan)
	mustCodes(t, resp, "0020", "0900", "3050")
	if n := len(resp.FindAll("HIUPD")); n != 3 {
		t.Errorf("%d HIUPD after approval, want 3", n)
	}
	c.end()

	// Second login: exempt, no UPD since the version is current.
	resp = c.init()
	mustCodes(t, resp, "3076")
	if resp.Find("HIUPA") != nil {
		t.Error("UPD re-sent although current")
	}
	c.end()
}

func TestStatementsRecentAreExemptAndFitOnePage(t *testing.T) {
	b, _, url := srvBank(t, Options{})
	c := srvClient(t, url)
	c.login(b)
	giro := b.Ledger().Accounts
	accts, err := giro(DemoUser)
	if err != nil {
		t.Fatal(err)
	}
	from := b.Ledger().Today().AddDays(-statementSCAWindow)
	for _, a := range accts {
		kti := wire.KTI{IBAN: a.IBAN, BIC: a.BIC, Number: a.Number, Bank: wire.KIK{Country: "280", Code: BankCode}}
		resp := c.send(
			wire.NewSegment("HKKAZ", 7, kti.DE(), wire.S("N"), wire.S(wire.FormatDate(from))),
			wire.NewSegment("HKTAN", 7, wire.S("4"), wire.S("HKKAZ")))
		mustNoErrors(t, resp)
		mustCodes(t, resp, "3076", "0020")
		if resp.Codes.Has("3040") {
			t.Errorf("%s: 90 days need more than one page", a.Product)
		}
		hikaz := resp.Find("HIKAZ")
		if hikaz == nil {
			t.Fatalf("%s: no HIKAZ", a.Product)
		}
		sts, err := mt940.Parse(hikaz.Bin(2))
		if err != nil {
			t.Fatalf("%s: MT940: %v", a.Product, err)
		}
		r, err := b.Ledger().Bookings(a.IBAN, from, statement.Date{})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, st := range sts {
			n += len(st.Bookings)
		}
		if n != len(r.Booked) || n > 100 {
			t.Errorf("%s: %d bookings in MT940, ledger has %d (page limit 100)", a.Product, n, len(r.Booked))
		}
	}
	c.end()
}
