package demobank

import (
	"testing"

	"saldo/fints/wire"
)

// TestAnswerLayout checks the envelope and segment order of answers
// against the guide's §12 shapes: init answer (12.3), job answer (12.5)
// and end (12.7).
func TestAnswerLayout(t *testing.T) {
	b, _, url := srvBank(t, Options{Logins: []LoginOptions{{UserID: DemoUser, NoLoginSCA: true}}})
	c := srvClient(t, url)
	c.synchronise()
	c.function = MethodSMS
	c.bpd, c.upd = 0, 0
	resp := c.init()

	// HNHBK: new dialog ID, number 1, reference "<new ID>:1".
	if resp.Head.DialogID == "0" || resp.Head.Number != 1 || resp.Head.RefDialogID != resp.Head.DialogID || resp.Head.RefNumber != 1 {
		t.Errorf("init answer head %+v", resp.Head)
	}
	if !resp.Signed {
		t.Error("init answer not signed")
	}
	ids := func(segs []*wire.Segment) []string {
		var out []string
		for _, s := range segs {
			if len(out) == 0 || out[len(out)-1] != s.ID {
				out = append(out, s.ID)
			}
		}
		return out
	}
	got := ids(resp.Body())
	want := []string{"HIRMG", "HIRMS", "HIBPA", "HIKOM", "HISHV"}
	for i, id := range want {
		if i >= len(got) || got[i] != id {
			t.Fatalf("init answer starts %v, want %v…", got, want)
		}
	}
	tail := got[len(got)-4:]
	if tail[0] != "HIPINS" || tail[1] != "HIUPA" || tail[2] != "HIUPD" || tail[3] != "HITAN" {
		t.Errorf("init answer ends %v, want BPD, UPD, HITAN", tail)
	}
	// Inside the signature HNSHK is 2, so HKIDN is 3, HKVVB 4, HKTAN 5.
	// HIRMS refer to HKVVB and HKTAN; BPD and UPD to HKVVB.
	if cs := codesFor(resp, 4); !cs.Has("0020") || !cs.Has("3050") || !cs.Has("3920") {
		t.Errorf("HKVVB codes %v", cs)
	}
	if cs := codesFor(resp, 5); !cs.Has("3076") {
		t.Errorf("HKTAN codes %v", cs)
	}
	if s := resp.Find("HIBPA"); s.Ref != 4 {
		t.Errorf("HIBPA refers to %d", s.Ref)
	}
	if s := resp.Find("HITAN"); s.Ref != 5 || s.Version != 7 || s.Str(4) != "noref" || s.Str(5) != "nochallenge" {
		t.Errorf("filler %v", s)
	}

	accts, _ := b.Ledger().Accounts(DemoUser)
	resp = c.send(wire.NewSegment("HKSAL", 7, wire.KTI{IBAN: accts[0].IBAN, BIC: BankBIC}.DE(), wire.S("N")),
		wire.NewSegment("HKTAN", 7, wire.S("4"), wire.S("HKSAL")))
	if got := ids(resp.Body()); len(got) != 4 || got[0] != "HIRMG" || got[1] != "HIRMS" || got[2] != "HISAL" || got[3] != "HITAN" {
		t.Errorf("balance answer %v, want HIRMG HIRMS HISAL HITAN", got)
	}
	if resp.Head.Number != 2 || resp.Head.RefNumber != 2 {
		t.Errorf("answer head %+v", resp.Head)
	}
	if g, _ := resp.Codes.Find("3060"); !g.Global {
		t.Error("HIRMG lacks 3060 although HIRMS carry warnings")
	}

	resp = c.end()
	if got := ids(resp.Body()); len(got) != 1 || got[0] != "HIRMG" {
		t.Errorf("end answer %v, want only HIRMG", got)
	}
	mustCodes(t, resp, "0010", "0100")
}
