package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Messages for files named on the command line: which file, what is wrong
// with it, and what to do — not the system call that failed.

// inputProblem explains why a statement file could not be read.
func inputProblem(path string, err error) error {
	if st, serr := os.Stat(path); serr == nil && st.IsDir() {
		return fmt.Errorf("%s is a directory: name the statement files in it, e.g. %s", path, filepath.Join(path, "*.sta"))
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: no such file (check the name and the folder)", path)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("%s: no permission to read this file", path)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: cannot read it: %v", path, pe.Err)
	}
	return fmt.Errorf("%s: cannot read it: %w", path, err)
}

// outputProblem checks an --out path before anything is written, so the
// message names the path given and not a temporary file beside it.
func outputProblem(path string) error { return outputFlagProblem("--out", path) }

// outputFlagProblem checks a path a flag names for a file saldo writes.
func outputFlagProblem(flagName, path string) error {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("%s %s is a directory: name a file in it, e.g. %s", flagName, path, filepath.Join(path, exampleName(flagName)))
	}
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s %s: the folder %s does not exist; create it first or choose another place", flagName, path, dir)
	case err != nil:
		return fmt.Errorf("%s %s: cannot use the folder %s: %v", flagName, path, dir, unwrapPath(err))
	case !st.IsDir():
		return fmt.Errorf("%s %s: %s is a file, not a folder", flagName, path, dir)
	}
	return nil
}

func exampleName(flagName string) string {
	switch flagName {
	case "--state":
		return "saldo-state"
	case "--pause":
		return "paused.json"
	}
	return "bookings.csv"
}

// writeProblem explains a failed write of --out; nothing was replaced.
func writeProblem(path string, err error) error {
	if errors.Is(err, fs.ErrPermission) {
		return fmt.Errorf("--out %s: no permission to write there; nothing was written", path)
	}
	return fmt.Errorf("--out %s: %v; nothing was written", path, unwrapPath(err))
}

// unwrapPath drops the *fs.PathError wrapper, whose text repeats a path
// (often a temporary one) and the system call.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// appendFileProblem explains why a file a flag names for appending
// (--trace, --log) could not be opened.
func appendFileProblem(flagName, path string, err error) error {
	if st, serr := os.Stat(path); serr == nil && st.IsDir() {
		return fmt.Errorf("%s %s is a directory: name a file, e.g. %s", flagName, path, filepath.Join(path, "saldo.log"))
	}
	dir := filepath.Dir(path)
	if _, serr := os.Stat(dir); errors.Is(serr, fs.ErrNotExist) {
		return fmt.Errorf("%s %s: the folder %s does not exist; create it first or choose another place", flagName, path, dir)
	}
	if errors.Is(err, fs.ErrPermission) {
		return fmt.Errorf("%s %s: no permission to write there", flagName, path)
	}
	return fmt.Errorf("%s %s: %v", flagName, path, unwrapPath(err))
}
