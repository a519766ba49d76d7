package fints

import (
	"os"
	"path/filepath"
	"testing"

	"saldo/fints/wire"
)

// FuzzReadVoP feeds bank answers to the payee-check reader and the outcome
// classification: they must not panic, a poll must carry a wait and no
// result, and every outcome but Executed must say why.
func FuzzReadVoP(f *testing.F) {
	for _, name := range []string{
		"dkb_hivpp_vop_response_full.bin",
		"atruvia_sendtransfervop_vop_report_partial_match_response_inner.bin",
		"atruvia_sendtransfervop_check_decoupled_submission_response_inner.bin",
		"dkb_sendsepatransfer_send_tan_response_inner.bin",
	} {
		b, err := os.ReadFile(filepath.Join(corpusDir, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("HIRMS:4:2:5+3040::Pruefung laeuft.:TD-1'HIRMS:5:2:4+3945::Freigabe erst nach Namensabgleich.'HIVPP:6:1:5+++@5@POL-1+++++3'"))
	f.Add([]byte("HIRMS:4:2:5+3090::Ergebnis pruefen.'HIVPP:6:1:5+@3@V-2+20251020:101500++++DE21123456780000012345::Erika::RVMC'"))
	f.Add([]byte("HIRMG:3:2+0010::Ok.'HIRMS:4:2:3+0020::Ausgefuehrt.'HIIPZ:5:1:3+IP-1++9'HICSE:6:1:3+TRM'"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := wire.Decode(b)
		if err != nil {
			return
		}
		segs := m.Flat()
		codes := wire.ParseReturnCodes(segs)
		for _, ref := range []int{3, 5} {
			va := readVoP(segs, codes, ref, vopTransfer)
			if va.Poll && (va.Wait <= 0 || va.Result != nil) {
				t.Fatalf("poll answer %+v", va)
			}
		}
		o := judge(&payment{}, codes, segs)
		if o.State != Executed && o.Reason == "" {
			t.Fatalf("outcome %+v without a reason", o)
		}
		if o.State == Executed && codes.Err() != nil {
			t.Fatalf("executed despite errors %v", codes)
		}
	})
}
