package demobank

import (
	"saldo/fints/statement"
)

// snapshot is the result of one statement query, frozen at the first
// page so later pages are consistent with it (and cheap: the 100,000
// booking account is read once per query, not once per page).
type snapshot struct {
	booked  []statement.Booking // ascending, with running balances
	pending []statement.Booking
	opening statement.Balance // before booked[0]
}

// cursor is what a touchdown value (Aufsetzpunkt) stands for (§7.2): the
// query it belongs to and where the next page starts. Cursors live in
// their dialog and die with it.
type cursor struct {
	key    string // the job parameters; a follow-up must repeat them
	snap   *snapshot
	offset int
}

// touchdownLen is the length of touchdown values (an ..35).
const touchdownLen = 16

// saveCursor stores the position of the next page and returns its
// touchdown value.
func (c *msgCtx) saveCursor(key string, snap *snapshot, offset int) string {
	token := randomID(touchdownLen)
	c.d.cursors[token] = &cursor{key: key, snap: snap, offset: offset}
	return token
}

// findCursor returns the cursor of a touchdown value if it belongs to this
// dialog and to the same query.
func (c *msgCtx) findCursor(token, key string) (*cursor, bool) {
	cur, ok := c.d.cursors[token]
	if !ok || cur.key != key {
		return nil, false
	}
	return cur, true
}
