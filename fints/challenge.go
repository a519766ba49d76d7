package fints

import (
	"time"

	"saldo/fints/challenge"
	"saldo/fints/wire"
)

// berlin is the zone banks write times in; UTC+1 is the fallback when the
// system has no zone database.
var berlin = func() *time.Location {
	if l, err := time.LoadLocation("Europe/Berlin"); err == nil {
		return l
	}
	return time.FixedZone("CET", 3600)
}()

// challengeFrom builds the Prompter's view of an HITAN (§5.3, §10.1): the
// machine-readable part from #6 (flicker or image) or embedded in the
// text, the text without markup, the medium and the expiry.
func challengeFrom(hitan *wire.Segment, m TANMethod, op, medium string) Challenge {
	ch := Challenge{Method: m, Operation: op, Medium: medium}
	if hitan == nil {
		return ch
	}
	if v := hitan.Str(8); v != "" {
		ch.Medium = v
	}
	text := hitan.Str(5)
	if text == "nochallenge" {
		text = ""
	}
	if hhduc := hitan.Group(6).At(1); !hhduc.IsEmpty() {
		raw := hhduc.Bytes()
		if raw == nil {
			raw = []byte(hhduc.Str())
		}
		switch {
		case challenge.IsImage(raw) || m.Kind == TANImage:
			if img, err := challenge.DecodeImage(raw); err == nil {
				ch.Image = img
			}
		default:
			if f, err := challenge.ParseHHDUC(string(raw)); err == nil {
				ch.Flicker = f
			}
		}
	}
	if ch.Flicker == nil && ch.Image == nil {
		if f, img, user, err := challenge.ExtractEmbedded(text); err == nil {
			ch.Flicker, ch.Image = f, img
			if f != nil || img != nil {
				text = user
			}
		}
	}
	ch.Text = challenge.PlainText(text)
	if g := hitan.Group(7); g.Str(1) != "" {
		if d, err := wire.ParseDate(g.Str(1)); err == nil {
			clock := wire.Clock{Hour: 23, Minute: 59, Second: 59}
			if c, err := wire.ParseClock(g.Str(2)); err == nil {
				clock = c
			}
			ch.ExpiresAt = wire.At(d, clock, berlin)
		}
	}
	return ch
}
