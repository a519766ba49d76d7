package challenge

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
)

// MaxMatrixPayload is the largest payload MatrixPNG encodes.
const MaxMatrixPayload = 1024

// Matrix layout. The picture only has to look like a photoTAN colour
// matrix and be reproducible for screenshots; no real app reads it. It is
// still a faithful encoding (length, payload, CRC-32, two bits per cell),
// so a test can read the payload back.
const (
	matrixMinSide = 20  // cells per side, border included
	matrixQuiet   = 2   // white cells around the border
	matrixTarget  = 300 // approximate picture width in pixels
	markerSize    = 3   // corner markers, cells
)

// Palette indices: 0 background, 1 border, 2–5 the four data colours.
var matrixPalette = color.Palette{
	color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}, // background
	color.RGBA{0x23, 0x1F, 0x20, 0xFF}, // border and markers
	color.RGBA{0x00, 0xAE, 0xEF, 0xFF}, // cyan
	color.RGBA{0xEC, 0x00, 0x8C, 0xFF}, // magenta
	color.RGBA{0xFF, 0xD7, 0x00, 0xFF}, // yellow
	color.RGBA{0x39, 0xB5, 0x4A, 0xFF}, // green
}

const firstDataColour = 2

// MatrixPNG renders payload as a photoTAN-like colour matrix: a dark
// border, three corner markers and a grid of coloured cells, each carrying
// two bits of `length(2) payload CRC-32(4)` (whitened so repetitive payloads
// still look like noise), with the unused cells filled deterministically.
// The same payload always gives the same bytes. The picture is about 300
// pixels wide; payloads of 1–1024 bytes are accepted.
func MatrixPNG(payload string) ([]byte, error) {
	if payload == "" || len(payload) > MaxMatrixPayload {
		return nil, fmt.Errorf("matrix code: payload of %d bytes, want 1–%d", len(payload), MaxMatrixPayload)
	}
	frame := matrixFrame([]byte(payload))
	side := matrixSide(len(frame) * 4)
	cells := matrixCells(side, frame)

	px := max(4, matrixTarget/(side+2*matrixQuiet))
	dim := (side + 2*matrixQuiet) * px
	img := image.NewPaletted(image.Rect(0, 0, dim, dim), matrixPalette)
	for y := 0; y < side; y++ {
		for x := 0; x < side; x++ {
			c := cells[y*side+x]
			if c == 0 {
				continue // background is index 0 already
			}
			x0, y0 := (x+matrixQuiet)*px, (y+matrixQuiet)*px
			for yy := y0; yy < y0+px; yy++ {
				row := img.Pix[yy*img.Stride:]
				for xx := x0; xx < x0+px; xx++ {
					row[xx] = c
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("matrix code: encoding PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// matrixFrame is length(2, big-endian) + payload + CRC-32(IEEE) of payload.
func matrixFrame(p []byte) []byte {
	f := binary.BigEndian.AppendUint16(nil, uint16(len(p)))
	f = append(f, p...)
	return binary.BigEndian.AppendUint32(f, crc32.ChecksumIEEE(p))
}

// matrixSide is the smallest even side with room for n data cells.
func matrixSide(n int) int {
	side := matrixMinSide
	for dataCapacity(side) < n {
		side += 2
	}
	return side
}

func dataCapacity(side int) int {
	inner := side - 2
	return inner*inner - 3*markerSize*markerSize
}

// isMarker reports whether inner cell (x, y) belongs to a corner marker
// (top left, top right, bottom left, as on the printed codes).
func isMarker(x, y, inner int) bool {
	left, top := x < markerSize, y < markerSize
	right, bottom := x >= inner-markerSize, y >= inner-markerSize
	return (left && top) || (right && top) || (left && bottom)
}

// matrixCells lays out the palette index of every cell, row by row.
func matrixCells(side int, frame []byte) []uint8 {
	cells := make([]uint8, side*side)
	inner := side - 2
	ks := newKeystream(0x5A1D0)
	fill := newKeystream(crc32.ChecksumIEEE(frame))
	sym := 0
	for y := 0; y < side; y++ {
		for x := 0; x < side; x++ {
			ix, iy := x-1, y-1
			switch {
			case x == 0 || y == 0 || x == side-1 || y == side-1:
				cells[y*side+x] = 1
			case isMarker(ix, iy, inner):
				mx, my := ix%markerSize, iy%markerSize
				if ix >= inner-markerSize {
					mx = ix - (inner - markerSize)
				}
				if iy >= inner-markerSize {
					my = iy - (inner - markerSize)
				}
				if mx == 1 && my == 1 {
					cells[y*side+x] = 0 // white eye
				} else {
					cells[y*side+x] = 1
				}
			default:
				var v byte
				if sym < len(frame)*4 {
					b := frame[sym/4]
					v = (b>>(6-2*(sym%4)))&3 ^ ks.next()
				} else {
					v = fill.next()
				}
				cells[y*side+x] = firstDataColour + v
				sym++
			}
		}
	}
	return cells
}

// keystream is a tiny deterministic generator (xorshift32) giving 2-bit
// values.
type keystream struct{ s uint32 }

func newKeystream(seed uint32) *keystream {
	if seed == 0 {
		seed = 0x9E3779B9
	}
	return &keystream{seed}
}

func (k *keystream) next() byte {
	k.s ^= k.s << 13
	k.s ^= k.s >> 17
	k.s ^= k.s << 5
	return byte(k.s>>30) & 3
}
