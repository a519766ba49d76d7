package fints

import (
	"strings"

	"saldo/fints/wire"
)

// judge turns the bank's answer about an order into its Outcome. codes
// are the codes about the order (its job segment, the HKTAN that released
// it, the message); data the segments answering it (HICSE, HIIPZ).
//
//   - 9000 (status indifferent) is Unknown: the bank itself cannot say.
//   - any error code is Rejected, with the most specific code and every
//     error text; 0031 (cancelled) and 3945 (not released without a payee
//     confirmation) are rejections too.
//   - a success code for the order is Executed.
//   - anything else is Unknown: an answer that does not say whether the
//     order was executed must not be read as either.
func judge(p *payment, codes wire.Codes, data []*wire.Segment) Outcome {
	o := Outcome{VoP: p.Result}
	if rc, ok := codes.Find("9000"); ok {
		o.State, o.Code = Unknown, rc.Code
		o.Reason = rc.String() + " – the bank cannot say whether the order was executed; check the account before trying again"
		return o
	}
	if errs := codes.Errors(); len(errs) > 0 {
		main := mainError(errs)
		o.State, o.Code, o.Reason = Rejected, main.Code, reasons(errs)
		return o
	}
	for _, special := range []string{"0031", "3945"} {
		if rc, ok := codes.Find(special); ok && !orderSucceeded(codes) {
			o.State, o.Code, o.Reason = Rejected, rc.Code, rc.String()
			return o
		}
	}
	if !orderSucceeded(codes) {
		o.State = Unknown
		o.Reason = "the bank's answer does not say whether the order was executed (" + reasons(codes) + "); check the account before trying again"
		return o
	}
	o.State = Executed
	o.Reference = orderReference(data, codes)
	if st, ok := instantStatus(data); ok && instantFailed(st) {
		o.State, o.Reason = Rejected, "the instant payment was not executed (status "+st+": "+instantStates[st]+")"
	}
	return o
}

// orderSucceeded reports a success code about the order itself: not the
// message's receipt (HIRMG), not "TAN needed" (0030), "PIN valid" (0901),
// "payee matches" (0025) or "cancelled" (0031).
func orderSucceeded(codes wire.Codes) bool {
	for _, c := range codes {
		if c.Global || c.Class() != wire.Success {
			continue
		}
		switch c.Code {
		case "0030", "0901", "0025", "0031":
			continue
		}
		return true
	}
	return false
}

// mainError picks the code that says most: the first error other than the
// summaries 9050 (message partly faulty) and 9800 (dialog ended).
func mainError(errs wire.Codes) wire.ReturnCode {
	for _, c := range errs {
		if c.Code != "9050" && c.Code != "9800" {
			return c
		}
	}
	return errs[0]
}

// reasons joins the error codes with their texts (all codes when there is
// no error), leaving out the summary codes when there is more to say.
func reasons(codes wire.Codes) string {
	list := codes.Errors()
	if len(list) == 0 {
		list = codes
	}
	var parts []string
	for _, c := range list {
		if len(list) > 1 && (c.Code == "9050" || c.Code == "3060") {
			continue
		}
		s := c.String()
		if !containsStr(parts, s) {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "; ")
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// orderReference returns the bank's order id: HICSE/HIIPZ #2, or the
// reference of code 3070 ("processed under reference …").
func orderReference(data []*wire.Segment, codes wire.Codes) string {
	for _, s := range data {
		if (s.ID == "HICSE" || s.ID == "HIIPZ") && s.Str(2) != "" {
			return s.Str(2)
		}
	}
	if rc, ok := codes.Find("3070"); ok && len(rc.Params) > 0 {
		return rc.Params[0]
	}
	return ""
}

// instantStates are the HIIPZ "Status SEPA-Auftrag" values (§4.6).
var instantStates = map[string]string{
	"1": "scheduled", "2": "rejected by the first agent", "3": "in progress",
	"4": "processed by the payee's bank", "5": "returned", "6": "failed",
	"7": "executed, funds available to the payee", "8": "rejected by the payer's bank",
	"9": "rejected by the payee's bank",
}

func instantStatus(data []*wire.Segment) (string, bool) {
	for _, s := range data {
		if s.ID == "HIIPZ" && s.Str(4) != "" {
			return s.Str(4), true
		}
	}
	return "", false
}

func instantFailed(st string) bool {
	switch st {
	case "2", "5", "6", "8", "9":
		return true
	}
	return false
}
