package demobank

import (
	"strings"
	"testing"

	"saldo/fints/wire"
)

// anonymousBPD fetches the BPD like a client does first.
func anonymousBPD(t *testing.T, url string) *wire.Response {
	t.Helper()
	c := srvClient(t, url)
	c.user = ""
	resp := c.init()
	mustNoErrors(t, resp)
	c.end()
	return resp
}

func TestBPDShape(t *testing.T) {
	_, _, url := srvBank(t, Options{})
	resp := anonymousBPD(t, url)

	bpa := resp.Find("HIBPA")
	if got := bpa.Str(5); got != "0" {
		t.Errorf("HIBPA max job types %q, want 0 (unlimited)", got)
	}
	for _, id := range []string{"HISALS", "HIKAZS", "HICAZS"} {
		for _, s := range resp.FindAll(id) {
			if n, _ := s.Int(2); n < 3 {
				t.Errorf("%s v%d allows %d jobs per message, fewer than the demo accounts", id, s.Version, n)
			}
		}
	}
	// Sicherheitsklasse only in FinTS 3.0-era versions (§3.7).
	for _, s := range append(resp.FindAll("HISALS"), resp.FindAll("HIKAZS")...) {
		want := 4
		if s.Version == 5 {
			want = 3
		}
		if s.ID == "HIKAZS" {
			want++ // the parameter group follows
		}
		if s.Len() != want {
			t.Errorf("%s v%d has %d positions, want %d", s.ID, s.Version, s.Len(), want)
		}
	}

	// HIPINS: queries and payments TAN-relevant, account list and media not.
	pins := resp.Find("HIPINS").Group(5)
	table := map[string]string{}
	for i := 6; i+1 <= pins.Len(); i += 2 {
		table[pins.Str(i)] = pins.Str(i + 1)
	}
	for id, want := range map[string]string{"HKSAL": "J", "HKKAZ": "J", "HKCAZ": "J", "HKCCS": "J", "HKIPZ": "J",
		"HKCSE": "J", "HKSPA": "N", "HKTAB": "N", "HKTAN": "N"} {
		if table[id] != want {
			t.Errorf("HIPINS %s = %q, want %s", id, table[id], want)
		}
	}

	// HITANS v6 (21 fields per method, no decoupled) and v7 (26 fields,
	// all four methods); more than one TAN-relevant job per message: J.
	for _, s := range resp.FindAll("HITANS") {
		p := s.Group(5)
		if p.Str(1) != "N" || p.Str(2) != "J" {
			t.Errorf("HITANS v%d: one-step %q, several TAN jobs %q", s.Version, p.Str(1), p.Str(2))
		}
		width := map[int]int{6: 21, 7: 26}[s.Version]
		entries := (p.Len() - 3) / width
		if (p.Len()-3)%width != 0 {
			t.Errorf("HITANS v%d: %d values do not split into %d-field entries", s.Version, p.Len()-3, width)
		}
		var codes []string
		for i := 0; i < entries; i++ {
			e := p.Sub(4+i*width, width)
			codes = append(codes, e.Str(1))
			decoupled := e.Str(4) == "Decoupled"
			if decoupled && s.Version < 7 {
				t.Errorf("decoupled method %s in HITANS v6", e.Str(1))
			}
			if s.Version == 7 && decoupled && (e.Str(7) != "" || e.Str(8) != "" || e.Str(22) == "" || e.Str(23) == "" || e.Str(24) == "") {
				t.Errorf("decoupled entry %v: want empty #7/#8 and polling rules #22–#24", e.Strs(1))
			}
		}
		want := map[int]int{6: 3, 7: 4}[s.Version]
		if len(codes) != want {
			t.Errorf("HITANS v%d lists %v", s.Version, codes)
		}
	}

	// No trailing empty elements anywhere (the encoder drops them).
	raw, _ := wire.Encode(resp.Body()...)
	if strings.Contains(string(raw), "+'") || strings.Contains(string(raw), ":'") {
		t.Error("answer has trailing empty elements")
	}
	kom := resp.Find("HIKOM").Group(4)
	if kom.Str(1) != "3" || !strings.HasPrefix(kom.Str(2), url) {
		t.Errorf("HIKOM %v, want service 3 and %s", kom.Strs(1), url)
	}
}

func TestUPDAndSEPAAccounts(t *testing.T) {
	b, _, url := srvBank(t, Options{})
	c := srvClient(t, url)
	c.upd = 0
	c.sysID = "0"
	c.synchronise()
	c.function = MethodSMS
	mustCodes(t, c.init(), "0030")
	tan, ref := b.LastTAN(DemoUser)
	resp := c.tanStep("2", ref, tan)
	upd := resp.FindAll("HIUPD")
	accts, _ := b.Ledger().Accounts(DemoUser)
	if len(upd) != len(accts) {
		t.Fatalf("%d HIUPD for %d accounts", len(upd), len(accts))
	}
	resp = c.send(wire.NewSegment("HKSPA", 1))
	mustNoErrors(t, resp)
	hispa := resp.Find("HISPA")
	if hispa == nil || hispa.Len() != 1+len(accts) {
		t.Fatalf("HISPA %v", hispa)
	}
	for i, a := range accts {
		u := upd[i]
		if u.Group(2).Str(1) != a.Number || u.Str(3) != a.IBAN || u.Str(4) != DemoUser || u.Str(9) != a.Product {
			t.Errorf("HIUPD %d: %v", i, u)
		}
		if n := len([]rune(u.Str(7))); n == 0 || n > 27 {
			t.Errorf("holder %q does not fit 27 characters", u.Str(7))
		}
		z := wire.ParseKTZ(hispa.Group(2+i), 1)
		if !z.SEPA || z.IBAN != a.IBAN || z.BIC != BankBIC || z.Number != u.Group(2).Str(1) {
			t.Errorf("HISPA %d: %+v does not match the UPD account %s", i, z, a.Number)
		}
	}
	// The joint account's two owners are split over both holder fields.
	if joint := upd[2]; joint.Str(7) != "Max Mustermann" || joint.Str(8) != "Erika Mustermann" {
		t.Errorf("joint holders %q / %q", joint.Str(7), joint.Str(8))
	}
	c.end()
}
