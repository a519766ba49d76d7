package halfblock

import (
	"image"
	"image/color"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// checker returns a w×h image of m×m black/white modules, starting black.
func checker(w, h, m int) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if (x/m+y/m)%2 == 1 {
				img.SetGray(x, y, color.Gray{255})
			}
		}
	}
	return img
}

func TestFit(t *testing.T) {
	tests := []struct{ w, h, cols, rows, want int }{
		{21, 21, 80, 20, 1},    // fits as is, enlarging would overflow the rows
		{21, 21, 80, 40, 3},    // enlarge 3× (63 px wide, 32 rows)
		{200, 200, 80, 20, -5}, // shrink
		{10, 10, 0, 5, 0},
	}
	for _, tc := range tests {
		if got := Fit(tc.w, tc.h, tc.cols, tc.rows); got != tc.want {
			t.Errorf("Fit(%d,%d,%d,%d) = %d, want %d", tc.w, tc.h, tc.cols, tc.rows, got, tc.want)
		}
	}
}

func TestMonoRender(t *testing.T) {
	img := checker(4, 4, 1) // row 0: B W B W, row 1: W B W B ...
	got := Render(img, 4, 2, MonoLight)
	want := "▄▀▄▀\n▄▀▄▀"
	if got != want {
		t.Fatalf("MonoLight:\n%s\nwant\n%s", got, want)
	}
	if inv := Render(img, 4, 2, MonoDark); inv != "▀▄▀▄\n▀▄▀▄" {
		t.Fatalf("MonoDark:\n%s", inv)
	}
}

func TestShrinkKeepsModules(t *testing.T) {
	// 8×8 modules of 10 px; shrinking by 10 must give a clean 8×8 checker.
	img := checker(80, 80, 10)
	got := Render(img, 8, 4, MonoLight)
	if got != strings.Repeat("▄▀▄▀▄▀▄▀\n", 3)+"▄▀▄▀▄▀▄▀" {
		t.Fatalf("shrunk:\n%s", got)
	}
	if w, h := Size(img, 8, 4); w != 8 || h != 4 {
		t.Fatalf("Size %d×%d", w, h)
	}
}

func TestColorRenderIsSized(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 30, 17)) // transparent: drawn as white
	img.Set(0, 0, color.NRGBA{255, 0, 0, 255})
	out := Render(img, 40, 20, Color)
	lines := strings.Split(out, "\n")
	if len(lines) != 9 {
		t.Fatalf("%d rows for 17 px", len(lines))
	}
	for _, l := range lines {
		if w := ansi.StringWidth(l); w != 30 {
			t.Fatalf("row width %d", w)
		}
	}
	if !strings.HasPrefix(out, "\x1b[38;2;255;0;0;48;2;255;255;255m▀") {
		t.Fatalf("first cell %q", out[:40])
	}
	if Render(img, 0, 0, Color) != "" {
		t.Fatal("zero area drew something")
	}
}

func TestModule(t *testing.T) {
	tests := []struct {
		img  image.Image
		want int
	}{
		{checker(80, 80, 10), 10},
		{checker(21, 21, 1), 1},
		{checker(36, 36, 12), 12},
		{image.NewGray(image.Rect(0, 0, 5, 5)), 5}, // one colour: any scale is clean
	}
	for i, tc := range tests {
		if got := Module(tc.img); got != tc.want {
			t.Errorf("%d: Module = %d, want %d", i, got, tc.want)
		}
	}
}

// TestScaleNeverBlurs: shrinking only by divisors of the module size, and
// not at all below one pixel per module.
func TestScaleNeverBlurs(t *testing.T) {
	tests := []struct{ w, h, cols, rows, module, want int }{
		{288, 288, 70, 30, 12, -6},  // Fit says 5 (58 px); 6 divides 12
		{288, 288, 70, 12, 12, -12}, // 24 px: one pixel per module
		{288, 288, 70, 10, 12, 0},   // 20 px would merge modules: refuse
		{21, 21, 80, 40, 1, 3},      // enlarging is always clean
		{200, 200, 80, 20, 1, 0},    // a photo-like image cannot shrink cleanly
	}
	for _, tc := range tests {
		if got := Scale(tc.w, tc.h, tc.cols, tc.rows, tc.module); got != tc.want {
			t.Errorf("Scale(%d,%d,%d,%d,%d) = %d, want %d", tc.w, tc.h, tc.cols, tc.rows, tc.module, got, tc.want)
		}
	}
	img := checker(36, 36, 12)
	// 3×3 modules of 12 px into 3×2 cells: one pixel per module, the odd
	// last row padded white (the quiet zone)
	if out := RenderAt(img, Scale(36, 36, 3, 2, Module(img)), MonoLight); out != "▄▀▄\n▄█▄" {
		t.Fatalf("3×3 modules at one pixel each:\n%s", out)
	}
	if w, h := SizeAt(img, 0); w != 0 || h != 0 {
		t.Fatalf("SizeAt(0) = %d×%d", w, h)
	}
}
