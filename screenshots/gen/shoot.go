package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"saldo/screenshots/raster"
)

// result is one rendered scene.
type result struct {
	scene scene
	png   []byte
	frame string // the styled frame the picture was drawn from
	took  time.Duration
	err   error
}

func (r result) path(dir string) string { return filepath.Join(dir, r.scene.name+".png") }

// parallel is how many scenes run at once. They mostly wait (for the
// demo app's status polls and quiet periods), so more than the CPUs.
const parallel = 5

// shootAll renders the scenes, a few at a time.
func shootAll(ctx context.Context, scs []scene) []result {
	results := make([]result, len(scs))
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	for i, sc := range scs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i] = shoot(ctx, sc)
		}()
	}
	wg.Wait()
	return results
}

// shoot runs one scene in a fresh demo and renders the settled frame.
func shoot(ctx context.Context, sc scene) result {
	start := time.Now()
	r := result{scene: sc}
	s, err := newSession(ctx, sc.w, sc.h)
	if err != nil {
		r.err = err
		return r
	}
	defer s.close()
	sc.run(s)
	frame, err := s.stable()
	if err != nil {
		r.err = err
		return r
	}
	r.frame = frame
	rr, err := raster.New(rasterOptions())
	if err != nil {
		r.err = err
		return r
	}
	r.png, r.err = rr.PNG(frame, sc.w, sc.h)
	r.took = time.Since(start)
	return r
}

// rasterOptions is the look of every picture: saldo's dark theme in a
// window titled like the terminal tab would be.
func rasterOptions() raster.Options {
	o := raster.DefaultOptions()
	o.Title = "saldo --demo"
	return o
}

// compareFile checks that the PNG at path shows the same picture as want.
func compareFile(path string, want []byte) error {
	have, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("reading the committed picture: %w (regenerate: go run ./screenshots/gen)", err)
	}
	if bytes.Equal(have, want) {
		return nil
	}
	return samePixels(have, want, pixelTolerance())
}

// samePixels compares two PNGs pixel by pixel; tol is the largest channel
// difference accepted.
func samePixels(a, b []byte, tol int) error {
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		return fmt.Errorf("the committed picture is no valid PNG: %w", err)
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("the fresh picture is no valid PNG: %w", err)
	}
	if ia.Bounds() != ib.Bounds() {
		return fmt.Errorf("size %v, fresh render %v: regenerate with go run ./screenshots/gen", ia.Bounds().Size(), ib.Bounds().Size())
	}
	var n int
	var box image.Rectangle
	for y := ia.Bounds().Min.Y; y < ia.Bounds().Max.Y; y++ {
		for x := ia.Bounds().Min.X; x < ia.Bounds().Max.X; x++ {
			if channelDiff(ia.At(x, y), ib.At(x, y)) > tol {
				n++
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	if n > 0 {
		return fmt.Errorf("%d pixels differ (within %v): the picture is out of date; regenerate with go run ./screenshots/gen", n, box)
	}
	return nil
}

func channelDiff(a, b interface{ RGBA() (r, g, b, a uint32) }) int {
	ar, ag, ab, aa := a.RGBA()
	br, bg, bb, ba := b.RGBA()
	d := 0
	for _, p := range [][2]uint32{{ar, br}, {ag, bg}, {ab, bb}, {aa, ba}} {
		d = max(d, abs(int(p[0]>>8)-int(p[1]>>8)))
	}
	return d
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// pixelTolerance is 0 where the committed pictures were made (amd64
// without FMA). Elsewhere the font rasteriser's float32 maths may be
// fused into FMA instructions and shift anti-aliased edges by a level or
// two; the text, colours and geometry must still match.
func pixelTolerance() int {
	if runtime.GOARCH != "amd64" {
		return 8
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "GOAMD64" && s.Value != "v1" && s.Value != "v2" {
				return 8
			}
		}
	}
	return 0
}
