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
