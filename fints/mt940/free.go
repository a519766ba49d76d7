package mt940

import (
	"strings"

	"saldo/fints/statement"
)

// applyFree handles a :86: that is not DK-structured. The whole text,
// whitespace-normalised, becomes the purpose so nothing is lost; the
// counterparty is taken from it only where the layout says so plainly.
func applyFree(b *statement.Booking, t string) {
	t = strings.TrimSpace(t)
	if len(t) >= 3 && t[:3] == "999" && (len(t) == 3 || !isDigit(t[3])) {
		// GVC 999: unstructured text follows the code.
		b.GVC = "999"
		t = strings.TrimSpace(t[3:])
	}
	b.Purpose = normSpace(t)
	if t == "" {
		return
	}
	if t[0] == '/' && nlKeyAt(t, 0) != "" {
		applyNL(b, t)
		return
	}
	if i := strings.Index(t, "REK: "); i >= 0 {
		// Knab: "REK: NL26ABNA0999999999/NAAM: BEDRIJF VOF"
		acct := t[i+5:]
		if j := strings.IndexAny(acct, "/ "); j >= 0 {
			acct = acct[:j]
		}
		setAccount(b, acct)
		if j := strings.Index(t[i:], "/NAAM: "); j >= 0 && b.CounterpartyName == "" {
			b.CounterpartyName = normSpace(t[i+j+7:])
		}
		return
	}
	if rest, ok := strings.CutPrefix(t, "GIRO "); ok {
		// ABN AMRO: "GIRO   428428 KPN - DIGITENNE …"
		rest = strings.TrimLeft(rest, " ")
		if n := digitRun(rest); n > 0 && (n == len(rest) || rest[n] == ' ') {
			setAccount(b, rest[:n])
		}
		return
	}
	// A leading IBAN or account number (ING, SNS, ASN, ABN), maybe
	// followed by a BIC: "NL57ABNA0987654321 ABNANL2A J AAP …".
	tok, rest, _ := strings.Cut(t, " ")
	switch {
	case validIBAN(tok):
		setAccount(b, tok)
		if bic, _, _ := strings.Cut(strings.TrimLeft(rest, " "), " "); isBIC(bic) && b.CounterpartyBIC == "" {
			b.CounterpartyBIC = bic
		}
	case strings.Trim(tok, "0123456789.") == "" && countDigits(tok) >= 7:
		setAccount(b, strings.ReplaceAll(tok, ".", ""))
	}
}

func setAccount(b *statement.Booking, acct string) {
	if acct != "" && b.CounterpartyIBAN == "" {
		b.CounterpartyIBAN = acct
	}
}

func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			n++
		}
	}
	return n
}

// isBIC reports the shape of a BIC: 4 letters bank, 2 letters country,
// 2 alphanumerics location, optional 3 alphanumerics branch.
func isBIC(s string) bool {
	if len(s) != 8 && len(s) != 11 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if i < 6 && !isUpper(c) || !isUpper(c) && !isDigit(c) {
			return false
		}
	}
	return true
}

// nlKeys are the field codes of the Dutch/SWIFT "/CODE/value" structure.
var nlKeys = [...]string{
	"TRTP", "IBAN", "BIC", "NAME", "REMI", "EREF", "MARF", "CSID", "ORDP", "BENM",
	"ADDR", "ISDT", "CNTP", "PREF", "RTRN", "SVCL", "ULTC", "ULTD", "ULTB", "PURP",
	"OCMT", "CHGS", "EXCH", "OSDR", "ACCW", "INST", "CDTRREFTP", "CDTRREF", "CD", "SUM",
}

// nlKeyAt returns the code of a "/CODE/" at t[i], or "".
func nlKeyAt(t string, i int) string {
	if i+1 >= len(t) || t[i] != '/' || !isUpper(t[i+1]) {
		return ""
	}
	for _, k := range nlKeys {
		if e := i + 1 + len(k); e < len(t) && t[e] == '/' && t[i+1:e] == k {
			return k
		}
	}
	return ""
}

// applyNL reads "/TRTP/SEPA OVERBOEKING/IBAN/NL…/BIC/…/NAME/…/REMI/…".
// Values may contain '/', so only known codes split the text.
func applyNL(b *statement.Booking, t string) {
	type kv struct {
		key        string
		start, end int
	}
	var foundArr [16]kv
	found := foundArr[:0]
	for i := 0; i < len(t); i++ {
		if t[i] != '/' {
			continue
		}
		if k := nlKeyAt(t, i); k != "" {
			if n := len(found); n > 0 {
				found[n-1].end = i
			}
			found = append(found, kv{key: k, start: i + len(k) + 2, end: len(t)})
			i += len(k) // the closing '/' may open the next code ("/ORDP//NAME/")
		}
	}
	for _, f := range found {
		if f.end < f.start {
			continue // "/BENM/ORDP/": the closing '/' opened the next code
		}
		v := normSpace(strings.TrimSuffix(t[f.start:f.end], "/"))
		if v == "" {
			continue
		}
		switch f.key {
		case "NAME":
			if b.CounterpartyName == "" {
				b.CounterpartyName = v
			}
		case "IBAN":
			setAccount(b, v)
		case "BIC":
			if b.CounterpartyBIC == "" {
				b.CounterpartyBIC = v
			}
		case "EREF":
			if !isNoRef(v) {
				b.EndToEndRef = v
			}
		case "MARF":
			b.MandateRef = v
		case "CSID":
			b.CreditorID = v
		case "TRTP":
			b.PostingText = v
		}
	}
}
