package export

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"saldo/fints/statement"
)

// WriteBeancount writes a beancount ledger (checked with bean-check 2.3).
// Each booking is a complete transaction with "id" metadata, the bank
// account against Expenses:Unknown or Income:Unknown; accounts are opened
// the day before their first entry. The opening balance is a pad from
// Equity:Opening-Balances plus a balance directive; closing balances are
// balance directives on the next morning (beancount checks them at the
// start of their day).
func WriteBeancount(w io.Writer, accts []Account) error {
	entries := ledgerEntries(accts)
	bw := bufio.NewWriter(w)
	bw.WriteString(";; Exported by saldo. The id metadata are stable booking IDs:\n")
	bw.WriteString(";; an entry whose id is already in your ledger is the same booking.\n")
	for _, e := range entries {
		if e.skip != "" {
			continue
		}
		// Open every account before the first entry, with room for the
		// opening pad.
		bw.WriteString("\n")
		open := e.date.AddDays(-2)
		accounts, _ := accountNames(entries)
		for _, a := range accounts {
			fmt.Fprintf(bw, "%s open %s\n", open, a)
		}
		break
	}
	for _, e := range entries {
		bw.WriteString("\n")
		switch {
		case e.opening != nil:
			if e.opening.Amount.IsZero() {
				// Nothing to pad; beancount reports an unused pad.
				fmt.Fprintf(bw, "%s balance %s %s %s\n", e.date, e.account, e.opening.Amount, e.opening.Currency)
				continue
			}
			fmt.Fprintf(bw, "%s pad %s %s\n", e.date.AddDays(-1), e.account, openingAccount)
			fmt.Fprintf(bw, "%s balance %s %s %s\n", e.date, e.account, e.opening.Amount, e.opening.Currency)
		case e.check != nil && e.check.ok:
			fmt.Fprintf(bw, "%s balance %s %s %s\n", e.date.AddDays(1), e.account, e.check.Amount, e.check.Currency)
		case e.check != nil:
			writeMismatch(bw, &e)
		case e.skip != "":
			fmt.Fprintf(bw, "; %s\n", skipComment(&e))
		case e.booking != nil:
			writeBeanBooking(bw, e.account, e.booking)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export beancount: %w", err)
	}
	return nil
}

func writeBeanBooking(bw *bufio.Writer, account string, b *statement.Booking) {
	payee, narration := payeeAndNarration(b)
	if payee != "" {
		fmt.Fprintf(bw, "%s * %s %s\n", bookingDate(b), beanString(payee), beanString(narration))
	} else {
		fmt.Fprintf(bw, "%s * %s\n", bookingDate(b), beanString(narration))
	}
	fmt.Fprintf(bw, "  id: %s\n", beanString(b.ID))
	if !b.ValueDate.IsZero() {
		fmt.Fprintf(bw, "  value-date: %s\n", b.ValueDate)
	}
	for _, r := range bookingRefs(b) {
		fmt.Fprintf(bw, "  %s: %s\n", r[0], beanString(r[1]))
	}
	if b.Reversal {
		fmt.Fprintf(bw, "  reversal: TRUE\n")
	}
	fmt.Fprintf(bw, "  %s  %s %s\n", account, b.Amount, b.Currency)
	fmt.Fprintf(bw, "  %s  %s %s\n", counterAccount(b), b.Amount.Neg(), b.Currency)
}

// beanString quotes s for beancount.
func beanString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(oneLine(s)) + `"`
}
