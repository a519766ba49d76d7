package demobank

import (
	"bytes"
	"fmt"

	"saldo/fints/camt"
	"saldo/fints/money"
	"saldo/fints/mt940"
	"saldo/fints/statement"
	"saldo/fints/wire"
)

// openingAt is the balance before booked[i].
func (s *snapshot) openingAt(i int) money.Amount {
	if i == 0 {
		return s.opening.Amount
	}
	return *s.booked[i-1].RunningBalance
}

// hikaz renders bookings [from, to) of the snapshot as MT940 – one
// statement per booking day as German banks send them, a day split over
// pages continuing with the next sheet number – and, on the last page,
// the pending entries as MT942.
func (c *msgCtx) hikaz(q *stmtQuery, snap *snapshot, from, to, size int, last bool) (*wire.Segment, error) {
	acct := q.account.BankCode + "/" + q.account.Number
	var booked bytes.Buffer
	for i := from; i < to; {
		day := snap.booked[i].BookingDate
		j := i
		for j < to && snap.booked[j].BookingDate == day {
			j++
		}
		first := i // first index of this day in the whole snapshot
		for first > 0 && snap.booked[first-1].BookingDate == day {
			first--
		}
		sheet := 1 + i/size - first/size
		st := statement.Statement{
			Account:  acct,
			Currency: q.account.Currency,
			Number:   fmt.Sprintf("%05d/%03d", day.Time().YearDay(), sheet),
			Opening:  &statement.Balance{Amount: snap.openingAt(i), Currency: q.account.Currency, Date: day},
			Closing:  &statement.Balance{Amount: *snap.booked[j-1].RunningBalance, Currency: q.account.Currency, Date: day},
			Bookings: snap.booked[i:j],
		}
		if err := mt940.Write(&booked, st); err != nil {
			return nil, fmt.Errorf("demobank: MT940 for %s: %w", day, err)
		}
		i = j
	}
	s := wire.NewSegment("HIKAZ", q.seg.Version, wire.B(booked.Bytes()))
	if last && len(snap.pending) > 0 {
		var pending bytes.Buffer
		st := statement.Statement{Account: acct, Currency: q.account.Currency, Number: "00000/001",
			Pending: true, Bookings: snap.pending}
		if err := mt940.Write(&pending, st); err != nil {
			return nil, fmt.Errorf("demobank: MT942: %w", err)
		}
		s.Add(wire.B(pending.Bytes()))
	}
	return s, nil
}

// hicaz renders bookings [from, to) as one camt.052 document and, on the
// last page, the pending entries as a second one.
func (c *msgCtx) hicaz(q *stmtQuery, snap *snapshot, from, to int, last bool) (*wire.Segment, error) {
	a := q.account
	c.b.seq++
	msgID := fmt.Sprintf("SALDO%s%06d", c.now.Format("20060102150405"), c.b.seq)
	created := c.now.In(c.b.ledger.loc)
	st := statement.Statement{
		Account: a.IBAN, Currency: a.Currency, Owner: a.Owner, BIC: a.BIC,
		Number:   msgID,
		Bookings: snap.booked[from:to],
	}
	if to > from {
		st.Opening = &statement.Balance{Amount: snap.openingAt(from), Currency: a.Currency,
			Date: snap.booked[from].BookingDate.AddDays(-1)}
		st.Closing = &statement.Balance{Amount: *snap.booked[to-1].RunningBalance, Currency: a.Currency,
			Date: snap.booked[to-1].BookingDate}
	}
	var doc bytes.Buffer
	if err := camt.Write052(&doc, q.camt, st, msgID, created); err != nil {
		return nil, fmt.Errorf("demobank: camt.052: %w", err)
	}
	kti := wire.KTI{IBAN: a.IBAN, BIC: a.BIC, Number: a.Number, Bank: wire.KIK{Country: wire.CountryDE, Code: a.BankCode}}
	s := wire.NewSegment("HICAZ", q.seg.Version, kti.DE(), wire.S("urn:iso:std:iso:20022:tech:xsd:camt.052.001."+q.camt),
		wire.B(doc.Bytes()))
	if last && len(snap.pending) > 0 {
		pst := statement.Statement{Account: a.IBAN, Currency: a.Currency, Owner: a.Owner, BIC: a.BIC,
			Pending: true, Bookings: snap.pending}
		var pdoc bytes.Buffer
		if err := camt.Write052(&pdoc, q.camt, pst, msgID+"P", created); err != nil {
			return nil, fmt.Errorf("demobank: camt.052 pending: %w", err)
		}
		s.Add(wire.B(pdoc.Bytes()))
	}
	return s, nil
}
