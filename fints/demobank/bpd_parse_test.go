package demobank

import (
	"slices"
	"testing"
	"time"

	"saldo/fints/bpd"
)

// TestBPDReadByTypedParser reads the demo bank's BPD and UPD with the
// engine's typed parser (fints/bpd): nothing may be unreadable, and the
// values must be the ones the bank means.
func TestBPDReadByTypedParser(t *testing.T) {
	b, _, url := srvBank(t, Options{})
	resp := anonymousBPD(t, url)
	p, err := bpd.Parse(resp.Segments)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Problems) > 0 {
		t.Errorf("problems: %v", p.Problems)
	}
	if p.Version != bpdVersion || p.Name != BankName || p.URL() == "" {
		t.Errorf("HIBPA/HIKOM: version %d, name %q, URL %q", p.Version, p.Name, p.URL())
	}
	for job, want := range map[string][]int{"HKSAL": {5, 6, 7}, "HKKAZ": {5, 6, 7}, "HKCAZ": {1}, "HKSPA": {1, 2, 3}, "HKTAB": {4, 5}} {
		if got := p.Versions(job); !slices.Equal(got, want) {
			t.Errorf("%s versions %v, want %v", job, got, want)
		}
	}
	for _, job := range []string{"HKSAL", "HKKAZ", "HKCAZ", "HKCCS"} {
		if req, listed := p.TANRequired(job); !req || !listed {
			t.Errorf("%s: TAN required %v, listed %v", job, req, listed)
		}
	}
	methods := p.TANMethods()
	if len(methods) != len(AllMethods) {
		t.Fatalf("methods %+v", methods)
	}
	for _, m := range methods {
		want := tanMethods[m.Function]
		if want == nil || m.Name != want.name || m.TechID != want.techID {
			t.Errorf("method %+v", m)
			continue
		}
		if want.decoupled {
			if !slices.Equal(m.Versions, []int{7}) || m.MaxPolls != decoupledMaxPolls ||
				m.FirstWait != decoupledFirstWait*time.Second || !m.AutoPoll || !m.ManualConfirm {
				t.Errorf("decoupled method %+v", m)
			}
		} else if !slices.Equal(m.Versions, []int{6, 7}) || m.MaxTANLength != tanLength || m.Format != 1 {
			t.Errorf("classic method %+v", m)
		}
	}
	if camt, ok := p.Camt(); !ok || len(camt.Formats) != 2 {
		t.Errorf("HICAZS %+v", camt)
	}

	// UPD after the first login.
	c := srvClient(t, url)
	c.synchronise()
	c.function = MethodSMS
	c.init()
	tan, ref := b.LastTAN(DemoUser)
	resp = c.tanStep("2", ref, tan)
	u, err := bpd.ParseUPD(resp.Segments)
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Problems) > 0 || u.Version != updVersion || u.UserID != DemoUser {
		t.Errorf("UPD %+v", u)
	}
	accts, _ := b.Ledger().Accounts(DemoUser)
	for _, a := range accts {
		ua, ok := u.AccountByIBAN(a.IBAN)
		if !ok || !u.Allows(ua, "HKSAL") || !u.Allows(ua, "HKCAZ") {
			t.Errorf("UPD account %s: %+v", a.IBAN, ua)
		}
	}
	c.end()
}
