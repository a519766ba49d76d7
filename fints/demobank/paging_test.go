package demobank

import (
	"testing"

	"saldo/fints/camt"
	"saldo/fints/mt940"
	"saldo/fints/statement"
	"saldo/fints/wire"
)

// fetchAll runs a statement job over the whole history: the first
// request needs a TAN (older than 90 days), the follow-ups carry the
// touchdown and are exempt. It returns every page's answer.
func fetchAll(t *testing.T, b *Bank, c *tclient, job func(touchdown string) *wire.Segment) []*wire.Response {
	t.Helper()
	id := job("").ID
	resp := c.send(job(""), wire.NewSegment("HKTAN", 7, wire.S("4"), wire.S(id)))
	mustCodes(t, resp, "0030")
	if resp.Find("HIKAZ") != nil || resp.Find("HICAZ") != nil {
		t.Fatal("statements delivered before the TAN")
	}
	ref := resp.Find("HITAN").Str(4)
	tan, _ := b.LastTAN(c.user)
	resp = c.tanStep("2", ref, tan)
	mustCodes(t, resp, "0900")
	pages := []*wire.Response{resp}
	for {
		td, ok := resp.Codes.Find("3040")
		if !ok {
			break
		}
		if len(td.Params) != 1 || td.Params[0] == "" {
			t.Fatalf("3040 without touchdown: %+v", td)
		}
		resp = c.send(job(td.Params[0]), wire.NewSegment("HKTAN", 7, wire.S("4"), wire.S(id)))
		mustNoErrors(t, resp)
		mustCodes(t, resp, "3076")
		pages = append(pages, resp)
		if len(pages) > 200 {
			t.Fatal("paging does not end")
		}
	}
	return pages
}

func TestFullHistoryMT940Paging(t *testing.T) {
	b, _, url := srvBank(t, Options{})
	c := srvClient(t, url)
	c.login(b)
	a := b.Ledger().Accounts
	accts, _ := a(DemoUser)
	giro := accts[0]
	ktv := wire.KTV{Number: giro.Number, Bank: wire.KIK{Country: "280", Code: BankCode}}
	pages := fetchAll(t, b, c, func(td string) *wire.Segment {
		s := wire.NewSegment("HKKAZ", 6, ktv.DE(), wire.S("N"), nil, nil, nil)
		if td != "" {
			s.Add(wire.S(td))
		}
		return s
	})
	r, err := b.Ledger().Bookings(giro.IBAN, statement.Date{}, statement.Date{})
	if err != nil {
		t.Fatal(err)
	}
	if want := (len(r.Booked) + 99) / 100; len(pages) != want {
		t.Errorf("%d pages for %d bookings, want %d", len(pages), len(r.Booked), want)
	}
	var all []byte
	var pending []statement.Booking
	for i, p := range pages {
		hikaz := p.Find("HIKAZ")
		if hikaz == nil {
			t.Fatalf("page %d without HIKAZ", i)
		}
		all = append(all, hikaz.Bin(2)...)
		if i < len(pages)-1 && hikaz.Has(3) {
			t.Errorf("page %d carries pending items; they belong to the last page", i)
		}
		if i == len(pages)-1 && hikaz.Has(3) {
			sts, err := mt940.Parse(hikaz.Bin(3))
			if err != nil {
				t.Fatalf("MT942: %v", err)
			}
			for _, st := range sts {
				pending = append(pending, st.Bookings...)
			}
		}
	}
	sts, err := mt940.Parse(all)
	if err != nil {
		t.Fatalf("MT940 of all pages: %v", err)
	}
	var got []statement.Booking
	for _, st := range sts {
		if st.Opening == nil || st.Closing == nil {
			t.Fatalf("statement %s without balances", st.Number)
		}
		sum := st.Opening.Amount
		for _, bk := range st.Bookings {
			sum = sum.Add(bk.Amount)
		}
		if sum.Cmp(st.Closing.Amount) != 0 {
			t.Errorf("statement %s: opening + bookings = %s, closing %s", st.Number, sum, st.Closing.Amount)
		}
		got = append(got, st.Bookings...)
	}
	if len(got) != len(r.Booked) {
		t.Fatalf("%d bookings over all pages, ledger has %d", len(got), len(r.Booked))
	}
	for i := range got {
		if got[i].Amount.Cmp(r.Booked[i].Amount) != 0 || got[i].BookingDate != r.Booked[i].BookingDate {
			t.Fatalf("booking %d: got %s %s, ledger %s %s", i, got[i].BookingDate, got[i].Amount,
				r.Booked[i].BookingDate, r.Booked[i].Amount)
		}
	}
	if len(pending) != len(r.Pending) {
		t.Errorf("%d pending bookings, ledger has %d", len(pending), len(r.Pending))
	}
	if sts[0].Opening.Amount.Cmp(r.Opening.Amount) != 0 || sts[len(sts)-1].Closing.Amount.Cmp(r.Closing.Amount) != 0 {
		t.Errorf("balances %s…%s, ledger %s…%s", sts[0].Opening.Amount, sts[len(sts)-1].Closing.Amount,
			r.Opening.Amount, r.Closing.Amount)
	}
	c.end()
}

func TestFullHistoryCamtPaging(t *testing.T) {
	b, _, url := srvBank(t, Options{PageSize: 250})
	c := srvClient(t, url)
	c.login(b)
	accts, _ := b.Ledger().Accounts(DemoUser)
	giro := accts[0]
	kti := wire.KTI{IBAN: giro.IBAN, BIC: giro.BIC}
	for _, v := range []string{"02", "08"} {
		pages := fetchAll(t, b, c, func(td string) *wire.Segment {
			s := wire.NewSegment("HKCAZ", 1, kti.DE(), wire.S("urn:iso:std:iso:20022:tech:xsd:camt.052.001."+v),
				wire.S("N"), nil, nil, nil)
			if td != "" {
				s.Add(wire.S(td))
			}
			return s
		})
		r, _ := b.Ledger().Bookings(giro.IBAN, statement.Date{}, statement.Date{})
		var booked, pending int
		for i, p := range pages {
			hicaz := p.Find("HICAZ")
			if hicaz == nil {
				t.Fatalf("page %d without HICAZ", i)
			}
			if got := hicaz.Str(3); got != "urn:iso:std:iso:20022:tech:xsd:camt.052.001."+v {
				t.Errorf("descriptor %q", got)
			}
			for _, doc := range hicaz.Group(4) {
				sts, err := camt.Parse(doc.Bytes())
				if err != nil {
					t.Fatalf("camt page %d: %v", i, err)
				}
				for _, st := range sts {
					booked += len(st.Bookings)
				}
			}
			if hicaz.Has(5) {
				sts, err := camt.Parse(hicaz.Bin(5))
				if err != nil {
					t.Fatalf("pending camt: %v", err)
				}
				for _, st := range sts {
					pending += len(st.Bookings)
				}
			}
		}
		if booked != len(r.Booked) || pending != len(r.Pending) {
			t.Errorf("camt.052.001.%s: %d booked, %d pending; ledger %d, %d", v, booked, pending, len(r.Booked), len(r.Pending))
		}
	}
	c.end()
}
