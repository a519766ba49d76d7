package bpd

import (
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"saldo/fints/wire"
)

const corpusDir = "../../testdata/corpus/fints-messages/"

// answer decodes a corpus file and returns its flat segment list.
func answer(t testing.TB, name string) []*wire.Segment {
	t.Helper()
	b, err := os.ReadFile(corpusDir + name)
	if err != nil {
		t.Fatal(err)
	}
	m, err := wire.Decode(b)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m.Flat()
}

func mustParse(t testing.TB, name string) *BPD {
	t.Helper()
	b, err := Parse(answer(t, name))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(b.Problems) > 0 {
		t.Errorf("%s: problems %v", name, b.Problems)
	}
	return b
}

func mustParseUPD(t testing.TB, name string) *UPD {
	t.Helper()
	u, err := ParseUPD(answer(t, name))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(u.Problems) > 0 {
		t.Errorf("%s: problems %v", name, u.Problems)
	}
	return u
}

func codes(ms []TANMethod) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Function
	}
	return out
}

func TestBankInfoFromCorpus(t *testing.T) {
	tests := []struct {
		file, name, code, url string
		version               int
		hbci                  []int
		maxKB                 int
	}{
		{"dkb_anonymous_init_response_full.bin", "Deutsche Kreditbank Aktiengesellschaft", "PRIVATE_", "https://banking-dkb.s-fints-pt-dkb.de/fints30", 3, []int{300}, 0},
		{"consorsbank_anonymous_init_response_full.bin", "Consors", "PRIVATE_", "https://brokerage-hbci.consorsbank.de/hbci", 1, []int{201, 210, 220, 300, 400}, 100},
		{"atruvia_anonymous_init_response_full.bin", "PRIVATE_______________", "11223344", "https://fints2.atruvia.de/cgi-bin/hbciservlet", 936, []int{300}, 1000},
		{"ksk-miesbach_anonymous_init_response_full.bin", "Kreissparkasse Miesbach-Tegernsee", "71152570", "https://banking-by2.s-fints-pt-by.de/fints30", 6, []int{300}, 0},
		{"volksbank-franken_bpd_response_full.bin", "Volksbank Franken eG", "67461424", "https://hbci11.fiducia.de/cgi-bin/hbciservlet", 30, []int{300}, 250},
		{"sparkasse-muldental_bpd_hbci220_response_full.bin", "SPARKASSE MULDENTAL", "86050200", "https://hbci.finanzit.com/cgi/hbcipt.cgi", 19, []int{220}, 0},
		{"ing_sync_response_full.bin", "ING-DiBa", "50010517", "https://fints.ing-diba.de/fints/", 7, []int{220, 300}, 200},
		{"gls_anonymous_init_response_full.bin", "GLS Gemeinschaftsbank eG", "43060967", "https://hbci-pintan.gad.de/cgi-bin/hbciservlet", 10, []int{300}, 500},
		{"postbank_libfintx_testsplitsegments_3_response_full.bin", "Postbank Dortmund", "10010010", "https://hbci.postbank.de/banking/hbci.do", 15, []int{300}, 9999},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			b := mustParse(t, tc.file)
			if b.Name != tc.name || b.Bank.Code != tc.code || b.Bank.Country != "280" || b.Version != tc.version {
				t.Errorf("bank %q %v v%d", b.Name, b.Bank, b.Version)
			}
			if b.URL() != tc.url {
				t.Errorf("URL %q", b.URL())
			}
			if !slices.Equal(b.HBCIVersions, tc.hbci) || b.MaxMessageKB != tc.maxKB {
				t.Errorf("HBCI %v max %d KB", b.HBCIVersions, b.MaxMessageKB)
			}
			if b.PinTan == nil {
				t.Error("no HIPINS")
			}
		})
	}
}

func TestTANMethodsFromCorpus(t *testing.T) {
	t.Run("dkb: v1, v3 and v6 merged", func(t *testing.T) {
		b := mustParse(t, "dkb_anonymous_init_response_full.bin")
		ms := b.TANMethods()
		if got := codes(ms); !slices.Equal(got, []string{"910", "911", "912", "913", "920", "921", "900"}) {
			t.Fatalf("methods %v", got)
		}
		m, _ := b.TANMethod("920")
		if m.Name != "smsTAN" || !slices.Equal(m.Versions, []int{1, 3, 6}) || m.HKTANVersion() != 6 || m.MediumName != 2 || m.TimeDialog != 2 {
			t.Errorf("920 = %+v", m)
		}
		m, _ = b.TANMethod("911")
		if m.DKName != "HHDOPT1" || m.DKVersion != "1.3.2" || m.TechID != "HHD1.3.2OPT" || m.MaxTANLength != 6 || m.Format != 1 || m.Decoupled() {
			t.Errorf("911 = %+v", m)
		}
		if tp, ok := b.TANParamsFor(6); !ok || !tp.OneStepAllowed || tp.MultipleJobs || len(tp.Methods) != 7 {
			t.Errorf("HITANS v6 %+v", tp)
		}
	})
	t.Run("atruvia: decoupled v7 entry", func(t *testing.T) {
		b := mustParse(t, "atruvia_anonymous_init_response_full.bin")
		m, ok := b.TANMethod("946")
		want := TANMethod{Function: "946", Process: "2", TechID: "DECOUPLED", DKName: "Decoupled", Name: "SecureGo plus (Direktfreigabe)",
			ReturnLabel: "TAN", MaxReturnLength: 2048, MultipleTAN: true, TimeDialog: 1, PrincipalAccount: 2, Structured: true,
			InitMode: "00", MaxActiveMedia: 1, MaxPolls: 150, FirstWait: 2 * time.Second, NextWait: 2 * time.Second,
			ManualConfirm: true, AutoPoll: true, Versions: []int{7}}
		if !ok || !reflect.DeepEqual(m, want) {
			t.Errorf("946:\n got %+v\nwant %+v", m, want)
		}
		if !m.Decoupled() || m.HKTANVersion() != 7 {
			t.Error("946 not decoupled v7")
		}
		if got := codes(b.TANMethods()); !slices.Equal(got, []string{"946", "942", "944", "962", "972", "982"}) {
			t.Errorf("methods %v", got)
		}
		if m, _ := b.TANMethod("972"); m.Name != "Smart-TAN plus optisch / USB" || m.HKTANVersion() != 6 {
			t.Errorf("972 = %+v", m)
		}
	})
	t.Run("volksbank franken: v2, v4, v5", func(t *testing.T) {
		b := mustParse(t, "volksbank-franken_bpd_response_full.bin")
		m, _ := b.TANMethod("942")
		if m.TechID != "MTAN2" || m.Name != "mobile TAN" || !slices.Equal(m.Versions, []int{2, 4, 5}) || m.MediumName != 1 || m.PrincipalAccount != 2 {
			t.Errorf("942 = %+v", m)
		}
		if m, _ := b.TANMethod("904"); m.Name != "SmartTAN" || m.MaxReturnLength != 256 || m.Process != "1" {
			t.Errorf("904 (v2 only) = %+v", m)
		}
		if m, _ := b.TANMethod("932"); m.DKName != "HHD" || m.DKVersion != "1.3.1" || !m.Structured {
			t.Errorf("932 (v4) = %+v", m)
		}
	})
	t.Run("consorsbank photoTAN", func(t *testing.T) {
		b := mustParse(t, "consorsbank_anonymous_init_response_full.bin")
		m, _ := b.TANMethod("900")
		if m.Name != "SecurePlus" || m.DKName != "photoTAN" || m.MaxTANLength != 8 || m.MaxReturnLength != 999 || !m.MultipleTAN {
			t.Errorf("900 = %+v", m)
		}
	})
	t.Run("hbci 2.2 sparkasse: v1 only", func(t *testing.T) {
		b := mustParse(t, "sparkasse-muldental_bpd_hbci220_response_full.bin")
		if got := codes(b.TANMethods()); !slices.Equal(got, []string{"996", "997", "995"}) {
			t.Errorf("methods %v", got)
		}
		if m, _ := b.TANMethod("997"); m.Name != "smsTAN-Verfahren" || m.HKTANVersion() != 1 {
			t.Errorf("997 = %+v", m)
		}
	})
	t.Run("postbank BestSign alphanumeric", func(t *testing.T) {
		b := mustParse(t, "postbank_libfintx_testsplitsegments_3_response_full.bin")
		if m, _ := b.TANMethod("920"); m.Name != "BestSign" || m.Format != 2 || m.MediumName != 2 {
			t.Errorf("920 = %+v", m)
		}
	})
}

func TestPinTanAndParamsFromCorpus(t *testing.T) {
	dkb := mustParse(t, "dkb_anonymous_init_response_full.bin")
	pt := dkb.PinTan
	if pt.MinPINLength != 5 || pt.MaxPINLength != 38 || pt.MaxTANLength != 6 || pt.UserIDLabel != "USERID" || pt.CustomerIDLabel != "CUSTID" {
		t.Errorf("HIPINS %+v", pt)
	}
	for job, want := range map[string]bool{"HKCCS": true, "HKKAZ": false, "HKTAN": false, "DKPSA": true} {
		if req, listed := dkb.TANRequired(job); !listed || req != want {
			t.Errorf("TANRequired(%s) = %v, %v", job, req, listed)
		}
	}
	if _, listed := dkb.TANRequired("HKXYZ"); listed {
		t.Error("unknown job listed")
	}
	if v := dkb.Highest("HKKAZ"); v != 5 {
		t.Errorf("Highest(HKKAZ) = %d", v)
	}
	if v := dkb.Highest("HKSAL", 5, 6, 7); v != 5 {
		t.Errorf("Highest(HKSAL, ours) = %d", v)
	}
	if v := dkb.Highest("HKKAZ", 7); v != 0 {
		t.Errorf("Highest with no common version = %d", v)
	}
	if p, ok := dkb.Latest("HKSAL"); !ok || p.ID != "HISALS" || p.Version != 5 || p.MaxJobs != 1 || p.MinSignatures != 1 {
		t.Errorf("Latest(HKSAL) = %+v", p)
	}
	if p, ok := dkb.Latest("HKTAB"); !ok || p.Version != 4 || !p.HasSecurityClass {
		t.Errorf("Latest(HKTAB) = %+v", p)
	}
	if kaz, _ := dkb.MT940(); kaz != (StatementParams{Version: 5, Days: 360, MaxEntriesAllowed: true}) {
		t.Errorf("MT940 %+v", kaz)
	}
	if camt, ok := dkb.Camt(); !ok || camt.Days != 450 || !slices.Equal(camt.Formats, []string{"urn:iso:std:iso:20022:tech:xsd:camt.052.001.02"}) {
		t.Errorf("camt %+v", camt)
	}
	sepa, _ := dkb.SEPA()
	if sepa.Version != 2 || !sepa.SingleAccount || !slices.Contains(sepa.Formats, "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03") {
		t.Errorf("SEPA %+v", sepa)
	}
	if pf := dkb.PainFormats(); len(pf) == 0 || slices.ContainsFunc(pf, func(f string) bool { return !strings.Contains(f, "pain.001") }) {
		t.Errorf("pain formats %v", pf)
	}

	atr := mustParse(t, "atruvia_anonymous_init_response_full.bin")
	vop, ok := atr.VoP()
	if !ok || vop.MaxOptIn != 999 || vop.ReportDelivery != "V" || !vop.Requires("HKCCS") || !vop.Requires("HKIPZ") || vop.Requires("HKSAL") ||
		!slices.Equal(vop.Formats, []string{"urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"}) {
		t.Errorf("VoP %+v", vop)
	}
	if cse, _ := atr.Scheduled(); cse != (ScheduledParams{Version: 1, MinLeadDays: 1, MaxLeadDays: 400}) {
		t.Errorf("HICSES %+v", cse)
	}
	if ipz, _ := atr.Instant(); len(ipz.Formats) != 3 || ipz.Formats[2] != "sepade:xsd:pain.001.001.09_GBIC_4.xsd" {
		t.Errorf("HIIPZS %+v", ipz)
	}
	if !atr.Security.Mixed || len(atr.Security.Methods) != 2 || !slices.Equal(atr.Security.Methods[1].Versions, []int{7, 9, 10}) {
		t.Errorf("HISHV %+v", atr.Security)
	}
	// Security class per the empirical rule.
	for _, tc := range []struct {
		job     string
		version int
		has     bool
		params  string
	}{
		{"HKKAZ", 4, false, "390"}, {"HKKAZ", 5, false, "390"}, {"HKKAZ", 7, true, "390"}, {"HKSAL", 7, true, ""}, {"HKTAN", 7, true, "N"},
	} {
		p, ok := atr.Param(tc.job, tc.version)
		if !ok || p.HasSecurityClass != tc.has || p.Params.Str(1) != tc.params || p.MaxJobs != 1 {
			t.Errorf("%s v%d: %+v", tc.job, tc.version, p)
		}
	}
	cons := mustParse(t, "consorsbank_anonymous_init_response_full.bin")
	if p, _ := cons.Param("HISALS", 3); p.HasSecurityClass || p.Params != nil {
		t.Errorf("HISALS v3 %+v", p)
	}
	if req, listed := cons.TANRequired("XKADA"); !listed || req {
		t.Error("private job XKADA not in HIPINS table")
	}
}

func TestUPDFromCorpus(t *testing.T) {
	ing := mustParseUPD(t, "ing_init_response_full.bin")
	if ing.UserID != "test@user" || ing.Usage != 0 || len(ing.Accounts) != 2 {
		t.Fatalf("ING UPD %+v", ing)
	}
	giro := ing.Accounts[0]
	if giro.IBAN != "DE63500105171234567890" || giro.CustomerID != "1234567890" || giro.Currency != "EUR" ||
		giro.Owner1 != "NUTZER, NAME" || giro.Product != "Girokonto" || giro.Bank.Code != "50010517" || len(giro.Jobs) != 19 {
		t.Errorf("ING Girokonto %+v", giro)
	}
	if !ing.Allows(giro, "HKCCS") || ing.Allows(giro, "HKIPZ") {
		t.Error("allowed jobs")
	}
	if a, ok := ing.AccountByIBAN("de63 5001 0517 1234 5678 90"); !ok || a.Product != "Girokonto" {
		t.Error("AccountByIBAN")
	}

	pb := mustParseUPD(t, "postbank_init_response_inner.bin")
	if pb.Version != 83 || pb.UserName != "PRIVATE_________" || len(pb.Accounts) != 2 {
		t.Fatalf("Postbank UPD %+v", pb)
	}
	if a := pb.Accounts[0]; a.IBAN != "DE18200100200PRIVATE__" || a.Product != "PB Business Giro" || a.Type != 1 || !a.HasAccount() {
		t.Errorf("Postbank account %+v", a)
	}
	if a := pb.Accounts[1]; a.HasAccount() || !a.Allows("HKTAN") {
		t.Errorf("Postbank non-account entry %+v", a)
	}

	atr := mustParseUPD(t, "atruvia_init_response_inner.bin")
	a := atr.Accounts[0]
	if atr.Version != 584 || a.IBAN != "DE00112233440000000000" || a.Product != "Kontokorrent" || len(a.Jobs) != 39 || a.Jobs[38].Job != "GKVPD" {
		t.Errorf("Atruvia UPD v%d %+v", atr.Version, a)
	}
	if a.Extension != `{"umsltzt":"2025-10-10-10.32.13.000636"}` {
		t.Errorf("extension %q", a.Extension)
	}

	anon := mustParseUPD(t, "anonymized_multiple_degs_response_full.bin")
	if len(anon.Accounts) != 6 {
		t.Fatalf("%d accounts", len(anon.Accounts))
	}
	wantJobs := []int{20, 49, 51, 20, 20, 51}
	for i, a := range anon.Accounts {
		if len(a.Jobs) != wantJobs[i] || !json.Valid([]byte(a.Extension)) {
			t.Errorf("account %d: %d jobs, extension %q", i, len(a.Jobs), a.Extension)
		}
	}
	if anon.Accounts[0].Type != 10 || anon.Accounts[1].Type != 1 {
		t.Error("account types")
	}

	cons := mustParseUPD(t, "consorsbank_login_tan_response_full.bin")
	if len(cons.Accounts) != 4 || cons.Accounts[3].Product != "Depot" || cons.Accounts[3].IBAN != "" || cons.Accounts[2].IBAN != "DE52PRIVATE_0987654321" {
		t.Errorf("Consors accounts %+v", cons.Accounts)
	}
}

func TestMissingParameters(t *testing.T) {
	segs := answer(t, "fiducia-testbank_hitab_response_full.bin")
	if _, err := Parse(segs); !errors.Is(err, ErrNoBPD) {
		t.Errorf("Parse: %v", err)
	}
	if _, err := ParseUPD(segs); !errors.Is(err, ErrNoUPD) {
		t.Errorf("ParseUPD: %v", err)
	}
}

// The BPD/UPD of every init answer survive the state blob.
func TestStateRoundTripCorpus(t *testing.T) {
	files := []string{"dkb_anonymous_init_response_full.bin", "consorsbank_login_tan_response_full.bin", "atruvia_anonymous_init_response_full.bin",
		"ing_sync_response_full.bin", "ksk-miesbach_anonymous_init_response_full.bin", "volksbank-franken_bpd_response_full.bin",
		"sparkasse-muldental_bpd_hbci220_response_full.bin", "gls_anonymous_init_response_full.bin", "postbank_libfintx_testsplitsegments_3_response_full.bin"}
	for _, f := range files {
		b := mustParse(t, f)
		blob, err := b.MarshalBinary()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		var r BPD
		if err := r.UnmarshalBinary(blob); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if !reflect.DeepEqual(r.BankInfo, b.BankInfo) || !reflect.DeepEqual(r.Comm, b.Comm) || !reflect.DeepEqual(r.Security, b.Security) ||
			!reflect.DeepEqual(r.PinTan, b.PinTan) || !reflect.DeepEqual(r.TAN, b.TAN) || len(r.Params) != len(b.Params) {
			t.Errorf("%s: restored BPD differs", f)
		}
		again, _ := r.MarshalBinary()
		if string(again) != string(blob) {
			t.Errorf("%s: blob not stable", f)
		}
	}
	for _, f := range []string{"ing_init_response_full.bin", "postbank_init_response_inner.bin", "atruvia_init_response_inner.bin", "anonymized_multiple_degs_response_full.bin", "consorsbank_login_tan_response_full.bin"} {
		u := mustParseUPD(t, f)
		blob, err := u.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var r UPD
		if err := r.UnmarshalBinary(blob); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		u.segs, r.segs = nil, nil
		if !reflect.DeepEqual(&r, u) {
			t.Errorf("%s: restored UPD differs:\n%+v\n%+v", f, r, *u)
		}
	}
}

func TestStateErrors(t *testing.T) {
	var b BPD
	for _, tc := range []struct{ blob, want string }{
		{"", "not bpd data"},
		{"saldo-upd 1\nHIUPA:1:4+u+1+0'", "not bpd data"},
		{"saldo-bpd 9\nHIBPA:1:3+1'", "format \"saldo-bpd 9\" is not supported"},
		{"saldo-bpd 1\nHIBPA:1:3+1", "damaged"},
		{"saldo-bpd 1\nHIKOM:1:4+280:1'", "no bank parameters"},
	} {
		err := b.UnmarshalBinary([]byte(tc.blob))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.blob, err, tc.want)
		}
	}
}
