package mt940

import (
	"fmt"
	"strings"

	"saldo/fints/statement"
)

// dkInfo builds the DK-structured :86: text (Latin-1 bytes in a string).
func dkInfo(b *statement.Booking) (string, error) {
	var sb strings.Builder
	gvc := b.GVC
	if len(gvc) != 3 || digitRun(gvc) != 3 {
		gvc = "999"
	}
	sb.WriteString(gvc)
	// sub writes one sub-field; v must already be Latin-1.
	sub := func(code, v string) {
		if v == "" {
			return
		}
		sb.WriteByte('?')
		sb.WriteString(code)
		sb.WriteString(v)
	}
	l1 := func(v string) string { return string(latin1(strings.TrimSpace(v), true)) }
	sub("00", l1(b.PostingText))
	sub("10", l1(b.PrimaNota))
	chunks := purposeChunks(b)
	if len(chunks) > purposeSlots {
		return "", fmt.Errorf("purpose and references need %d sub-fields of 27 characters; MT940 has %d", len(chunks), purposeSlots)
	}
	for i := 0; i < len(chunks) && i < 10; i++ {
		sub(fmt.Sprintf("%d", 20+i), chunks[i])
	}
	sub("30", l1(b.CounterpartyBIC))
	sub("31", l1(b.CounterpartyIBAN))
	name := latin1(normSpace(b.CounterpartyName), true)
	if len(name) > nameWidth {
		name = name[:nameWidth]
	}
	if len(name) > chunkWidth {
		sub("32", string(name[:chunkWidth]))
		sub("33", string(name[chunkWidth:]))
	} else {
		sub("32", string(name))
	}
	sub("34", l1(b.GVCExtension))
	for i := 10; i < len(chunks); i++ {
		sub(fmt.Sprintf("%d", 60+i-10), chunks[i])
	}
	return sb.String(), nil
}

// purposeChunks splits the SEPA keyword segments into 27-character
// sub-field values; every keyword starts a new sub-field. Values are
// Latin-1 already, so byte length is character length.
func purposeChunks(b *statement.Booking) []string {
	type seg struct{ key, val string }
	segs := []seg{
		{"EREF+", b.EndToEndRef},
		{"KREF+", b.CustomerRef},
		{"MREF+", b.MandateRef},
		{"CRED+", b.CreditorID},
		{"PURP+", b.PurposeCode},
		{"SVWZ+", b.Purpose},
		{"ABWA+", b.UltimateDebtor},
		{"ABWE+", b.UltimateCreditor},
	}
	var out []string
	for _, s := range segs {
		v := string(latin1(normSpace(s.val), true))
		if v == "" {
			continue
		}
		t := s.key + v
		for len(t) > chunkWidth {
			out = append(out, t[:chunkWidth])
			t = t[chunkWidth:]
		}
		out = append(out, t)
	}
	return out
}

// latin1 converts s to ISO-8859-1. Control characters become blanks;
// characters outside Latin-1, and '?' when info is set, become '.'.
func latin1(s string, info bool) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		switch {
		case r < 0x20 || r == 0x7f:
			out = append(out, ' ')
		case r == '?' && info:
			out = append(out, '.')
		case r < 0x100:
			out = append(out, byte(r))
		default:
			out = append(out, '.')
		}
	}
	return out
}
