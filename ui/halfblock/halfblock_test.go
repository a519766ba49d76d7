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
