package fints

import (
	"os"
	"path/filepath"
	"testing"

	"saldo/fints/wire"
)

// addCorpus seeds f with every real bank message of the corpus and the
// guide's examples.
func addCorpus(f *testing.F) {
	for _, pattern := range []string{filepath.Join(corpusDir, "*.bin"), filepath.Join("wire", "testdata", "*.bin")} {
		files, _ := filepath.Glob(pattern)
		for _, name := range files {
			b, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
}

// FuzzAnswer feeds bank answers (untrusted) through everything the engine
// reads out of them: BPD/UPD and allowed methods, SCA decision and
// challenge, balances, statements, touchdown, SEPA accounts, TAN media.
func FuzzAnswer(f *testing.F) {
	addCorpus(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := wire.Decode(b)
		if err != nil {
			return
		}
		segs := m.Flat()
		resp := &wire.Response{Message: m, Segments: segs, Codes: wire.ParseReturnCodes(segs)}
		c := &Client{}
		c.absorbParams(resp)
		_, _, _ = c.securityFunction()
		for _, s := range resp.FindAll("HITAN") {
			_ = challengeFrom(s, TANMethod{Kind: TANFlicker}, "x", "")
			_ = challengeFrom(s, TANMethod{Kind: TANImage}, "x", "")
		}
		for _, s := range resp.FindAll("HITAB") {
			_ = parseHITAB(s)
		}
		for _, job := range []string{"HKSAL", "HKKAZ", "HKCAZ", "HKSPA", "HKTAB"} {
			for ref := 0; ref <= 6; ref++ {
				tk := &task{Job: job, Account: "A", TouchPos: 7}
				c.absorbTask(tk, &dialog{ID: "D"}, resp.Codes.ForSegment(ref), resp.ForSegment(ref), nil)
				switch job {
				case "HKSAL":
					_, _ = parseBalances(tk)
				case "HKKAZ", "HKCAZ":
					_, _ = c.parseStatements(tk)
				case "HKSPA":
					_ = c.absorbSEPAAccounts(tk)
				case "HKTAB":
					_ = c.absorbMedia(tk)
				}
			}
		}
		_ = classify("x", resp.Codes, "P")
		_ = batchRefused(&sent{out: mustOutgoing(t), resp: resp}, []int{0})
	})
}

func mustOutgoing(t *testing.T) *wire.Outgoing {
	o, err := wire.NewAnonymous(wire.Head{DialogID: "0", Number: 1}, wire.NewSegment("HKEND", 1, wire.S("0")))
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// FuzzRestore: state and paused blobs come from disk or the vault; a
// damaged one must give an error, never a panic.
func FuzzRestore(f *testing.F) {
	cfg := Config{URL: "https://bank.example/fints", BankCode: "12345678", UserID: "test1"}
	c, _ := New(cfg)
	c.absorbParams(guideAnswerF(f, "guide_12_3_init_answer.bin"))
	f.Add(c.Deconstruct(true))
	f.Add(c.Deconstruct(false))
	f.Add([]byte(`{"format":"saldo-fints-paused","version":1,"id":"x","dialog":{"id":"D","next":2,"function":"942"},"tasks":[{"job":"HKSAL","seg":"SEtTQUw6MDo3K04n"}],"waiting":0}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		cfg := cfg
		cfg.State = b
		if c, err := New(cfg); err == nil {
			_ = c.Deconstruct(true)
		}
		cfg.State = nil
		cfg.PauseGuard = &memGuard{seen: map[string]bool{}}
		c, _ := New(cfg)
		_, _ = c.Resume(b)
	})
}

func guideAnswerF(f *testing.F, name string) *wire.Response {
	b, err := os.ReadFile(filepath.Join("wire", "testdata", name))
	if err != nil {
		f.Fatal(err)
	}
	r, err := wire.ParseResponse(b)
	if err != nil {
		f.Fatal(err)
	}
	return r
}
