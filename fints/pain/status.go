package pain

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
	"time"
)

// StatusReport is the part of a pain.002 payment status report that
// Verification of Payee needs (HIVPP #6). In VoP reports TxSts carries the
// match result (RCVC match, RVMC close match, RVNM no match, RVNA not
// possible, PDNG pending) and, for close matches, StsRsnInf/AddtlInf the
// name the payee's bank holds.
type StatusReport struct {
	Version      string // e.g. "pain.002.001.10"
	MsgID        string
	OrgnlMsgID   string
	GroupStatus  string
	Transactions []TxStatus
}

// TxStatus is one TxInfAndSts.
type TxStatus struct {
	PmtInfID       string // of the enclosing OrgnlPmtInfAndSts
	EndToEndID     string // OrgnlEndToEndId
	Status         string // TxSts
	Reasons        []string
	AdditionalInfo string // AddtlInf lines joined (they are split at 105 characters)
	CreditorName   string // OrgnlTxRef/Cdtr: the name the payer gave
	CreditorIBAN   string // OrgnlTxRef/CdtrAcct
}

// SuggestedName returns the payee name reported for a close match, without
// the quotation marks some banks wrap around it.
func (t TxStatus) SuggestedName() string {
	return strings.Trim(strings.TrimSpace(t.AdditionalInfo), "\"“”„'")
}

type x002 struct {
	XMLName xml.Name
	Rpt     *struct {
		MsgID string `xml:"GrpHdr>MsgId"`
		Grp   struct {
			OrgnlMsgID string `xml:"OrgnlMsgId"`
			GrpSts     string `xml:"GrpSts"`
		} `xml:"OrgnlGrpInfAndSts"`
		Pmt []struct {
			PmtInfID string `xml:"OrgnlPmtInfId"`
			Tx       []struct {
				E2E string `xml:"OrgnlEndToEndId"`
				Sts string `xml:"TxSts"`
				Rsn []struct {
					Cd       string   `xml:"Rsn>Cd"`
					Prtry    string   `xml:"Rsn>Prtry"`
					AddtlInf []string `xml:"AddtlInf"`
				} `xml:"StsRsnInf"`
				CdtrNm    string `xml:"OrgnlTxRef>Cdtr>Pty>Nm"`
				CdtrNmOld string `xml:"OrgnlTxRef>Cdtr>Nm"`
				CdtrIBAN  string `xml:"OrgnlTxRef>CdtrAcct>Id>IBAN"`
			} `xml:"TxInfAndSts"`
		} `xml:"OrgnlPmtInfAndSts"`
	} `xml:"CstmrPmtStsRpt"`
}

// ParseStatusReport reads a pain.002 document.
func ParseStatusReport(data []byte) (*StatusReport, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var x x002
	if err := xml.Unmarshal(data, &x); err != nil {
		return nil, fmt.Errorf("pain.002: malformed XML: %w", err)
	}
	if x.Rpt == nil {
		return nil, fmt.Errorf("pain.002: root <%s> has no CstmrPmtStsRpt; not a payment status report", x.XMLName.Local)
	}
	r := &StatusReport{
		MsgID: strings.TrimSpace(x.Rpt.MsgID), OrgnlMsgID: strings.TrimSpace(x.Rpt.Grp.OrgnlMsgID),
		GroupStatus: strings.TrimSpace(x.Rpt.Grp.GrpSts),
	}
	if v, err := VersionFromDescriptor(x.XMLName.Space); err == nil {
		r.Version = string(v)
	}
	for _, p := range x.Rpt.Pmt {
		for _, t := range p.Tx {
			ts := TxStatus{
				PmtInfID: strings.TrimSpace(p.PmtInfID), EndToEndID: strings.TrimSpace(t.E2E),
				Status: strings.TrimSpace(t.Sts), CreditorName: strings.TrimSpace(t.CdtrNm + t.CdtrNmOld),
				CreditorIBAN: strings.TrimSpace(t.CdtrIBAN),
			}
			var info strings.Builder
			for _, r := range t.Rsn {
				if c := strings.TrimSpace(r.Cd + r.Prtry); c != "" {
					ts.Reasons = append(ts.Reasons, c)
				}
				for _, l := range r.AddtlInf {
					info.WriteString(l)
				}
			}
			ts.AdditionalInfo = strings.TrimSpace(info.String())
			r.Transactions = append(r.Transactions, ts)
		}
	}
	return r, nil
}

// MarshalStatusReport writes r as pain.002.001.10, the version VoP uses; the
// demo bank serves it in HIVPP. AdditionalInfo is split into the 105
// character AddtlInf lines the schema allows.
func MarshalStatusReport(r StatusReport, created time.Time) ([]byte, error) {
	if r.MsgID == "" {
		return nil, errors.New("pain.002: MsgId is required")
	}
	var w xmlWriter
	w.raw(`<?xml version="1.0" encoding="UTF-8"?>`)
	w.raw(`<Document xmlns="` + urnPrefix + `pain.002.001.10">`)
	w.open("CstmrPmtStsRpt")
	w.open("GrpHdr")
	w.el("MsgId", r.MsgID)
	w.el("CreDtTm", created.Format("2006-01-02T15:04:05"))
	w.close("GrpHdr")
	w.open("OrgnlGrpInfAndSts")
	w.el("OrgnlMsgId", r.OrgnlMsgID)
	w.el("OrgnlMsgNmId", "pain.001")
	if r.GroupStatus != "" {
		w.el("GrpSts", r.GroupStatus)
	}
	w.close("OrgnlGrpInfAndSts")
	// Transactions are grouped by their payment information block in order.
	for i := 0; i < len(r.Transactions); {
		pmt := r.Transactions[i].PmtInfID
		w.open("OrgnlPmtInfAndSts")
		w.el("OrgnlPmtInfId", pmt)
		for ; i < len(r.Transactions) && r.Transactions[i].PmtInfID == pmt; i++ {
			writeTxStatus(&w, r.Transactions[i])
		}
		w.close("OrgnlPmtInfAndSts")
	}
	w.close("CstmrPmtStsRpt")
	w.raw("</Document>")
	return []byte(w.String()), nil
}

func writeTxStatus(w *xmlWriter, t TxStatus) {
	w.open("TxInfAndSts")
	w.el("OrgnlEndToEndId", t.EndToEndID)
	w.el("TxSts", t.Status)
	if len(t.Reasons) > 0 || t.AdditionalInfo != "" {
		w.open("StsRsnInf")
		if len(t.Reasons) > 0 {
			w.open("Rsn")
			w.el("Cd", t.Reasons[0])
			w.close("Rsn")
		}
		for rs := []rune(t.AdditionalInfo); len(rs) > 0; {
			n := min(len(rs), 105)
			w.el("AddtlInf", string(rs[:n]))
			rs = rs[n:]
		}
		w.close("StsRsnInf")
	}
	if t.CreditorName != "" || t.CreditorIBAN != "" {
		w.open("OrgnlTxRef")
		if t.CreditorName != "" {
			w.open("Cdtr")
			w.open("Pty")
			w.el("Nm", t.CreditorName)
			w.close("Pty")
			w.close("Cdtr")
		}
		if t.CreditorIBAN != "" {
			w.account("CdtrAcct", t.CreditorIBAN)
		}
		w.close("OrgnlTxRef")
	}
	w.close("TxInfAndSts")
}
