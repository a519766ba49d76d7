package pain

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"saldo/fints/money"
)

// Document is a parsed pain.001 credit transfer initiation.
type Document struct {
	Namespace       string
	Version         Version // from the namespace, e.g. "pain.001.001.09"
	MsgID           string
	Created         string // CreDtTm as sent
	NbOfTxs         int
	CtrlSum         *money.Amount // nil when absent
	InitiatingParty string
	Payments        []Payment
}

// Payment is one PmtInf block.
type Payment struct {
	ID              string
	Method          string        // TRF
	BatchBooking    string        // "true", "false" or ""
	NbOfTxs         int           // 0 when absent
	CtrlSum         *money.Amount // nil when absent
	ServiceLevel    string        // SEPA
	LocalInstrument string        // INST for instant payments
	ExecutionDate   time.Time     // midnight UTC of ReqdExctnDt
	DebtorName      string
	DebtorIBAN      string
	DebtorBIC       string
	UltimateDebtor  string
	ChargeBearer    string
	Transactions    []Transaction
}

// Transaction is one CdtTrfTxInf.
type Transaction struct {
	InstrID          string
	EndToEndID       string
	Amount           money.Amount
	Currency         string
	CreditorBIC      string
	CreditorName     string
	CreditorIBAN     string
	UltimateCreditor string
	PurposeCode      string
	Purpose          string // Ustrd, several joined with a space
	CreditorRef      string // structured creditor reference (Strd/CdtrRefInf/Ref)
}

type xDoc struct {
	XMLName xml.Name
	Init    *xInit `xml:"CstmrCdtTrfInitn"`
}

type xInit struct {
	MsgID    string    `xml:"GrpHdr>MsgId"`
	CreDtTm  string    `xml:"GrpHdr>CreDtTm"`
	NbOfTxs  string    `xml:"GrpHdr>NbOfTxs"`
	CtrlSum  string    `xml:"GrpHdr>CtrlSum"`
	InitgPty string    `xml:"GrpHdr>InitgPty>Nm"`
	PmtInf   []xPmtInf `xml:"PmtInf"`
}

type xAgent struct {
	BIC   string `xml:"FinInstnId>BIC"`
	BICFI string `xml:"FinInstnId>BICFI"`
}

func (a xAgent) bic() string {
	if a.BICFI != "" {
		return strings.TrimSpace(a.BICFI)
	}
	return strings.TrimSpace(a.BIC)
}

type xDate struct {
	Dt   string `xml:"Dt"`
	DtTm string `xml:"DtTm"`
	Text string `xml:",chardata"`
}

type xPmtInf struct {
	PmtInfID  string `xml:"PmtInfId"`
	PmtMtd    string `xml:"PmtMtd"`
	BtchBookg string `xml:"BtchBookg"`
	NbOfTxs   string `xml:"NbOfTxs"`
	CtrlSum   string `xml:"CtrlSum"`
	SvcLvl    string `xml:"PmtTpInf>SvcLvl>Cd"`
	LclInstrm string `xml:"PmtTpInf>LclInstrm>Cd"`
	Exec      xDate  `xml:"ReqdExctnDt"`
	DbtrNm    string `xml:"Dbtr>Nm"`
	DbtrIBAN  string `xml:"DbtrAcct>Id>IBAN"`
	DbtrAgt   xAgent `xml:"DbtrAgt"`
	UltmtDbtr string `xml:"UltmtDbtr>Nm"`
	ChrgBr    string `xml:"ChrgBr"`
	Tx        []xTx  `xml:"CdtTrfTxInf"`
}

type xTx struct {
	InstrID    string   `xml:"PmtId>InstrId"`
	EndToEndID string   `xml:"PmtId>EndToEndId"`
	Amt        xAmt     `xml:"Amt>InstdAmt"`
	CdtrAgt    xAgent   `xml:"CdtrAgt"`
	CdtrNm     string   `xml:"Cdtr>Nm"`
	CdtrIBAN   string   `xml:"CdtrAcct>Id>IBAN"`
	UltmtCdtr  string   `xml:"UltmtCdtr>Nm"`
	PurpCd     string   `xml:"Purp>Cd"`
	Ustrd      []string `xml:"RmtInf>Ustrd"`
	CdtrRef    string   `xml:"RmtInf>Strd>CdtrRefInf>Ref"`
}

type xAmt struct {
	Ccy   string `xml:"Ccy,attr"`
	Value string `xml:",chardata"`
}

// ErrNotPain is wrapped when the data is not a pain.001 document.
var ErrNotPain = errors.New("not a pain.001 credit transfer document")

// Parse reads a pain.001 document (any 001.00x version) and checks its
// internal consistency: a known namespace, at least one payment block with
// at least one transaction, parseable amounts, and NbOfTxs/CtrlSum matching
// the transactions in the group header and in every block that states them.
// Business rules for a single transfer are in CheckSingle.
func Parse(data []byte) (*Document, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		if l := strings.ToLower(label); l == "utf-8" || l == "utf8" {
			return r, nil
		}
		return nil, fmt.Errorf("pain.001 must be UTF-8, the document declares %q", label)
	}
	var x xDoc
	if err := dec.Decode(&x); err != nil {
		return nil, fmt.Errorf("pain.001: malformed XML: %w", err)
	}
	if x.XMLName.Local != "Document" || x.Init == nil {
		return nil, fmt.Errorf("%w: root element <%s> has no CstmrCdtTrfInitn", ErrNotPain, x.XMLName.Local)
	}
	d := &Document{Namespace: x.XMLName.Space}
	v, err := VersionFromDescriptor(d.Namespace)
	if err != nil || !strings.HasPrefix(string(v), "pain.001.") || d.Namespace != Descriptor(v) {
		return nil, fmt.Errorf("%w: namespace %q is not a pain.001 URN", ErrNotPain, d.Namespace)
	}
	d.Version = v
	in := x.Init
	d.MsgID = strings.TrimSpace(in.MsgID)
	d.Created = strings.TrimSpace(in.CreDtTm)
	d.InitiatingParty = strings.TrimSpace(in.InitgPty)
	if d.MsgID == "" {
		return nil, errors.New("pain.001: GrpHdr/MsgId is missing")
	}
	if d.NbOfTxs, err = parseCount(in.NbOfTxs, "GrpHdr/NbOfTxs", true); err != nil {
		return nil, err
	}
	if d.CtrlSum, err = parseSum(in.CtrlSum, "GrpHdr/CtrlSum"); err != nil {
		return nil, err
	}
	if len(in.PmtInf) == 0 {
		return nil, errors.New("pain.001: no PmtInf block")
	}
	total, sum := 0, money.Zero
	for i, xp := range in.PmtInf {
		p, err := convertPayment(xp, i+1)
		if err != nil {
			return nil, err
		}
		for _, tx := range p.Transactions {
			sum = sum.Add(tx.Amount)
		}
		total += len(p.Transactions)
		d.Payments = append(d.Payments, p)
	}
	if d.NbOfTxs != total {
		return nil, fmt.Errorf("pain.001: GrpHdr/NbOfTxs says %d but the document has %d transactions", d.NbOfTxs, total)
	}
	if d.CtrlSum != nil && d.CtrlSum.Cmp(sum) != 0 {
		return nil, fmt.Errorf("pain.001: GrpHdr/CtrlSum says %s but the amounts add up to %s", d.CtrlSum, sum)
	}
	return d, nil
}

func convertPayment(xp xPmtInf, n int) (Payment, error) {
	where := fmt.Sprintf("PmtInf %d", n)
	p := Payment{
		ID: strings.TrimSpace(xp.PmtInfID), Method: strings.TrimSpace(xp.PmtMtd),
		BatchBooking: strings.TrimSpace(xp.BtchBookg), ServiceLevel: strings.TrimSpace(xp.SvcLvl),
		LocalInstrument: strings.TrimSpace(xp.LclInstrm), DebtorName: strings.TrimSpace(xp.DbtrNm),
		DebtorIBAN: strings.TrimSpace(xp.DbtrIBAN), DebtorBIC: xp.DbtrAgt.bic(),
		UltimateDebtor: strings.TrimSpace(xp.UltmtDbtr), ChargeBearer: strings.TrimSpace(xp.ChrgBr),
	}
	var err error
	if p.NbOfTxs, err = parseCount(xp.NbOfTxs, where+"/NbOfTxs", false); err != nil {
		return p, err
	}
	if p.CtrlSum, err = parseSum(xp.CtrlSum, where+"/CtrlSum"); err != nil {
		return p, err
	}
	date := strings.TrimSpace(xp.Exec.Dt)
	if date == "" {
		date = strings.TrimSpace(xp.Exec.DtTm)
	}
	if date == "" {
		date = strings.TrimSpace(xp.Exec.Text) // pain.001.001.03: plain date
	}
	if len(date) > 10 {
		date = date[:10]
	}
	if p.ExecutionDate, err = time.Parse("2006-01-02", date); err != nil {
		return p, fmt.Errorf("pain.001: %s/ReqdExctnDt %q: want YYYY-MM-DD", where, date)
	}
	if len(xp.Tx) == 0 {
		return p, fmt.Errorf("pain.001: %s has no CdtTrfTxInf", where)
	}
	sum := money.Zero
	for i, xt := range xp.Tx {
		amt, err := money.Parse(strings.TrimSpace(xt.Amt.Value))
		if err != nil || strings.Contains(xt.Amt.Value, ",") {
			return p, fmt.Errorf("pain.001: %s transaction %d: InstdAmt %q is not a decimal amount with '.'", where, i+1, xt.Amt.Value)
		}
		var purpose []string
		for _, u := range xt.Ustrd {
			if u = strings.TrimSpace(u); u != "" {
				purpose = append(purpose, u)
			}
		}
		p.Transactions = append(p.Transactions, Transaction{
			InstrID: strings.TrimSpace(xt.InstrID), EndToEndID: strings.TrimSpace(xt.EndToEndID),
			Amount: amt, Currency: strings.TrimSpace(xt.Amt.Ccy), CreditorBIC: xt.CdtrAgt.bic(),
			CreditorName: strings.TrimSpace(xt.CdtrNm), CreditorIBAN: strings.TrimSpace(xt.CdtrIBAN),
			UltimateCreditor: strings.TrimSpace(xt.UltmtCdtr), PurposeCode: strings.TrimSpace(xt.PurpCd),
			Purpose: strings.Join(purpose, " "), CreditorRef: strings.TrimSpace(xt.CdtrRef),
		})
		sum = sum.Add(amt)
	}
	if xp.NbOfTxs != "" && p.NbOfTxs != len(p.Transactions) {
		return p, fmt.Errorf("pain.001: %s/NbOfTxs says %d but the block has %d transactions", where, p.NbOfTxs, len(p.Transactions))
	}
	if p.CtrlSum != nil && p.CtrlSum.Cmp(sum) != 0 {
		return p, fmt.Errorf("pain.001: %s/CtrlSum says %s but its amounts add up to %s", where, p.CtrlSum, sum)
	}
	return p, nil
}

func parseCount(s, where string, required bool) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			return 0, fmt.Errorf("pain.001: %s is missing", where)
		}
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("pain.001: %s %q is not a count", where, s)
	}
	return n, nil
}

func parseSum(s, where string) (*money.Amount, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	a, err := money.Parse(s)
	if err != nil || strings.Contains(s, ",") {
		return nil, fmt.Errorf("pain.001: %s %q is not a decimal amount with '.'", where, s)
	}
	return &a, nil
}
