package flicker

import (
	"strings"
	"testing"
	"time"
)

func ascii(light bool, n int) string {
	if light {
		return strings.Repeat("#", n)
	}
	return strings.Repeat(".", n)
}

func TestAnimationLoops(t *testing.T) {
	frames := []Frame{{true, true, true, true, true}, {false, true, true, true, true}, {true, false, false, false, false}}
	m := New(frames)
	var seen []Frame
	for i := 0; i < 4; i++ {
		seen = append(seen, m.Current())
		m.Advance()
	}
	if seen[0] != frames[0] || seen[1] != frames[1] || seen[2] != frames[2] || seen[3] != frames[0] {
		t.Fatalf("frames %v", seen)
	}
	if New(nil).Current() != (Frame{}) {
		t.Fatal("empty animation not dark")
	}
}

func TestSpeedAndSize(t *testing.T) {
	m := New(nil)
	if m.Hz() != 10 || m.Interval() != 100*time.Millisecond {
		t.Fatalf("default %d Hz", m.Hz())
	}
	for m.Faster() {
	}
	if m.Hz() != 40 {
		t.Fatalf("max %d Hz", m.Hz())
	}
	for m.Slower() {
	}
	if m.Hz() != 2 || m.Interval() != 500*time.Millisecond {
		t.Fatalf("min %d Hz", m.Hz())
	}
	prevW := 0
	for m.Smaller() {
	}
	for {
		if m.Width() <= prevW {
			t.Fatalf("size %d not wider than the previous", m.Size())
		}
		prevW = m.Width()
		if !m.Bigger() {
			break
		}
	}
	if m.Size() != MaxSize {
		t.Fatalf("max size %d", m.Size())
	}
	m.FitSize(40, 8)
	if _, _, h := m.Geometry(); m.Width() > 40 || h+1 > 8 {
		t.Fatalf("FitSize left width %d height %d", m.Width(), h+1)
	}
}

// TestFitSizeKeepsChoice: a window made small and large again draws the
// chosen size again; while the window limits it, bigger does nothing.
func TestFitSizeKeepsChoice(t *testing.T) {
	m := New([]Frame{{true, false, true, false, true}})
	for m.Size() < 6 {
		m.Bigger()
	}
	m.FitSize(200, 100)
	if m.Size() != 6 {
		t.Fatalf("roomy window: size %d, want 6", m.Size())
	}
	m.FitSize(30, 6)
	small := m.Size()
	if small >= 6 {
		t.Fatalf("small window: size %d not lowered", small)
	}
	if m.Bigger() || m.Size() != small {
		t.Fatalf("bigger changed a size the window limits: %d", m.Size())
	}
	m.FitSize(200, 100)
	if m.Size() != 6 {
		t.Fatalf("window enlarged again: size %d, want the chosen 6", m.Size())
	}
	if !m.Smaller() || m.Size() != 5 {
		t.Fatalf("smaller: %d", m.Size())
	}
	m.FitSize(200, 100)
	if m.Size() != 5 {
		t.Fatalf("after smaller: size %d, want 5", m.Size())
	}
}

func TestView(t *testing.T) {
	m := New([]Frame{{true, false, true, false, true}})
	for m.Smaller() {
	}
	// size 1: bars 3 wide, gap 1, 2 rows high
	want := " ▼               ▼ \n" +
		"###.....###.....###\n" +
		"###.....###.....###"
	if got := m.View(ascii); got != want {
		t.Fatalf("View:\n%s\nwant:\n%s", got, want)
	}
}
