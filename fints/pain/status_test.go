package pain

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseStatusReport(t *testing.T) {
	data, err := os.ReadFile("testdata/vop-close-match.pain.002.001.10.xml")
	if err != nil {
		t.Fatal(err)
	}
	r, err := ParseStatusReport(data)
	if err != nil {
		t.Fatal(err)
	}
	if r.Version != "pain.002.001.10" || r.MsgID != "VOP-20251020-0001" || r.GroupStatus != "RCVC" ||
		r.OrgnlMsgID != "SALDO-M-20251020093000-0A1B2C3D4E" || len(r.Transactions) != 2 {
		t.Fatalf("report: %+v", r)
	}
	close := r.Transactions[0]
	if close.Status != "RVMC" || close.SuggestedName() != "Erika Beispiel-Mustermann" ||
		close.CreditorName != "Erika Beispiel" || close.CreditorIBAN != "DE21123456780000012345" ||
		close.PmtInfID != "SALDO-P-20251020093000-0A1B2C3D4F" {
		t.Fatalf("close match: %+v (suggested %q)", close, close.SuggestedName())
	}
	if m := r.Transactions[1]; m.Status != "RCVC" || m.EndToEndID != "INV-4711" || m.SuggestedName() != "" {
		t.Fatalf("match: %+v", m)
	}
}

func TestStatusReportRoundTrip(t *testing.T) {
	in := StatusReport{
		MsgID: "VOP-1", OrgnlMsgID: "M-1", GroupStatus: "RVNM",
		Transactions: []TxStatus{
			{PmtInfID: "P-1", EndToEndID: "NOTPROVIDED", Status: "RVNM", Reasons: []string{"RVNM"},
				AdditionalInfo: strings.Repeat("Sehr langer Name & Co ", 8), CreditorName: "A & B", CreditorIBAN: "DE21123456780000012345"},
			{PmtInfID: "P-2", EndToEndID: "E2", Status: "RCVC"},
		},
	}
	in.Transactions[0].AdditionalInfo = strings.TrimSpace(in.Transactions[0].AdditionalInfo)
	data, err := MarshalStatusReport(in, time.Date(2025, 10, 20, 9, 30, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(string(data), "<AddtlInf>") < 2 {
		t.Fatalf("long info not split into 105-character lines: %s", data)
	}
	out, err := ParseStatusReport(data)
	if err != nil {
		t.Fatal(err)
	}
	in.Version = "pain.002.001.10"
	if !reflect.DeepEqual(*out, in) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", *out, in)
	}
	if _, err := MarshalStatusReport(StatusReport{}, time.Now()); err == nil {
		t.Fatal("empty MsgId accepted")
	}
}

func TestParseStatusReportErrors(t *testing.T) {
	for _, doc := range []string{"", "<x", `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn/></Document>`} {
		if _, err := ParseStatusReport([]byte(doc)); err == nil {
			t.Errorf("accepted %q", doc)
		}
	}
}

func FuzzParseStatusReport(f *testing.F) {
	data, err := os.ReadFile("testdata/vop-close-match.pain.002.001.10.xml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ParseStatusReport(data)
		if err != nil || r.MsgID == "" {
			return
		}
		out, err := MarshalStatusReport(*r, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ParseStatusReport(out); err != nil {
			t.Fatalf("own output does not parse: %v", err)
		}
	})
}
