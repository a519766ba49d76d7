package vault

import (
	"reflect"
	"sort"
	"testing"

	"saldo/fints/money"
	"saldo/fints/statement"
)

// codecFields are the statement.Booking fields codec.go stores.
var codecFields = []string{"ID", "Status", "BookingDate", "ValueDate", "Amount", "Currency", "Reversal",
	"CounterpartyName", "CounterpartyIBAN", "CounterpartyBIC", "Purpose", "PostingText", "EndToEndRef",
	"CustomerRef", "MandateRef", "CreditorID", "UltimateDebtor", "UltimateCreditor", "BankRef", "GVC",
	"GVCExtension", "PrimaNota", "TypeCode", "PurposeCode", "Extra", "RunningBalance"}

// TestCodecCoversBooking fails when statement.Booking changes: a field
// the codec does not know would be silently dropped from the cache.
func TestCodecCoversBooking(t *testing.T) {
	var have []string
	rt := reflect.TypeFor[statement.Booking]()
	for i := range rt.NumField() {
		have = append(have, rt.Field(i).Name)
	}
	want := append([]string(nil), codecFields...)
	sort.Strings(have)
	sort.Strings(want)
	if !reflect.DeepEqual(have, want) {
		t.Fatalf("statement.Booking has fields %v, vault/codec.go stores %v: add the new field with a new tag", have, want)
	}
}

func fullBooking() statement.Booking {
	b := statement.Booking{}
	rv := reflect.ValueOf(&b).Elem()
	for i := range rv.NumField() {
		if f := rv.Field(i); f.Kind() == reflect.String {
			f.SetString(rv.Type().Field(i).Name + " äöü ' + ?")
		}
	}
	rb := money.MustParse("-123456789.12345")
	b.Status, b.Reversal, b.RunningBalance = statement.Info, true, &rb
	b.BookingDate, b.ValueDate = day(1999, 12, 31), day(2000, 1, 3)
	b.Amount = money.MustParse("0.00001")
	return b
}

func TestCodecRoundTrip(t *testing.T) {
	tests := []struct {
		name  string
		month string
		list  []statement.Booking
	}{
		{"empty", "2025-01", nil},
		{"every field set", "1999-12", []statement.Booking{fullBooking()}},
		{"zero booking", "0000-00", []statement.Booking{{}}},
		{"typical", "2025-03", []statement.Booking{booking(day(2025, 3, 1), "-3.20", "x"), pendingBooking(day(2025, 3, 2), "9.99", "y")}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			month, got, err := decodeBookings(encodeBookings(tc.month, tc.list))
			if err != nil {
				t.Fatal(err)
			}
			if month != tc.month || len(got) != len(tc.list) || (len(got) > 0 && !reflect.DeepEqual(got, tc.list)) {
				t.Fatalf("round trip = %q %+v, want %q %+v", month, got, tc.month, tc.list)
			}
		})
	}
}

func TestCodecRejects(t *testing.T) {
	good := encodeBookings("2025-03", []statement.Booking{booking(day(2025, 3, 1), "-3.20", "x")})
	tests := []struct {
		name string
		b    []byte
	}{
		{"empty", nil},
		{"bad magic", append([]byte("xx"), good[2:]...)},
		{"newer version", append([]byte{'b', 'k', 9}, good[3:]...)},
		{"truncated", good[:len(good)-3]},
		{"trailing", append(append([]byte(nil), good...), 0)},
		{"huge count", []byte{'b', 'k', 1, 0, 0xff, 0xff, 0xff, 0xff, 0x0f}},
	}
	for _, tc := range tests {
		if _, _, err := decodeBookings(tc.b); err == nil {
			t.Errorf("%s: accepted", tc.name)
		}
	}
}

// FuzzBookingCodec: arbitrary bytes never panic, and what decodes
// re-encodes to something that decodes the same.
func FuzzBookingCodec(f *testing.F) {
	f.Add(encodeBookings("2025-03", []statement.Booking{fullBooking()}))
	f.Add(encodeBookings(monthPending, []statement.Booking{pendingBooking(day(2025, 3, 2), "9.99", "y")}))
	f.Fuzz(func(t *testing.T, b []byte) {
		month, list, err := decodeBookings(b)
		if err != nil {
			return
		}
		m2, l2, err := decodeBookings(encodeBookings(month, list))
		if err != nil || m2 != month || len(l2) != len(list) || (len(list) > 0 && !reflect.DeepEqual(l2, list)) {
			t.Fatalf("re-encoding changed the list: %v", err)
		}
	})
}
