package demobank

import (
	"strings"
	"unicode"
)

// Payee is an account holder the bank can check names against for
// Verification of Payee: its own customers and, standing in for the VoP
// directory of other banks, the people and firms of the demo world.
type Payee struct {
	Name string
	IBAN string
}

// VoPOutcome is the outcome of a name check.
type VoPOutcome int

const (
	VoPMatch       VoPOutcome = iota // names match
	VoPCloseMatch                    // close: the bank suggests the registered name
	VoPNoMatch                       // the name does not belong to the account
	VoPNotPossible                   // the account is unknown to the check
)

// Code is the EPC/pain.002 code of the outcome.
func (m VoPOutcome) Code() string {
	switch m {
	case VoPCloseMatch:
		return "RVMC"
	case VoPNoMatch:
		return "RVNM"
	case VoPNotPossible:
		return "RVNA"
	}
	return "RCVC"
}

func (m VoPOutcome) String() string {
	switch m {
	case VoPCloseMatch:
		return "close match"
	case VoPNoMatch:
		return "no match"
	case VoPNotPossible:
		return "not possible"
	}
	return "match"
}

// VoPAnswer is the result of a name check, with the text the bank shows.
type VoPAnswer struct {
	Match         VoPOutcome
	IBAN          string
	GivenName     string
	SuggestedName string // the registered name, for close matches
	Text          string // explanation for the customer, in German
}

// KnownPayees lists the payees the demo bank can verify: the demo
// accounts (joint accounts under each holder's name as well) and the
// counterparties of the demo data.
func KnownPayees() []Payee {
	ps := []Payee{
		{maxGiro.Owner, maxGiro.IBAN},
		{maxTagesgeld.Owner, maxTagesgeld.IBAN},
		{maxJoint.Owner, maxJoint.IBAN},
		{"Max Mustermann", maxJoint.IBAN},
		{"Erika Mustermann", maxJoint.IBAN},
		{shopGiro.Owner, shopGiro.IBAN},
	}
	for _, p := range []party{pEmployer, pLandlord, pErika, pFinanzamt, pJuergen, pSoeren, pHandwerker, pOma, pVerein} {
		ps = append(ps, Payee{p.Name, p.IBAN})
	}
	return ps
}

// VerifyPayee checks name against the holder of iban in payees. Pure: the
// same inputs always give the same answer.
//
//   - match: equal after ignoring case, spacing, punctuation and the
//     spelling of umlauts (ä = ae, ß = ss)
//   - close match: the same words in another order, a missing or
//     abbreviated first name, a missing legal form, or a small typo
//     (edit distance 1 for up to 8 letters, 2 for longer names)
//   - no match: anything else
//   - not possible: an IBAN that is invalid or not known to the check
//
// A joint account has several holders; the best of their results counts.
func VerifyPayee(payees []Payee, iban, name string) VoPAnswer {
	a := VoPAnswer{IBAN: NormalizeIBAN(iban), GivenName: name}
	if err := CheckIBAN(iban); err != nil {
		a.Match, a.Text = VoPNotPossible, "Die IBAN ist ungültig; der Name konnte nicht geprüft werden."
		return a
	}
	found := false
	best := VoPNoMatch
	for _, p := range payees {
		if NormalizeIBAN(p.IBAN) != a.IBAN {
			continue
		}
		found = true
		if m := compareNames(name, p.Name); m < best {
			best = m
			if m == VoPCloseMatch {
				a.SuggestedName = p.Name
			}
		}
	}
	switch {
	case !found:
		a.Match = VoPNotPossible
		a.Text = "Der Name des Zahlungsempfängers konnte nicht geprüft werden, weil die Bank des Empfängers nicht antwortet. Wenn Sie den Auftrag freigeben, könnte das Geld bei einer Person ankommen, die nicht der von Ihnen angegebene Empfänger ist."
	case best == VoPMatch:
		a.Match, a.SuggestedName = VoPMatch, ""
		a.Text = "Der Name stimmt mit dem Kontoinhaber überein."
	case best == VoPCloseMatch:
		a.Match = VoPCloseMatch
		a.Text = "Der Name stimmt nicht genau mit dem Kontoinhaber überein. Der Kontoinhaber heißt: " + a.SuggestedName + "."
	default:
		a.Match, a.SuggestedName = VoPNoMatch, ""
		a.Text = "Der Name stimmt nicht mit dem Kontoinhaber überein. Wenn Sie den Auftrag freigeben, könnte das Geld bei einer anderen Person ankommen."
	}
	return a
}

// VerifyPayee checks a payee name against the demo bank's known payees.
func (l *Ledger) VerifyPayee(iban, name string) VoPAnswer {
	return VerifyPayee(KnownPayees(), iban, name)
}

// legalForms are dropped for the close-match comparison: "Vodafone" for
// "Vodafone GmbH" is close, not wrong.
var legalForms = map[string]bool{
	"gmbh": true, "ag": true, "kg": true, "ohg": true, "gbr": true, "ev": true, "ek": true,
	"ug": true, "mbh": true, "co": true, "se": true, "sca": true, "sarl": true, "et": true,
	"cie": true, "und": true, "haftungsbeschraenkt": true, "ltd": true, "bv": true,
}

// compareNames classifies given against registered.
func compareNames(given, registered string) VoPOutcome {
	g, r := nameWords(given), nameWords(registered)
	if len(g) == 0 {
		return VoPNoMatch
	}
	if strings.Join(g, " ") == strings.Join(r, " ") {
		return VoPMatch
	}
	gc, rc := core(g), core(r)
	switch {
	case len(gc) == 0 || len(rc) == 0:
		return VoPNoMatch
	case sameWords(gc, rc):
		return VoPCloseMatch // other order, legal form left out
	case abbreviated(gc, rc):
		return VoPCloseMatch // "M. Mustermann", "Mustermann"
	}
	a, b := strings.Join(gc, ""), strings.Join(rc, "")
	limit := 1
	if len([]rune(b)) > 8 {
		limit = 2
	}
	if editDistance(a, b, limit) <= limit {
		return VoPCloseMatch
	}
	return VoPNoMatch
}

// nameWords lower-cases, spells umlauts out, and splits at anything that
// is not a letter or digit. "Schröder & Söhne GbR" → schroeder soehne gbr.
func nameWords(s string) []string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch r {
		case 'ä':
			b.WriteString("ae")
		case 'ö':
			b.WriteString("oe")
		case 'ü':
			b.WriteString("ue")
		case 'ß':
			b.WriteString("ss")
		case 'é', 'è', 'ê':
			b.WriteByte('e')
		case 'á', 'à', 'â':
			b.WriteByte('a')
		case 'ó', 'ò', 'ô':
			b.WriteByte('o')
		case '.', '\'', '-':
			// "e.K.", "S.a.r.l." and "O'Neill" are one word each.
			if r == '-' {
				b.WriteByte(' ')
			}
		default:
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteRune(r)
			} else {
				b.WriteByte(' ')
			}
		}
	}
	return strings.Fields(b.String())
}

// core drops legal forms.
func core(words []string) []string {
	var out []string
	for _, w := range words {
		if !legalForms[w] {
			out = append(out, w)
		}
	}
	return out
}

func sameWords(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	count := map[string]int{}
	for _, w := range a {
		count[w]++
	}
	for _, w := range b {
		count[w]--
		if count[w] < 0 {
			return false
		}
	}
	return true
}

// abbreviated reports whether given is registered with first names left
// out or cut to initials, the surname (last word) kept: "M Mustermann" and
// "Mustermann" for "Max Mustermann".
func abbreviated(given, registered []string) bool {
	if len(given) > len(registered) || given[len(given)-1] != registered[len(registered)-1] || len(registered) < 2 {
		return false
	}
	rest := registered[:len(registered)-1]
	j := 0
	for _, w := range given[:len(given)-1] {
		for j < len(rest) && !(rest[j] == w || (len(w) == 1 && strings.HasPrefix(rest[j], w))) {
			j++
		}
		if j == len(rest) {
			return false
		}
		j++
	}
	return true
}

// editDistance is the Levenshtein distance of a and b in runes, giving up
// (returning limit+1) once it exceeds limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
