package fints

import (
	"testing"

	"saldo/fints/money"
	"saldo/fints/statement"
	"saldo/fints/wire"
)

func TestParseBalancesDKBv5(t *testing.T) {
	segs := corpusSegments(t, "dkb_getbalance_get_balance_response_inner.bin")
	bs, err := parseBalances(&task{Account: "DE1", Data: dataFor(segs, 3)})
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 1 {
		t.Fatalf("got %d balances, want 1", len(bs))
	}
	b := bs[0]
	if b.Account != "DE1" || b.Booked.Amount != money.MustParse("123.45") || b.Booked.Currency != "EUR" ||
		b.Booked.Date != statement.NewDate(2020, 4, 9) {
		t.Errorf("booked = %+v", b.Booked)
	}
	if b.Pending == nil || !b.Pending.Amount.IsZero() {
		t.Errorf("pending = %+v, want 0", b.Pending)
	}
	if b.CreditLine == nil || !b.CreditLine.IsZero() {
		t.Errorf("credit line = %v, want 0", b.CreditLine)
	}
	if b.Available == nil || *b.Available != money.MustParse("123.45") {
		t.Errorf("available = %v, want 123.45", b.Available)
	}
}

// TestParseBalanceGuideV7 reads the HISAL v7 of the guide's §12.5 answer
// (with booking timestamp and pending balance).
func TestParseBalanceGuideV7(t *testing.T) {
	r := guideAnswer(t, "guide_12_5_balance_answer.bin")
	bs, err := parseBalances(&task{Account: "DE87123456781234567890", Data: r.ForSegment(3)})
	if err != nil || len(bs) != 1 {
		t.Fatalf("balances = %v, %v", bs, err)
	}
	b := bs[0]
	if b.Booked.Amount != money.MustParse("1523.42") || b.Pending.Amount != money.MustParse("1498.17") ||
		*b.CreditLine != money.MustParse("2000") || *b.Available != money.MustParse("3498.17") {
		t.Errorf("balance = %+v", b)
	}
	want := "2025-01-15 10:15:04 +0100"
	if got := b.At.Format("2006-01-02 15:04:05 -0700"); got != want {
		t.Errorf("At = %s, want %s", got, want)
	}
}

func TestParseStatementsConsorsMT940(t *testing.T) {
	segs := corpusSegments(t, "consorsbank_getstatementofaccount_get_statement_response_inner.bin")
	tk := &task{Job: "HKKAZ", Account: "DE00", Data: dataFor(segs, 3), Pages: 1}
	st, err := (&Client{}).parseStatements(tk)
	if err != nil {
		t.Fatal(err)
	}
	if st.Format != "mt940" || len(st.Booked) == 0 {
		t.Fatalf("statements = %+v", st)
	}
	first := st.Booked[0]
	if first.Amount != money.MustParse("-2.8") || first.BookingDate != statement.NewDate(2019, 11, 18) {
		t.Errorf("first booking = %+v", first)
	}
	for _, b := range st.Booked {
		if b.ID == "" || b.ID[0] != 'b' {
			t.Fatalf("booking without stable ID: %+v", b)
		}
	}
}

// TestTouchdownAfterTAN: GLS answers the TAN step with 3040 on the HKTAN
// and an empty camt document; the task must keep the cursor verbatim.
func TestTouchdownAfterTAN(t *testing.T) {
	segs := corpusSegments(t, "gls_send_tan_response_with_empty_hicaz_inner.bin")
	codes := wire.ParseReturnCodes(segs)
	c := &Client{}
	tk := &task{Job: "HKCAZ", Account: "DE00", TouchPos: 8}
	c.absorbTask(tk, &dialog{ID: "D1"}, codes.ForSegment(3), dataFor(segs, 3), nil)
	if tk.Done || tk.Err != nil {
		t.Fatalf("task done=%v err=%v, want a further page", tk.Done, tk.Err)
	}
	if want := "0_=2#=20200515#=9382064#=0#=0#=0"; tk.Touchdown != want {
		t.Errorf("touchdown = %q, want %q", tk.Touchdown, want)
	}
	st, err := c.parseStatements(tk)
	if err != nil || len(st.Booked) != 0 || st.Format != "urn:iso:std:iso:20022:tech:xsd:camt.052.001.02" {
		t.Errorf("statements = %+v, %v", st, err)
	}
}

func TestTaskSegmentTouchdown(t *testing.T) {
	seg := wire.NewSegment("HKKAZ", 7, wire.S("DE87123456781234567890", "TESTDEFFXXX"), wire.S("N"), wire.S("20250101"), wire.S("20250115"))
	tk := &task{Seg: seg, TouchPos: 7, Touchdown: "9978-12-08-12.12.22.:9789"}
	seg.Number = 3
	got := string(wire.Trace(tk.segment()))
	want := "HKKAZ:3:7+DE87123456781234567890:TESTDEFFXXX+N+20250101+20250115++9978-12-08-12.12.22.?:9789'"
	if got != want {
		t.Errorf("segment = %s\nwant      %s", got, want)
	}
	if string(wire.Trace(seg)) == got {
		t.Error("the template was modified")
	}
}

func TestHITANSMethodsDKB(t *testing.T) {
	var p params
	p.setBPD(corpusSegments(t, "dkb_anonymous_init_response_full.bin"))
	if p.bankName != "Deutsche Kreditbank Aktiengesellschaft" || p.bpdVersion != 3 {
		t.Fatalf("bank %q version %d", p.bankName, p.bpdVersion)
	}
	kinds := map[string]TANKind{}
	for _, m := range p.methods {
		kinds[m.Code] = m.Kind
		if m.HKTANVersion != 6 {
			t.Errorf("%s: HKTAN version %d, want 6", m.Code, m.HKTANVersion)
		}
	}
	want := map[string]TANKind{"910": TANChipManual, "911": TANFlicker, "912": TANChipManual, "913": TANImage, "920": TANManual, "921": TANManual, "900": TANManual}
	for code, k := range want {
		if kinds[code] != k {
			t.Errorf("method %s: kind %v, want %v", code, kinds[code], k)
		}
	}
	if !p.tanRequired("HKCCS") || p.tanRequired("HKSAL") {
		t.Error("HIPINS: HKCCS should be TAN-relevant, HKSAL not")
	}
	if jp, ok := p.job("HKSAL", 5, 6, 7); !ok || jp.version != 5 {
		t.Errorf("HKSAL version = %d, %v; want 5", jp.version, ok)
	}
	if d, ok := defaultMethod(p.methods, []string{"911", "920"}); !ok || d.Code != "920" {
		t.Errorf("default among 911/920 = %s, want 920 (manual before flicker)", d.Code)
	}
}

func TestTANKind(t *testing.T) {
	tests := []struct {
		m    TANMethod
		want TANKind
	}{
		{TANMethod{DKName: "Decoupled", Name: "SecureGo plus"}, TANDecoupled},
		{TANMethod{DKName: "DecoupledPush", Name: "pushTAN 2.0"}, TANDecoupled},
		{TANMethod{DKName: "HHDOPT1", TechID: "HHD1.4OPT", Name: "chipTAN optisch"}, TANFlicker},
		{TANMethod{TechID: "HHD1.3.0", Name: "chipTAN manuell"}, TANChipManual},
		{TANMethod{DKName: "HHD", DKVersion: "1.4", Name: "Smart-TAN plus manuell"}, TANChipManual},
		{TANMethod{TechID: "MS1.0.0", Name: "photoTAN-Verfahren"}, TANImage},
		{TANMethod{TechID: "Q1S", DKName: "Secoder_UC", Name: "chipTAN-QR"}, TANImage},
		{TANMethod{DKName: "mobileTAN", Name: "SMS-TAN"}, TANManual},
		{TANMethod{DKName: "App", Name: "pushTAN"}, TANManual},
	}
	for _, tt := range tests {
		if got := tanKind(tt.m); got != tt.want {
			t.Errorf("tanKind(%+v) = %v, want %v", tt.m, got, tt.want)
		}
	}
}

func TestDefaultMethodOrder(t *testing.T) {
	ms := []TANMethod{
		{Code: "910", Kind: TANChipManual}, {Code: "911", Kind: TANFlicker}, {Code: "942", Kind: TANManual},
		{Code: "902", Kind: TANImage}, {Code: "946", Kind: TANDecoupled},
	}
	tests := []struct {
		allowed []string
		want    string
	}{
		{nil, "946"},
		{[]string{"910", "911"}, "911"},
		{[]string{"910"}, "910"},
		{[]string{"942", "902"}, "902"},
	}
	for _, tt := range tests {
		if m, ok := defaultMethod(ms, tt.allowed); !ok || m.Code != tt.want {
			t.Errorf("defaultMethod(%v) = %s, want %s", tt.allowed, m.Code, tt.want)
		}
	}
	if _, ok := defaultMethod(ms, []string{"999"}); ok {
		t.Error("no method expected when only 999 is allowed")
	}
}

func TestChallengeFromHITAN(t *testing.T) {
	r := corpusResponse(t, "volksbank-stuttgart_libfintx_test_parse_segments_hitan_1_response_full.bin")
	hitan := r.Find("HITAN")
	ch := challengeFrom(hitan, TANMethod{Code: "942", Kind: TANManual}, "Login", "")
	if ch.Operation != "Login" || ch.Method.Code != "942" {
		t.Errorf("challenge = %+v", ch)
	}
	if hitan.Str(4) != "eBYcsEe0unsBAAAXXkX5hG+owAQA" {
		t.Errorf("reference = %q", hitan.Str(4))
	}
	filler := wire.NewSegment("HITAN", 6, wire.S("4"), nil, wire.S("noref"), wire.S("nochallenge"))
	if ch := challengeFrom(filler, TANMethod{}, "Login", ""); ch.Text != "" {
		t.Errorf("filler text = %q, want empty", ch.Text)
	}
	exp := wire.NewSegment("HITAN", 7, wire.S("4"), nil, wire.S("REF"), wire.S("<b>Bitte</b> TAN eingeben"), nil, wire.S("20250115", "102501"))
	ch = challengeFrom(exp, TANMethod{}, "Transfer", "")
	if ch.Text != "Bitte TAN eingeben" || ch.ExpiresAt.Format("2006-01-02T15:04:05-07:00") != "2025-01-15T10:25:01+01:00" {
		t.Errorf("challenge text %q expires %v", ch.Text, ch.ExpiresAt)
	}
}

func TestParseHITAB(t *testing.T) {
	s := wire.NewSegment("HITAB", 4, wire.S("0"),
		wire.S("A", "1", "", "", "", "", "", "", "", "", "", "", "pushtan", "", "", "", "", "", "", "", "", "", "", ""),
		wire.S("M", "2", "", "", "", "", "", "", "", "", "", "", "SomePhone1", "+49***123"))
	got := parseHITAB(s)
	if len(got) != 2 || got[0].Name != "pushtan" || got[1].Name != "SomePhone1" || got[1].Phone != "+49***123" || got[1].Status != "2" {
		t.Errorf("media = %+v", got)
	}
}
