package secret

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

const canary = "CANARY-PIN-7319"

func TestNeverPrinted(t *testing.T) {
	v := New(canary)
	type holder struct {
		User string
		PIN  Value
	}
	h := holder{"test1", v}
	outs := []string{
		fmt.Sprint(v), fmt.Sprintf("%v %s %q %x %X %#v %+v %d", v, v, v, v, v, v, v, v),
		fmt.Sprintf("%v %+v %#v", h, h, h), fmt.Sprint(&h),
	}
	var logBuf bytes.Buffer
	slog.New(slog.NewTextHandler(&logBuf, nil)).Info("login", "pin", v, "holder", h)
	slog.New(slog.NewJSONHandler(&logBuf, nil)).Info("login", "pin", v)
	outs = append(outs, logBuf.String())
	for _, o := range outs {
		if strings.Contains(o, canary) || strings.Contains(o, fmt.Sprintf("%x", canary)) {
			t.Fatalf("canary leaked: %s", o)
		}
	}
	if _, err := json.Marshal(h); err == nil {
		t.Fatal("json encoding of a credential succeeded")
	}
	if err := gob.NewEncoder(&bytes.Buffer{}).Encode(h); err == nil {
		t.Fatal("gob encoding of a credential succeeded")
	}
	if v.Reveal() != canary || v.Len() != len(canary) || v.Empty() {
		t.Fatal("Reveal/Len/Empty")
	}
}

func TestWipeClearsCopies(t *testing.T) {
	v := New(canary)
	c := v
	v.Wipe()
	if !c.Empty() || c.Reveal() != "" {
		t.Fatal("copy still holds the secret after Wipe")
	}
	var zero Value
	zero.Wipe()
	if !zero.Empty() || zero.Reveal() != "" {
		t.Fatal("zero value")
	}
}
