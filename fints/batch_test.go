package fints

import (
	"testing"

	"saldo/fints/secret"
	"saldo/fints/wire"
)

// guideClient is a client with the BPD of the guide's §12.3 answer:
// HIBPA allows 3 job types per message, HISALS v7 one HKSAL per message,
// HITANS forbids several TAN-relevant jobs per message, HIPINS marks
// HKSAL/HKKAZ/HKCAZ TAN-relevant and HKSPA not.
func guideClient(t *testing.T) (*Client, *dialog) {
	t.Helper()
	c, err := New(Config{URL: "https://bank.example/fints", BankCode: "12345678", UserID: "test1", PIN: secret.New("1")})
	if err != nil {
		t.Fatal(err)
	}
	c.absorbParams(guideAnswer(t, "guide_12_3_init_answer.bin"))
	return c, &dialog{ID: "D", Next: 2, Function: "942", HKTAN: 7}
}

func tasks(jobs ...string) []*task {
	var out []*task
	for _, j := range jobs {
		v := 7
		if j == "HKSPA" || j == "HKCAZ" {
			v = 1
		}
		out = append(out, &task{Job: j, Seg: wire.NewSegment(j, v)})
	}
	return out
}

func TestNextBatchLimits(t *testing.T) {
	c, d := guideClient(t)
	tests := []struct {
		name string
		in   []*task
		want int
	}{
		{"one HKSAL per message (HISALS)", tasks("HKSAL", "HKSAL", "HKSAL"), 1},
		{"non-TAN job joins a TAN job", tasks("HKSPA", "HKSAL"), 2},
		{"one TAN-relevant job per message (HITANS N)", tasks("HKSAL", "HKCAZ"), 1},
		{"single task", tasks("HKCAZ"), 1},
	}
	for _, tt := range tests {
		if got := c.nextBatch(d, tt.in); len(got) != tt.want {
			t.Errorf("%s: batch of %d, want %d", tt.name, len(got), tt.want)
		}
	}
	c.p.multiTAN = true
	if got := c.nextBatch(d, tasks("HKSAL", "HKCAZ", "HKKAZ", "HKSPA")); len(got) != 3 {
		t.Errorf("HIBPA 3 job types: batch of %d, want 3", len(got))
	}
	c.p.maxJobTypes = 0
	if got := c.nextBatch(d, tasks("HKSAL", "HKCAZ", "HKKAZ", "HKSPA")); len(got) != 4 {
		t.Errorf("no limits: batch of %d, want 4", len(got))
	}
	c.noMultiTAN = true
	if got := c.nextBatch(d, tasks("HKSAL", "HKCAZ", "HKSPA")); len(got) != 2 {
		t.Errorf("after a multi-challenge answer: batch of %d, want 2", len(got))
	}
	c.noBatch = true
	if got := c.nextBatch(d, tasks("HKSPA", "HKSAL")); len(got) != 1 {
		t.Errorf("after a refused batch: batch of %d, want 1", len(got))
	}
	d.Function = "999"
	if c.hktanFor(d, "HKSAL") != nil {
		t.Error("no HKTAN in a one-step dialog")
	}
}

func TestBatchRefused(t *testing.T) {
	out, err := wire.NewSigned(wire.Head{DialogID: "D", Number: 2},
		wire.Security{BankCode: "1", UserID: "u", Function: "942", PIN: secret.New("1")},
		wire.NewSegment("HKSAL", 7), wire.NewSegment("HKCAZ", 1))
	if err != nil {
		t.Fatal(err)
	}
	mk := func(codes ...wire.ReturnCode) *sent {
		return &sent{out: out, resp: &wire.Response{Codes: codes}}
	}
	jobs := []int{0, 1}
	refused := mk(wire.ReturnCode{Code: "9050", Global: true},
		wire.ReturnCode{Code: "9953", Segment: 3}, wire.ReturnCode{Code: "9953", Segment: 4})
	if !batchRefused(refused, jobs) {
		t.Error("every job refused with 9953: batch refused")
	}
	if !batchRefused(mk(wire.ReturnCode{Code: "9110", Global: true}), jobs) {
		t.Error("message-level 9110: batch refused")
	}
	partial := mk(wire.ReturnCode{Code: "9050", Global: true},
		wire.ReturnCode{Code: "0020", Segment: 3}, wire.ReturnCode{Code: "9210", Segment: 4})
	if batchRefused(partial, jobs) {
		t.Error("one job failing on its own content is not a refused batch")
	}
}
