package demobank

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"saldo/fints/secret"
	"saldo/fints/wire"
)

// fuzzSeeds are customer messages: real ones from other clients (corpus)
// and the shapes the tests send.
func fuzzSeeds(f *testing.F) [][]byte {
	var seeds [][]byte
	files, _ := filepath.Glob("../../testdata/corpus/fints-messages/*request*")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			seeds = append(seeds, b)
		}
	}
	if len(seeds) == 0 {
		f.Fatal("no corpus request messages found")
	}
	sec := wire.Security{BankCode: BankCode, UserID: DemoUser, SystemID: "0", Function: OneStep, PIN: secret.New(DemoPIN)}
	idn := wire.NewSegment("HKIDN", 2, wire.S("280", BankCode), wire.S(DemoUser), wire.S("0"), wire.S("1"))
	vvb := wire.NewSegment("HKVVB", 3, wire.N(0), wire.N(0), wire.N(0), wire.S("SALDOTEST"), wire.S("1"))
	msgs := []func() (*wire.Outgoing, error){
		func() (*wire.Outgoing, error) {
			return wire.NewSigned(wire.Head{DialogID: "0", Number: 1}, sec, idn, vvb, wire.NewSegment("HKSYN", 3, wire.S("0")))
		},
		func() (*wire.Outgoing, error) {
			s := sec
			s.Function = MethodSMS
			return wire.NewSigned(wire.Head{DialogID: "0", Number: 1}, s, idn, vvb, wire.NewSegment("HKTAN", 7, wire.S("4"), wire.S("HKIDN")))
		},
		func() (*wire.Outgoing, error) {
			return wire.NewSigned(wire.Head{DialogID: "X", Number: 2}, sec,
				wire.NewSegment("HKKAZ", 7, wire.KTI{IBAN: maxGiro.IBAN}.DE(), wire.S("N"), wire.S("20250101"), nil, nil, wire.S("tok")),
				wire.NewSegment("HKTAN", 7, wire.S("4"), wire.S("HKKAZ")))
		},
		func() (*wire.Outgoing, error) {
			return wire.NewAnonymous(wire.Head{DialogID: "0", Number: 1},
				wire.NewSegment("HKIDN", 2, wire.S("280", BankCode), wire.S(anonymousCustomer), wire.S("0"), wire.S("0")), vvb)
		},
	}
	for _, m := range msgs {
		out, err := m()
		if err != nil {
			f.Fatal(err)
		}
		raw, _ := out.Bytes()
		seeds = append(seeds, raw)
	}
	return seeds
}

// FuzzProcess feeds arbitrary bytes to the bank: it must never panic and
// must always answer with a well-formed FinTS message.
func FuzzProcess(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	b := New(Options{Now: NewFakeClock(srvNow).Now})
	f.Fuzz(func(t *testing.T, raw []byte) {
		out := b.process(raw, "http://127.0.0.1/fints")
		resp, err := wire.ParseResponse(out)
		if err != nil {
			t.Fatalf("answer unreadable: %v\n%q", err, out)
		}
		if resp.DeclaredSize != len(out) {
			t.Fatalf("answer size %d, declared %d", len(out), resp.DeclaredSize)
		}
		if resp.Find("HIRMG") == nil {
			t.Fatal("answer without HIRMG")
		}
		if strings.Contains(string(out), DemoPIN) && !strings.Contains(string(raw), DemoPIN) {
			t.Fatal("answer reveals the PIN")
		}
	})
}

// TestCorpusRequestsGetAnswers replays real clients' requests: they are
// for other banks, so the demo bank must refuse them cleanly.
func TestCorpusRequestsGetAnswers(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/corpus/fints-messages/*request_full*")
	if len(files) == 0 {
		t.Fatal("no corpus requests")
	}
	b := New(Options{Now: NewFakeClock(srvNow).Now})
	for _, p := range files {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := wire.ParseResponse(b.process(raw, "http://127.0.0.1/fints"))
		if err != nil {
			t.Errorf("%s: answer unreadable: %v", filepath.Base(p), err)
			continue
		}
		if !resp.Codes.Has("9800") {
			t.Errorf("%s: a foreign bank's request was not refused: %v", filepath.Base(p), resp.Codes)
		}
	}
}

// FuzzJobs sends arbitrary job segments in an open, approved dialog, so
// the job handlers (accounts, balances, statements, touchdown, TAN steps,
// payments) see hostile input. The answer must always be well-formed.
func FuzzJobs(f *testing.F) {
	kti := wire.KTI{IBAN: maxGiro.IBAN, BIC: BankBIC}.DE()
	seeds := [][]*wire.Segment{
		{wire.NewSegment("HKSAL", 7, kti, wire.S("N")), wire.NewSegment("HKTAN", 7, wire.S("4"), wire.S("HKSAL"))},
		{wire.NewSegment("HKKAZ", 7, kti, wire.S("N"), wire.S("20250601"), wire.S("20250615"), wire.S("3")), wire.NewSegment("HKTAN", 7, wire.S("4"), wire.S("HKKAZ"))},
		{wire.NewSegment("HKCAZ", 1, kti, wire.S(camtFormats[1]), wire.S("N"), wire.S("20250401")), wire.NewSegment("HKTAN", 7, wire.S("4"), wire.S("HKCAZ"))},
		{wire.NewSegment("HKSPA", 3, kti), wire.NewSegment("HKTAB", 5, wire.S("0"), wire.S("A"))},
		{wire.NewSegment("HKTAN", 7, wire.S("2"), nil, nil, nil, wire.S("ref"), wire.S("N"))},
		{wire.NewSegment("HKKAZ", 6, wire.KTV{Number: maxGiro.Number, Bank: wire.KIK{Country: "280", Code: BankCode}}.DE(), wire.S("N")), wire.NewSegment("HKTAN", 6, wire.S("4"), wire.S("HKKAZ"))},
	}
	for _, jobs := range seeds {
		raw, err := wire.Encode(jobs...)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	b := New(Options{Now: NewFakeClock(srvNow).Now, PageSize: 7})
	var c *tclient
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := wire.Decode(raw)
		if err != nil || len(m.Segments) == 0 || len(m.Segments) > 20 {
			return
		}
		if _, err := wire.Encode(m.Segments...); err != nil {
			return // not sendable (e.g. text outside Latin-1): no client can send it
		}
		for _, s := range m.Segments {
			if s.ID == "HNHBK" || s.ID == "HNHBS" || s.ID == "HNSHK" || s.ID == "HNSHA" || s.ID == "HNVSK" || s.ID == "HNVSD" {
				return // envelope segments are FuzzProcess's business
			}
		}
		if c == nil || c.dialog == "0" {
			c = srvClient(t, "")
			c.direct = b
			c.sysID = "0"
			c.login(b)
		}
		c.t = t
		c.send(m.Segments...) // parse checks size and readability
	})
}
