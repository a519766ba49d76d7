package demobank

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// TestChallengeRandom: with the same ChallengeRandom source two banks show
// the same challenges (TAN, chipTAN start code in the flicker data, the
// photoTAN image built from reference and TAN); without one they differ.
func TestChallengeRandom(t *testing.T) {
	type shown struct {
		text string
		data []byte
		tan  string
	}
	run := func(src func() *rand.ChaCha8) []shown {
		var out []shown
		for _, method := range []string{MethodChipTAN, MethodPhotoTAN, MethodSMS} {
			o := Options{}
			if src != nil {
				o.ChallengeRandom = src()
			}
			b, _, url := srvBank(t, o)
			c := srvClient(t, url)
			c.synchronise()
			c.function = method
			hitan := c.init().Find("HITAN")
			if hitan == nil {
				t.Fatalf("%s: no HITAN", method)
			}
			tan, _ := b.LastTAN(DemoUser)
			out = append(out, shown{hitan.Str(5), hitan.Bin(6), tan})
		}
		return out
	}
	seeded := func() *rand.ChaCha8 { return rand.NewChaCha8([32]byte{7}) }
	a, b := run(seeded), run(seeded)
	for i := range a {
		if a[i].tan == "" || a[i].text != b[i].text || !bytes.Equal(a[i].data, b[i].data) || a[i].tan != b[i].tan {
			t.Errorf("challenge %d differs with the same source:\n%q %q\n%q %q", i, a[i].text, a[i].tan, b[i].text, b[i].tan)
		}
	}
	c, d := run(nil), run(nil)
	if c[0].tan == d[0].tan && c[1].tan == d[1].tan && c[2].tan == d[2].tan {
		t.Error("without a source, three TANs repeated: crypto/rand not used")
	}
}
