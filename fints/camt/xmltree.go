package camt

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// node is one XML element, known by its local name only: camt versions
// differ in namespace but (mostly) not in element names, so matching local
// names lets one parser read all of them.
type node struct {
	name  string
	space string
	attrs []xml.Attr
	text  strings.Builder
	kids  []*node
}

// maxDepth bounds nesting; real camt documents stay below 15 levels.
const maxDepth = 100

// child returns the first child called name, or nil. All accessors accept a
// nil receiver so that paths can be chained without checks.
func (n *node) child(name string) *node {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// children returns all children called name.
func (n *node) children(name string) []*node {
	if n == nil {
		return nil
	}
	var out []*node
	for _, k := range n.kids {
		if k.name == name {
			out = append(out, k)
		}
	}
	return out
}

// at follows a path of child names.
func (n *node) at(path ...string) *node {
	for _, p := range path {
		n = n.child(p)
	}
	return n
}

// str returns the trimmed text at path ("" when absent).
func (n *node) str(path ...string) string {
	m := n.at(path...)
	if m == nil {
		return ""
	}
	return strings.TrimSpace(m.text.String())
}

// first returns the first non-empty text among several paths.
func (n *node) first(paths ...[]string) string {
	for _, p := range paths {
		if s := n.str(p...); s != "" {
			return s
		}
	}
	return ""
}

func (n *node) attr(name string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.attrs {
		if a.Name.Local == name {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// elementKids reports whether n has any child elements.
func (n *node) elementKids() bool { return n != nil && len(n.kids) > 0 }

// parseTree decodes data into an element tree. It copes with what banks
// send: a UTF-8 or UTF-16 byte order mark, no XML declaration, and a
// declared encoding that does not match the bytes (the bytes decide: valid
// UTF-8 is read as UTF-8, anything else as the declared single-byte
// encoding, Latin-1 by default).
func parseTree(data []byte) (*node, error) {
	data, err := toUTF8(data)
	if err != nil {
		return nil, err
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	// The bytes are UTF-8 by now whatever the declaration says.
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	dec.Entity = xml.HTMLEntity
	var root *node
	var stack []*node
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("malformed XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) >= maxDepth {
				return nil, fmt.Errorf("malformed XML: elements nested deeper than %d levels", maxDepth)
			}
			n := &node{name: t.Name.Local, space: t.Name.Space, attrs: t.Attr}
			if len(stack) == 0 {
				if root != nil {
					return nil, errors.New("more than one root element: pass one camt document per call")
				}
				root = n
			} else {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text.Write(t)
			} else if len(bytes.TrimSpace(t)) > 0 {
				return nil, errors.New("malformed XML: text outside the root element")
			}
		}
	}
	if root == nil {
		return nil, errors.New("no XML element found")
	}
	return root, nil
}

var encodingRE = regexp.MustCompile(`^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)

// toUTF8 returns data as UTF-8 without byte order mark.
func toUTF8(data []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return fromUTF16(data[2:], true)
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return fromUTF16(data[2:], false)
	}
	data = bytes.TrimLeft(data, " \t\r\n")
	if utf8.Valid(data) {
		return data, nil
	}
	label := ""
	if m := encodingRE.FindSubmatch(data); m != nil {
		label = strings.ToLower(string(m[1]))
	}
	table := singleByte(label)
	out := make([]byte, 0, len(data)+len(data)/8)
	for _, c := range data {
		r := rune(c)
		if c >= 0x80 && table != nil {
			if t, ok := table[c]; ok {
				r = t
			}
		}
		out = utf8.AppendRune(out, r)
	}
	return out, nil
}

func fromUTF16(b []byte, bigEndian bool) ([]byte, error) {
	if len(b)%2 != 0 {
		return nil, errors.New("UTF-16 document with an odd number of bytes")
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		if bigEndian {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			u[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	return []byte(string(utf16.Decode(u))), nil
}

// singleByte returns the differences from Latin-1 for the other single-byte
// encodings banks declare; nil means plain ISO-8859-1.
func singleByte(label string) map[byte]rune {
	switch label {
	case "windows-1252", "cp1252", "x-cp1252":
		return cp1252
	case "iso-8859-15", "iso8859-15", "latin-9", "latin9":
		return latin9
	}
	return nil
}

var cp1252 = map[byte]rune{
	0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ',
	0x89: '‰', 0x8A: 'Š', 0x8B: '‹', 0x8C: 'Œ', 0x8E: 'Ž', 0x91: '‘', 0x92: '’', 0x93: '“',
	0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—', 0x98: '˜', 0x99: '™', 0x9A: 'š', 0x9B: '›',
	0x9C: 'œ', 0x9E: 'ž', 0x9F: 'Ÿ',
}

var latin9 = map[byte]rune{
	0xA4: '€', 0xA6: 'Š', 0xA8: 'š', 0xB4: 'Ž', 0xB8: 'ž', 0xBC: 'Œ', 0xBD: 'œ', 0xBE: 'Ÿ',
}
