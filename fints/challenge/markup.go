package challenge

import (
	"html"
	"strconv"
	"strings"
)

// PlainText turns a structured challenge text (HITANS "Challenge
// strukturiert": <br> <p> <b> <i> <u> <ul> <ol> <li>) into plain text for a
// terminal: line breaks for <br>, blank lines around paragraphs, "• " and
// "1. " items for lists (indented when nested), entities unescaped, other
// tags dropped with their content kept. A '<' that does not start a tag
// stays as it is.
//
// Texts with markup follow HTML rules (source line breaks are spaces);
// texts without any tag keep their line breaks, because banks that do not
// use markup format with plain newlines.
func PlainText(markup string) string {
	toks := tokenize(markup)
	htmlMode := false
	for _, t := range toks {
		if t.tag != "" {
			htmlMode = true
			break
		}
	}
	w := &textWriter{htmlMode: htmlMode}
	for _, t := range toks {
		if t.tag == "" {
			w.text(html.UnescapeString(t.text))
			continue
		}
		w.element(t.tag, t.closing)
	}
	return strings.TrimSpace(w.b.String())
}

type token struct {
	text    string // text run (tag == "")
	tag     string // lower-case tag name
	closing bool
}

// tokenize splits s into text runs and tags. Only '<' + optional '/' + a
// letter starts a tag, and it needs a closing '>' before the next '<'.
func tokenize(s string) []token {
	var toks []token
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '<' {
			continue
		}
		name, closing, end, ok := scanTag(s, i)
		if !ok {
			continue
		}
		if i > start {
			toks = append(toks, token{text: s[start:i]})
		}
		toks = append(toks, token{tag: name, closing: closing})
		start = end
		i = end - 1
	}
	if start < len(s) {
		toks = append(toks, token{text: s[start:]})
	}
	return toks
}

// scanTag reads a tag starting at s[i] == '<'; end is just past '>'.
func scanTag(s string, i int) (name string, closing bool, end int, ok bool) {
	j := i + 1
	if j < len(s) && s[j] == '/' {
		closing = true
		j++
	}
	k := j
	for k < len(s) && (isLetter(s[k]) || (k > j && s[k] >= '0' && s[k] <= '9')) {
		k++
	}
	if k == j {
		return "", false, 0, false
	}
	gt := strings.IndexAny(s[k:], "<>")
	if gt < 0 || s[k+gt] != '>' {
		return "", false, 0, false
	}
	// After the name only attributes, spaces or '/' may follow.
	if k+gt > k && !strings.ContainsAny(s[k:k+1], " \t\r\n/") {
		return "", false, 0, false
	}
	return strings.ToLower(s[j:k]), closing, k + gt + 1, true
}

func isLetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

// textWriter builds the plain text with collapsed spaces and at most one
// blank line in a row.
type textWriter struct {
	b        strings.Builder
	htmlMode bool
	space    bool // a space is due before the next visible character
	noSpace  bool // just wrote a list bullet: swallow the due space
	lists    []listState
	newlines int // newlines at the end of b (2 = a blank line)
}

type listState struct {
	ordered bool
	n       int
}

func (w *textWriter) text(s string) {
	for _, r := range s {
		switch r {
		case '\n':
			if w.htmlMode {
				w.space = true
			} else {
				w.lineBreak()
			}
		case ' ', '\t', '\r', '\u00a0':
			w.space = true
		default:
			if w.space && w.newlines == 0 && w.b.Len() > 0 && !w.noSpace {
				w.b.WriteByte(' ')
			}
			w.space, w.noSpace = false, false
			w.b.WriteRune(r)
			w.newlines = 0
		}
	}
}

// lineBreak ends the current line; a second call in a row makes a blank
// line, further ones do nothing.
func (w *textWriter) lineBreak() {
	w.space = false
	if w.b.Len() == 0 || w.newlines >= 2 {
		return
	}
	w.b.WriteByte('\n')
	w.newlines++
}

// endLine starts a new line unless already at the start of one.
func (w *textWriter) endLine() {
	if w.newlines == 0 {
		w.lineBreak()
	}
	w.space = false
}

// paragraph leaves exactly one blank line (none at the very start).
func (w *textWriter) paragraph() {
	w.endLine()
	if w.newlines == 1 {
		w.lineBreak()
	}
}

func (w *textWriter) element(tag string, closing bool) {
	switch tag {
	case "br":
		w.lineBreak()
	case "p", "div":
		w.paragraph()
	case "ul", "ol":
		if closing {
			if len(w.lists) > 0 {
				w.lists = w.lists[:len(w.lists)-1]
			}
		} else {
			w.lists = append(w.lists, listState{ordered: tag == "ol"})
		}
		w.endLine()
	case "li":
		w.endLine()
		if closing {
			return
		}
		depth := len(w.lists)
		bullet := "• "
		if depth > 0 {
			l := &w.lists[depth-1]
			if l.ordered {
				l.n++
				bullet = strconv.Itoa(l.n) + ". "
			}
		} else {
			depth = 1
		}
		w.b.WriteString(strings.Repeat("  ", depth-1) + bullet)
		w.newlines, w.space, w.noSpace = 0, false, true
	}
	// b, i, u, strong, em and unknown tags: dropped, content kept.
}
