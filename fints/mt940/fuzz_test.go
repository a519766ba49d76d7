package mt940

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
	"testing/iotest"

	"saldo/fints/statement"
)

// FuzzParse feeds arbitrary bytes to the parser (seeded with the real
// corpus). It must never panic or hang; the streaming reader fed one byte
// at a time must agree with Parse; and whatever the writer accepts from a
// parse must read back with the same bookings, amounts and dates.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "mt940", "*.sta"))
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(guideBooked + guidePending))
	f.Add([]byte(":20:X@@:25:1@@:60F:C0EUR0,@@:61:2501010101RC1,NMSC@@:86:166?2@@0SVWZ+x@@-"))
	f.Add([]byte("{1:F01}{4:\n:61:991231C,5\n-}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sts, perr := Parse(data)

		r := NewReader(iotest.OneByteReader(bytes.NewReader(data)))
		var streamed []statement.Statement
		var serr error
		for {
			st, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				serr = err
				break
			}
			streamed = append(streamed, *st)
		}
		if (perr == nil) != (serr == nil && len(streamed) > 0) {
			t.Fatalf("Parse error %v, streaming error %v (%d statements)", perr, serr, len(streamed))
		}
		if perr == nil && !equalStatements(sts, streamed) {
			t.Fatal("streaming parse differs from Parse")
		}

		for _, st := range sts {
			var buf bytes.Buffer
			if err := Write(&buf, st); err != nil {
				continue
			}
			back, err := Parse(buf.Bytes())
			if err != nil {
				t.Fatalf("writer output does not parse: %v\n%q", err, buf.Bytes())
			}
			if len(back) != 1 || len(back[0].Bookings) != len(st.Bookings) {
				t.Fatalf("writer output gives %d statements / bookings differ\n%q", len(back), buf.Bytes())
			}
			if balStr(back[0].Opening) != balStr(st.Opening) || balStr(back[0].Closing) != balStr(st.Closing) {
				t.Fatalf("balances differ after write: %s %s vs %s %s", balStr(back[0].Opening), balStr(back[0].Closing), balStr(st.Opening), balStr(st.Closing))
			}
			for i, b := range st.Bookings {
				g := back[0].Bookings[i]
				vd := b.ValueDate
				if vd.IsZero() {
					vd = b.BookingDate
				}
				if g.Amount != b.Amount || g.Reversal != b.Reversal || g.ValueDate != vd || g.BookingDate != b.BookingDate {
					t.Fatalf("booking %d differs after write:\n got %+v\nwant %+v", i, g, b)
				}
			}
		}
	})
}
