package app

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"saldo/fints/statement"
	"saldo/ui"
)

// Until the export package (hledger, beancount) lands, the backend writes
// the two formats every tool reads. Both carry the stable booking ID, so a
// re-export can be de-duplicated downstream.
var exportFormats = []string{"csv", "json"}

// ExportFormats implements ui.Backend.
func (b *Backend) ExportFormats() []string { return slices.Clone(exportFormats) }

// Export implements ui.Backend: the bookings of the request go to a new
// file; an existing file is never overwritten, and a failed export leaves
// no partial file behind.
func (b *Backend) Export(ctx context.Context, r ui.ExportRequest) error {
	if !slices.Contains(exportFormats, r.Format) {
		return fmt.Errorf("unknown export format %q (choose %v)", r.Format, exportFormats)
	}
	if r.Path == "" {
		return errors.New("no file name given for the export")
	}
	f, err := os.OpenFile(r.Path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s exists already; choose another name", r.Path)
	}
	if err != nil {
		return fmt.Errorf("creating %s: %w", r.Path, err)
	}
	err = WriteBookings(f, r.Format, r.Account.Key(), r.Bookings)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		_ = os.Remove(r.Path)
		return fmt.Errorf("writing %s: %w", r.Path, err)
	}
	b.log.Info("bookings exported", "format", r.Format, "bookings", len(r.Bookings))
	return nil
}

var csvHeader = []string{"id", "account", "status", "booking_date", "value_date", "amount", "currency",
	"counterparty_name", "counterparty_iban", "counterparty_bic", "purpose", "posting_text",
	"end_to_end_ref", "mandate_ref", "creditor_id", "bank_ref", "gvc"}

// WriteBookings writes bookings of one account as "csv" (one header line,
// amounts with a decimal point) or "json" (an array of bookings, amounts
// as strings).
func WriteBookings(w io.Writer, format, account string, list []statement.Booking) error {
	switch format {
	case "json":
		type row struct {
			Account string `json:"account"`
			statement.Booking
		}
		rows := make([]row, len(list))
		for i := range list {
			rows[i] = row{Account: account, Booking: list[i]}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	case "csv":
		cw := csv.NewWriter(w)
		if err := cw.Write(csvHeader); err != nil {
			return err
		}
		for i := range list {
			bk := &list[i]
			rec := []string{bk.ID, account, bk.Status.String(), bk.BookingDate.String(), bk.ValueDate.String(),
				bk.Amount.String(), bk.Currency, bk.CounterpartyName, bk.CounterpartyIBAN, bk.CounterpartyBIC,
				bk.Purpose, bk.PostingText, bk.EndToEndRef, bk.MandateRef, bk.CreditorID, bk.BankRef, bk.GVC}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	}
	return fmt.Errorf("unknown export format %q", format)
}
