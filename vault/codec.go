package vault

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"saldo/fints/money"
	"saldo/fints/statement"
)

// Booking lists use a compact tagged binary encoding instead of JSON: a
// sync rewrites whole month chunks, and JSON made caching 10,000 bookings
// several times slower than the 100 ms budget. Every field is
// tag ‖ length ‖ bytes, so a decoder skips tags it does not know and a
// newer saldo's records stay readable. TestCodecCoversBooking fails when
// statement.Booking gains a field this file does not store.
//
// Layout: "bk" ‖ version ‖ uvarint len(month) ‖ month ‖ uvarint count ‖
// bookings, each a run of fields ended by tag 0.

const codecVersion = 1

const (
	tagEnd = iota
	tagID
	tagStatus
	tagBookingDate
	tagValueDate
	tagAmount
	tagCurrency
	tagReversal
	tagCPName
	tagCPIBAN
	tagCPBIC
	tagPurpose
	tagPostingText
	tagEndToEndRef
	tagCustomerRef
	tagMandateRef
	tagCreditorID
	tagUltimateDebtor
	tagUltimateCreditor
	tagBankRef
	tagGVC
	tagGVCExtension
	tagPrimaNota
	tagTypeCode
	tagExtra
	tagRunningBalance
	tagAmountCents         // Amount with at most two decimals, as zigzag cents
	tagRunningBalanceCents // likewise for RunningBalance
	tagPurposeCode
)

// maxBookings bounds what a decoder believes before allocating.
const maxBookings = 1 << 22

func encodeBookings(month string, list []statement.Booking) []byte {
	out := make([]byte, 0, 64+len(list)*320)
	out = append(out, 'b', 'k', codecVersion)
	out = binary.AppendUvarint(out, uint64(len(month)))
	out = append(out, month...)
	out = binary.AppendUvarint(out, uint64(len(list)))
	for i := range list {
		out = appendBooking(out, &list[i])
	}
	return out
}

func appendField(out []byte, tag int, v string) []byte {
	if v == "" {
		return out
	}
	out = binary.AppendUvarint(out, uint64(tag))
	out = binary.AppendUvarint(out, uint64(len(v)))
	return append(out, v...)
}

func appendDate(out []byte, tag int, d statement.Date) []byte {
	if d.IsZero() {
		return out
	}
	out = binary.AppendUvarint(out, uint64(tag))
	v := binary.AppendVarint(nil, int64(d.Year)*10000+int64(d.Month)*100+int64(d.Day))
	out = binary.AppendUvarint(out, uint64(len(v)))
	return append(out, v...)
}

// appendAmount stores cents as a varint where that is exact (nearly
// always): formatting amounts as text was a tenth of the encoding time.
func appendAmount(out []byte, textTag, centsTag int, a money.Amount) []byte {
	if a.Decimals() > 2 {
		return appendField(out, textTag, a.String())
	}
	var buf [binary.MaxVarintLen64]byte
	n := binary.PutVarint(buf[:], a.Cents())
	out = binary.AppendUvarint(out, uint64(centsTag))
	out = binary.AppendUvarint(out, uint64(n))
	return append(out, buf[:n]...)
}

func appendBooking(out []byte, b *statement.Booking) []byte {
	out = appendField(out, tagID, b.ID)
	if b.Status != statement.Booked {
		out = appendField(out, tagStatus, string([]byte{byte(b.Status)}))
	}
	out = appendDate(out, tagBookingDate, b.BookingDate)
	out = appendDate(out, tagValueDate, b.ValueDate)
	out = appendAmount(out, tagAmount, tagAmountCents, b.Amount)
	out = appendField(out, tagCurrency, b.Currency)
	if b.Reversal {
		out = appendField(out, tagReversal, "1")
	}
	out = appendField(out, tagCPName, b.CounterpartyName)
	out = appendField(out, tagCPIBAN, b.CounterpartyIBAN)
	out = appendField(out, tagCPBIC, b.CounterpartyBIC)
	out = appendField(out, tagPurpose, b.Purpose)
	out = appendField(out, tagPostingText, b.PostingText)
	out = appendField(out, tagEndToEndRef, b.EndToEndRef)
	out = appendField(out, tagCustomerRef, b.CustomerRef)
	out = appendField(out, tagMandateRef, b.MandateRef)
	out = appendField(out, tagCreditorID, b.CreditorID)
	out = appendField(out, tagUltimateDebtor, b.UltimateDebtor)
	out = appendField(out, tagUltimateCreditor, b.UltimateCreditor)
	out = appendField(out, tagBankRef, b.BankRef)
	out = appendField(out, tagGVC, b.GVC)
	out = appendField(out, tagGVCExtension, b.GVCExtension)
	out = appendField(out, tagPrimaNota, b.PrimaNota)
	out = appendField(out, tagTypeCode, b.TypeCode)
	out = appendField(out, tagExtra, b.Extra)
	out = appendField(out, tagPurposeCode, b.PurposeCode)
	if b.RunningBalance != nil {
		out = appendAmount(out, tagRunningBalance, tagRunningBalanceCents, *b.RunningBalance)
	}
	return append(out, tagEnd)
}

var errCodec = errors.New("malformed booking list")

// decodeBookings reads what encodeBookings writes. All strings share one
// copy of the payload, which keeps decoding to one allocation per booking.
func decodeBookings(payload []byte) (month string, list []statement.Booking, err error) {
	s := string(payload)
	if len(s) < 3 || s[0] != 'b' || s[1] != 'k' {
		return "", nil, errCodec
	}
	if s[2] != codecVersion {
		return "", nil, fmt.Errorf("booking list format %d is unknown (a newer saldo wrote it?)", s[2])
	}
	r := reader{s: s, off: 3}
	month = r.str()
	n := r.uvarint()
	if r.err != nil || n > maxBookings || n > uint64(len(s)) {
		return "", nil, errCodec
	}
	list = make([]statement.Booking, n)
	for i := range list {
		if err := r.booking(&list[i]); err != nil {
			return "", nil, fmt.Errorf("booking %d: %w", i, err)
		}
	}
	if r.off != len(s) {
		return "", nil, fmt.Errorf("%w: %d trailing bytes", errCodec, len(s)-r.off)
	}
	return month, list, nil
}

type reader struct {
	s   string
	off int
	err error
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	var v uint64
	for shift := uint(0); shift < 64; shift += 7 {
		if r.off >= len(r.s) {
			r.err = errCodec
			return 0
		}
		c := r.s[r.off]
		r.off++
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
	r.err = errCodec
	return 0
}

func (r *reader) str() string {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.s)-r.off) {
		r.err = errCodec
		return ""
	}
	v := r.s[r.off : r.off+int(n)]
	r.off += int(n)
	return v
}

func (r *reader) booking(b *statement.Booking) error {
	for {
		tag := r.uvarint()
		if r.err != nil {
			return r.err
		}
		if tag == tagEnd {
			return nil
		}
		v := r.str()
		if r.err != nil {
			return r.err
		}
		if err := setField(b, tag, v); err != nil {
			return err
		}
	}
}

func setField(b *statement.Booking, tag uint64, v string) error {
	var err error
	switch tag {
	case tagID:
		b.ID = v
	case tagStatus:
		if len(v) != 1 || v[0] > byte(statement.Info) {
			return fmt.Errorf("%w: status", errCodec)
		}
		b.Status = statement.Status(v[0])
	case tagBookingDate:
		b.BookingDate, err = parseDate(v)
	case tagValueDate:
		b.ValueDate, err = parseDate(v)
	case tagAmount:
		b.Amount, err = money.Parse(v)
	case tagCurrency:
		b.Currency = v
	case tagReversal:
		b.Reversal = true
	case tagCPName:
		b.CounterpartyName = v
	case tagCPIBAN:
		b.CounterpartyIBAN = v
	case tagCPBIC:
		b.CounterpartyBIC = v
	case tagPurpose:
		b.Purpose = v
	case tagPostingText:
		b.PostingText = v
	case tagEndToEndRef:
		b.EndToEndRef = v
	case tagCustomerRef:
		b.CustomerRef = v
	case tagMandateRef:
		b.MandateRef = v
	case tagCreditorID:
		b.CreditorID = v
	case tagUltimateDebtor:
		b.UltimateDebtor = v
	case tagUltimateCreditor:
		b.UltimateCreditor = v
	case tagBankRef:
		b.BankRef = v
	case tagGVC:
		b.GVC = v
	case tagGVCExtension:
		b.GVCExtension = v
	case tagPrimaNota:
		b.PrimaNota = v
	case tagTypeCode:
		b.TypeCode = v
	case tagExtra:
		b.Extra = v
	case tagPurposeCode:
		b.PurposeCode = v
	case tagRunningBalance:
		var a money.Amount
		a, err = money.Parse(v)
		b.RunningBalance = &a
	case tagAmountCents:
		b.Amount, err = parseCents(v)
	case tagRunningBalanceCents:
		var a money.Amount
		a, err = parseCents(v)
		b.RunningBalance = &a
	default:
		// A field from a newer saldo: skip it.
	}
	if err != nil {
		return fmt.Errorf("%w: %v", errCodec, err)
	}
	return nil
}

// varint reads a whole field as one zigzag varint (binary.AppendVarint).
func varint(v string) (int64, bool) {
	r := reader{s: v}
	u := r.uvarint()
	n := int64(u >> 1)
	if u&1 != 0 {
		n = ^n
	}
	return n, r.err == nil && r.off == len(v)
}

func parseCents(v string) (money.Amount, error) {
	c, ok := varint(v)
	// FromCents multiplies by 1000: stay clear of overflow.
	if !ok || c > 1<<53 || c < -(1<<53) {
		return money.Amount{}, fmt.Errorf("%w: amount", errCodec)
	}
	return money.FromCents(c), nil
}

func parseDate(v string) (statement.Date, error) {
	n, ok := varint(v)
	if !ok || n <= 0 {
		return statement.Date{}, fmt.Errorf("%w: date", errCodec)
	}
	y, m, d := int(n/10000), time.Month(n/100%100), int(n%100)
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return statement.Date{}, fmt.Errorf("%w: date %d", errCodec, n)
	}
	return statement.Date{Year: y, Month: m, Day: d}, nil
}
