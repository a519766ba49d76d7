package camt

import (
	"errors"
	"fmt"
	"strings"

	"saldo/fints/money"
	"saldo/fints/statement"
)

// signedAmount reads <Amt Ccy="…">12.50</Amt> and applies the sign of the
// credit/debit indicator (DBIT = money left the account). A zero amount
// needs no indicator; any other amount without one is an error, because
// guessing the sign would corrupt balances.
func signedAmount(amt *node, cdtDbt string) (money.Amount, string, error) {
	if amt == nil {
		return money.Zero, "", errors.New("amount missing")
	}
	text := strings.TrimSpace(amt.text.String())
	a, err := money.Parse(text)
	if err != nil {
		return money.Zero, "", fmt.Errorf("amount %q: %w", text, err)
	}
	switch strings.ToUpper(cdtDbt) {
	case "DBIT":
		a = a.Neg()
	case "CRDT":
	default:
		if !a.IsZero() {
			return money.Zero, "", fmt.Errorf("amount %s has no valid credit/debit indicator (%q)", text, cdtDbt)
		}
	}
	return a, strings.ToUpper(amt.attr("Ccy")), nil
}

// dateOf reads a DateAndDateTimeChoice (<Dt> or <DtTm>); the day of a
// timestamp is taken as written, in the bank's own zone. Absent means the
// zero date.
func dateOf(n *node) (statement.Date, error) {
	s := n.first([]string{"Dt"}, []string{"DtTm"})
	if s == "" {
		return statement.Date{}, nil
	}
	if len(s) > 10 {
		s = s[:10]
	}
	d, err := statement.ParseDate(s)
	if err != nil || len(s) != 10 {
		return statement.Date{}, fmt.Errorf("date %q: want YYYY-MM-DD", n.first([]string{"Dt"}, []string{"DtTm"}))
	}
	return d, nil
}

// status reads Sts as text (.02) or Sts/Cd (.08). FUTR (future, .08) is
// reported as pending; a missing status counts as booked.
func status(n *node) statement.Status {
	s := strings.ToUpper(n.str("Sts"))
	if s == "" {
		s = strings.ToUpper(n.first([]string{"Sts", "Cd"}, []string{"Sts", "Prtry"}))
	}
	switch s {
	case "PDNG", "FUTR":
		return statement.Pending
	case "INFO":
		return statement.Info
	}
	return statement.Booked
}

// bankTxCode fills TypeCode, GVC, prima nota and GVC extension from a
// BkTxCd element; values already set are kept when the element has none.
//
// TypeCode is the ISO domain path "PMNT/ICDT/ESCT" when given, else the
// SWIFT-style type of the German proprietary code ("NSTO"), else the
// proprietary code as is. The German (DK) proprietary code reads
// "N<type>+<GVC>+<prima nota>+<extension>" (four parts, as Sparkassen and
// Volksbanken send) or "N<type>+<GVC>+<extension>" (three parts).
func bankTxCode(n *node, b *statement.Booking) {
	if n == nil {
		return
	}
	domain := n.at("Domn")
	if cd := domain.str("Cd"); cd != "" {
		parts := []string{cd}
		if f := domain.str("Fmly", "Cd"); f != "" {
			parts = append(parts, f)
			if sf := domain.str("Fmly", "SubFmlyCd"); sf != "" {
				parts = append(parts, sf)
			}
		}
		b.TypeCode = strings.Join(parts, "/")
	}
	prop := n.str("Prtry", "Cd")
	if prop == "" {
		return
	}
	parts := strings.Split(prop, "+")
	if len(parts) >= 2 && len(parts) <= 4 && isDigits(parts[1], 3) {
		if domain.str("Cd") == "" && parts[0] != "" {
			b.TypeCode = parts[0]
		}
		b.GVC = parts[1]
		switch len(parts) {
		case 4:
			b.PrimaNota, b.GVCExtension = parts[2], parts[3]
		case 3:
			b.GVCExtension = parts[2]
		}
		return
	}
	if domain.str("Cd") == "" {
		b.TypeCode = prop
	}
}

func isDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// notProvided reports the SEPA placeholders banks put into empty
// reference fields.
func notProvided(s string) bool {
	switch strings.ToUpper(s) {
	case "", "NOTPROVIDED", "NOT PROVIDED", "NONREF":
		return true
	}
	return false
}

// partyName reads a party in any version: <Nm> directly (.02), wrapped in
// <Pty> (.08), or a financial institution as party (<Agt>, .08).
func partyName(p *node) string {
	return p.first([]string{"Nm"}, []string{"Pty", "Nm"}, []string{"Agt", "FinInstnId", "Nm"})
}

// accountID reads CashAccount/Id as IBAN or other identification.
func accountID(a *node) string {
	return a.first([]string{"Id", "IBAN"}, []string{"Id", "Othr", "Id"}, []string{"Id", "PrtryAcct", "Id"})
}

// agentBIC reads a financial institution: BIC (.02), BICFI (.08), BICOrBEI,
// or a national clearing member id when no BIC is given.
func agentBIC(fi *node) string {
	return fi.first([]string{"BIC"}, []string{"BICFI"}, []string{"BICOrBEI"}, []string{"ClrSysMmbId", "MmbId"})
}

// creditorID reads the SEPA creditor identifier from a creditor party:
// Id/PrvtId/Othr/Id (or OrgId) with scheme name SEPA, or without scheme
// name when it has the creditor identifier shape ("DE98ZZZ09999999999").
func creditorID(p *node) string {
	if pty := p.child("Pty"); pty != nil {
		p = pty
	}
	for _, kind := range []string{"PrvtId", "OrgId"} {
		for _, o := range p.at("Id", kind).children("Othr") {
			id := o.str("Id")
			scheme := strings.ToUpper(o.first([]string{"SchmeNm", "Prtry"}, []string{"SchmeNm", "Cd"}))
			if scheme == "SEPA" || (scheme == "" && looksLikeCI(id)) {
				return id
			}
		}
	}
	return ""
}

// looksLikeCI checks the shape of a SEPA creditor identifier: country code,
// two check digits, three-character business code (with a letter, "ZZZ" by
// default — which tells it from an IBAN), national identifier.
func looksLikeCI(s string) bool {
	if len(s) < 8 || len(s) > 35 || strings.IndexFunc(s[4:7], func(r rune) bool { return r >= 'A' && r <= 'Z' }) < 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter, digit := c >= 'A' && c <= 'Z', c >= '0' && c <= '9'
		switch {
		case i < 2 && !letter, i >= 2 && i < 4 && !digit, i >= 4 && !letter && !digit:
			return false
		}
	}
	return true
}
