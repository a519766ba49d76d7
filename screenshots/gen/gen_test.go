package main

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"saldo/screenshots/raster"
)

// TestSameCodeSamePicture renders one scene twice, each time with a new
// demo bank, vault and UI: the PNG bytes must be equal.
func TestSameCodeSamePicture(t *testing.T) {
	sc := sceneNamed(t, "tan-phototan") // TANs, photoTAN matrix, clock: all must repeat
	a, b := shoot(context.Background(), sc), shoot(context.Background(), sc)
	for _, r := range []result{a, b} {
		if r.err != nil {
			t.Fatal(r.err)
		}
	}
	if !bytes.Equal(a.png, b.png) {
		t.Fatalf("two renders differ; frames equal: %v", a.frame == b.frame)
	}
	if !strings.Contains(ansi.Strip(a.frame), "lautet") {
		t.Error("the photoTAN challenge does not show the demo TAN")
	}
}

// TestCommittedPicturesAreCurrent renders every scene (two with -short)
// and compares it with the PNG in screenshots/: a UI change that alters a
// screen must come with regenerated pictures (go run ./screenshots/gen).
func TestCommittedPicturesAreCurrent(t *testing.T) {
	chosen := scenes
	if testing.Short() {
		chosen = []scene{sceneNamed(t, "accounts"), sceneNamed(t, "tan-chiptan")}
	}
	for _, r := range shootAll(context.Background(), chosen) {
		if r.err != nil {
			t.Errorf("%s: %v", r.scene.name, r.err)
			continue
		}
		if err := compareFile(r.path(".."), r.png); err != nil {
			t.Errorf("%s: %v", r.scene.name, err)
		}
	}
}

// TestREADMEShowsEveryPicture: the README's Screenshots section embeds
// each scene's picture and names the command that makes them.
func TestREADMEShowsEveryPicture(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	_, section, ok := strings.Cut(text, "## Screenshots")
	if !ok {
		t.Fatal("README has no Screenshots section")
	}
	if next := strings.Index(section, "\n## "); next >= 0 {
		section = section[:next]
	}
	if !strings.Contains(section, "go run ./screenshots/gen") {
		t.Error("the Screenshots section does not name the command")
	}
	for _, sc := range scenes {
		if !strings.Contains(section, "(screenshots/"+sc.name+".png)") {
			t.Errorf("README does not show screenshots/%s.png", sc.name)
		}
	}
	files, _ := filepath.Glob("../*.png")
	if len(files) != len(scenes) {
		t.Errorf("screenshots/ holds %d pictures for %d scenes: remove stale ones", len(files), len(scenes))
	}
}

func TestScenesHaveUniqueNames(t *testing.T) {
	seen := map[string]bool{}
	for _, sc := range scenes {
		if seen[sc.name] || sc.caption == "" || sc.w < 80 || sc.h < 24 {
			t.Errorf("scene %q: duplicate, uncaptioned or smaller than 80×24", sc.name)
		}
		seen[sc.name] = true
	}
}

func TestComparePictures(t *testing.T) {
	encode := func(c color.RGBA) []byte {
		img := image.NewRGBA(image.Rect(0, 0, 4, 4))
		for i := 0; i < len(img.Pix); i += 4 {
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, c.A
		}
		var b bytes.Buffer
		if err := raster.EncodePNG(&b, img); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	base, near, far := encode(color.RGBA{100, 100, 100, 255}), encode(color.RGBA{103, 100, 100, 255}), encode(color.RGBA{140, 100, 100, 255})
	if err := samePixels(base, near, 0); err == nil {
		t.Error("a difference of 3 passed with tolerance 0")
	}
	if err := samePixels(base, near, 8); err != nil {
		t.Errorf("tolerance 8: %v", err)
	}
	if err := samePixels(base, far, 8); err == nil || !strings.Contains(err.Error(), "16 pixels differ") {
		t.Errorf("a real change: %v", err)
	}
	if err := compareFile(filepath.Join(t.TempDir(), "missing.png"), base); err == nil || !strings.Contains(err.Error(), "go run ./screenshots/gen") {
		t.Errorf("missing file: %v", err)
	}
}

func sceneNamed(t *testing.T, name string) scene {
	t.Helper()
	for _, sc := range scenes {
		if sc.name == name {
			return sc
		}
	}
	t.Fatalf("no scene %q", name)
	return scene{}
}
