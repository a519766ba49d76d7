package cli

import (
	"errors"
	"flag"
	"fmt"
	"sort"
	"strings"
	"time"
)

// The flag package's own errors ("flag provided but not defined: -frob",
// "invalid value "x" for flag -timeout: parse error") are Go's wording and
// come with the whole flag list; flagProblem says the same in the
// program's words, names the flag as it is typed (--name) and suggests
// the closest flag for a typo.

// flagProblem rewrites an error of fs.Parse. Errors it does not know are
// returned as they are.
func flagProblem(fs *flag.FlagSet, err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		name = strings.TrimLeft(name, "-")
		s := fmt.Sprintf("unknown flag --%s", name)
		if near := nearestFlag(fs, name); near != "" {
			s += fmt.Sprintf(" (did you mean --%s?)", near)
		}
		return errors.New(s)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		name = strings.TrimLeft(name, "-")
		return fmt.Errorf("--%s needs a value: --%s VALUE (or --%s=VALUE)", name, name, name)
	}
	if rest, ok := strings.CutPrefix(msg, "bad flag syntax: "); ok {
		return fmt.Errorf("%q is not a flag: flags are written --name or --name=value", rest)
	}
	// invalid value "abc" for flag -timeout: parse error
	// invalid boolean value "maybe" for -json: parse error
	// invalid boolean flag json: parse error
	for _, p := range []string{"invalid value ", "invalid boolean value "} {
		rest, ok := strings.CutPrefix(msg, p)
		if !ok {
			continue
		}
		val, after, found := cutQuoted(rest)
		if !found {
			break
		}
		after = strings.TrimPrefix(after, " for ")
		after = strings.TrimPrefix(after, "flag ")
		name, reason, _ := strings.Cut(after, ":")
		name = strings.TrimLeft(name, "-")
		want := expectedValue(fs, name)
		if r := strings.TrimSpace(reason); want == "" && r != "" {
			want = r // the flag's own Set said why
		}
		if want == "" {
			want = "not a valid value"
		}
		return fmt.Errorf("--%s %q: %s", name, val, want)
	}
	return err
}

// expectedValue says what a flag takes, by the type of its value; "" when
// the type does not tell.
func expectedValue(fs *flag.FlagSet, name string) string {
	f := fs.Lookup(name)
	if f == nil {
		return ""
	}
	type boolFlag interface{ IsBoolFlag() bool }
	if b, ok := f.Value.(boolFlag); ok && b.IsBoolFlag() {
		return "a switch takes no value (or =true / =false)"
	}
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return ""
	}
	switch g.Get().(type) {
	case time.Duration:
		return "want a duration such as 90s, 5m or 1h30m"
	case int, int64:
		return "want a whole number, e.g. --" + name + " " + exampleNumber(f)
	case uint, uint64:
		return "want a whole number of 0 or more, e.g. --" + name + " " + exampleNumber(f)
	case float64:
		return "want a number, e.g. --" + name + " 1.5"
	}
	return ""
}

func exampleNumber(f *flag.Flag) string {
	if f.DefValue != "" && f.DefValue != "0" && !strings.HasPrefix(f.DefValue, "-") {
		return f.DefValue
	}
	return "3"
}

// cutQuoted splits `"abc" rest` into abc and " rest".
func cutQuoted(s string) (val, rest string, ok bool) {
	if !strings.HasPrefix(s, `"`) {
		return "", "", false
	}
	// The flag package quotes with %q; find the closing quote that is not
	// escaped.
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			v := s[:i+1]
			var out string
			if _, err := fmt.Sscanf(v, "%q", &out); err != nil {
				out = v[1 : len(v)-1]
			}
			return out, s[i+1:], true
		}
	}
	return "", "", false
}

// nearestFlag is the defined flag closest to a mistyped name: one that
// starts with it (--pin for --pin-stdin) or is at most two edits away.
func nearestFlag(fs *flag.FlagSet, name string) string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	return nearest(name, names)
}

// nearest returns the candidate closest to s, or "" if none is close.
func nearest(s string, candidates []string) string {
	sort.Strings(candidates)
	if s == "" {
		return ""
	}
	for _, c := range candidates {
		if strings.HasPrefix(c, s) && len(s) >= 3 {
			return c
		}
	}
	best, bestD := "", 3
	for _, c := range candidates {
		if d := editDistance(strings.ToLower(s), c); d < bestD {
			best, bestD = c, d
		}
	}
	if bestD > len(s)/2 {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance, for names of a few dozen
// characters.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
