package vault

import (
	"bytes"
	"fmt"
	"sort"

	bolt "go.etcd.io/bbolt"

	"saldo/fints/statement"
)

// Bookings are cached per account in month chunks: one sealed record per
// calendar month, named by a keyed hash of the month so the file does not
// show when money moved. A sync touches only the few recent months it
// brings, and a date range reads only its months. Pending bookings live in
// one record per account that every merge replaces.

var (
	keyPending = []byte("p")
	keyIndex   = []byte("i")
)

// chunk is one month of booked entries of an account.
type chunk struct {
	Month    string // "2024-03"; "0000-00" for undated bookings
	Bookings []statement.Booking
}

// monthPending is the "month" the pending list is encoded under.
const monthPending = "pending"

func (k *keys) getChunk(p place, key []byte) (chunk, error) {
	plain, err := k.getBlob(p, key)
	if err != nil || plain == nil {
		return chunk{}, err
	}
	defer clear(plain)
	month, list, err := decodeBookings(plain)
	return chunk{Month: month, Bookings: list}, err
}

func (k *keys) putChunk(p place, key []byte, c chunk) error {
	b := encodeBookings(c.Month, c.Bookings)
	defer clear(b)
	return k.putBlob(p, key, b)
}

// accountIndex lists the months that have a chunk, so that open ranges and
// BookingSpan need not try every possible month.
type accountIndex struct {
	Version int            `json:"v"`
	Months  map[string]int `json:"months"` // month → bookings in its chunk
}

// MergeResult says what a merge changed.
type MergeResult struct {
	Added   int // booked entries that were not cached before
	Updated int // booked entries already cached, replaced by the new copy
	Pending int // pending entries now cached
	// Rewritten lists months whose chunk was damaged and has been replaced
	// by the bookings of this merge alone.
	Rewritten []string
}

func effDate(b *statement.Booking) statement.Date {
	if b.BookingDate.IsZero() {
		return b.ValueDate
	}
	return b.BookingDate
}

func monthOf(d statement.Date) string {
	if d.IsZero() {
		return "0000-00"
	}
	return fmt.Sprintf("%04d-%02d", d.Year, int(d.Month))
}

func (v *Vault) monthKey(month string) []byte {
	return append([]byte("m"), v.keys.nameOf("month", month)...)
}

// withIDs returns list with an ID on every booking, copying it only if
// some are missing (the caller's slice is never changed). Missing IDs come
// from statement.AssignIDs over the whole list, since the occurrence index
// among identical bookings depends on the full fetch; IDs the caller set
// are kept.
func withIDs(account string, list []statement.Booking) []statement.Booking {
	missing := false
	for i := range list {
		if list[i].ID == "" {
			missing = true
			break
		}
	}
	if !missing {
		return list
	}
	out := append([]statement.Booking(nil), list...)
	statement.AssignIDs(account, out)
	for i := range out {
		if list[i].ID != "" {
			out[i].ID = list[i].ID
		}
	}
	return out
}

// MergeBookings caches the result of one statement fetch for account.
// Booked entries are merged by ID: new ones added, known ones replaced by
// the fresh copy (never duplicated). Pending entries replace the cached
// pending set wholesale (nil means none are pending now): once the bank
// books a pending entry it leaves the pending list and arrives as booked,
// under a new ID by design. Everything happens in one transaction.
func (v *Vault) MergeBookings(key LoginKey, account string, booked, pending []statement.Booking) (MergeResult, error) {
	var res MergeResult
	if account == "" {
		return res, fmt.Errorf("merge bookings: no account given")
	}
	booked = withIDs(account, booked)
	pending = append([]statement.Booking(nil), pending...)
	for i := range pending {
		pending[i].Status = statement.Pending // their IDs must never meet booked ones
	}
	pending = withIDs(account, pending)
	byMonth := map[string][]statement.Booking{}
	for _, b := range booked {
		m := monthOf(effDate(&b))
		byMonth[m] = append(byMonth[m], b)
	}
	months := make([]string, 0, len(byMonth))
	for m := range byMonth {
		months = append(months, m)
	}
	sort.Strings(months)

	err := v.update(key.String(), "bookings of "+account, func(tx *bolt.Tx) error {
		res = MergeResult{}
		ap, err := v.accountPlace(tx, key, account, true)
		if err != nil {
			return err
		}
		idx, err := v.loadIndex(ap)
		if err != nil {
			return err
		}
		for _, m := range months {
			n, err := v.mergeMonth(ap, m, byMonth[m], &res)
			if err != nil {
				return err
			}
			idx.Months[m] = n
		}
		if err := v.keys.putJSON(ap, keyIndex, idx); err != nil {
			return err
		}
		res.Pending = len(pending)
		if len(pending) == 0 {
			if err := ap.b.Delete(keyPending); err != nil {
				return err
			}
		} else if err := v.keys.putChunk(ap, keyPending, chunk{Month: monthPending, Bookings: pending}); err != nil {
			return err
		}
		lp, _ := v.login(tx, key, false)
		return v.touch(lp, now())
	})
	if err != nil {
		return MergeResult{}, fmt.Errorf("merge bookings of %s: %w", account, err)
	}
	return res, nil
}

// mergeMonth merges incoming into the month's chunk and returns its new size.
func (v *Vault) mergeMonth(ap place, month string, incoming []statement.Booking, res *MergeResult) (int, error) {
	mk := v.monthKey(month)
	c, err := v.keys.getChunk(ap, mk)
	if err != nil || (c.Month != "" && c.Month != month) {
		// Unreadable: the bank's fresh copy is all that can be had.
		res.Rewritten = append(res.Rewritten, month)
		c = chunk{}
	}
	pos := make(map[string]int, len(c.Bookings)+len(incoming))
	for i := range c.Bookings {
		pos[c.Bookings[i].ID] = i
	}
	for _, b := range incoming {
		if i, ok := pos[b.ID]; ok {
			c.Bookings[i] = b
			res.Updated++
			continue
		}
		pos[b.ID] = len(c.Bookings)
		c.Bookings = append(c.Bookings, b)
		res.Added++
	}
	// Stable: within a day the bank's order (and so running balances) stays.
	sort.SliceStable(c.Bookings, func(i, j int) bool {
		return effDate(&c.Bookings[i]).Before(effDate(&c.Bookings[j]))
	})
	c.Month = month
	return len(c.Bookings), v.keys.putChunk(ap, mk, c)
}

func (v *Vault) accountPlace(tx *bolt.Tx, key LoginKey, account string, create bool) (place, error) {
	lp, err := v.login(tx, key, false)
	if err != nil {
		return place{}, err
	}
	bp, err := lp.child(bucketBook, create)
	if err != nil || !bp.ok() {
		return place{}, err
	}
	return bp.child(v.keys.nameOf("account", account), create)
}

// loadIndex reads the account's month index, rebuilding it from the chunks
// if it is missing or damaged.
func (v *Vault) loadIndex(ap place) (accountIndex, error) {
	idx := accountIndex{Version: 1, Months: map[string]int{}}
	if _, err := v.keys.getJSON(ap, keyIndex, &idx); err == nil && idx.Months != nil {
		return idx, nil
	}
	idx = accountIndex{Version: 1, Months: map[string]int{}}
	err := ap.b.ForEach(func(k, _ []byte) error {
		if len(k) == 0 || k[0] != 'm' {
			return nil
		}
		if c, err := v.keys.getChunk(ap, k); err == nil && bytes.Equal(v.monthKey(c.Month), k) {
			idx.Months[c.Month] = len(c.Bookings)
		}
		return nil
	})
	return idx, err
}

// Bookings returns the cached bookings of account whose booking date (value
// date if none) lies in [from, to], booked and pending, oldest first and
// pending after booked on the same day. A zero from or to leaves that side
// open; undated entries come only with both sides open.
func (v *Vault) Bookings(key LoginKey, account string, from, to statement.Date) ([]statement.Booking, error) {
	var out []statement.Booking
	in := func(b *statement.Booking) bool {
		d := effDate(b)
		if d.IsZero() {
			return from.IsZero() && to.IsZero()
		}
		return (from.IsZero() || !d.Before(from)) && (to.IsZero() || !d.After(to))
	}
	err := v.view(key.String(), "bookings of "+account, func(tx *bolt.Tx) error {
		ap, err := v.accountPlace(tx, key, account, false)
		if err != nil || !ap.ok() {
			return err
		}
		idx, err := v.loadIndex(ap)
		if err != nil {
			return err
		}
		lo, hi := monthOf(from), monthOf(to)
		for m := range idx.Months {
			if (!from.IsZero() && m < lo) || (!to.IsZero() && m > hi) {
				continue
			}
			c, err := v.keys.getChunk(ap, v.monthKey(m))
			if err == nil && c.Month != m {
				err = fmt.Errorf("holds month %q", c.Month)
			}
			if err != nil {
				return damaged(key, "bookings "+m+" of "+account, err)
			}
			for i := range c.Bookings {
				if in(&c.Bookings[i]) {
					out = append(out, c.Bookings[i])
				}
			}
		}
		pl, err := v.keys.getChunk(ap, keyPending)
		if err != nil {
			return damaged(key, "pending bookings of "+account, err)
		}
		for i := range pl.Bookings {
			if in(&pl.Bookings[i]) {
				out = append(out, pl.Bookings[i])
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sortBookings(out)
	return out, nil
}

// sortBookings orders by date, booked before pending on a day, undated
// last, and otherwise keeps the stored order.
func sortBookings(list []statement.Booking) {
	sort.SliceStable(list, func(i, j int) bool {
		a, b := &list[i], &list[j]
		da, db := effDate(a), effDate(b)
		if da.IsZero() != db.IsZero() {
			return db.IsZero()
		}
		if c := da.Compare(db); c != 0 {
			return c < 0
		}
		return a.Status == statement.Booked && b.Status != statement.Booked
	})
}

// BookingSpan reports the first and last month with cached booked entries
// and their number, so a sync can ask only for what is missing.
func (v *Vault) BookingSpan(key LoginKey, account string) (first, last string, count int, err error) {
	err = v.view(key.String(), "bookings of "+account, func(tx *bolt.Tx) error {
		ap, err := v.accountPlace(tx, key, account, false)
		if err != nil || !ap.ok() {
			return err
		}
		idx, err := v.loadIndex(ap)
		for m, n := range idx.Months {
			if m == "0000-00" {
				count += n
				continue
			}
			if first == "" || m < first {
				first = m
			}
			if m > last {
				last = m
			}
			count += n
		}
		return err
	})
	return first, last, count, err
}
