package challenge

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/png"
	"strings"
	"testing"
)

// readMatrix decodes a MatrixPNG picture back into its payload by sampling
// the centre of every cell; it proves the picture really carries the data.
func readMatrix(t *testing.T, pic image.Image) []byte {
	t.Helper()
	w := pic.Bounds().Dx()
	// Find the border: the first dark pixel on the diagonal.
	start := -1
	for i := 0; i < w; i++ {
		if paletteIndex(pic.At(i, i)) == 1 {
			start = i
			break
		}
	}
	if start <= 0 {
		t.Fatal("no border found")
	}
	px := start / matrixQuiet
	side := w/px - 2*matrixQuiet
	inner := side - 2
	var syms []byte
	for y := 1; y < side-1; y++ {
		for x := 1; x < side-1; x++ {
			if isMarker(x-1, y-1, inner) {
				continue
			}
			c := paletteIndex(pic.At((x+matrixQuiet)*px+px/2, (y+matrixQuiet)*px+px/2))
			if c < firstDataColour {
				t.Fatalf("cell %d,%d has no data colour", x, y)
			}
			syms = append(syms, byte(c-firstDataColour))
		}
	}
	ks := newKeystream(0x5A1D0)
	unwhite := func(i int) byte { return syms[i] ^ ks.next() }
	readByte := func(i int) byte {
		var b byte
		for k := 0; k < 4; k++ {
			b = b<<2 | unwhite(4*i+k)
		}
		return b
	}
	n := int(binary.BigEndian.Uint16([]byte{readByte(0), readByte(1)}))
	if 4*(n+6) > len(syms) {
		t.Fatalf("length %d does not fit %d cells", n, len(syms))
	}
	out := make([]byte, n+4)
	for i := range out {
		out[i] = readByte(i + 2)
	}
	payload, sum := out[:n], binary.BigEndian.Uint32(out[n:])
	if crc32.ChecksumIEEE(payload) != sum {
		t.Fatal("CRC mismatch")
	}
	return payload
}

func paletteIndex(c interface{ RGBA() (r, g, b, a uint32) }) int {
	r, g, b, _ := c.RGBA()
	for i, p := range matrixPalette {
		pr, pg, pb, _ := p.RGBA()
		if pr == r && pg == g && pb == b {
			return i
		}
	}
	return -1
}

func TestMatrixPNG(t *testing.T) {
	for _, payload := range []string{
		"x",
		"TAN 123456 für Überweisung an Erika Mustermann, 25,00 EUR",
		strings.Repeat("A", 300),
		strings.Repeat("\xff\x00", MaxMatrixPayload/2),
	} {
		data, err := MatrixPNG(payload)
		if err != nil {
			t.Fatalf("MatrixPNG(%d bytes): %v", len(payload), err)
		}
		again, _ := MatrixPNG(payload)
		if !bytes.Equal(data, again) {
			t.Fatal("MatrixPNG is not deterministic")
		}
		pic, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("not a PNG: %v", err)
		}
		if w := pic.Bounds().Dx(); w < 200 || w > 700 || pic.Bounds().Dy() != w {
			t.Errorf("%d-byte payload: picture %v, want a square of a few hundred pixels", len(payload), pic.Bounds())
		}
		if got := readMatrix(t, pic); string(got) != payload {
			t.Errorf("payload read back as %q, want %q", got, payload)
		}
		if sniffImage(data) != "image/png" {
			t.Error("not recognised as PNG")
		}
	}
	a, _ := MatrixPNG("a")
	b, _ := MatrixPNG("b")
	if bytes.Equal(a, b) {
		t.Error("different payloads gave the same picture")
	}
}

func TestMatrixPNGErrors(t *testing.T) {
	for _, n := range []int{0, MaxMatrixPayload + 1} {
		if _, err := MatrixPNG(strings.Repeat("a", n)); err == nil {
			t.Errorf("payload of %d bytes accepted", n)
		}
	}
}

func BenchmarkMatrixPNG(b *testing.B) {
	payload := "TAN-Auftrag 4711: 25,00 EUR an DE21123456780000012345"
	var size int
	for b.Loop() {
		data, err := MatrixPNG(payload)
		if err != nil {
			b.Fatal(err)
		}
		size = len(data)
	}
	b.ReportMetric(float64(size), "png-bytes")
}

func ExampleMatrixPNG() {
	data, err := MatrixPNG("TAN 123456")
	if err != nil {
		fmt.Println(err)
		return
	}
	pic, _ := png.Decode(bytes.NewReader(data))
	fmt.Println(pic.Bounds().Dx(), "px")
	// Output: 288 px
}
