package wire

import (
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"time"

	"saldo/fints/secret"
)

// HBCIVersion is the protocol version written into HNHBK (FinTS 3.0).
const HBCIVersion = 300

// Head identifies a message within its dialog (HNHBK).
type Head struct {
	DialogID string // "0" in the first customer message of a dialog
	Number   int    // message number: 1, 2, 3 … per dialog and direction
	// RefDialogID and RefNumber name the customer message a bank answer
	// replies to (HNHBK #6). Customer messages must leave them empty.
	RefDialogID string
	RefNumber   int
}

// Security holds what a personalised customer message is signed with.
type Security struct {
	Country  string // "280" when empty
	BankCode string // BLZ
	UserID   string // Benutzerkennung
	SystemID string // Kundensystem-ID; "0" when empty (none yet)
	// Function is the Sicherheitsfunktion: "999" for one-step, otherwise
	// the two-step method code (e.g. "942"). It selects profile PIN:1 or
	// PIN:2.
	Function string
	PIN      secret.Value
	TAN      secret.Value // empty: no TAN in this message
	// ControlRef is the Sicherheitskontrollreferenz; empty draws a random one.
	ControlRef string
	// Time is the security timestamp; zero means now.
	Time time.Time
}

// Outgoing is an assembled message, numbered and with its HNHBK size set.
// It keeps credentials as secret values: Bytes reveals them for sending,
// Trace shows "***".
type Outgoing struct {
	segs       []*Segment
	jobs       []*Segment
	controlRef string
	size       int
}

// Bytes encodes the message for the wire (Latin-1). The result contains the
// PIN/TAN; send it and drop it (or clear it) rather than keeping it.
func (o *Outgoing) Bytes() ([]byte, error) { return Encode(o.segs...) }

// Trace renders the message for logs with PIN and TAN replaced by "***".
func (o *Outgoing) Trace() []byte { return Trace(o.segs...) }

// Segments returns the top-level segments (HNHBK … HNHBS).
func (o *Outgoing) Segments() []*Segment { return o.segs }

// Jobs returns the job segments with the numbers they were given, so
// answers (HIRMS references) can be matched to them.
func (o *Outgoing) Jobs() []*Segment { return o.jobs }

// ControlRef returns the security control reference ("" if unsigned).
func (o *Outgoing) ControlRef() string { return o.controlRef }

// Size returns the byte length of the wire form (= HNHBK #2).
func (o *Outgoing) Size() int { return o.size }

// NewSigned builds a personalised PIN/TAN message (§2.2–§2.6): HNHBK,
// HNVSK, HNVSD{HNSHK, jobs…, HNSHA}, HNHBS, numbered 1, 998, 999, k with
// 2…k−1 inside. The jobs are copied; their numbers are assigned here.
func NewSigned(h Head, sec Security, jobs ...*Segment) (*Outgoing, error) {
	if err := h.checkCustomer(); err != nil {
		return nil, err
	}
	if sec.BankCode == "" || sec.UserID == "" || sec.Function == "" {
		return nil, errors.New("fints/wire: signed message needs bank code, user ID and security function")
	}
	if sec.PIN.Empty() {
		return nil, errors.New("fints/wire: signed message needs a PIN")
	}
	ref := sec.ControlRef
	if ref == "" {
		var err error
		if ref, err = newControlRef(); err != nil {
			return nil, err
		}
	}
	s := sigParams{
		country: orDefault(sec.Country, CountryDE), bank: sec.BankCode, user: sec.UserID,
		system: orDefault(sec.SystemID, "0"), function: sec.Function, ref: ref,
		time: sec.Time, role: "1",
	}
	auth := G(Secret(sec.PIN))
	if !sec.TAN.Empty() {
		auth = append(auth, Secret(sec.TAN))
	}
	return wrap(h, s, auth, jobs)
}

// NewAnonymous builds an unsigned message: HNHBK, jobs 2…, HNHBS (§12.11).
func NewAnonymous(h Head, jobs ...*Segment) (*Outgoing, error) {
	if err := h.checkCustomer(); err != nil {
		return nil, err
	}
	return plain(h, jobs)
}

func (h Head) checkCustomer() error {
	if h.DialogID == "" || h.Number < 1 {
		return fmt.Errorf("fints/wire: message head needs a dialog ID (\"0\" for a new dialog) and a number ≥ 1, got %q/%d", h.DialogID, h.Number)
	}
	if h.RefDialogID != "" || h.RefNumber != 0 {
		return errors.New("fints/wire: customer messages must not carry a reference message")
	}
	return nil
}

// sigParams are the values shared by HNVSK, HNSHK and HNSHA.
type sigParams struct {
	country, bank, user, system, function, ref string
	time                                       time.Time
	role                                       string // "1" sender (customer), "2" receiver (bank answers)
}

func (s sigParams) profile() string {
	if s.function == "999" {
		return "1"
	}
	return "2"
}

// wrap assembles a signed message; auth is the HNSHA #4 group (nil for
// bank answers, which carry no PIN).
func wrap(h Head, s sigParams, auth DE, jobs []*Segment) (*Outgoing, error) {
	t := s.time
	if t.IsZero() {
		t = time.Now()
	}
	date, clock := t.Format("20060102"), t.Format("150405")
	profile := S("PIN", s.profile())
	ident := S(s.role, "", s.system)

	hnshk := NewSegment("HNSHK", 4, profile, S(s.function), S(s.ref), S("1"), S("1"), ident, S("1"),
		S("1", date, clock), S("1", "999", "1"), S("6", "10", "16"),
		S(s.country, s.bank, s.user, "S", "0", "0"))
	inner := []*Segment{hnshk}
	numbered := make([]*Segment, len(jobs))
	for i, j := range jobs {
		numbered[i] = j.Clone()
		inner = append(inner, numbered[i])
	}
	hnsha := NewSegment("HNSHA", 2, S(s.ref))
	if auth != nil {
		hnsha.Add(nil, auth)
	}
	inner = append(inner, hnsha)
	for i, seg := range inner {
		seg.Number = i + 2
	}

	hnvsk := NewSegment("HNVSK", 3, profile, S("998"), S("1"), ident, S("1", date, clock),
		G(Text("2"), Text("2"), Text("13"), Binary([]byte("00000000")), Text("5"), Text("1")),
		S(s.country, s.bank, s.user, "V", "0", "0"), S("0"))
	hnvsk.Number = 998
	hnvsd := NewSegment("HNVSD", 1, G(Nested(inner...)))
	hnvsd.Number = 999
	hnvsd.Inner = inner

	o, err := finish(h, []*Segment{hnvsk, hnvsd}, len(inner)+2)
	if err != nil {
		return nil, err
	}
	o.jobs, o.controlRef = numbered, s.ref
	return o, nil
}

func plain(h Head, jobs []*Segment) (*Outgoing, error) {
	body := make([]*Segment, len(jobs))
	for i, j := range jobs {
		body[i] = j.Clone()
		body[i].Number = i + 2
	}
	o, err := finish(h, body, len(jobs)+2)
	if err != nil {
		return nil, err
	}
	o.jobs = body
	return o, nil
}

// finish adds HNHBK and HNHBS (number last) around body and fills in the
// size, which is fixed-width, so measuring with a placeholder is exact.
func finish(h Head, body []*Segment, last int) (*Outgoing, error) {
	hnhbk := NewSegment("HNHBK", 3, S("000000000000"), N(HBCIVersion), S(h.DialogID), N(h.Number))
	if h.RefDialogID != "" {
		hnhbk.Add(G(Text(h.RefDialogID), Num(h.RefNumber)))
	}
	hnhbk.Number = 1
	hnhbs := NewSegment("HNHBS", 1, N(h.Number))
	hnhbs.Number = last
	segs := append(append([]*Segment{hnhbk}, body...), hnhbs)
	b, err := Encode(segs...)
	if err != nil {
		return nil, fmt.Errorf("fints/wire: encoding message: %w", err)
	}
	size := len(b)
	clear(b) // it held the PIN
	if size > 999999999999 {
		return nil, fmt.Errorf("fints/wire: message of %d bytes is too large", size)
	}
	hnhbk.DEs[0] = S(fmt.Sprintf("%012d", size))
	return &Outgoing{segs: segs, size: size}, nil
}

// newControlRef draws a random 10-digit reference without leading zero.
func newControlRef() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(9_000_000_000))
	if err != nil {
		return "", fmt.Errorf("fints/wire: drawing a control reference: %w", err)
	}
	return strconv.FormatInt(n.Int64()+1_000_000_000, 10), nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
