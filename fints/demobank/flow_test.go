package demobank

import (
	"strings"
	"testing"

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
