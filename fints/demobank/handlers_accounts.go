package demobank

import (
	"saldo/fints/wire"
)

// The pain.001 versions the bank accepts (HISPAS).
var painFormats = []string{
	"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09",
	"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03",
}

// maxAccountJobs is HIxxxS "Maximale Anzahl Aufträge" for account queries:
// enough for one job per account of any login, so a client can batch a
// whole sync into one message.
const maxAccountJobs = 10

func init() {
	registerJob(&jobSpec{
		id: "HKSPA", versions: []int{1, 2, 3}, maxPerMsg: 1, accountJob: true,
		params: func(v int) wire.DE {
			// Einzelkontenabruf, nationale Kontoverbindung, strukturierter
			// Verwendungszweck, [Anzahl Einträge], [reservierte Stellen].
			vals := []string{"J", "N", "N"}
			if v >= 2 {
				vals = append(vals, "N")
			}
			if v >= 3 {
				vals = append(vals, "0")
			}
			return wire.S(append(vals, painFormats...)...)
		},
		prepare: prepareSPA,
	})
	registerJob(&jobSpec{
		id: "HKSAL", versions: []int{5, 6, 7}, maxPerMsg: maxAccountJobs, accountJob: true,
		secClass: func(v int) bool { return v >= 6 },
		prepare:  prepareSAL,
	})
}

// prepareSPA answers HKSPA: the SEPA accounts of the login, all or the
// ones named (as ktv, or kti in v3 – both are accepted).
func prepareSPA(c *msgCtx, seg *wire.Segment) (*jobCall, []wire.ReturnCode) {
	accts, err := c.b.ledger.Accounts(c.u.login.UserID)
	if err != nil {
		return nil, fail(rc("9010", "Konten derzeit nicht verfügbar."))
	}
	// #2 repeats (0..999); only the first account element is read here
	// when present, which covers what clients send.
	if seg.Has(2) {
		kti := accountArg(seg, false)
		if g := seg.Group(2); looksLikeIBAN(g.Str(1)) {
			// A v3 request naming the account by IBAN (kti form).
			kti = wire.ParseKTI(g, 1)
		}
		a, errs := c.accountOf(kti)
		if errs != nil {
			return nil, errs
		}
		accts = []Account{a}
	}
	return &jobCall{operation: "Kontenabfrage", run: func(c *msgCtx) jobResult {
		s := wire.NewSegment("HISPA", seg.Version)
		for _, a := range accts {
			s.Add(wire.KTZ{SEPA: true, IBAN: a.IBAN, BIC: a.BIC, Number: a.Number,
				Bank: wire.KIK{Country: wire.CountryDE, Code: a.BankCode}}.DE())
		}
		return jobResult{codes: fail(okExecuted), data: []*wire.Segment{s}}
	}}, nil
}

// prepareSAL answers HKSAL v5–v7 with one HISAL per account. Balances
// never need a TAN (3076).
func prepareSAL(c *msgCtx, seg *wire.Segment) (*jobCall, []wire.ReturnCode) {
	var accts []Account
	if wire.ParseJN(seg.Str(3)) {
		all, err := c.b.ledger.Accounts(c.u.login.UserID)
		if err != nil {
			return nil, fail(rc("9010", "Konten derzeit nicht verfügbar."))
		}
		accts = all
	} else {
		a, errs := c.accountOf(accountArg(seg, seg.Version >= 7))
		if errs != nil {
			return nil, errs
		}
		accts = []Account{a}
	}
	return &jobCall{operation: "Saldenabfrage", run: func(c *msgCtx) jobResult {
		var out []*wire.Segment
		for _, a := range accts {
			s, err := c.hisal(seg.Version, a)
			if err != nil {
				c.b.log.Error("demobank: balance", "err", err)
				return jobResult{codes: fail(rc("9010", "Saldo derzeit nicht verfügbar."))}
			}
			out = append(out, s)
		}
		return jobResult{codes: fail(okExecuted), data: out}
	}}, nil
}

// hisal builds the balance segment of one account.
func (c *msgCtx) hisal(version int, a Account) (*wire.Segment, error) {
	bal, err := c.b.ledger.Balance(a.IBAN)
	if err != nil {
		return nil, err
	}
	at := bal.At.In(c.b.ledger.loc)
	clock := wire.ClockOf(at)
	booked := wire.Saldo{Amount: bal.Booked.Amount, Currency: bal.Booked.Currency, Date: bal.Booked.Date}
	withPending := booked
	withPending.Amount = bal.Booked.Amount.Add(bal.Pending)
	kik := wire.KIK{Country: wire.CountryDE, Code: a.BankCode}
	acct := wire.KTV{Number: a.Number, Bank: kik}.DE()
	if version >= 7 {
		acct = wire.KTI{IBAN: a.IBAN, BIC: a.BIC, Number: a.Number, Bank: kik}.DE()
	}
	var credit wire.DE
	if a.CreditLine.Sign() > 0 {
		credit = wire.BTG{Amount: a.CreditLine, Currency: a.Currency}.DE()
	}
	s := wire.NewSegment("HISAL", version, acct, wire.S(a.Product), wire.S(a.Currency),
		booked.DE(), withPending.DE(), credit, wire.BTG{Amount: bal.Available, Currency: a.Currency}.DE(), nil)
	if version == 5 {
		// v5: booking date and time as two elements.
		s.Add(wire.S(wire.FormatDate(bal.Booked.Date)), wire.S(clock.String()))
	} else {
		// v6/v7: #10 Überziehung (none), #11 Buchungszeitpunkt.
		s.Add(nil, wire.S(wire.FormatDate(bal.Booked.Date), clock.String()))
	}
	return s, nil
}

// looksLikeIBAN tells an IBAN (two letters, two digits) from a national
// account number.
func looksLikeIBAN(s string) bool {
	return len(s) > 4 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' &&
		s[2] >= '0' && s[2] <= '9' && s[3] >= '0' && s[3] <= '9'
}
