package demobank

import (
	"os"
	"testing"

	"saldo/fints/money"
	"saldo/fints/pain"
	"saldo/fints/wire"
)

// TestAqBankingOrderShape replays the order AqBanking 6.5.3 sent in
// TestAqBankingInterop (testdata/aqbanking-6.5.3-pain.001.001.03.xml,
// cut from its message log), so the shape stays covered where AqBanking
// is not installed: pain.001.001.03 without DbtrAgt (IBAN only), the
// execution date 1999-01-01 ("as soon as possible"), EndToEndId
// NOTPROVIDED, colons in MsgId, an account given by IBAN alone, HKTAN
// version 6 and no HKVPP. The payee matches, so it is booked after the
// TAN.
func TestAqBankingOrderShape(t *testing.T) {
	doc, err := os.ReadFile("testdata/aqbanking-6.5.3-pain.001.001.03.xml")
	if err != nil {
		t.Fatal(err)
	}
	b, _, url := srvBank(t, Options{})
	c := srvClient(t, url)
	c.hktan = 6
	c.login(b)
	kti := wire.KTI{IBAN: maxGiro.IBAN}
	job := wire.NewSegment("HKCCS", 1, kti.DE(), wire.S(pain.Descriptor(pain.V03)), wire.B(doc))
	resp := c.send(job, hktan4(c, "HKCCS"))
	mustNoErrors(t, resp)
	if !codesFor(resp, 4).Has("0030") || resp.Find("HITAN") == nil {
		t.Fatalf("no challenge: %v", resp.Codes)
	}
	tan, ref := b.LastTAN(DemoUser)
	resp = c.tanStep("2", ref, tan)
	mustNoErrors(t, resp)
	mustCodes(t, resp, "0020")
	if got := giroDebits(t, b, "12.34"); got != 1 {
		t.Fatalf("booked %d times, want once", got)
	}
	r, err := b.Ledger().Bookings(maxGiro.IBAN, b.Ledger().Today(), b.Ledger().Today())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, bk := range r.Booked {
		if bk.Amount == money.MustParse("-12.34") {
			found = bk.CounterpartyIBAN == pErika.IBAN && bk.CounterpartyName == pErika.Name && bk.Purpose == "Interop AqBanking" && bk.EndToEndRef == ""
			if !found {
				t.Errorf("booking %+v", bk)
			}
		}
	}
	if !found {
		t.Error("the booking is missing")
	}
}
