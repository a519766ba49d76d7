package camt

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"saldo/fints/money"
	"saldo/fints/statement"
)

// Write052 writes st as a camt.052 account report (one Rpt) in version
// "02" (camt.052.001.02) or "08" (camt.052.001.08), the document a bank
// serves in HICAZ. Each booking's Status becomes its Sts (BOOK, PDNG,
// INFO): pass the booked bookings for HICAZ #4 and the pending ones for the
// pending document in #5. Balances map back as Opening → PRCD, Closing →
// CLBD, Available → CLAV, Forward → FWAV; a balance without a date is dated
// on the day of created, since the schema requires one. Texts longer than
// the schema allows are cut to its limits (names 140, references 35,
// remittance lines 140 each), and amounts keep up to five decimals.
func Write052(w io.Writer, version string, st statement.Statement, msgID string, created time.Time) error {
	v8 := false
	switch version {
	case "02":
	case "08":
		v8 = true
	default:
		return fmt.Errorf("camt: cannot write camt.052 version %q, only \"02\" and \"08\"", version)
	}
	if msgID == "" || utf8.RuneCountInString(msgID) > 35 {
		return fmt.Errorf("camt: message id %q must have 1 to 35 characters", msgID)
	}
	if st.Account == "" {
		return errors.New("camt: statement has no account")
	}
	x := &writer{v8: v8, day: statement.DateOf(created)}
	x.raw(`<?xml version="1.0" encoding="UTF-8"?>`)
	x.raw(`<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.` + version + `">`)
	x.open("BkToCstmrAcctRpt")
	x.open("GrpHdr")
	x.el("MsgId", msgID)
	x.el("CreDtTm", created.Format("2006-01-02T15:04:05-07:00"))
	x.close("GrpHdr")

	x.open("Rpt")
	id := st.Number
	if id == "" || utf8.RuneCountInString(id) > 35 {
		id = msgID
	}
	x.el("Id", id)
	x.el("CreDtTm", created.Format("2006-01-02T15:04:05-07:00"))
	x.open("Acct")
	x.account(st.Account)
	x.opt("Ccy", st.Currency)
	if st.Owner != "" {
		x.open("Ownr")
		x.el("Nm", truncate(st.Owner, 140))
		x.close("Ownr")
	}
	if st.BIC != "" {
		x.open("Svcr")
		x.agent(st.BIC)
		x.close("Svcr")
	}
	x.close("Acct")

	bals := []struct {
		code string
		b    *statement.Balance
	}{{"PRCD", st.Opening}, {"CLBD", st.Closing}, {"CLAV", st.Available}}
	for i := range st.Forward {
		bals = append(bals, struct {
			code string
			b    *statement.Balance
		}{"FWAV", &st.Forward[i]})
	}
	for _, bal := range bals {
		if bal.b == nil {
			continue
		}
		if err := x.balance(bal.code, *bal.b, st.Currency); err != nil {
			return err
		}
	}
	for i, b := range st.Bookings {
		if err := x.entry(b, st.Currency); err != nil {
			return fmt.Errorf("camt: booking %d: %w", i+1, err)
		}
	}
	x.opt("AddtlRptInf", truncate(st.Info, 500))
	x.close("Rpt")
	x.close("BkToCstmrAcctRpt")
	x.raw("</Document>")
	if _, err := io.WriteString(w, x.String()); err != nil {
		return fmt.Errorf("camt: writing document: %w", err)
	}
	return nil
}

type writer struct {
	strings.Builder
	v8  bool
	day statement.Date
}

func (x *writer) raw(s string)   { x.WriteString(s) }
func (x *writer) open(n string)  { x.WriteString("<" + n + ">") }
func (x *writer) close(n string) { x.WriteString("</" + n + ">") }

func (x *writer) el(name, text string) {
	x.open(name)
	_ = xml.EscapeText(x, []byte(text)) // strings.Builder never fails
	x.close(name)
}

// opt writes the element only when text is not empty.
func (x *writer) opt(name, text string) {
	if text != "" {
		x.el(name, text)
	}
}

func (x *writer) amount(a money.Amount, ccy string) {
	x.raw(`<Amt Ccy="` + ccy + `">` + a.Abs().String() + `</Amt>`)
	if a.Sign() < 0 {
		x.el("CdtDbtInd", "DBIT")
	} else {
		x.el("CdtDbtInd", "CRDT")
	}
}

func (x *writer) date(tag string, d statement.Date) {
	if d.IsZero() {
		return
	}
	x.open(tag)
	x.el("Dt", d.String())
	x.close(tag)
}

// account writes <Id> as IBAN when it looks like one, else as other id.
func (x *writer) account(id string) {
	x.open("Id")
	if looksLikeIBAN(id) {
		x.el("IBAN", id)
	} else {
		x.open("Othr")
		x.el("Id", truncate(id, 34))
		x.close("Othr")
	}
	x.close("Id")
}

// agent writes FinInstnId with a BIC, or a clearing member id for national
// bank codes.
func (x *writer) agent(code string) {
	x.open("FinInstnId")
	switch {
	case looksLikeBIC(code) && x.v8:
		x.el("BICFI", code)
	case looksLikeBIC(code):
		x.el("BIC", code)
	default:
		x.open("ClrSysMmbId")
		x.el("MmbId", code)
		x.close("ClrSysMmbId")
	}
	x.close("FinInstnId")
}

// party writes a party with a name and optionally a SEPA creditor id; .08
// wraps parties in <Pty>.
func (x *writer) party(tag, name, creditorID string) {
	if name == "" && creditorID == "" {
		return
	}
	x.open(tag)
	if x.v8 {
		x.open("Pty")
	}
	x.opt("Nm", truncate(name, 140))
	if creditorID != "" {
		x.raw("<Id><PrvtId><Othr>")
		x.el("Id", truncate(creditorID, 35))
		x.raw("<SchmeNm><Prtry>SEPA</Prtry></SchmeNm></Othr></PrvtId></Id>")
	}
	if x.v8 {
		x.close("Pty")
	}
	x.close(tag)
}

func (x *writer) balance(code string, b statement.Balance, ccy string) error {
	if b.Currency != "" {
		ccy = b.Currency
	}
	if ccy == "" {
		return fmt.Errorf("camt: %s balance has no currency", code)
	}
	d := b.Date
	if d.IsZero() {
		d = x.day
	}
	x.raw("<Bal><Tp><CdOrPrtry>")
	x.el("Cd", code)
	x.raw("</CdOrPrtry></Tp>")
	x.amount(b.Amount, ccy)
	x.date("Dt", d)
	x.close("Bal")
	return nil
}

func (x *writer) entry(b statement.Booking, ccy string) error {
	if b.Currency != "" {
		ccy = b.Currency
	}
	if ccy == "" {
		return errors.New("no currency")
	}
	x.open("Ntry")
	x.amount(b.Amount, ccy)
	if b.Reversal {
		x.el("RvslInd", "true")
	}
	sts := map[statement.Status]string{statement.Booked: "BOOK", statement.Pending: "PDNG", statement.Info: "INFO"}[b.Status]
	if x.v8 {
		x.open("Sts")
		x.el("Cd", sts)
		x.close("Sts")
	} else {
		x.el("Sts", sts)
	}
	x.date("BookgDt", b.BookingDate)
	x.date("ValDt", b.ValueDate)
	x.opt("AcctSvcrRef", truncate(b.BankRef, 35))
	x.bankTxCode(b)
	x.txDetails(b)
	x.opt("AddtlNtryInf", truncate(b.PostingText, 500))
	x.close("Ntry")
	return nil
}

// bankTxCode writes the inverse of the parser's bankTxCode.
func (x *writer) bankTxCode(b statement.Booking) {
	domain := strings.Split(b.TypeCode, "/")
	if len(domain) != 3 || !codeParts(domain) {
		domain = nil
	}
	prop, issuer := "", ""
	switch {
	case b.GVC != "":
		swift := "NMSC" // miscellaneous, when only an ISO domain code is known
		if domain == nil && b.TypeCode != "" {
			swift = b.TypeCode
		}
		prop, issuer = swift+"+"+b.GVC, "DK"
		switch {
		case b.PrimaNota != "":
			prop += "+" + b.PrimaNota + "+" + b.GVCExtension
		case b.GVCExtension != "":
			prop += "+" + b.GVCExtension
		}
		prop = truncate(prop, 35)
	case domain == nil && b.TypeCode != "":
		prop = truncate(b.TypeCode, 35)
	}
	if domain == nil && prop == "" {
		x.raw("<BkTxCd/>") // all parts are optional in the schema
		return
	}
	x.open("BkTxCd")
	if domain != nil {
		x.open("Domn")
		x.el("Cd", domain[0])
		x.open("Fmly")
		x.el("Cd", domain[1])
		x.el("SubFmlyCd", domain[2])
		x.close("Fmly")
		x.close("Domn")
	}
	if prop != "" {
		x.open("Prtry")
		x.el("Cd", prop)
		x.opt("Issr", issuer)
		x.close("Prtry")
	}
	x.close("BkTxCd")
}

func (x *writer) txDetails(b statement.Booking) {
	if b.EndToEndRef == "" && b.CustomerRef == "" && b.MandateRef == "" && b.CounterpartyName == "" &&
		b.CounterpartyIBAN == "" && b.CounterpartyBIC == "" && b.CreditorID == "" && b.UltimateDebtor == "" &&
		b.UltimateCreditor == "" && b.PurposeCode == "" && b.Purpose == "" {
		return
	}
	x.raw("<NtryDtls><TxDtls><Refs>")
	x.opt("InstrId", truncate(b.CustomerRef, 35))
	e2e := b.EndToEndRef
	if e2e == "" {
		e2e = "NOTPROVIDED"
	}
	x.el("EndToEndId", truncate(e2e, 35))
	x.opt("MndtId", truncate(b.MandateRef, 35))
	x.close("Refs")

	paidOut := (b.Amount.Sign() < 0) != b.Reversal
	x.open("RltdPties")
	if paidOut {
		x.party("UltmtDbtr", b.UltimateDebtor, "")
		x.party("Cdtr", b.CounterpartyName, b.CreditorID)
		x.acct("CdtrAcct", b.CounterpartyIBAN)
	} else {
		x.party("Dbtr", b.CounterpartyName, "")
		x.acct("DbtrAcct", b.CounterpartyIBAN)
		x.party("UltmtDbtr", b.UltimateDebtor, "")
		x.party("Cdtr", "", b.CreditorID)
	}
	x.party("UltmtCdtr", b.UltimateCreditor, "")
	x.close("RltdPties")
	if b.CounterpartyBIC != "" {
		tag := "DbtrAgt"
		if paidOut {
			tag = "CdtrAgt"
		}
		x.raw("<RltdAgts><" + tag + ">")
		x.agent(b.CounterpartyBIC)
		x.raw("</" + tag + "></RltdAgts>")
	}
	if b.PurposeCode != "" {
		x.raw("<Purp>")
		if utf8.RuneCountInString(b.PurposeCode) <= 4 {
			x.el("Cd", b.PurposeCode) // ExternalPurpose1Code, 1–4 characters
		} else {
			x.el("Prtry", truncate(b.PurposeCode, 35))
		}
		x.raw("</Purp>")
	}
	if b.Purpose != "" {
		x.open("RmtInf")
		for _, line := range splitText(b.Purpose, 140) {
			x.el("Ustrd", line)
		}
		x.close("RmtInf")
	}
	x.raw("</TxDtls></NtryDtls>")
}

func (x *writer) acct(tag, id string) {
	if id == "" {
		return
	}
	x.open(tag)
	x.account(id)
	x.close(tag)
}

// splitText cuts s into lines of at most n runes at spaces (which the
// parser's joining with a space restores); a word longer than n is cut hard.
func splitText(s string, n int) []string {
	var out []string
	for utf8.RuneCountInString(s) > n {
		r := []rune(s)
		cut := n
		for i := n; i > 0; i-- {
			if r[i] == ' ' {
				cut = i
				break
			}
		}
		out = append(out, string(r[:cut]))
		s = strings.TrimLeft(string(r[cut:]), " ")
	}
	if s != "" {
		out = append(out, s)
	}
	return out
}

// codeParts reports whether ISO domain/family codes fit their 1–4
// character schema type.
func codeParts(parts []string) bool {
	for _, p := range parts {
		if p == "" || utf8.RuneCountInString(p) > 4 {
			return false
		}
	}
	return true
}

// truncate cuts s to the schema's maximum length n (in characters).
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

func looksLikeIBAN(s string) bool {
	if len(s) < 15 || len(s) > 34 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter, digit := c >= 'A' && c <= 'Z', c >= '0' && c <= '9'
		if (i < 2 && !letter) || (i >= 2 && i < 4 && !digit) || (!letter && !digit) {
			return false
		}
	}
	return true
}

func looksLikeBIC(s string) bool {
	if len(s) != 8 && len(s) != 11 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (i < 6 && !(c >= 'A' && c <= 'Z')) || !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
