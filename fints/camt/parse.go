// Package camt reads ISO 20022 bank-to-customer cash management messages —
// camt.052 account reports (HICAZ), camt.053 statements and camt.054
// notifications, versions .001.01 to .001.08 — into the shared booking
// model, and writes camt.052 documents for the demo bank.
//
// Parsing matches local element names and ignores namespaces, so every
// version and the bank-specific deviations seen in practice (no XML
// declaration, a wrong declared encoding, byte order marks, empty
// documents, missing dates) read with one code path.
//
// Entry points: [Parse] turns one document into statement.Statement values
// (one per report, statement or notification), [ParseDocument] also
// returns the message details (kind, namespace, message ID) in a
// [Document], [SplitDocuments] separates documents a bank concatenated
// into one binary, and [Write052] writes the camt.052 report a bank serves
// in HICAZ. Input that is no camt document fails with [ErrNotCamt].
package camt

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"saldo/fints/statement"
)

// ErrNotCamt is wrapped when the input is XML but not a camt.052/053/054
// document.
var ErrNotCamt = errors.New("not a camt.052/053/054 document")

// Document is a parsed camt message with the details Parse leaves out.
type Document struct {
	Kind      string // "camt.052", "camt.053" or "camt.054"
	Namespace string // as declared, e.g. "urn:iso:std:iso:20022:tech:xsd:camt.052.001.08"
	MsgID     string
	Created   string // GrpHdr/CreDtTm as sent
	Reports   []Report
}

// Report is one Rpt, Stmt or Ntfctn.
type Report struct {
	Statement statement.Statement
	// Balances lists every Bal element in document order with its type
	// code (PRCD, OPBD, CLBD, CLAV, ITBD, ITAV, FWAV, OPAV, …); Statement
	// keeps only those it has fields for.
	Balances []TypedBalance
	// Entries counts the Ntry elements; Statement.Bookings may hold more
	// when batch entries were split (see entries.go).
	Entries int
}

// TypedBalance is a balance with its camt type code.
type TypedBalance struct {
	Type string
	statement.Balance
}

// container describes the message element of each camt kind.
type container struct {
	prefix string // local name, possibly followed by "V01" etc. in .001.01
	kind   string
	report string // element name of one report
}

var containers = []container{
	{"BkToCstmrAcctRpt", "camt.052", "Rpt"},
	{"BkToCstmrStmt", "camt.053", "Stmt"},
	{"BkToCstmrDbtCdtNtfctn", "camt.054", "Ntfctn"},
}

const isoURN = "urn:iso:std:iso:20022:tech:xsd:"

var camtURN = regexp.MustCompile(`^urn:iso:std:iso:20022:tech:xsd:camt\.05[234]\.001\.\d{2}$`)

// Parse reads one camt.052, camt.053 or camt.054 document and returns one
// Statement per report (Rpt, Stmt or Ntfctn). An empty <Document/> or empty
// input (HICAZ "@0@"), as banks send when there are no entries, gives no
// statements and no error. HICAZ may carry several documents in one
// segment; call Parse for each (SplitDocuments separates documents that a
// bank concatenated into one binary).
func Parse(data []byte) ([]statement.Statement, error) {
	doc, err := ParseDocument(data)
	if err != nil {
		return nil, err
	}
	out := make([]statement.Statement, len(doc.Reports))
	for i := range doc.Reports {
		out[i] = doc.Reports[i].Statement
	}
	return out, nil
}

// ParseDocument is Parse with the document details.
func ParseDocument(data []byte) (*Document, error) {
	if len(bytes.TrimLeft(data, " \t\r\n\x00")) == 0 {
		return &Document{}, nil
	}
	root, err := parseTree(data)
	if err != nil {
		return nil, fmt.Errorf("camt: %w", err)
	}
	doc := &Document{Namespace: root.space}
	if strings.HasPrefix(doc.Namespace, isoURN) && !camtURN.MatchString(doc.Namespace) {
		return nil, fmt.Errorf("camt: %w: namespace %q names no camt.052/053/054 version", ErrNotCamt, doc.Namespace)
	}
	msg := root
	if root.name == "Document" {
		if !root.elementKids() {
			return doc, nil // empty document: no entries in the requested range
		}
		msg = root.kids[0]
	}
	var c *container
	for i := range containers {
		if strings.HasPrefix(msg.name, containers[i].prefix) {
			c = &containers[i]
			break
		}
	}
	if c == nil {
		return nil, fmt.Errorf("camt: %w: found <%s>", ErrNotCamt, msg.name)
	}
	doc.Kind = c.kind
	doc.MsgID = msg.str("GrpHdr", "MsgId")
	doc.Created = msg.str("GrpHdr", "CreDtTm")
	reports := msg.children(c.report)
	if len(reports) == 0 {
		return nil, fmt.Errorf("camt: %s document %q has no <%s> (the schema requires at least one)", c.kind, doc.MsgID, c.report)
	}
	for i, r := range reports {
		rep, err := parseReport(r)
		if err != nil {
			return nil, fmt.Errorf("camt: %s %d: %w", c.report, i+1, err)
		}
		doc.Reports = append(doc.Reports, rep)
	}
	return doc, nil
}

func parseReport(r *node) (Report, error) {
	acct := r.child("Acct")
	st := statement.Statement{
		Account: acct.first([]string{"Id", "IBAN"}, []string{"Id", "Othr", "Id"},
			[]string{"Id", "PrtryAcct", "Id"}, []string{"Id", "BBAN"}),
		Currency: acct.str("Ccy"),
		Owner:    acct.first([]string{"Ownr", "Nm"}, []string{"Ownr", "Pty", "Nm"}),
		BIC: acct.first([]string{"Svcr", "FinInstnId", "BIC"}, []string{"Svcr", "FinInstnId", "BICFI"},
			[]string{"Svcr", "FinInstnId", "BICOrBEI"}),
		Number: r.first([]string{"ElctrncSeqNb"}, []string{"Id"}),
		Info:   r.first([]string{"AddtlRptInf"}, []string{"AddtlStmtInf"}, []string{"AddtlNtfctnInf"}),
	}
	rep := Report{}
	for i, b := range r.children("Bal") {
		tb, err := parseBalance(b)
		if err != nil {
			return rep, fmt.Errorf("balance %d: %w", i+1, err)
		}
		rep.Balances = append(rep.Balances, tb)
	}
	assignBalances(&st, rep.Balances)

	entries := r.children("Ntry")
	rep.Entries = len(entries)
	st.Bookings = make([]statement.Booking, 0, len(entries))
	for i, e := range entries {
		bs, err := entryBookings(e)
		if err != nil {
			return rep, fmt.Errorf("entry %d: %w", i+1, err)
		}
		st.Bookings = append(st.Bookings, bs...)
	}
	runningBalances(&st)
	st.Pending = len(st.Bookings) > 0
	for _, b := range st.Bookings {
		if b.Status != statement.Pending {
			st.Pending = false
			break
		}
	}
	rep.Statement = st
	return rep, nil
}

func parseBalance(b *node) (TypedBalance, error) {
	tb := TypedBalance{Type: b.first([]string{"Tp", "CdOrPrtry", "Cd"}, []string{"Tp", "CdOrPrtry", "Prtry"})}
	amt, ccy, err := signedAmount(b.child("Amt"), b.str("CdtDbtInd"))
	if err != nil {
		return tb, fmt.Errorf("%s: %w", tb.Type, err)
	}
	tb.Amount, tb.Currency = amt, ccy
	if tb.Date, err = dateOf(b.child("Dt")); err != nil {
		return tb, fmt.Errorf("%s: %w", tb.Type, err)
	}
	return tb, nil
}

// assignBalances maps camt balance types onto the statement fields:
// OPBD/PRCD → Opening, CLBD → Closing, CLAV → Available, FWAV → Forward.
// Interim balances stand in where the final ones are missing, as in
// intraday camt.052 reports: the only ITBD is the current booked balance
// (Closing); with two or more, the first opens the page and the last closes
// it. ITAV likewise stands in for CLAV.
func assignBalances(st *statement.Statement, bals []TypedBalance) {
	var itbd, itav []statement.Balance
	for _, tb := range bals {
		b := tb.Balance
		switch tb.Type {
		case "OPBD":
			st.Opening = &b
		case "PRCD":
			if st.Opening == nil {
				st.Opening = &b
			}
		case "CLBD":
			st.Closing = &b
		case "CLAV":
			st.Available = &b
		case "FWAV":
			st.Forward = append(st.Forward, b)
		case "ITBD":
			itbd = append(itbd, b)
		case "ITAV":
			itav = append(itav, b)
		}
	}
	if len(itbd) >= 2 && st.Opening == nil {
		st.Opening = &itbd[0]
	}
	if len(itbd) > 0 && st.Closing == nil {
		st.Closing = &itbd[len(itbd)-1]
	}
	if len(itav) > 0 && st.Available == nil {
		st.Available = &itav[len(itav)-1]
	}
}

var xmlDecl = []byte("<?xml")

// SplitDocuments cuts data at every XML declaration after the first, for
// banks that put several camt documents into one binary. Data without a
// second declaration is returned as one document.
func SplitDocuments(data []byte) [][]byte {
	var out [][]byte
	for {
		i := bytes.Index(data[min(len(data), 1):], xmlDecl)
		if i < 0 {
			break
		}
		cut := i + 1
		if doc := bytes.TrimSpace(data[:cut]); len(doc) > 0 {
			out = append(out, data[:cut])
		}
		data = data[cut:]
	}
	if len(bytes.TrimSpace(data)) > 0 {
		out = append(out, data)
	}
	return out
}

// runningBalances sets Booking.RunningBalance where the statement implies
// it: an opening balance, booked entries in the account currency, and — when
// a closing balance is given — opening plus entries equal to it (otherwise
// the order or completeness of entries is in doubt and nothing is set).
// Pending and info entries get none.
func runningBalances(st *statement.Statement) {
	if st.Opening == nil || len(st.Bookings) == 0 {
		return
	}
	ccy := st.Opening.Currency
	bal := st.Opening.Amount
	for _, b := range st.Bookings {
		if b.Status != statement.Booked {
			continue
		}
		if b.Currency != ccy {
			return
		}
		bal = bal.Add(b.Amount)
	}
	if st.Closing != nil && (st.Closing.Currency != ccy || st.Closing.Amount.Cmp(bal) != 0) {
		return
	}
	bal = st.Opening.Amount
	for i := range st.Bookings {
		if st.Bookings[i].Status != statement.Booked {
			continue
		}
		bal = bal.Add(st.Bookings[i].Amount)
		v := bal
		st.Bookings[i].RunningBalance = &v
	}
}
