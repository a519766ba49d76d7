package vault

import (
	"reflect"
	"testing"

	"saldo/fints/statement"
)

func ids(list []statement.Booking) []string {
	out := make([]string, len(list))
	for i, b := range list {
		out[i] = b.Purpose
	}
	return out
}

func TestMergeBookings(t *testing.T) {
	const acct = "DE02120300000000202051"
	v, path := newVault(t)
	k := addLogin(t, v, "12030000", "alice", "DKB")

	// First sync: two identical coffees on one day must stay two bookings.
	first := []statement.Booking{
		booking(day(2025, 2, 27), "-3.20", "coffee"),
		booking(day(2025, 2, 27), "-3.20", "coffee"),
		booking(day(2025, 3, 1), "2500.00", "salary"),
	}
	pend := []statement.Booking{pendingBooking(day(2025, 3, 4), "-49.99", "shop (pending)")}
	res, err := v.MergeBookings(k, acct, first, pend)
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 3 || res.Updated != 0 || res.Pending != 1 {
		t.Fatalf("first merge = %+v", res)
	}
	if first[0].ID != "" {
		t.Error("MergeBookings changed the caller's slice")
	}

	// Second sync overlaps: the same three again, one new, and the pending
	// purchase is now booked (new ID); the bank's pending list is empty.
	second := append(append([]statement.Booking(nil), first...),
		booking(day(2025, 3, 4), "-49.99", "shop"),
		booking(day(2025, 3, 2), "-10.00", "late entry"))
	res, err = v.MergeBookings(k, acct, second, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 2 || res.Updated != 3 || res.Pending != 0 {
		t.Fatalf("second merge = %+v", res)
	}
	v = reopen(t, v, path)
	all, err := v.Bookings(k, acct, statement.Date{}, statement.Date{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"coffee", "coffee", "salary", "late entry", "shop"}
	if got := ids(all); !reflect.DeepEqual(got, want) {
		t.Fatalf("bookings = %v, want %v", got, want)
	}
	seen := map[string]bool{}
	for _, b := range all {
		if b.ID == "" || seen[b.ID] {
			t.Fatalf("missing or duplicate ID %q", b.ID)
		}
		seen[b.ID] = true
	}

	// A third sync brings a pending entry again: it shows after booked
	// entries of its day.
	v.MergeBookings(k, acct, nil, []statement.Booking{pendingBooking(day(2025, 3, 4), "-5.00", "kiosk (pending)")})
	march, err := v.Bookings(k, acct, day(2025, 3, 2), day(2025, 3, 31))
	if err != nil {
		t.Fatal(err)
	}
	want = []string{"late entry", "shop", "kiosk (pending)"}
	if got := ids(march); !reflect.DeepEqual(got, want) {
		t.Fatalf("March from the 2nd = %v, want %v", got, want)
	}
	if march[2].Status != statement.Pending || march[2].ID[0] != 'p' {
		t.Errorf("pending entry = %+v", march[2])
	}
	first2, last, n, err := v.BookingSpan(k, acct)
	if err != nil || first2 != "2025-02" || last != "2025-03" || n != 5 {
		t.Errorf("BookingSpan = %s %s %d %v", first2, last, n, err)
	}
}

func TestMergeKeepsGivenIDsAndUpdatesContent(t *testing.T) {
	const acct = "DE02120300000000202051"
	v, _ := newVault(t)
	k := addLogin(t, v, "12030000", "alice", "DKB")
	b := booking(day(2025, 1, 5), "-1.00", "x")
	b.ID = "bcustom"
	v.MergeBookings(k, acct, []statement.Booking{b}, nil)
	b.PostingText = "reworded by the bank"
	res, _ := v.MergeBookings(k, acct, []statement.Booking{b}, nil)
	if res.Updated != 1 || res.Added != 0 {
		t.Fatalf("merge = %+v", res)
	}
	got, _ := v.Bookings(k, acct, statement.Date{}, statement.Date{})
	if len(got) != 1 || got[0].ID != "bcustom" || got[0].PostingText != "reworded by the bank" {
		t.Fatalf("bookings = %+v", got)
	}
}

func TestBookingsRanges(t *testing.T) {
	const acct = "12030000/1234567"
	v, _ := newVault(t)
	k := addLogin(t, v, "12030000", "alice", "DKB")
	var list []statement.Booking
	for m := 1; m <= 12; m++ {
		list = append(list, booking(day(2024, 1, 1).AddDays(31*(m-1)), "-1.00", "m"))
	}
	undated := booking(statement.Date{}, "-2.00", "undated")
	list = append(list, undated)
	if _, err := v.MergeBookings(k, acct, list, nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		from, to statement.Date
		want     int
	}{
		{statement.Date{}, statement.Date{}, 13},
		{day(2024, 6, 1), statement.Date{}, 7},
		{statement.Date{}, day(2024, 2, 29), 2},
		{day(2024, 3, 1), day(2024, 3, 31), 1},
		{day(2030, 1, 1), day(2031, 1, 1), 0},
	}
	for _, tc := range tests {
		got, err := v.Bookings(k, acct, tc.from, tc.to)
		if err != nil || len(got) != tc.want {
			t.Errorf("Bookings(%v, %v) = %d, %v; want %d", tc.from, tc.to, len(got), err, tc.want)
		}
	}
	if got, _ := v.Bookings(k, "other account", statement.Date{}, statement.Date{}); len(got) != 0 {
		t.Errorf("unknown account has %d bookings", len(got))
	}
}

func TestPendingBookingsPeek(t *testing.T) {
	v, _ := newVault(t)
	k := addLogin(t, v, "12030000", "alice", "DKB")
	if got, err := v.PendingBookings(k, acctA); err != nil || len(got) != 0 {
		t.Fatalf("PendingBookings before any sync = %v, %v", got, err)
	}
	v.MergeBookings(k, acctA, nil, []statement.Booking{pendingBooking(day(2025, 3, 4), "-5.00", "kiosk")})
	got, err := v.PendingBookings(k, acctA)
	if err != nil || len(got) != 1 || got[0].Purpose != "kiosk" || got[0].Status != statement.Pending {
		t.Fatalf("PendingBookings = %+v, %v", got, err)
	}
	// Handing them back with an older fetch keeps them.
	v.MergeBookings(k, acctA, []statement.Booking{booking(day(2024, 1, 2), "-1.00", "old")}, got)
	if again, _ := v.PendingBookings(k, acctA); len(again) != 1 || again[0].ID != got[0].ID {
		t.Fatalf("pending after re-merge = %+v", again)
	}
}
