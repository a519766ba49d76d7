package challenge

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// corpusSeeds adds the real challenge files as fuzz seeds.
func corpusSeeds(f *testing.F, pattern string, add func([]byte)) {
	f.Helper()
	files, err := filepath.Glob(filepath.Join(corpusDir, "fints-messages", pattern))
	if err != nil || len(files) == 0 {
		f.Fatalf("no corpus files for %s: %v", pattern, err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		add(b)
	}
}

func FuzzParseHHDUC(f *testing.F) {
	corpusSeeds(f, "hhd-flicker_*", func(b []byte) { f.Add(string(b)) })
	for _, s := range []string{
		"0458A01179145683222DE211234567800000123450525,00",
		"044880120932160022DE125001051706484898900041,00",
		"190277071234567041,00",
		"0168A81011234567890",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fl, err := ParseHHDUC(s)
		if err != nil {
			return
		}
		if _, err := fl.Code(); err != nil {
			t.Fatalf("parsed %q but cannot render: %v", s, err)
		}
		if _, err := fl.Frames(); err != nil {
			t.Fatalf("parsed %q but no frames: %v", s, err)
		}
		enc, err := EncodeHHDUC(*fl)
		if err != nil {
			t.Fatalf("parsed %q but cannot encode: %v", s, err)
		}
		back, err := ParseHHDUC(enc)
		if err != nil {
			t.Fatalf("encoding %q of %q does not parse: %v", enc, s, err)
		}
		// With standard 2-digit lengths the encoding is unambiguous.
		if fl.LDEDigits == 0 && !reflect.DeepEqual(back, fl) {
			t.Fatalf("round trip of %q via %q: %+v != %+v", s, enc, back, fl)
		}
	})
}

func FuzzExtractEmbedded(f *testing.F) {
	corpusSeeds(f, "unknown_challenge_chiptan_qr.bin", func(b []byte) { f.Add(latin1(b)) })
	corpusSeeds(f, "hhd-flicker_python-fints_*", func(b []byte) { f.Add(string(b)) })
	f.Add("Bitte TAN eingeben")
	f.Add("CHLGUC 0041 0458A01179145683222DE211234567800000123450525,00 CHLGTEXT 0003 abc")
	f.Fuzz(func(t *testing.T, s string) {
		fl, img, text, err := ExtractEmbedded(s)
		if err != nil {
			return
		}
		if fl != nil && img != nil {
			t.Fatal("both a flicker code and an image")
		}
		if fl != nil {
			if _, err := fl.Code(); err != nil {
				t.Fatalf("extracted flicker cannot render: %v", err)
			}
		}
		if img != nil && (len(img.Data) == 0 || sniffImage(img.Data) != img.MIME) {
			t.Fatalf("extracted image %s does not look like one", img.MIME)
		}
		if !strings.Contains(s, markCode) && text != s {
			t.Fatal("text without CHLGUC was changed")
		}
	})
}

func FuzzDecodeImage(f *testing.F) {
	corpusSeeds(f, "unknown_challenge_*", func(b []byte) { f.Add(b) })
	if png, err := MatrixPNG("seed"); err == nil {
		if enc, err := EncodeImage(Image{MIME: "image/png", Data: png}); err == nil {
			f.Add(enc)
		}
	}
	f.Add([]byte{0, 3, 'a', 'b', 'c', 0, 1, 0xC3})
	f.Fuzz(func(t *testing.T, b []byte) {
		_ = IsImage(b)
		img, err := DecodeImage(b)
		if err != nil {
			return
		}
		enc, err := EncodeImage(*img)
		if err != nil {
			t.Fatalf("decoded image cannot be encoded: %v", err)
		}
		back, err := DecodeImage(enc)
		if err != nil || !reflect.DeepEqual(back, img) {
			t.Fatalf("re-encoding changed the image: %v", err)
		}
	})
}

func FuzzPlainText(f *testing.F) {
	f.Add("<p>Bitte prüfen:<ul><li>IBAN</li><li>Betrag &amp; Datum</li></ul></p>")
	f.Add("a < b <br/> <ol><li>x<ol><li>y")
	f.Fuzz(func(t *testing.T, s string) {
		out := PlainText(s)
		if strings.Contains(out, "\n\n\n") {
			t.Fatalf("more than one blank line in %q", out)
		}
		if utf8.ValidString(s) && !utf8.ValidString(out) {
			t.Fatalf("valid input gave invalid UTF-8 %q", out)
		}
	})
}
