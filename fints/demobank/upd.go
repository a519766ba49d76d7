package demobank

import (
	"strings"

	"saldo/fints/money"
	"saldo/fints/wire"
)

// addUPD sends the user parameter data when the client's version is not
// current (§3.4): HIUPA and one HIUPD per account.
func (c *msgCtx) addUPD(ref int) {
	if c.d.clientUPD == updVersion {
		return
	}
	accts, err := c.b.ledger.Accounts(c.u.login.UserID)
	if err != nil {
		c.b.log.Error("demobank: accounts of a configured login", "user", c.u.login.UserID, "err", err)
		return
	}
	c.a.codes(ref, warnUPD)
	c.a.add(ref, wire.NewSegment("HIUPA", 4, wire.S(c.u.login.UserID), wire.N(updVersion), wire.N(0),
		wire.S(c.u.login.Name)))
	for _, acct := range accts {
		c.a.add(ref, hiupd(acct, c.u.login.CustomerID))
	}
}

// hiupd describes one account (HIUPD v6) with the jobs allowed on it.
func hiupd(a Account, customer string) *wire.Segment {
	holder1, holder2 := splitHolder(a.Owner)
	var limit wire.DE
	if a.Kind == KindCurrent {
		// A daily limit for payments, as Girokonten have one.
		limit = wire.Cat(wire.S("T"), wire.BTG{Amount: money.FromCents(10_000_00), Currency: a.Currency}.DE())
	}
	s := wire.NewSegment("HIUPD", 6,
		wire.KTV{Number: a.Number, Bank: wire.KIK{Country: wire.CountryDE, Code: a.BankCode}}.DE(),
		wire.S(a.IBAN), wire.S(customer), wire.N(a.Kind), wire.S(a.Currency),
		wire.S(holder1), wire.S(holder2), wire.S(a.Product), limit)
	for _, spec := range sortedJobs() {
		if spec.accountJob {
			s.Add(wire.S(spec.id, "1"))
		}
	}
	return s
}

// splitHolder fits an owner name into the two 27-character holder fields
// of HIUPD, splitting joint owners at " und ".
func splitHolder(owner string) (string, string) {
	const width = 27
	if len([]rune(owner)) <= width {
		return owner, ""
	}
	if first, second, ok := strings.Cut(owner, " und "); ok {
		return clip(first, width), clip(second, width)
	}
	r := []rune(owner)
	return string(r[:width]), clip(string(r[width:]), width)
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// accountOf finds the login's account a job names: by IBAN when given,
// else by account number and bank code (§1.7: accept both).
func (c *msgCtx) accountOf(kti wire.KTI) (Account, []wire.ReturnCode) {
	accts, err := c.b.ledger.Accounts(c.u.login.UserID)
	if err != nil {
		return Account{}, fail(rc("9010", "Konten derzeit nicht verfügbar."))
	}
	for _, a := range accts {
		switch {
		case kti.IBAN != "":
			if NormalizeIBAN(kti.IBAN) == a.IBAN {
				return a, nil
			}
		case kti.Number != "":
			if strings.TrimLeft(kti.Number, "0") == strings.TrimLeft(a.Number, "0") &&
				(kti.Bank.Code == "" || kti.Bank.Code == a.BankCode) {
				return a, nil
			}
		}
	}
	return Account{}, fail(rcAt("9210", "2", "Konto unbekannt oder für diesen Benutzer nicht freigegeben."))
}

// accountArg reads the account element #2 of a job: ktv in older segment
// versions, kti in newer ones.
func accountArg(seg *wire.Segment, intl bool) wire.KTI {
	if intl {
		return wire.ParseKTI(seg.Group(2), 1)
	}
	v := wire.ParseKTV(seg.Group(2), 1)
	return wire.KTI{Number: v.Number, Sub: v.Sub, Bank: v.Bank}
}
