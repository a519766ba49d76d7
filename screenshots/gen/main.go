// Command gen renders the screenshots in screenshots/ from the demo bank:
//
//	go run ./screenshots/gen            # write every picture
//	go run ./screenshots/gen -check     # fail if a picture is out of date
//	go run ./screenshots/gen -run tan   # only scenes whose name matches
//
// Each scene starts its own demo bank with a frozen clock, a fixed history
// seed and a fixed TAN source, drives saldo's real UI over the real backend
// with key presses, and rasterises the settled frame. The same code gives
// the same bytes.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"regexp"

	_ "time/tzdata" // the frozen clock is in Europe/Berlin on every machine
)

func main() {
	out := flag.String("out", "screenshots", "directory for the PNG files")
	run := flag.String("run", "", "only scenes whose name matches this regular expression")
	check := flag.Bool("check", false, "compare with the files in -out instead of writing them")
	flag.Parse()
	if err := generate(context.Background(), *out, *run, *check); err != nil {
		fmt.Fprintln(os.Stderr, "screenshots:", err)
		os.Exit(1)
	}
}

func generate(ctx context.Context, dir, pattern string, check bool) error {
	re, err := regexp.Compile(pattern)
	if err != nil {
		return fmt.Errorf("-run: %w", err)
	}
	var chosen []scene
	for _, sc := range scenes {
		if re.MatchString(sc.name) {
			chosen = append(chosen, sc)
		}
	}
	if len(chosen) == 0 {
		return fmt.Errorf("no scene matches %q", pattern)
	}
	if !check {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("creating %s: %w", dir, err)
		}
	}
	results := shootAll(ctx, chosen)
	var failed int
	for _, r := range results {
		if r.err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", r.scene.name, r.err)
			failed++
			continue
		}
		path := r.path(dir)
		if check {
			if err := compareFile(path, r.png); err != nil {
				fmt.Fprintf(os.Stderr, "%s: %v\n", r.scene.name, err)
				failed++
			}
			continue
		}
		if err := os.WriteFile(path, r.png, 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
		fmt.Printf("%s  %d bytes  %s\n", path, len(r.png), r.took.Round(1e7))
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d scenes failed", failed, len(results))
	}
	return nil
}
