package fints

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"saldo/fints/money"
	"saldo/fints/secret"
	"saldo/fints/wire"
)

// Answer shapes of real banks that the demo bank does not produce, played
// by a scripted server: each customer message is checked (segment IDs,
// numbers, what they carry) and answered with the next scripted segments.
// The BPD are Atruvia's (HIVPPS for HKCCS; 946 decoupled, 942 mobileTAN).

type scriptStep struct {
	jobs  []string                                     // expected job segment IDs, in order
	check func(t *testing.T, req *wire.Request)        // optional
	reply func(t *testing.T, req *wire.Request) []byte // body segments in FinTS syntax
}

func text(s string) func(*testing.T, *wire.Request) []byte {
	return func(*testing.T, *wire.Request) []byte { return []byte(s) }
}

func corpusBody(name string) func(*testing.T, *wire.Request) []byte {
	return func(t *testing.T, _ *wire.Request) []byte {
		b, err := os.ReadFile(filepath.Join(corpusDir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
}

// scriptBank serves the steps and reports how many were used.
func scriptBank(t *testing.T, steps []scriptStep) (string, func() int) {
	t.Helper()
	var mu sync.Mutex
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		body, _ := io.ReadAll(r.Body)
		raw, err := base64.StdEncoding.DecodeString(string(body))
		if err != nil {
			t.Errorf("request not base64: %v", err)
			return
		}
		req, err := wire.ParseRequest(raw)
		if err != nil {
			t.Errorf("request not FinTS: %v", err)
			return
		}
		if n >= len(steps) {
			t.Errorf("unexpected message %d: %v", n+1, jobIDs(req))
			http.Error(w, "no more steps", http.StatusInternalServerError)
			return
		}
		st := steps[n]
		n++
		if got := jobIDs(req); !slices.Equal(got, st.jobs) {
			t.Errorf("message %d carries %v, want %v", n, got, st.jobs)
		}
		if st.check != nil {
			st.check(t, req)
		}
		m, err := wire.Decode(st.reply(t, req))
		if err != nil {
			t.Fatalf("script step %d: %v", n, err)
		}
		h := wire.Head{DialogID: "D1", Number: req.Head.Number, RefDialogID: "D1", RefNumber: req.Head.Number}
		out, err := wire.NewAnswer(h, nil, m.Flat()...)
		if err != nil {
			t.Fatalf("script step %d: %v", n, err)
		}
		b, _ := out.Bytes()
		io.WriteString(w, base64.StdEncoding.EncodeToString(b))
	}))
	t.Cleanup(srv.Close)
	return srv.URL, func() int { mu.Lock(); defer mu.Unlock(); return n }
}

func jobIDs(req *wire.Request) []string {
	var ids []string
	for _, j := range req.Jobs {
		ids = append(ids, j.ID)
	}
	return ids
}

// scriptPrompter answers every TAN with 123456 and records the questions.
type scriptPrompter struct {
	tans, payees, statuses int
}

func (p *scriptPrompter) TAN(context.Context, Challenge) (secret.Value, error) {
	p.tans++
	return secret.New("123456"), nil
}
func (p *scriptPrompter) Decoupled(context.Context, DecoupledStatus)       { p.statuses++ }
func (p *scriptPrompter) ConfirmApproval(context.Context, Challenge) error { return nil }
func (p *scriptPrompter) ConfirmPayee(context.Context, VoPResult) (bool, error) {
	p.payees++
	return true, nil
}

// recClock records waits and never sleeps.
type recClock struct {
	now   time.Time
	waits []time.Duration
}

func (c *recClock) Now() time.Time { return c.now }
func (c *recClock) Sleep(ctx context.Context, d time.Duration) error {
	c.waits = append(c.waits, d)
	c.now = c.now.Add(d)
	return ctx.Err()
}

// scriptPay sends one transfer through the script with the given method.
func scriptPay(t *testing.T, method string, steps []scriptStep) (Outcome, *scriptPrompter, *recClock, error) {
	t.Helper()
	url, used := scriptBank(t, steps)
	p := &scriptPrompter{}
	clk := &recClock{now: time.Date(2025, 10, 13, 11, 0, 0, 0, berlin)}
	c, err := New(Config{URL: url, BankCode: "11223344", UserID: "u", PIN: secret.New("pin-1"), Prompter: p, Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	c.p.setBPD(corpusResponse(t, "atruvia_anonymous_init_response_full.bin").Body())
	c.systemID = "SYS"
	c.accounts = []Account{{IBAN: "DE87123456781234567890", BIC: "GENODEF1XXX", Number: "1234567890", BankCode: "11223344", Owner: "Max Mustermann"}}
	pay, err := c.newPayment(Transfer{From: Account{IBAN: "DE87123456781234567890"}, ToName: "Erika Beispiel",
		ToIBAN: "DE21123456780000012345", Amount: money.MustParse("10.00"), Purpose: "Test"})
	if err != nil {
		t.Fatal(err)
	}
	m := c.methodByCode(method)
	d := &dialog{ID: "D1", Next: 2, Function: method, HKTAN: m.HKTANVersion}
	out, err := c.pay(context.Background(), d, pay)
	if got := used(); got != len(steps) {
		t.Errorf("%d of %d scripted messages used", got, len(steps))
	}
	return out, p, clk, err
}

const (
	vopID     = "5e3b5c99-df27-4d42-835b-18b35d0c66ff"
	pollingID = "c0f5c2a4-ebb7-4e72-be44-c68742177a2b"
	urn002    = "urn?:iso?:std?:iso?:20022?:tech?:xsd?:pain.002.001.10"
)

// TestScriptImmediateSuccess: the payee matches, no confirmation is needed
// and no SCA either (3076): the first answer already says executed.
func TestScriptImmediateSuccess(t *testing.T) {
	out, p, _, err := scriptPay(t, "942", []scriptStep{{
		jobs: []string{"HKCCS", "HKTAN", "HKVPP"},
		reply: text("HIRMG:3:2+3060::Hinweise.+3905::Es wurde keine Challenge erzeugt.'" +
			"HIRMS:4:2:5+3091::VOP-Ausfuehrungsauftrag nicht benoetigt.+0025::Keine Namensabweichung.'" +
			"HIRMS:5:2:4+3076::Keine starke Authentifizierung erforderlich.'" +
			"HIVPP:6:1:5+@36@" + vopID + "+++" + urn002 + "'HITAN:7:7:4+4++noref+nochallenge'" +
			"HIRMS:8:2:3+0020::SEPA-Einzelueberweisung erfolgreich+0900::Freigabe erfolgreich'"),
	}})
	if err != nil || out.State != Executed || out.VoP == nil || out.VoP.Match != VoPMatched {
		t.Fatalf("outcome %+v, %v", out, err)
	}
	if p.tans != 0 || p.payees != 0 {
		t.Errorf("%d TAN prompts, %d payee questions", p.tans, p.payees)
	}
}

// TestScriptPollThenDecoupled: the phpFinTS/Atruvia flow where the check
// needs a poll, needs no confirmation (3091), and the poll answer carries
// the app challenge; the approval answer is the real Atruvia one.
func TestScriptPollThenDecoupled(t *testing.T) {
	out, p, clk, err := scriptPay(t, "946", []scriptStep{
		{jobs: []string{"HKCCS", "HKTAN", "HKVPP"},
			reply: text("HIRMG:3:2+3060::Hinweise.+3905::Es wurde keine Challenge erzeugt.'" +
				"HIRMS:4:2:5+3040::Es liegen weitere Informationen vor.:staticscrollref'" +
				"HIRMS:5:2:4+3945::Freigabe ohne VOP-Bestaetigung nicht moeglich.'" +
				"HIVPP:6:1:5+++@36@" + pollingID + "+++++2'")},
		{jobs: []string{"HKVPP"},
			check: func(t *testing.T, req *wire.Request) {
				s := req.Jobs[0]
				if string(s.Bin(3)) != pollingID || s.Str(5) != "staticscrollref" || s.Str(2) != "urn:iso:std:iso:20022:tech:xsd:pain.002.001.10" {
					t.Errorf("poll = %v", s)
				}
			},
			reply: text("HIRMG:3:2+0010::Nachricht entgegengenommen.'" +
				"HIRMS:4:2:3+3091::VOP-Ausfuehrungsauftrag nicht benoetigt.+0025::Keine Namensabweichung.'" +
				"HIVPP:5:1:3+@36@" + vopID + "+++" + urn002 + "'" +
				"HITAN:6:7:5+4++1234567890123456789012345678+Bitte bestaetigen Sie den Vorgang in Ihrer SecureGo plus App'")},
		{jobs: []string{"HKTAN"},
			check: func(t *testing.T, req *wire.Request) {
				s := req.Jobs[0]
				if s.Str(2) != "S" || s.Str(6) != "1234567890123456789012345678" || !req.TAN.Empty() {
					t.Errorf("status request = %v", s)
				}
			},
			reply: corpusBody("atruvia_sendtransfervop_check_decoupled_submission_response_inner.bin")},
	})
	if err != nil || out.State != Executed || out.VoP == nil || out.VoP.Match != VoPMatched {
		t.Fatalf("outcome %+v, %v", out, err)
	}
	if len(clk.waits) != 2 || clk.waits[0] != 2*time.Second || clk.waits[1] != 2*time.Second {
		t.Errorf("waits = %v, want the 2 s of HIVPP #9, then HITANS' first wait", clk.waits)
	}
	if p.tans != 0 || p.payees != 0 || p.statuses == 0 {
		t.Errorf("prompts: %+v", p)
	}
}

// TestScriptDKBReleaseWithVOPID: DKB answers "check the result" with a
// match (3090 + 0025) and 3945 on HKTAN; the engine releases the order
// with HKVPA carrying DKB's 364-byte VOP-ID, without asking (a match), and
// the TAN answer is DKB's real one.
func TestScriptDKBReleaseWithVOPID(t *testing.T) {
	dkb := corpusResponse(t, "dkb_hivpp_vop_response_full.bin").Find("HIVPP")
	dkb.Ref = 5
	hivpp, err := wire.Encode(dkb)
	if err != nil {
		t.Fatal(err)
	}
	out, p, _, err := scriptPay(t, "942", []scriptStep{
		{jobs: []string{"HKCCS", "HKTAN", "HKVPP"},
			reply: text("HIRMG:2:2+3060::Teilweise liegen Warnungen vor.+0010::Nachricht entgegengenommen.'" +
				"HIRMS:3:2:5+3090::Ergebnis Namensabgleich pruefen+0025::Keine Namensabweichung'" +
				"HIRMS:4:2:4+3945::Freigabe erst nach Empfaengerabgleich moeglich.'" + string(hivpp))},
		{jobs: []string{"HKCCS", "HKVPA", "HKTAN"},
			check: func(t *testing.T, req *wire.Request) {
				if !bytes.Equal(req.Jobs[1].Bin(2), dkb.Bin(2)) || len(req.Jobs[1].Bin(2)) != 364 {
					t.Errorf("HKVPA carries %d bytes, not DKB's VOP-ID", len(req.Jobs[1].Bin(2)))
				}
				if req.Jobs[2].Str(3) != "HKCCS" {
					t.Errorf("HKTAN = %v", req.Jobs[2])
				}
			},
			reply: text("HIRMG:3:2+0010::Nachricht entgegengenommen.'HIRMS:4:2:4+0020::Ausfuehrungsbestaetigung erhalten.'" +
				"HIRMS:5:2:5+0030::Auftrag empfangen - Sicherheitsfreigabe erforderlich.'HITAN:6:6:5+4++2472-12-07-21.27.57.456789+Bitte TAN eingeben'")},
		{jobs: []string{"HKTAN"},
			check: func(t *testing.T, req *wire.Request) {
				if req.TAN.Reveal() != "123456" || req.Jobs[0].Str(2) != "2" {
					t.Errorf("TAN message = %v", req.Jobs[0])
				}
			},
			reply: corpusBody("dkb_sendsepatransfer_send_tan_response_inner.bin")},
	})
	if err != nil || out.State != Executed || out.VoP == nil || out.VoP.Match != VoPMatched {
		t.Fatalf("outcome %+v, %v", out, err)
	}
	if p.tans != 1 || p.payees != 0 {
		t.Errorf("%d TAN prompts, %d payee questions", p.tans, p.payees)
	}
}

// TestScriptStatusIndifferent: 9000 after the TAN is an unknown outcome,
// never a rejection (which might invite sending it again).
func TestScriptStatusIndifferent(t *testing.T) {
	out, _, _, err := scriptPay(t, "942", []scriptStep{
		{jobs: []string{"HKCCS", "HKTAN", "HKVPP"},
			reply: text("HIRMG:3:2+0010::Ok.'HIRMS:4:2:5+3091::Nicht benoetigt.+0025::Keine Namensabweichung.'" +
				"HIRMS:5:2:4+0030::Sicherheitsfreigabe erforderlich.'HIVPP:6:1:5+@2@V1'HITAN:7:6:4+4++REF-1+TAN bitte'")},
		{jobs: []string{"HKTAN"}, reply: text("HIRMG:3:2+0010::Ok.'HIRMS:4:2:3+9000::Status des Auftrags unklar.'")},
	})
	if err != nil || out.State != Unknown || out.Code != "9000" {
		t.Fatalf("outcome %+v, %v", out, err)
	}
}
