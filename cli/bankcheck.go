package cli

import (
	"fmt"
	"strings"

	"saldo/fints"
	"saldo/fints/statement"
)

// Checks of the bank commands' flags that can be made before the vault
// is unlocked or the PIN is asked for: a typo should not cost a PIN
// entry, and a wrong PIN attempt counts towards the bank's lock.

// check validates the flags that need no bank.
func (f *bankFlags) check() error {
	if f.timeout <= 0 {
		return fmt.Errorf("%w: --timeout %s: give a time limit above zero, e.g. 5m (it includes typing the TAN)", ErrUsage, f.timeout)
	}
	if b := strings.ReplaceAll(strings.TrimSpace(f.blz), " ", ""); b != "" {
		if !isDigits(b, 8) {
			return fmt.Errorf("%w: --blz %q: a German bank code (Bankleitzahl) has 8 digits, e.g. 70066000", ErrUsage, f.blz)
		}
		f.blz = b
	}
	if m := strings.TrimSpace(f.tanMethod); m != "" && !isSecurityFunction(m) {
		return fmt.Errorf("%w: --tan-method %q: give the bank's three-digit code of the method, e.g. 942 (the bank's methods are listed in the TAN prompt and by the app)", ErrUsage, f.tanMethod)
	}
	return nil
}

// isSecurityFunction tells a FinTS security function code: three digits
// (900–997 for two-step methods).
func isSecurityFunction(s string) bool { return isDigits(s, 3) }

// isDigits tells whether s is n ASCII digits.
func isDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// offeredMethods lists the bank's TAN methods for messages:
// "946 Demo-App (Freigabe), 942 SMS-TAN".
func offeredMethods(methods []fints.TANMethod) string {
	parts := make([]string, 0, len(methods))
	for _, m := range methods {
		parts = append(parts, strings.TrimSpace(m.Code+" "+m.Name))
	}
	return strings.Join(parts, ", ")
}

// chooseTANMethod applies --tan-method before the PIN when the bank's
// methods are already known (from a saved state). The engine would
// otherwise fall back to another method without a word; the person asked
// for this one.
func (f *bankFlags) chooseTANMethod(c *fints.Client) error {
	want := strings.TrimSpace(f.tanMethod)
	if want == "" {
		return nil
	}
	methods, _ := c.TANMethods()
	if len(methods) == 0 {
		return nil // first contact: checked after the command (warnTANMethod)
	}
	if err := c.SetTANMethod(want, strings.TrimSpace(f.tanMedium)); err != nil {
		return fmt.Errorf("%w: --tan-method %s: this bank does not offer it for this login; it offers %s", ErrUsage, want, offeredMethods(methods))
	}
	return nil
}

// tanMethodIgnored tells whether --tan-method named a method the bank
// turned out not to offer (known only after the first contact), with the
// ones it does offer.
func tanMethodIgnored(f *bankFlags, c *fints.Client) (bool, string) {
	want := strings.TrimSpace(f.tanMethod)
	if want == "" || c == nil {
		return false, ""
	}
	methods, _ := c.TANMethods()
	if len(methods) == 0 {
		return false, ""
	}
	for _, m := range methods {
		if m.Code == want {
			return false, ""
		}
	}
	return true, offeredMethods(methods)
}

// warnTANMethod reports a --tan-method that was not used.
func warnTANMethod(env *Env, f *bankFlags, c *fints.Client) {
	if ignored, offered := tanMethodIgnored(f, c); ignored {
		_, cur := c.TANMethods()
		fmt.Fprintf(env.Stderr, "warning: --tan-method %s is not offered by this bank for this login, so %s was used; it offers %s\n", strings.TrimSpace(f.tanMethod), orDash(cur), offered)
	}
}

// parseDateFlag reads a --from/--to/--date value.
func parseDateFlag(name, v string) (statement.Date, error) {
	d, err := statement.ParseDate(strings.TrimSpace(v))
	if err != nil {
		return d, fmt.Errorf("%w: --%s %q is not a date: write it as YYYY-MM-DD, e.g. %s", ErrUsage, name, v, statement.Today().AddDays(-30))
	}
	return d, nil
}

// checkFrom refuses a first booking day in the future: no bank has
// bookings there, and asking costs a login.
func checkFrom(from statement.Date) error {
	if today := statement.Today(); !from.IsZero() && from.After(today) {
		return fmt.Errorf("%w: --from %s is in the future (today is %s): there are no bookings yet", ErrUsage, from, today)
	}
	return nil
}

// printNewline ends a prompt line when its answer could not be read, so
// the error does not run on after "TAN: ".
func printNewline(env *Env) { fmt.Fprintln(env.Stderr) }
