package fints

import (
	"bytes"
	"strings"
	"testing"

	"saldo/fints/wire"
)

func TestTraceRedacts(t *testing.T) {
	var buf bytes.Buffer
	tr := newTracer(&buf, realClock{})
	tr.learn("1234567890", "12") // too short numbers are not learned
	tr.outgoing(guideMessage(t, "CANARY-PIN-7319"))
	seg := wire.NewSegment("HIKAZ", 7, wire.B([]byte(":25:12345678/0001234567890\r\n:61:2501150115D12,00NTRFNONREF\r\n:86:166?31DE21123456780000012345?32Erika")))
	seg.Number, seg.Ref = 5, 3
	tr.write("bank → client", wire.Trace(seg))
	out := buf.String()
	for _, leak := range []string{"CANARY-PIN-7319", "DE87123456781234567890", "1234567890", "DE21123456780000012345"} {
		if strings.Contains(out, leak) {
			t.Errorf("trace contains %q:\n%s", leak, out)
		}
	}
	for _, keep := range []string{"DE******************90", "***", "HKSAL:3:7", "12345678/", "D12,00"} {
		if !strings.Contains(out, keep) {
			t.Errorf("trace lacks %q:\n%s", keep, out)
		}
	}
}

func TestTraceNil(t *testing.T) {
	var tr *tracer
	tr.learn("123456")
	tr.note("nothing %d", 1)
	tr.outgoing(guideMessage(t, "1234"))
	if newTracer(nil, realClock{}) != nil {
		t.Error("nil writer should give a nil tracer")
	}
}
