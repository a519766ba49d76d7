package fints

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"saldo/fints/camt"
	"saldo/fints/mt940"
	"saldo/fints/statement"
	"saldo/fints/wire"
)

// AccountStatements are the transactions of one account for a period.
type AccountStatements struct {
	Account string `json:"account"` // Account.Key()
	Format  string `json:"format"`  // "mt940" or the camt descriptor
	// Booked and Pending hold the bookings in the bank's order (oldest
	// first), with stable IDs assigned (statement.AssignIDs).
	Booked  []statement.Booking `json:"booked"`
	Pending []statement.Booking `json:"pending,omitempty"`
	// Statements are the parsed statements with their balances.
	Statements []statement.Statement `json:"statements,omitempty"`
	Pages      int                   `json:"pages"` // answers fetched (touchdown pages)
}

// Transactions fetches the bookings of the given accounts (all known ones
// when none are given) between from and to inclusive (zero = open end):
// camt.052 via HKCAZ when the bank offers it, else MT940/MT942 via HKKAZ,
// following touchdown pages to the end.
func (c *Client) Transactions(ctx context.Context, from, to statement.Date, accounts ...Account) ([]AccountStatements, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return nil, fmt.Errorf("transactions: the end date %s is before the start date %s", to, from)
	}
	res, err := c.do(ctx, &opSpec{Kind: opStatements, Accounts: accounts, From: from, To: to})
	if err != nil {
		return nil, err
	}
	return res.Statements, joinFailures(res.Failures)
}

// camt052 is the descriptor prefix of the camt versions we parse.
const camt052 = "urn:iso:std:iso:20022:tech:xsd:camt.052.001."

// statementJob chooses HKCAZ when offered with a camt.052 format, else
// the highest HKKAZ version 5–7.
func (c *Client) statementJob() (job string, jp jobParams, formats []string, ok bool) {
	if jp, ok := c.p.job("HKCAZ", 1); ok && !c.cfg.PreferMT940 {
		for _, f := range jp.params.Strs(4) {
			if strings.HasPrefix(f, camt052) {
				formats = append(formats, f)
			}
		}
		if len(formats) > 0 {
			return "HKCAZ", jp, formats, true
		}
	}
	if jp, ok := c.p.job("HKKAZ", 5, 6, 7); ok {
		return "HKKAZ", jp, nil, true
	}
	return "", jobParams{}, nil, false
}

func (c *Client) statementTasks(r *run, given []Account, from, to statement.Date) error {
	accounts := c.accountsFor(given)
	if len(accounts) == 0 {
		return errNoAccounts
	}
	job, jp, formats, ok := c.statementJob()
	if !ok {
		return fmt.Errorf("transactions: %w (neither HKCAZ nor HKKAZ 5–7 in the BPD)", ErrNotSupported)
	}
	fromDE, toDE := wire.S(wire.FormatDate(from)), wire.S(wire.FormatDate(to))
	for _, a := range accounts {
		j := job
		if !c.p.allowsJob(a, j) && j == "HKCAZ" {
			if _, ok := c.p.job("HKKAZ", 5, 6, 7); ok && c.p.allowsJob(a, "HKKAZ") {
				j = "HKKAZ"
			}
		}
		if !c.p.allowsJob(a, j) {
			continue
		}
		var seg *wire.Segment
		touch := 7
		if j == "HKCAZ" {
			seg = wire.NewSegment("HKCAZ", jp.version, c.kti(a), wire.S(formats...), wire.S("N"), fromDE, toDE)
			touch = 8
		} else {
			kp, _ := c.p.job("HKKAZ", 5, 6, 7)
			acct := c.ktv(a)
			if kp.version >= 7 {
				acct = c.kti(a)
			}
			seg = wire.NewSegment("HKKAZ", kp.version, acct, wire.S("N"), fromDE, toDE)
		}
		r.Tasks = append(r.Tasks, &task{Job: j, Account: a.Key(), Seg: seg, TouchPos: touch})
	}
	return nil
}

// parseStatements concatenates the pages of a task and parses them: MT940
// parts are joined before parsing, since banks split statements at
// arbitrary points (§4.3); camt documents are parsed one by one.
func (c *Client) parseStatements(t *task) (AccountStatements, error) {
	out := AccountStatements{Account: t.Account, Pages: t.Pages}
	var booked, pending []statement.Statement
	switch t.Job {
	case "HKKAZ":
		out.Format = "mt940"
		var b, p bytes.Buffer
		for _, s := range t.Data {
			if s.ID != "HIKAZ" {
				continue
			}
			b.Write(s.Bin(2))
			p.Write(s.Bin(3))
		}
		var err error
		if booked, err = parseMT940(b.Bytes()); err != nil {
			return out, fmt.Errorf("booked transactions (MT940) of %s: %w", t.Account, err)
		}
		if pending, err = parseMT940(p.Bytes()); err != nil {
			return out, fmt.Errorf("pending transactions (MT942) of %s: %w", t.Account, err)
		}
	case "HKCAZ":
		for _, s := range t.Data {
			if s.ID != "HICAZ" {
				continue
			}
			if out.Format == "" {
				out.Format = s.Str(3)
			}
			for _, v := range s.Group(4) {
				sts, err := parseCamt(v.Bytes())
				if err != nil {
					return out, fmt.Errorf("booked transactions (camt) of %s: %w", t.Account, err)
				}
				booked = append(booked, sts...)
			}
			sts, err := parseCamt(s.Bin(5))
			if err != nil {
				return out, fmt.Errorf("pending transactions (camt) of %s: %w", t.Account, err)
			}
			pending = append(pending, sts...)
		}
	}
	for _, st := range booked {
		for _, b := range st.Bookings {
			if b.Status == statement.Pending {
				out.Pending = append(out.Pending, b)
			} else {
				out.Booked = append(out.Booked, b)
			}
		}
	}
	for _, st := range pending {
		for _, b := range st.Bookings {
			b.Status = statement.Pending
			out.Pending = append(out.Pending, b)
		}
	}
	out.Statements = append(booked, pending...)
	statement.AssignIDs(t.Account, out.Booked)
	statement.AssignIDs(t.Account, out.Pending)
	return out, nil
}

func parseMT940(b []byte) ([]statement.Statement, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, nil
	}
	sts, err := mt940.Parse(b)
	if errors.Is(err, mt940.ErrNoStatement) {
		return nil, nil
	}
	return sts, err
}

func parseCamt(b []byte) ([]statement.Statement, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, nil
	}
	return camt.Parse(b)
}
