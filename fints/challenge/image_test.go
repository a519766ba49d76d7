package challenge

import (
	"bytes"
	"errors"
	"image/png"
	"reflect"
	"strings"
	"testing"
)

// MANIFEST: unknown_challenge_phototan_matrix_001.bin "mimetype image/png,
// image bytes parse". The file went through a Latin-1 → UTF-8 transcoding
// upstream; DecodeImage must undo it, and the PNG must then decode.
func TestDecodeImageCorpusMatrix(t *testing.T) {
	raw := readCorpus(t, "fints-messages/unknown_challenge_phototan_matrix_001.bin")
	if !IsImage(raw) {
		t.Fatal("IsImage = false for the photoTAN sample")
	}
	img, err := DecodeImage(raw)
	if err != nil {
		t.Fatal(err)
	}
	if img.MIME != "image/png" || len(img.Data) != 3021 {
		t.Fatalf("got %s with %d bytes, want image/png with 3021", img.MIME, len(img.Data))
	}
	pic, err := png.Decode(bytes.NewReader(img.Data))
	if err != nil {
		t.Fatalf("PNG does not decode: %v", err)
	}
	if b := pic.Bounds(); b.Dx() != 210 || b.Dy() != 210 {
		t.Errorf("picture is %v, want 210×210", b)
	}
}

func TestImageRoundTrip(t *testing.T) {
	pngData, err := MatrixPNG("hello")
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []Image{
		{MIME: "image/png", Data: pngData},
		{MIME: "image/jpeg", Data: []byte{0xFF, 0xD8, 0xFF, 0xE0, 0x80, 0x81}}, // bytes ≥ 0x80 stay raw
		{MIME: "image/x-matrix", Data: bytes.Repeat([]byte{0xC3, 0xA4}, 100)},  // looks like UTF-8, fits raw
	} {
		enc, err := EncodeImage(in)
		if err != nil {
			t.Fatalf("encode %s: %v", in.MIME, err)
		}
		if !IsImage(enc) {
			t.Errorf("IsImage(encode(%s)) = false", in.MIME)
		}
		out, err := DecodeImage(enc)
		if err != nil {
			t.Fatalf("decode %s: %v", in.MIME, err)
		}
		if !reflect.DeepEqual(*out, in) {
			t.Errorf("round trip of %s changed the image", in.MIME)
		}
	}
}

func TestDecodeImageLenient(t *testing.T) {
	pngData, _ := MatrixPNG("padding")
	enc, _ := EncodeImage(Image{MIME: "image/png", Data: pngData})
	// Padding after a picture whose magic bytes confirm the length.
	img, err := DecodeImage(append(enc, 0, 0, 0))
	if err != nil || !bytes.Equal(img.Data, pngData) {
		t.Fatalf("padded container: %v", err)
	}
	// Trailing bytes after something that is not a known picture stay an error.
	odd, _ := EncodeImage(Image{MIME: "image/x-odd", Data: []byte("abc")})
	if _, err := DecodeImage(append(odd, 'x')); err == nil {
		t.Fatal("trailing bytes after an unknown format accepted")
	}
}

func TestDecodeImageErrors(t *testing.T) {
	tests := []struct {
		in   []byte
		want string
	}{
		{nil, "too short"},
		{[]byte{0, 9, 'i'}, "too short"},
		{[]byte{0, 0, 0, 1, 'x'}, "MIME type length 0"},
		{[]byte{0, 200, 'i', 'm'}, "MIME type length 200"},
		{[]byte{0, 9, 'i', 'm', 'a'}, "does not fit"},
		{append([]byte{0, 3, 'a', '\n', 'c', 0, 1}, 'x'), "not printable"},
		{[]byte{0, 3, 'a', 'b', 'c', 0, 0}, "empty image"},
		{[]byte{0, 3, 'a', 'b', 'c', 0, 5, 1, 2}, "declares 5 bytes but only 2 follow"},
		{[]byte{0, 3, 'a', 'b', 'c', 0, 1, 1, 2}, "declares 1 bytes but 2 follow"},
	}
	for _, tt := range tests {
		_, err := DecodeImage(tt.in)
		if err == nil || !errors.Is(err, ErrImage) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("DecodeImage(% x) = %v, want ErrImage mentioning %q", tt.in, err, tt.want)
		}
	}
}

func TestIsImage(t *testing.T) {
	tests := []struct {
		in   []byte
		want bool
	}{
		{[]byte("0458A01179145683222DE211234567800000123450525,00"), false},
		{[]byte{0, 9}, false},
		{append([]byte{0, 9}, "image/png"...), true},
		{append([]byte{0, 9}, "IMAGE/PNG"...), true},
		{append([]byte{0, 9}, "text/html"...), false},
		{append([]byte{0, 65}, "image/png"...), false},
		{nil, false},
	}
	for _, tt := range tests {
		if got := IsImage(tt.in); got != tt.want {
			t.Errorf("IsImage(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestEncodeImageErrors(t *testing.T) {
	tests := []struct {
		img  Image
		want string
	}{
		{Image{MIME: "", Data: []byte{1}}, "MIME type"},
		{Image{MIME: strings.Repeat("a", 65), Data: []byte{1}}, "MIME type"},
		{Image{MIME: "image/png"}, "no image data"},
		{Image{MIME: "image/png", Data: make([]byte, 0x10000)}, "65535-byte limit"},
		{Image{MIME: "image/p ng", Data: []byte{1}}, "not printable"},
	}
	for _, tt := range tests {
		_, err := EncodeImage(tt.img)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("EncodeImage(%q, %d bytes) = %v, want error mentioning %q", tt.img.MIME, len(tt.img.Data), err, tt.want)
		}
	}
}
