package bpd

import (
	"bytes"
	"fmt"

	"saldo/fints/wire"
)

// State blob format: a header line naming kind and format version, then
// the segments in FinTS syntax with UTF-8 text (UTF-8 so that no character
// a bank sent can make storing fail). Restoring re-parses them, so parser
// improvements apply to stored data too.
const (
	bpdHeader = "saldo-bpd 1\n"
	updHeader = "saldo-upd 1\n"
)

// MarshalBinary stores the BPD for the client state blob.
func (b *BPD) MarshalBinary() ([]byte, error) { return marshal(bpdHeader, b.segs) }

// UnmarshalBinary restores BPD stored by MarshalBinary.
func (b *BPD) UnmarshalBinary(data []byte) error {
	segs, err := unmarshal(bpdHeader, data)
	if err != nil {
		return err
	}
	nb, err := Parse(segs)
	if err != nil {
		return fmt.Errorf("bpd: restoring stored BPD: %w", err)
	}
	*b = *nb
	return nil
}

// MarshalBinary stores the UPD for the client state blob.
func (u *UPD) MarshalBinary() ([]byte, error) { return marshal(updHeader, u.segs) }

// UnmarshalBinary restores UPD stored by MarshalBinary.
func (u *UPD) UnmarshalBinary(data []byte) error {
	segs, err := unmarshal(updHeader, data)
	if err != nil {
		return err
	}
	nu, err := ParseUPD(segs)
	if err != nil {
		return fmt.Errorf("bpd: restoring stored UPD: %w", err)
	}
	*u = *nu
	return nil
}

func marshal(header string, segs []*wire.Segment) ([]byte, error) {
	out := []byte(header)
	out, err := wire.Encoder{Charset: wire.UTF8}.Append(out, segs...)
	if err != nil {
		return nil, fmt.Errorf("bpd: storing parameters: %w", err)
	}
	return out, nil
}

func unmarshal(header string, data []byte) ([]*wire.Segment, error) {
	kind := header[:9] // "saldo-bpd" / "saldo-upd"
	if !bytes.HasPrefix(data, []byte(kind+" ")) {
		return nil, fmt.Errorf("bpd: stored data is not %s data; fetch the parameters from the bank again", kind[6:])
	}
	if !bytes.HasPrefix(data, []byte(header)) {
		line, _, _ := bytes.Cut(data, []byte("\n"))
		return nil, fmt.Errorf("bpd: stored format %q is not supported by this version; fetch the parameters from the bank again", line)
	}
	m, err := wire.Decode(data[len(header):])
	if err != nil {
		return nil, fmt.Errorf("bpd: stored %s data is damaged: %w", kind[6:], err)
	}
	return m.Segments, nil
}
