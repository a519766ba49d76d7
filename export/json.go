package export

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
)

// WriteJSON writes a JSON array with one object per booking: the account
// and the booking's fields as statement.Booking names them. Amounts are
// strings ("-25.00") so no reader turns them into floats. Elements are
// written one by one, so a large export is not held twice in memory.
func WriteJSON(w io.Writer, accts []Account) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("[")
	first := true
	for i := range accts {
		a := &accts[i]
		for _, b := range a.withIDs() {
			b.Currency = a.currency(&b)
			data, err := json.MarshalIndent(jsonBooking{Account: a.Account, Booking: b}, "  ", "  ")
			if err != nil {
				return fmt.Errorf("export json: booking %s: %w", b.ID, err)
			}
			if !first {
				bw.WriteString(",")
			}
			first = false
			bw.WriteString("\n  ")
			bw.Write(data)
		}
	}
	if !first {
		bw.WriteString("\n")
	}
	bw.WriteString("]\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export json: %w", err)
	}
	return nil
}
