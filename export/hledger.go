package export

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"saldo/fints/statement"
)

// WriteHledger writes an hledger journal (readable by hledger 1.25 and
// later; plain-text-accounting tools that read ledger syntax mostly cope
// too). Each booking is a cleared transaction with the booking ID as code
// and id: tag, the bank account against Expenses:Unknown or
// Income:Unknown; accounts and commodities are declared, so
// "hledger check -s ordereddates" passes.
func WriteHledger(w io.Writer, accts []Account) error {
	entries := ledgerEntries(accts)
	bw := bufio.NewWriter(w)
	bw.WriteString("; Exported by saldo. Transaction codes and id: tags are stable booking IDs:\n")
	bw.WriteString("; an entry whose id is already in your journal is the same booking.\n\n")
	accounts, currencies := accountNames(entries)
	for _, a := range accounts {
		fmt.Fprintf(bw, "account %s\n", a)
	}
	for _, c := range currencies {
		fmt.Fprintf(bw, "commodity 1000.00 %s\n", c)
	}
	for _, e := range entries {
		bw.WriteString("\n")
		switch {
		case e.opening != nil:
			// A balance assignment: it sets the balance rather than adding
			// to it, so an opening appended twice, or after earlier
			// history, does not double the money.
			fmt.Fprintf(bw, "%s * opening balance per bank statement\n", e.date)
			fmt.Fprintf(bw, "    %s  = %s %s\n", e.account, e.opening.Amount, e.opening.Currency)
			fmt.Fprintf(bw, "    %s\n", openingAccount)
		case e.check != nil && e.check.ok:
			fmt.Fprintf(bw, "%s * closing balance per bank statement\n", e.date)
			fmt.Fprintf(bw, "    %s  0 %s = %s %s\n", e.account, e.check.Currency, e.check.Amount, e.check.Currency)
		case e.check != nil:
			writeMismatch(bw, &e)
		case e.skip != "":
			fmt.Fprintf(bw, "; %s\n", skipComment(&e))
		case e.booking != nil:
			writeHledgerBooking(bw, e.account, e.booking)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export hledger: %w", err)
	}
	return nil
}

func writeHledgerBooking(bw *bufio.Writer, account string, b *statement.Booking) {
	payee, narration := payeeAndNarration(b)
	// '|' splits payee from note, ';' starts a comment.
	payee = strings.NewReplacer("|", "/", ";", ",").Replace(payee)
	narration = strings.ReplaceAll(narration, ";", ",")
	desc := narration
	if payee != "" {
		desc = payee + " | " + narration
	}
	fmt.Fprintf(bw, "%s * (%s) %s\n", bookingDate(b), b.ID, strings.TrimSpace(desc))
	tags := []string{"id:" + b.ID}
	if !b.ValueDate.IsZero() {
		tags = append(tags, "valuedate:"+b.ValueDate.String())
	}
	for _, r := range bookingRefs(b) {
		// ',' ends a tag's value.
		tags = append(tags, r[0]+":"+strings.ReplaceAll(r[1], ",", " "))
	}
	if b.Reversal {
		tags = append(tags, "reversal:yes")
	}
	fmt.Fprintf(bw, "    ; %s\n", strings.Join(tags, ", "))
	fmt.Fprintf(bw, "    %s  %s %s\n", account, b.Amount, b.Currency)
	fmt.Fprintf(bw, "    %s  %s %s\n", counterAccount(b), b.Amount.Neg(), b.Currency)
}
