package demobank

import (
	"bytes"
	"fmt"
	"testing"

	"saldo/fints/wire"
)

// TestStaleTrailerNumber: lib-fints repeats a message for the next
// touchdown page with a new number in HNHBK but the old one in HNHBS. The
// bank accepts that; other envelope damage stays an error.
func TestStaleTrailerNumber(t *testing.T) {
	_, _, c := loggedIn(t, Options{})
	raw := c.build(wire.NewSegment("HKSPA", 1))
	stale := fmt.Sprintf("'HNHBS:%d:1+%d'", 5, c.msg)
	if !bytes.HasSuffix(raw, []byte(stale)) {
		t.Fatalf("unexpected trailer in %q", raw[len(raw)-20:])
	}
	// Turn "HNHBS:5:1+2'" into "HNHBS:5:1+1'" and fix the size, as
	// lib-fints sends it (its size is computed after the change).
	bad := append(bytes.TrimSuffix(raw, []byte(stale)), fmt.Sprintf("'HNHBS:5:1+%d'", c.msg-1)...)
	resp := c.parse(srvPost(t, c.url, bad))
	mustNoErrors(t, resp)
	if resp.Find("HISPA") == nil {
		t.Error("message with a stale HNHBS number was not answered")
	}
	if !resp.Signed {
		t.Error("personalised answer is not signed")
	}

	// With a wrong size as well, it is rejected.
	raw = c.build(wire.NewSegment("HKSPA", 1))
	bad = append(bytes.TrimSuffix(raw, []byte(fmt.Sprintf("'HNHBS:5:1+%d'", c.msg))), fmt.Sprintf("'HNHBS:5:1+%d0'", c.msg)...)
	mustCodes(t, c.parse(srvPost(t, c.url, bad)), "9800", "9110")
}

func TestRepairTrailer(t *testing.T) {
	cases := []struct {
		name, in string
		fixed    bool
	}{
		{"matching", "HNHBK:1:3+000000000055+300+D+2'HKEND:2:1+D'HNHBS:3:1+2'", false},
		{"stale", "HNHBK:1:3+000000000056+300+D+10'HKEND:2:1+D'HNHBS:3:1+9'", true},
		{"wrong size", "HNHBK:1:3+000000000099+300+D+10'HKEND:2:1+D'HNHBS:3:1+9'", false},
		{"garbage", "HNHBK:1:3+0000", false},
	}
	for _, tc := range cases {
		out, fixed := repairTrailer([]byte(tc.in))
		if fixed != tc.fixed {
			t.Errorf("%s: fixed %v", tc.name, fixed)
		}
		if fixed {
			req, err := wire.ParseRequest(out)
			if err != nil || req.Head.Number != 10 {
				t.Errorf("%s: repaired message %q: %v", tc.name, out, err)
			}
		}
	}
}
