package statement

import (
	"crypto/sha256"
	"encoding/base32"
	"strconv"
	"strings"
)

var idEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

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
	seen := make(map[[sha256.Size]byte]int, len(bookings))
	acct := normAccount(account)
	key := make([]byte, 0, 256)
	for i := range bookings {
		key = appendIdentityKey(key[:0], acct, &bookings[i])
		k := sha256.Sum256(key)
		n := seen[k]
		seen[k] = n + 1
		key = append(key, 0)
		key = strconv.AppendInt(key, int64(n), 10)
		sum := sha256.Sum256(key)
		var id [1 + 24]byte // base32 of 15 bytes is 24 characters
		id[0] = 'b'
		if bookings[i].Status == Pending {
			id[0] = 'p'
		}
		idEncoding.Encode(id[1:], sum[:15])
		for j := 1; j < len(id); j++ {
			if c := id[j]; c >= 'A' && c <= 'Z' {
				id[j] = c + 'a' - 'A'
			}
		}
		bookings[i].ID = string(id[:])
	}
}

// appendIdentityKey lists the fields that define a booking, separated by
// 0x1f. It leaves out what banks are known to change between fetches of the
// same booking (running balances, reworded posting texts, prima nota numbers).
// The byte layout is part of the ID format: changing it changes every ID.
func appendIdentityKey(dst []byte, account string, b *Booking) []byte {
	date := b.BookingDate
	if date.IsZero() {
		date = b.ValueDate
	}
	const sep = 0x1f
	dst = append(dst, account...)
	dst = append(dst, sep)
	dst = append(dst, b.Status.String()...)
	dst = append(dst, sep)
	dst = appendDate(dst, date)
	dst = append(dst, sep)
	dst = appendDate(dst, b.ValueDate)
	dst = append(dst, sep)
	dst = b.Amount.AppendString(dst)
	dst = append(dst, sep)
	dst = append(dst, b.Currency...)
	dst = append(dst, sep)
	dst = appendNormAccount(dst, b.CounterpartyIBAN)
	dst = append(dst, sep)
	dst = appendFields(dst, b.Purpose)
	dst = append(dst, sep)
	dst = append(dst, b.EndToEndRef...)
	dst = append(dst, sep)
	dst = append(dst, b.BankRef...)
	return dst
}

// appendDate writes what Date.String writes, without fmt.
func appendDate(dst []byte, d Date) []byte {
	if d.IsZero() {
		return dst
	}
	dst = appendPadded(dst, d.Year, 4)
	dst = append(dst, '-')
	dst = appendPadded(dst, int(d.Month), 2)
	dst = append(dst, '-')
	return appendPadded(dst, d.Day, 2)
}

func appendPadded(dst []byte, v, width int) []byte {
	if v < 0 {
		dst = append(dst, '-')
		v = -v
		width--
	}
	var buf [20]byte
	s := strconv.AppendInt(buf[:0], int64(v), 10)
	for i := len(s); i < width; i++ {
		dst = append(dst, '0')
	}
	return append(dst, s...)
}

// appendFields writes s with runs of white space collapsed to one space and
// no leading or trailing space (strings.Join(strings.Fields(s), " ")).
func appendFields(dst []byte, s string) []byte {
	start := len(dst)
	for _, f := range strings.Fields(s) {
		if len(dst) > start {
			dst = append(dst, ' ')
		}
		dst = append(dst, f...)
	}
	return dst
}

func appendNormAccount(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
			continue
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// normAccount gives one spelling per account: upper case without spaces,
// and a German "BLZ/account number" (as MT940 :25: writes it, optionally
// with a currency suffix) turned into its IBAN, so that a statement file and
// the bank's UPD name the same account the same way and its bookings get the
// same IDs from both sources.
func normAccount(s string) string {
	n := appendNormAccount(nil, s)
	if iban, ok := germanIBAN(string(n)); ok {
		return iban
	}
	return string(n)
}

// germanIBAN converts "12345678/1234567890" (an 8-digit bank code, a slash,
// up to 10 digits, optionally followed by a 3-letter currency) to
// "DEkk123456781234567890".
func germanIBAN(s string) (string, bool) {
	blz, acct, ok := strings.Cut(s, "/")
	if !ok || len(blz) != 8 || !allDigits(blz) {
		return "", false
	}
	if len(acct) > 3 && !allDigits(acct[len(acct)-3:]) {
		acct = acct[:len(acct)-3] // currency suffix, e.g. "…EUR"
	}
	if acct == "" || len(acct) > 10 || !allDigits(acct) {
		return "", false
	}
	bban := blz + strings.Repeat("0", 10-len(acct)) + acct
	// ISO 7064 mod 97-10 over BBAN + "DE00" (D=13, E=14).
	rem := 0
	for _, c := range bban + "131400" {
		rem = (rem*10 + int(c-'0')) % 97
	}
	check := 98 - rem
	return "DE" + string(rune('0'+check/10)) + string(rune('0'+check%10)) + bban, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
