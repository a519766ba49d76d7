// Package flicker draws a chipTAN optical ("flicker") code in a terminal:
// five bars (clock and four data bits) that a TAN generator held against the
// screen reads. It only animates frames; decoding the bank's challenge into
// frames is the job of fints/challenge.
package flicker

import (
	"strings"
	"time"
)

// Frame is one step of the code: clock, bit 0 … bit 3; true = light.
type Frame [5]bool

// Speeds are the selectable frame rates in Hz. HHD devices are specified
// for 2–20 Hz; faster settings help only with good terminals.
var Speeds = []int{2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40}

const (
	defaultSpeed = 6 // index into Speeds: 10 Hz
	MinSize      = 1
	MaxSize      = 10
	defaultSize  = 4
)

// Model is the animation state. The zero value is not usable; call New.
type Model struct {
	frames []Frame
	pos    int
	speed  int // index into Speeds
	size   int // as drawn
	// want is the size the person chose; a small window draws less and a
	// larger one brings it back (a resize must not lose the choice).
	want    int
	clamped bool // the last FitSize drew smaller than want
}

// New starts an animation of frames at 10 Hz and a medium size.
func New(frames []Frame) *Model {
	return &Model{frames: frames, speed: defaultSpeed, size: defaultSize, want: defaultSize}
}

// Len is the number of frames in one loop.
func (m *Model) Len() int { return len(m.frames) }

// Pos is the index of the frame shown.
func (m *Model) Pos() int { return m.pos }

// Current is the frame shown (all dark when there are no frames).
func (m *Model) Current() Frame {
	if len(m.frames) == 0 {
		return Frame{}
	}
	return m.frames[m.pos]
}

// Advance moves to the next frame, looping forever: the person holds the
// generator until it beeps.
func (m *Model) Advance() {
	if len(m.frames) > 0 {
		m.pos = (m.pos + 1) % len(m.frames)
	}
}

// Hz is the current frame rate.
func (m *Model) Hz() int { return Speeds[m.speed] }

// Interval is how long each frame is shown.
func (m *Model) Interval() time.Duration { return time.Second / time.Duration(m.Hz()) }

// Faster and Slower step through Speeds; they report whether anything changed.
func (m *Model) Faster() bool { return m.setSpeed(m.speed + 1) }
func (m *Model) Slower() bool { return m.setSpeed(m.speed - 1) }

func (m *Model) setSpeed(i int) bool {
	if i < 0 || i >= len(Speeds) {
		return false
	}
	m.speed = i
	return true
}

// Size is the size level, MinSize…MaxSize.
func (m *Model) Size() int { return m.size }

// Bigger and Smaller change the size level; they report whether anything changed.
// Bigger does nothing while the window already limits the size.
func (m *Model) Bigger() bool {
	if m.clamped {
		return false
	}
	return m.setSize(m.size + 1)
}
func (m *Model) Smaller() bool { return m.setSize(m.size - 1) }

func (m *Model) setSize(s int) bool {
	if s < MinSize || s > MaxSize {
		return false
	}
	m.size, m.want, m.clamped = s, s, false
	return true
}

// Geometry returns the bar width and gap in cells and the bar height in
// rows for the current size. Terminal cells are about twice as tall as wide,
// so bars get roughly square-ish proportions of a real flicker field.
func (m *Model) Geometry() (barWidth, gap, height int) {
	barWidth = m.size + 2
	gap = max(1, barWidth/3)
	height = max(2, (m.size+3)*2/3)
	return
}

// Width is the total width of the drawing in cells.
func (m *Model) Width() int {
	bw, gap, _ := m.Geometry()
	return 5*bw + 4*gap
}

// FitSize draws at the chosen size, lowered until the drawing fits
// width×height (markers included); it never goes below MinSize.
func (m *Model) FitSize(width, height int) {
	m.size, m.clamped = m.want, false
	for m.size > MinSize {
		_, _, h := m.Geometry()
		if m.Width() <= width && h+1 <= height {
			return
		}
		m.size--
		m.clamped = true
	}
}

// Painter draws a run of n cells either light or dark. The caller decides
// how (background colours, or block characters without colour).
type Painter func(light bool, n int) string

// View draws the marker line and the bars of the current frame.
func (m *Model) View(paint Painter) string {
	bw, gap, h := m.Geometry()
	var b strings.Builder
	// Markers over the first and last bar show where the generator's
	// arrows belong.
	mark := strings.Repeat(" ", bw/2) + "▼" + strings.Repeat(" ", bw-bw/2-1)
	b.WriteString(mark)
	b.WriteString(strings.Repeat(" ", 3*bw+4*gap))
	b.WriteString(mark)
	f := m.Current()
	row := m.row(f, bw, gap, paint)
	for i := 0; i < h; i++ {
		b.WriteByte('\n')
		b.WriteString(row)
	}
	return b.String()
}

func (m *Model) row(f Frame, bw, gap int, paint Painter) string {
	var b strings.Builder
	for i, light := range f {
		if i > 0 {
			b.WriteString(paint(false, gap))
		}
		b.WriteString(paint(light, bw))
	}
	return b.String()
}
