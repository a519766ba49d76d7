package demobank

import (
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"saldo/fints/secret"
	"saldo/fints/wire"
)

// The tests drive the bank the way a client does: raw FinTS messages
// built with the wire package, posted over real HTTP on loopback.

var srvNow = time.Date(2025, time.June, 16, 10, 30, 0, 0, srvBerlin())

func srvBerlin() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	return loc
}

// srvBank starts a bank on an httptest server with a fake clock.
func srvBank(t *testing.T, opts Options) (*Bank, *FakeClock, string) {
	t.Helper()
	clock := NewFakeClock(srvNow)
	if opts.Now == nil {
		opts.Now = clock.Now
	}
	b := New(opts)
	srv := httptest.NewServer(b.Handler())
	t.Cleanup(srv.Close)
	return b, clock, srv.URL + "/fints"
}

// tclient is a minimal FinTS client for the tests.
type tclient struct {
	t        testing.TB
	url      string
	user     string
	pin      string
	tan      string // set for the next message only
	sysID    string
	function string
	hktan    int // HKTAN version
	dialog   string
	msg      int
	bpd, upd int // versions the client holds
	// direct, when set, hands messages to the bank without HTTP (fuzzing).
	direct *Bank
}

func srvClient(t testing.TB, url string) *tclient {
	return &tclient{t: t, url: url, user: DemoUser, pin: DemoPIN, sysID: "0", function: MethodSMS, hktan: 7, dialog: "0"}
}

// post sends raw bytes and returns the decoded answer bytes.
func srvPost(t testing.TB, url string, raw []byte) []byte {
	t.Helper()
	body := base64.StdEncoding.EncodeToString(raw)
	resp, err := http.Post(url, "text/plain", strings.NewReader(body))
	if err != nil {
		t.Fatalf("POST: %v", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading answer: %v", err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("HTTP %d: %s", resp.StatusCode, b)
	}
	out, err := base64.StdEncoding.DecodeString(string(b))
	if err != nil {
		t.Fatalf("answer is not base64: %v", err)
	}
	return out
}

// send signs and sends jobs in the current dialog.
func (c *tclient) send(jobs ...*wire.Segment) *wire.Response {
	c.t.Helper()
	c.msg++
	h := wire.Head{DialogID: c.dialog, Number: c.msg}
	var out *wire.Outgoing
	var err error
	if c.user == "" {
		out, err = wire.NewAnonymous(h, jobs...)
	} else {
		sec := wire.Security{BankCode: BankCode, UserID: c.user, SystemID: c.sysID, Function: c.function,
			PIN: secret.New(c.pin)}
		if c.tan != "" {
			sec.TAN = secret.New(c.tan)
			c.tan = ""
		}
		out, err = wire.NewSigned(h, sec, jobs...)
	}
	if err != nil {
		c.t.Fatalf("building message: %v", err)
	}
	raw, err := out.Bytes()
	if err != nil {
		c.t.Fatalf("encoding message: %v", err)
	}
	if c.direct != nil {
		return c.parse(c.direct.process(raw, "http://127.0.0.1/fints"))
	}
	return c.parse(srvPost(c.t, c.url, raw))
}

func (c *tclient) parse(raw []byte) *wire.Response {
	c.t.Helper()
	resp, err := wire.ParseResponse(raw)
	if err != nil {
		c.t.Fatalf("bank answer unreadable: %v\n%s", err, raw)
	}
	if resp.DeclaredSize != len(raw) {
		c.t.Errorf("HNHBK size %d, message has %d bytes", resp.DeclaredSize, len(raw))
	}
	if c.dialog == "0" && resp.Head.DialogID != "0" && !resp.Codes.Has("9800") {
		c.dialog = resp.Head.DialogID
	}
	if resp.Codes.Has("9800") || resp.Codes.Has("0100") {
		c.dialog, c.msg = "0", 0
	}
	return resp
}

// init opens a dialog; extra segments (HKSYN) go after HKVVB.
func (c *tclient) init(extra ...*wire.Segment) *wire.Response {
	c.t.Helper()
	c.dialog, c.msg = "0", 0
	customer := c.user
	if customer == "" {
		customer = anonymousCustomer
	}
	status := "1"
	if c.user == "" {
		status = "0"
	}
	jobs := []*wire.Segment{
		wire.NewSegment("HKIDN", 2, wire.S("280", BankCode), wire.S(customer), wire.S(c.sysID), wire.S(status)),
		wire.NewSegment("HKVVB", 3, wire.N(c.bpd), wire.N(c.upd), wire.N(0), wire.S("SALDOTEST"), wire.S("0.1")),
	}
	jobs = append(jobs, extra...)
	if c.function != OneStep || c.user == "" {
		jobs = append(jobs, wire.NewSegment("HKTAN", c.hktan, wire.S("4"), wire.S("HKIDN")))
	}
	resp := c.send(jobs...)
	if s := resp.Find("HIBPA"); s != nil {
		c.bpd, _ = s.Int(2)
	}
	if s := resp.Find("HIUPA"); s != nil {
		c.upd, _ = s.Int(3)
	}
	if s := resp.Find("HISYN"); s != nil {
		c.sysID = s.Str(2)
	}
	return resp
}

// end sends HKEND.
func (c *tclient) end() *wire.Response {
	c.t.Helper()
	return c.send(wire.NewSegment("HKEND", 1, wire.S(c.dialog)))
}

// tanStep sends HKTAN process 2 (with the TAN) or S.
func (c *tclient) tanStep(process, ref, tan string) *wire.Response {
	c.t.Helper()
	c.tan = tan
	resp := c.send(wire.NewSegment("HKTAN", c.hktan, wire.S(process), nil, nil, nil, wire.S(ref), wire.S("N")))
	if s := resp.Find("HIUPA"); s != nil {
		c.upd, _ = s.Int(3)
	}
	if s := resp.Find("HISYN"); s != nil {
		c.sysID = s.Str(2)
	}
	return resp
}

// synchronise gets a system ID in a one-step dialog of its own, as
// clients do on first contact; the client's TAN method is kept.
func (c *tclient) synchronise() {
	c.t.Helper()
	fn := c.function
	c.function = OneStep
	resp := c.init(wire.NewSegment("HKSYN", 3, wire.S("0")))
	mustCodes(c.t, resp, "0020", "3920")
	c.end()
	c.function = fn
}

// login brings the client to an open, approved dialog: synchronisation
// (one-step) on first use, then an init whose SCA is completed with the
// TAN from the hook.
func (c *tclient) login(b *Bank) {
	c.t.Helper()
	if c.sysID == "0" {
		c.synchronise()
	}
	resp := c.init()
	if resp.Codes.Has("0030") || resp.Codes.Has("3955") {
		ref := resp.Find("HITAN").Str(4)
		if resp.Codes.Has("3955") {
			b.ApproveDecoupled(ref)
			resp = c.tanStep("S", ref, "")
		} else {
			tan, _ := b.LastTAN(c.user)
			resp = c.tanStep("2", ref, tan)
		}
	}
	mustCodes(c.t, resp, "0020")
	mustNoErrors(c.t, resp)
}

// mustCodes fails unless every code is present.
func mustCodes(t testing.TB, resp *wire.Response, codes ...string) {
	t.Helper()
	for _, code := range codes {
		if !resp.Codes.Has(code) {
			t.Fatalf("answer lacks %s; codes: %v", code, resp.Codes)
		}
	}
}

func mustNoErrors(t testing.TB, resp *wire.Response) {
	t.Helper()
	if err := resp.Err(); err != nil {
		t.Fatalf("unexpected error: %v (codes %v)", err, resp.Codes)
	}
}

// codeFor returns the codes referring to customer segment n.
func codesFor(resp *wire.Response, n int) wire.Codes { return resp.Codes.ForSegment(n) }
