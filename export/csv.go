package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"saldo/fints/statement"
)

// csvHeader names the CSV columns.
var csvHeader = []string{
	"id", "account", "status", "booking_date", "value_date", "amount", "currency",
	"counterparty_name", "counterparty_iban", "counterparty_bic", "purpose", "posting_text",
	"end_to_end_ref", "customer_ref", "mandate_ref", "creditor_id", "bank_ref", "gvc",
	"reversal", "running_balance",
}

// WriteCSV writes one row per booking with a header row, quoted as RFC
// 4180 says (CRLF line ends). Amounts use '.' and a leading '-' so that
// they stay numbers for any program. Text cells that a spreadsheet would
// run as a formula (starting with = + - @ or a tab) get a leading "'":
// bank text is not ours to execute.
func WriteCSV(w io.Writer, accts []Account) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	for i := range accts {
		a := &accts[i]
		for _, b := range a.withIDs() {
			running := ""
			if b.RunningBalance != nil {
				running = b.RunningBalance.String()
			}
			row := []string{
				b.ID, a.Account, b.Status.String(), b.BookingDate.String(), b.ValueDate.String(),
				b.Amount.String(), a.currency(&b),
				cell(b.CounterpartyName), cell(b.CounterpartyIBAN), cell(b.CounterpartyBIC), cell(b.Purpose),
				cell(b.PostingText), cell(b.EndToEndRef), cell(b.CustomerRef), cell(b.MandateRef),
				cell(b.CreditorID), cell(b.BankRef), cell(b.GVC), strconv.FormatBool(b.Reversal), running,
			}
			if err := cw.Write(row); err != nil {
				return fmt.Errorf("export csv: %w", err)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	return nil
}

// cell defuses text a spreadsheet would evaluate.
func cell(s string) string {
	if s != "" {
		switch s[0] {
		case '=', '+', '-', '@', '\t', '\r':
			return "'" + s
		}
	}
	return s
}

// jsonBooking is one element of the JSON export.
type jsonBooking struct {
	Account string `json:"account"`
	statement.Booking
}
