package demobank

import (
	"crypto/rand"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"saldo/fints/secret"
)

// Options configure a demo bank. The zero value is usable: real clock,
// seed 0, both demo logins with DemoPIN and all four TAN methods.
type Options struct {
	// Now is the bank's clock; nil means time.Now. Its value at New fixes
	// the generated history. Tests pass a FakeClock's Now to control
	// dialog timeouts, challenge expiry, decoupled approval and the 90-day
	// SCA window.
	Now func() time.Time
	// Seed selects the generated history.
	Seed uint64
	// PageSize is the maximum number of bookings per HIKAZ/HICAZ answer
	// before the bank pages with touchdown (3040). Default 100.
	PageSize int
	// Logins are the users the bank accepts; nil means both demo logins
	// (DemoUser, DemoUser100k) with DemoPIN and every TAN method.
	Logins []LoginOptions
	// Faults are switched on from the start; see SetFaults.
	Faults Faults
	// DialogTimeout ends dialogs idle for longer (9800 on the next
	// message). Default 10 minutes; announced in HIBPA.
	DialogTimeout time.Duration
	// ApproveAfter is how long after the challenge the demo app approves
	// a decoupled task by itself. Default 3 s; negative means never (only
	// ApproveDecoupled approves).
	ApproveAfter time.Duration
	// TANValidity is how long a challenge stays valid (9951 after).
	// Default 10 minutes.
	TANValidity time.Duration
	// HideTANs leaves the TAN out of challenge texts. By default the demo
	// bank prints it there, so a person (or a driver script) can type it;
	// tests that want to prove the TAN travels only through their hook
	// set this and use LastTAN.
	HideTANs bool
	// Logger receives one line per message (dialog, jobs, return codes);
	// nil discards. It never sees PINs or TANs.
	Logger *slog.Logger
	// Ledger is the book-keeping behind the bank; nil creates one from
	// Seed and Now. Pass one to inspect balances from a test.
	Ledger *Ledger
	// ChallengeRandom, when set, replaces crypto/rand for what a challenge
	// shows: TANs, chipTAN start codes and task references (the photoTAN
	// image encodes the last two). With a fixed source the same run shows
	// the same challenges, which reproducible screenshots need. It is read
	// under the bank's lock; it makes TANs guessable, so only for demos.
	ChallengeRandom io.Reader
}

// LoginOptions configure one login of the bank.
type LoginOptions struct {
	// UserID is the login name and must be a ledger login (DemoUser,
	// DemoUser100k).
	UserID string
	// PIN defaults to DemoPIN.
	PIN string
	// Methods are the security functions the user may use (the 3920
	// list), from AllMethods; nil means all of them.
	Methods []string
	// NoLoginSCA lets the first login of a new system ID pass without
	// strong authentication (3076). By default that login needs a TAN.
	NoLoginSCA bool
}

// Bank is the demo bank: a FinTS 3.0 PIN/TAN server. Use Handler to mount
// it, or Start to serve it on a loopback port.
type Bank struct {
	now           func() time.Time
	ledger        *Ledger
	log           *slog.Logger
	pageSize      int
	dialogTimeout time.Duration
	approveAfter  time.Duration
	tanValidity   time.Duration
	hideTANs      bool
	challengeRand io.Reader // nil = crypto/rand

	requests atomic.Int64

	// mu guards the protocol state. A message is processed under it as a
	// whole, so dialogs, tasks and the ledger change atomically per message.
	mu      sync.Mutex
	users   map[string]*user     // by user ID
	dialogs map[string]*dialog   // by dialog ID
	systems map[string]*systemID // by Kundensystem-ID
	tasks   map[string]*tanTask  // by Auftragsreferenz
	faults  Faults
	seq     int         // counter for references
	pay     paymentBook // payee checks and executed orders (vop.go)

	srvMu  sync.Mutex
	srv    *http.Server
	url    string
	srvErr error
}

// New returns a demo bank. It serves nothing until Start or Handler.
func New(opts Options) *Bank {
	b := &Bank{
		now:           opts.Now,
		ledger:        opts.Ledger,
		log:           opts.Logger,
		pageSize:      opts.PageSize,
		dialogTimeout: opts.DialogTimeout,
		approveAfter:  opts.ApproveAfter,
		tanValidity:   opts.TANValidity,
		hideTANs:      opts.HideTANs,
		challengeRand: opts.ChallengeRandom,
		users:         map[string]*user{},
		dialogs:       map[string]*dialog{},
		systems:       map[string]*systemID{},
		tasks:         map[string]*tanTask{},
	}
	if b.now == nil {
		b.now = time.Now
	}
	if b.ledger == nil {
		b.ledger = NewLedger(LedgerOptions{Seed: opts.Seed, Now: b.now})
	}
	if b.log == nil {
		b.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if b.pageSize <= 0 {
		b.pageSize = 100
	}
	if b.dialogTimeout <= 0 {
		b.dialogTimeout = 10 * time.Minute
	}
	if b.approveAfter == 0 {
		b.approveAfter = 3 * time.Second
	}
	if b.tanValidity <= 0 {
		b.tanValidity = 10 * time.Minute
	}
	logins := opts.Logins
	if logins == nil {
		for _, lg := range b.ledger.Logins() {
			logins = append(logins, LoginOptions{UserID: lg.UserID})
		}
	}
	for _, lo := range logins {
		b.addUser(lo)
	}
	b.applyFaults(opts.Faults)
	return b
}

// addUser registers a login. Unknown ledger logins and invalid settings
// are logged and skipped: New has no error to return, and a bank without
// that user answers every attempt with 9942, which a test notices.
func (b *Bank) addUser(lo LoginOptions) {
	lg, err := b.ledger.Login(lo.UserID)
	if err != nil {
		b.log.Error("demobank: login not configured", "user", lo.UserID, "err", err)
		return
	}
	pin := lo.PIN
	if pin == "" {
		pin = DemoPIN
	}
	if n := len(pin); n < minPINLength || n > maxPINLength {
		b.log.Error("demobank: PIN length outside the HIPINS limits", "user", lo.UserID,
			"min", minPINLength, "max", maxPINLength)
		return
	}
	methods := lo.Methods
	if methods == nil {
		methods = AllMethods
	}
	var allowed []string
	for _, m := range methods {
		if _, ok := tanMethods[m]; ok {
			allowed = append(allowed, m)
		} else {
			b.log.Error("demobank: unknown TAN method skipped", "user", lo.UserID, "method", m)
		}
	}
	b.users[lg.UserID] = &user{login: lg, pin: secret.New(pin), methods: allowed, loginSCA: !lo.NoLoginSCA}
}

// Ledger returns the bank's book-keeping.
func (b *Bank) Ledger() *Ledger { return b.ledger }

// Handler returns the HTTP handler speaking FinTS (POST, base64 bodies).
func (b *Bank) Handler() http.Handler { return http.HandlerFunc(b.serveHTTP) }

// randomID draws n characters from [A-Za-z0-9].
func randomID(n int) string { return idFrom(randomBytes(nil, n)) }

// challengeID and challengeDigits draw from Options.ChallengeRandom when
// set. Callers hold b.mu.
func (b *Bank) challengeID(n int) string     { return idFrom(randomBytes(b.challengeRand, n)) }
func (b *Bank) challengeDigits(n int) string { return digitsFrom(randomBytes(b.challengeRand, n)) }

// randomBytes reads n bytes from src, or from crypto/rand when src is nil
// or fails (a short test source must not stall the bank).
func randomBytes(src io.Reader, n int) []byte {
	buf := make([]byte, n)
	if src != nil {
		if _, err := io.ReadFull(src, buf); err == nil {
			return buf
		}
	}
	rand.Read(buf) // never fails since Go 1.24
	return buf
}

func idFrom(buf []byte) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	for i, c := range buf {
		// 256 is not a multiple of 62; the slight bias does not matter
		// for identifiers that only need to be unguessable in a demo.
		buf[i] = alphabet[int(c)%len(alphabet)]
	}
	return string(buf)
}

func digitsFrom(buf []byte) string {
	for i, c := range buf {
		buf[i] = '0' + c%10
	}
	return string(buf)
}
