package wire

import "strconv"

// Segment is one FinTS segment.
type Segment struct {
	ID      string // Segmentkennung, e.g. "HKSAL"
	Number  int    // Segmentnummer; set by the envelope builder when sending
	Version int    // Segmentversion
	Ref     int    // Bezugssegment (bank answers); 0 when absent

	// DEs are the data elements after the header: DEs[0] is position #2.
	DEs []DE

	// Inner holds the decoded payload of an HNVSD segment. The same
	// segments sit in DEs as a Nested value, so encoding writes them anew
	// (and a trace redacts the PIN inside).
	Inner []*Segment
}

// NewSegment returns a segment with the given ID, version and data elements
// (position #2 onwards). The envelope builder assigns the number.
func NewSegment(id string, version int, des ...DE) *Segment {
	return &Segment{ID: id, Version: version, DEs: des}
}

// Add appends data elements and returns s for chaining.
func (s *Segment) Add(des ...DE) *Segment {
	s.DEs = append(s.DEs, des...)
	return s
}

// Len returns the number of positions including the header: the position
// of the last data element.
func (s *Segment) Len() int { return len(s.DEs) + 1 }

// Group returns the data element at position pos (#1 = header, #2 = first
// DE) as a group. A missing position gives an empty DE.
func (s *Segment) Group(pos int) DE {
	if pos == 1 {
		return s.headerDE()
	}
	if pos < 2 || pos-2 >= len(s.DEs) {
		return nil
	}
	return s.DEs[pos-2]
}

// Str returns the first value of position pos as text.
func (s *Segment) Str(pos int) string { return s.Group(pos).Str(1) }

// Bin returns the first value of position pos as binary bytes.
func (s *Segment) Bin(pos int) []byte { return s.Group(pos).Bin(1) }

// Int returns the first value of position pos as a non-negative integer.
func (s *Segment) Int(pos int) (int, bool) { return s.Group(pos).Int(1) }

// Has reports whether position pos holds anything but empty values.
func (s *Segment) Has(pos int) bool { return !s.Group(pos).IsEmpty() }

// Is reports whether s has the given ID and one of the given versions (any
// version when none are given).
func (s *Segment) Is(id string, versions ...int) bool {
	if s == nil || s.ID != id {
		return false
	}
	if len(versions) == 0 {
		return true
	}
	for _, v := range versions {
		if s.Version == v {
			return true
		}
	}
	return false
}

// Header renders the header as on the wire: "HIRMS:4:2:3".
func (s *Segment) Header() string {
	h := s.ID + ":" + strconv.Itoa(s.Number) + ":" + strconv.Itoa(s.Version)
	if s.Ref > 0 {
		h += ":" + strconv.Itoa(s.Ref)
	}
	return h
}

// String renders the segment for logs and errors, with credentials redacted.
func (s *Segment) String() string { return string(Trace(s)) }

func (s *Segment) headerDE() DE {
	d := DE{Text(s.ID), Num(s.Number), Num(s.Version)}
	if s.Ref > 0 {
		d = append(d, Num(s.Ref))
	}
	return d
}

// Clone returns a deep copy of the segment tree (values share no slices
// with s, except credential buffers, which are shared on purpose so Wipe
// still reaches every copy).
func (s *Segment) Clone() *Segment {
	if s == nil {
		return nil
	}
	c := *s
	c.DEs = make([]DE, len(s.DEs))
	for i, d := range s.DEs {
		nd := make(DE, len(d))
		for j, v := range d {
			if v.kind == kindBinary {
				v.ext = &valueExt{bin: append([]byte{}, v.ext.bin...)}
			}
			if v.kind == kindNested {
				v.ext = &valueExt{segs: cloneAll(v.ext.segs)}
			}
			nd[j] = v
		}
		c.DEs[i] = nd
	}
	c.Inner = cloneAll(s.Inner)
	if s.Inner != nil && len(c.DEs) > 0 && len(c.DEs[0]) > 0 && c.DEs[0][0].kind == kindNested {
		c.Inner = c.DEs[0][0].ext.segs // keep the view and the value one tree
	}
	return &c
}

func cloneAll(segs []*Segment) []*Segment {
	if segs == nil {
		return nil
	}
	out := make([]*Segment, len(segs))
	for i, s := range segs {
		out[i] = s.Clone()
	}
	return out
}

// Find returns the first segment with the given ID, or nil.
func Find(segs []*Segment, id string) *Segment {
	for _, s := range segs {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// FindAll returns every segment with the given ID, in order.
func FindAll(segs []*Segment, id string) []*Segment {
	var out []*Segment
	for _, s := range segs {
		if s.ID == id {
			out = append(out, s)
		}
	}
	return out
}
