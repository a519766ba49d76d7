package statement

import (
	"crypto/sha256"
	"encoding/base32"
	"strconv"
	"strings"
)

// AssignIDs gives every booking a stable ID derived from its content and the
// account it belongs to, so that the same booking fetched or imported twice
// gets the same ID (the vault merges on it; exporters write it so a
// re-export does not duplicate ledger entries).
//
// Two genuinely identical bookings (two coffees, same day, same shop) are told
// apart by their order of occurrence among identical ones, which banks keep
// stable across fetches. Pending entries get IDs of their own ("p" prefix)
// because they change when booked and are replaced wholesale on each sync.
func AssignIDs(account string, bookings []Booking) {
	seen := make(map[string]int, len(bookings))
	for i := range bookings {
		key := identityKey(account, &bookings[i])
		n := seen[key]
		seen[key] = n + 1
		sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(n)))
		prefix := "b"
		if bookings[i].Status == Pending {
			prefix = "p"
		}
		bookings[i].ID = prefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:15]))
	}
}

// identityKey lists the fields that define a booking. It leaves out what
// banks are known to change between fetches of the same booking (running
// balances, posting texts reworded, prima nota numbers).
func identityKey(account string, b *Booking) string {
	date := b.BookingDate
	if date.IsZero() {
		date = b.ValueDate
	}
	return strings.Join([]string{
		normAccount(account),
		b.Status.String(),
		date.String(),
		b.ValueDate.String(),
		b.Amount.String(),
		b.Currency,
		normAccount(b.CounterpartyIBAN),
		strings.Join(strings.Fields(b.Purpose), " "),
		b.EndToEndRef,
		b.BankRef,
	}, "\x1f")
}

func normAccount(s string) string { return strings.ToUpper(strings.ReplaceAll(s, " ", "")) }
