package bankdir

import (
	"sort"
	"strings"
	"unicode"
)

// searchKey holds a bank's searchable text, folded once at load time so that
// a keystroke costs only substring tests.
type searchKey struct {
	// hayAE and hayA are name, city, BLZ and BIC, lower-cased, with umlauts
	// folded two ways ("köln" → "koeln" and "koln") and punctuation turned
	// into spaces, with a leading space so " "+term finds word starts.
	hayAE, hayA string
	// nameAE and nameA are the name alone, folded the same way: a term
	// found in the name ranks above one found only in the city.
	nameAE, nameA string
}

func makeKey(b Bank) searchKey {
	text := b.Name + " " + b.City + " " + b.BLZ + " " + b.BIC
	return searchKey{hayAE: " " + fold(text, true), hayA: " " + fold(text, false),
		nameAE: " " + fold(b.Name, true), nameA: " " + fold(b.Name, false)}
}

// fold lower-cases s, maps umlauts and ß (to "ae"/"ss" when ae is true, else
// to the bare vowel), strips accents from other Latin letters and turns every
// other non-alphanumeric rune into a single space.
func fold(s string, ae bool) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	space := true // suppress leading and repeated spaces
	put := func(t string) {
		b.WriteString(t)
		space = false
	}
	for _, r := range s {
		r = unicode.ToLower(r)
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			space = false
		case r == 'ä' || r == 'ö' || r == 'ü':
			base := "a"
			if r == 'ö' {
				base = "o"
			} else if r == 'ü' {
				base = "u"
			}
			if ae {
				base += "e"
			}
			put(base)
		case r == 'ß':
			put("ss")
		default:
			if t, ok := accentFree[r]; ok {
				put(t)
			} else if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// accentFree maps lower-case accented Latin letters that occur in bank names
// and city names to their base letters.
var accentFree = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'å': "a", 'æ': "ae",
	'ç': "c", 'è': "e", 'é': "e", 'ê': "e", 'ë': "e",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ñ': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ø': "o", 'œ': "oe",
	'ù': "u", 'ú': "u", 'û': "u", 'ý': "y", 'ÿ': "y",
}

type hit struct {
	idx   int
	score int // higher first: see matchCode and matchTerms
}

// Search finds banks whose name, city, BLZ or BIC match query, ignoring case
// and umlaut spelling ("Köln", "koeln" and "koln" are the same). Every word
// of the query must match. Results are ranked: an exact BLZ or BIC first,
// then BLZ prefixes, then by where the words matched — in the name before
// the city ("sparkasse münchen" finds Stadtsparkasse München before a
// Sparkasse that merely has an office in München), at a word start before
// inside a word; at equal rank banks with a PIN/TAN endpoint come first,
// then shorter names, then by name and BLZ.
// limit ≤ 0 means no limit.
func Search(query string, limit int) []Bank {
	d := load()
	compact := strings.ToUpper(strings.Join(strings.Fields(query), ""))
	if compact == "" {
		return nil
	}
	// Terms carry a leading space: a hit with it is a word start, the rest
	// of the term ([1:]) finds matches anywhere.
	termsAE := spaced(strings.Fields(fold(query, true)))
	termsA := spaced(strings.Fields(fold(query, false)))
	allDigits := strings.IndexFunc(compact, func(r rune) bool { return r < '0' || r > '9' }) < 0

	var hits []hit
	for i := range d.banks {
		b := &d.banks[i]
		if t, ok := matchCode(b, compact, allDigits); ok {
			hits = append(hits, hit{i, t})
			continue
		}
		if len(termsAE) == 0 || len(termsAE) != len(termsA) {
			continue
		}
		if t, ok := matchTerms(d.keys[i], termsAE, termsA); ok {
			hits = append(hits, hit{i, t})
		}
	}
	sort.Slice(hits, func(x, y int) bool {
		a, b := hits[x], hits[y]
		if a.score != b.score {
			return a.score > b.score
		}
		ba, bb := &d.banks[a.idx], &d.banks[b.idx]
		if ba.HasPinTan() != bb.HasPinTan() {
			return ba.HasPinTan()
		}
		if len(ba.Name) != len(bb.Name) {
			return len(ba.Name) < len(bb.Name)
		}
		if ba.Name != bb.Name {
			return ba.Name < bb.Name
		}
		return ba.BLZ < bb.BLZ
	})
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	out := make([]Bank, len(hits))
	for i, h := range hits {
		out[i] = d.banks[h.idx]
	}
	return out
}

// Scores of code matches: above any score of words (at most 4 per word).
const (
	scoreExactCode = 1 << 20
	scoreBLZPrefix = 1 << 19
)

// matchCode handles queries that are a BLZ (possibly typed with spaces) or a
// BIC: exact matches rank first, BLZ prefixes second.
func matchCode(b *Bank, compact string, allDigits bool) (int, bool) {
	if allDigits {
		switch {
		case b.BLZ == compact:
			return scoreExactCode, true
		case strings.HasPrefix(b.BLZ, compact):
			return scoreBLZPrefix, true
		}
		return 0, false
	}
	if b.BIC != "" && (len(compact) == 8 || len(compact) == 11) && bic11(compact) == bic11(b.BIC) {
		return scoreExactCode, true
	}
	return 0, false
}

func spaced(terms []string) []string {
	for i, t := range terms {
		terms[i] = " " + t
	}
	return terms
}

// matchTerms reports whether every term occurs in the bank's text, and
// scores each: 4 at a word start in the name, 3 inside a word of the name,
// 1 at a word start elsewhere (city, BLZ, BIC), 0 inside a word elsewhere.
func matchTerms(k searchKey, termsAE, termsA []string) (int, bool) {
	score := 0
	for i := range termsAE {
		ae, a := termsAE[i], termsA[i]
		if !strings.Contains(k.hayAE, ae[1:]) && !strings.Contains(k.hayA, a[1:]) {
			return 0, false // most banks leave here, after two tests
		}
		switch {
		case strings.Contains(k.nameAE, ae) || strings.Contains(k.nameA, a):
			score += 4
		case strings.Contains(k.nameAE, ae[1:]) || strings.Contains(k.nameA, a[1:]):
			score += 3
		case strings.Contains(k.hayAE, ae) || strings.Contains(k.hayA, a):
			score++
		}
	}
	return score, true
}
