package camt

import (
	"fmt"
	"strconv"
	"strings"

	"saldo/fints/money"
	"saldo/fints/statement"
)

// entryBookings turns one Ntry into bookings.
//
// Batch rule: an entry with several TxDtls (a collective booking) becomes
// one booking per TxDtls only when every TxDtls states its own amount
// (TxDtls/Amt, or AmtDtls/TxAmt/Amt) in the entry's currency and these
// amounts, signed, add up to the entry amount — then nothing is lost or
// counted twice. Otherwise the entry stays one booking with the entry
// amount; details that all TxDtls agree on are kept, their remittance texts
// are joined, and Extra notes the number of transactions.
func entryBookings(e *node) ([]statement.Booking, error) {
	amount, ccy, err := signedAmount(e.child("Amt"), e.str("CdtDbtInd"))
	if err != nil {
		return nil, err
	}
	base := statement.Booking{
		Status:      status(e),
		Amount:      amount,
		Currency:    ccy,
		Reversal:    isTrue(e.str("RvslInd")),
		PostingText: e.str("AddtlNtryInf"),
	}
	if base.BookingDate, err = dateOf(e.child("BookgDt")); err != nil {
		return nil, fmt.Errorf("booking date: %w", err)
	}
	if base.ValueDate, err = dateOf(e.child("ValDt")); err != nil {
		return nil, fmt.Errorf("value date: %w", err)
	}
	if ref := e.str("AcctSvcrRef"); !notProvided(ref) {
		base.BankRef = ref
	}
	bankTxCode(e.child("BkTxCd"), &base)

	var txs []*node
	var batchCount string
	for _, d := range e.children("NtryDtls") {
		txs = append(txs, d.children("TxDtls")...)
		if n := d.str("Btch", "NbOfTxs"); n != "" {
			batchCount = n
		}
	}
	if n := e.str("Btch", "NbOfTxs"); n != "" { // camt.052.001.01 places Btch in Ntry
		batchCount = n
	}

	switch {
	case len(txs) == 0:
		if batchCount != "" && batchCount != "1" {
			base.Extra = "batch of " + batchCount + " transactions"
		}
		return []statement.Booking{base}, nil
	case len(txs) == 1:
		b := base
		txDetails(txs[0], &b)
		return []statement.Booking{b}, nil
	}

	if amounts, ok := splitAmounts(txs, amount, ccy); ok {
		out := make([]statement.Booking, len(txs))
		for i, tx := range txs {
			out[i] = base
			out[i].Amount = amounts[i]
			txDetails(tx, &out[i])
		}
		return out, nil
	}
	return []statement.Booking{mergeDetails(base, txs)}, nil
}

// splitAmounts returns the signed amount of each TxDtls when they may
// replace the entry amount (see entryBookings).
func splitAmounts(txs []*node, total money.Amount, ccy string) ([]money.Amount, bool) {
	amounts := make([]money.Amount, len(txs))
	sum := money.Zero
	for i, tx := range txs {
		amt := tx.child("Amt")
		if amt == nil {
			amt = tx.at("AmtDtls", "TxAmt", "Amt")
		}
		if amt == nil || !strings.EqualFold(amt.attr("Ccy"), ccy) {
			return nil, false
		}
		ind := tx.str("CdtDbtInd")
		if ind == "" {
			ind = "CRDT"
			if total.Sign() < 0 {
				ind = "DBIT"
			}
		}
		a, _, err := signedAmount(amt, ind)
		if err != nil || a.IsZero() {
			return nil, false
		}
		amounts[i] = a
		sum = sum.Add(a)
	}
	return amounts, sum.Cmp(total) == 0
}

// txDetails fills b from one TxDtls. Values in TxDtls take precedence over
// those of the entry.
func txDetails(tx *node, b *statement.Booking) {
	refs := tx.child("Refs")
	if v := refs.str("EndToEndId"); !notProvided(v) {
		b.EndToEndRef = v
	}
	if v := refs.str("MndtId"); !notProvided(v) {
		b.MandateRef = v
	}
	if v := refs.first([]string{"InstrId"}, []string{"PmtInfId"}); !notProvided(v) {
		b.CustomerRef = v
	}
	if v := refs.str("AcctSvcrRef"); !notProvided(v) {
		b.BankRef = v
	}
	if b.BankRef == "" {
		// Atruvia banks put their booking id here ("FI-UMSATZ-ID").
		if v := refs.str("Prtry", "Ref"); !notProvided(v) {
			b.BankRef = v
		}
	}
	bankTxCode(tx.child("BkTxCd"), b)

	// The counterparty is the creditor when we paid and the debtor when we
	// were paid. A reversal keeps the parties of the original booking
	// while its indicator shows the returned direction, so it flips the
	// choice.
	paidOut := (b.Amount.Sign() < 0) != b.Reversal
	parties, agents := tx.child("RltdPties"), tx.child("RltdAgts")
	other, otherAcct, otherAgt := "Dbtr", "DbtrAcct", "DbtrAgt"
	if paidOut {
		other, otherAcct, otherAgt = "Cdtr", "CdtrAcct", "CdtrAgt"
	}
	party := parties.child(other)
	b.CounterpartyName = partyName(party)
	b.CounterpartyIBAN = accountID(parties.child(otherAcct))
	b.CounterpartyBIC = agentBIC(agents.at(otherAgt, "FinInstnId"))
	if b.CounterpartyBIC == "" {
		b.CounterpartyBIC = agentBIC(party.at("Agt", "FinInstnId"))
	}
	b.UltimateDebtor = partyName(parties.child("UltmtDbtr"))
	b.UltimateCreditor = partyName(parties.child("UltmtCdtr"))
	b.CreditorID = creditorID(parties.child("Cdtr"))
	if v := tx.first([]string{"Purp", "Cd"}, []string{"Purp", "Prtry"}); v != "" {
		b.PurposeCode = v
	}
	b.Purpose = remittance(tx.child("RmtInf"))
	if b.PostingText == "" {
		b.PostingText = tx.str("AddtlTxInf")
	}
	if rtr := tx.child("RtrInf"); rtr != nil {
		reason := rtr.first([]string{"Rsn", "Cd"}, []string{"Rsn", "Prtry"})
		extra := strings.TrimSpace("return " + reason + " " + strings.Join(texts(rtr.children("AddtlInf")), " "))
		b.Extra = joinNonEmpty("; ", b.Extra, extra)
	}
}

// remittance joins the unstructured lines (Ustrd) and, from structured
// blocks (Strd), the creditor references (e.g. RF…) and additional
// remittance lines, skipping any text that is already included.
func remittance(rmt *node) string {
	parts := texts(rmt.children("Ustrd"))
	for _, s := range rmt.children("Strd") {
		parts = append(parts, s.str("CdtrRefInf", "Ref"))
		parts = append(parts, texts(s.children("AddtlRmtInf"))...)
	}
	var out []string
	joined := ""
	for _, p := range parts {
		if p == "" || strings.Contains(joined, p) {
			continue
		}
		out = append(out, p)
		joined = strings.Join(out, " ")
	}
	return joined
}

func texts(ns []*node) []string {
	var out []string
	for _, n := range ns {
		if s := strings.TrimSpace(n.text.String()); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// mergeDetails builds the single booking of an unsplit batch entry.
func mergeDetails(base statement.Booking, txs []*node) statement.Booking {
	each := make([]statement.Booking, len(txs))
	for i, tx := range txs {
		each[i] = base
		txDetails(tx, &each[i])
	}
	out := base
	fields := func(b *statement.Booking) []*string {
		return []*string{&b.CounterpartyName, &b.CounterpartyIBAN, &b.CounterpartyBIC, &b.PostingText,
			&b.EndToEndRef, &b.CustomerRef, &b.MandateRef, &b.CreditorID, &b.UltimateDebtor,
			&b.UltimateCreditor, &b.BankRef, &b.GVC, &b.GVCExtension, &b.PrimaNota, &b.TypeCode, &b.PurposeCode}
	}
	dst := fields(&out)
	for f := range dst {
		v := *fields(&each[0])[f]
		same := true
		for i := 1; i < len(each) && same; i++ {
			same = *fields(&each[i])[f] == v
		}
		if same {
			*dst[f] = v
		}
	}
	var purposes []string
	for _, b := range each {
		purposes = append(purposes, b.Purpose)
	}
	out.Purpose = joinDistinct(purposes)
	out.Extra = joinNonEmpty("; ", base.Extra, "batch of "+strconv.Itoa(len(txs))+" transactions")
	return out
}

func joinDistinct(ss []string) string {
	var out []string
	seen := map[string]bool{}
	for _, s := range ss {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return strings.Join(out, " ")
}

func joinNonEmpty(sep string, ss ...string) string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, sep)
}

func isTrue(s string) bool { return s == "true" || s == "1" }
