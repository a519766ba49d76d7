package pain

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// Marshal validates t (see Prepare) and returns the pain.001 document for
// version v: UTF-8, no whitespace between elements, ready to travel as a
// FinTS binary (count its bytes for @len@).
func Marshal(v Version, t Transfer) ([]byte, error) {
	if !v.Writable() {
		return nil, fmt.Errorf("pain: cannot write %q, only %s and %s", v, V03, V09)
	}
	p, err := Prepare(t)
	if err != nil {
		return nil, err
	}
	var w xmlWriter
	w.raw(`<?xml version="1.0" encoding="UTF-8"?>`)
	w.raw(`<Document xmlns="` + Descriptor(v) + `">`)
	w.open("CstmrCdtTrfInitn")

	amount := p.Amount.String()
	w.open("GrpHdr")
	w.el("MsgId", p.MsgID)
	w.el("CreDtTm", p.Created.Format("2006-01-02T15:04:05"))
	w.el("NbOfTxs", "1")
	w.el("CtrlSum", amount)
	w.open("InitgPty")
	w.el("Nm", p.DebtorName)
	w.close("InitgPty")
	w.close("GrpHdr")

	w.open("PmtInf")
	w.el("PmtInfId", p.PmtInfID)
	w.el("PmtMtd", "TRF")
	w.el("NbOfTxs", "1")
	w.el("CtrlSum", amount)
	w.open("PmtTpInf")
	w.open("SvcLvl")
	w.el("Cd", "SEPA")
	w.close("SvcLvl")
	if p.Instant {
		w.open("LclInstrm")
		w.el("Cd", "INST")
		w.close("LclInstrm")
	}
	w.close("PmtTpInf")
	if v == V03 {
		w.el("ReqdExctnDt", p.execDate())
	} else {
		w.open("ReqdExctnDt")
		w.el("Dt", p.execDate())
		w.close("ReqdExctnDt")
	}
	w.open("Dbtr")
	w.el("Nm", p.DebtorName)
	w.close("Dbtr")
	w.account("DbtrAcct", p.DebtorIBAN)
	w.open("DbtrAgt")
	w.open("FinInstnId")
	if p.DebtorBIC != "" {
		w.el(bicTag(v), p.DebtorBIC)
	} else {
		w.open("Othr")
		w.el("Id", NotProvided)
		w.close("Othr")
	}
	w.close("FinInstnId")
	w.close("DbtrAgt")
	w.el("ChrgBr", "SLEV")

	w.open("CdtTrfTxInf")
	w.open("PmtId")
	w.el("EndToEndId", p.EndToEndID)
	w.close("PmtId")
	w.open("Amt")
	w.raw(`<InstdAmt Ccy="` + p.Currency + `">` + amount + `</InstdAmt>`)
	w.close("Amt")
	if p.CreditorBIC != "" {
		w.open("CdtrAgt")
		w.open("FinInstnId")
		w.el(bicTag(v), p.CreditorBIC)
		w.close("FinInstnId")
		w.close("CdtrAgt")
	}
	w.open("Cdtr")
	w.el("Nm", p.CreditorName)
	w.close("Cdtr")
	w.account("CdtrAcct", p.CreditorIBAN)
	if p.Purpose != "" {
		w.open("RmtInf")
		w.el("Ustrd", p.Purpose)
		w.close("RmtInf")
	}
	w.close("CdtTrfTxInf")
	w.close("PmtInf")
	w.close("CstmrCdtTrfInitn")
	w.raw("</Document>")
	return []byte(w.String()), nil
}

// Write is Marshal to a writer.
func Write(out io.Writer, v Version, t Transfer) error {
	b, err := Marshal(v, t)
	if err != nil {
		return err
	}
	if _, err := out.Write(b); err != nil {
		return fmt.Errorf("pain: writing document: %w", err)
	}
	return nil
}

func bicTag(v Version) string {
	if v == V03 {
		return "BIC"
	}
	return "BICFI"
}

// xmlWriter builds compact XML; element order is fixed by the caller
// because the schemas demand it.
type xmlWriter struct{ strings.Builder }

func (w *xmlWriter) raw(s string)   { w.WriteString(s) }
func (w *xmlWriter) open(n string)  { w.WriteString("<" + n + ">") }
func (w *xmlWriter) close(n string) { w.WriteString("</" + n + ">") }

func (w *xmlWriter) el(name, text string) {
	w.open(name)
	_ = xml.EscapeText(w, []byte(text)) // strings.Builder never fails
	w.close(name)
}

func (w *xmlWriter) account(tag, iban string) {
	w.open(tag)
	w.open("Id")
	w.el("IBAN", iban)
	w.close("Id")
	w.close(tag)
}
