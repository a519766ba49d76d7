package ui

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"saldo/fints/challenge"
	"saldo/fints/secret"
	"saldo/theme"
	"saldo/ui/flicker"
)

// tanModal asks for the TAN of a challenge: text, the flicker code or the
// photoTAN image, masked input, and a switch to another TAN method.
type tanModal struct {
	modalBase
	req   tanRequestMsg
	input textinput.Model
	err   string

	flick    *flicker.Model
	flickGen int
	visual   visual // image or flicker problems and the image itself

	choices  []methodChoice
	choosing bool // the method list has the focus
	mcursor  int
	saved    string // where the image was saved
}

type flickerTickMsg struct{ gen int }

func newTANModal(c *Context, req tanRequestMsg) *tanModal {
	m := &tanModal{modalBase: newModalBase(c, req.job, true), req: req, input: newSecretInput(c.Theme, "TAN")}
	if n := req.c.Method.MaxTANLen; n > 0 {
		m.input.CharLimit = n
	}
	m.input.Focus()
	if req.c.Flicker != nil {
		frames, err := c.FlickerFrames(req.c.Flicker)
		if err != nil {
			m.visual.err = "The flicker code cannot be shown (" + err.Error() + "). Use chipTAN manual with the start code: " + req.c.Flicker.StartCode
		} else {
			m.flick = flicker.New(frames)
			m.flickGen = c.nextSeq()
		}
	}
	if req.c.Image != nil {
		m.visual.load(req.c.Image)
	}
	if opts, err := c.Backend.TANMethods(req.login); err == nil {
		m.choices = methodChoices(opts)
	}
	return m
}

// defaultFlickerFrames decodes flicker frames with fints/challenge.
func defaultFlickerFrames(f *challenge.Flicker) ([]flicker.Frame, error) {
	frames, err := f.Frames()
	if err != nil {
		return nil, err
	}
	out := make([]flicker.Frame, len(frames))
	for i, fr := range frames {
		out[i] = flicker.Frame(fr)
	}
	return out, nil
}

func (m *tanModal) Init() tea.Cmd { return m.flickerTick() }

// flickerTick schedules the next frame. Each timer carries a generation
// unique in the program; changing the speed starts a new generation, so the
// old timer's tick is ignored and the animation never runs twice.
func (m *tanModal) flickerTick() tea.Cmd {
	if m.flick == nil {
		return nil
	}
	gen := m.flickGen
	return tea.Tick(m.flick.Interval(), func(time.Time) tea.Msg { return flickerTickMsg{gen} })
}

func (m *tanModal) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case flickerTickMsg:
		if msg.gen != m.flickGen || m.closed || m.flick == nil {
			return nil
		}
		m.flick.Advance()
		return m.flickerTick()
	case themeChangedMsg:
		styleInput(&m.input, m.c.Theme)
		return nil
	case tea.KeyPressMsg:
		if m.absorb(msg) {
			return nil
		}
		if m.choosing {
			return m.chooseKey(msg)
		}
		return m.key(msg)
	}
	return nil
}

func (m *tanModal) key(k tea.KeyPressMsg) tea.Cmd {
	switch k.String() {
	case "enter":
		return m.submit()
	case "esc":
		m.req.p.answer(secret.Value{}, ErrCancelled)
		m.close()
		return nil
	case "tab":
		if len(m.choices) > 1 {
			m.choosing = true
			m.mcursor = max(m.currentChoice(), 0)
		}
		return nil
	case "ctrl+s":
		if m.visual.img != nil {
			m.saved, m.err = m.visual.save(m.c, m.c.SaveDir)
		}
		return nil
	}
	if m.flick != nil {
		changed := false
		switch k.String() {
		case "+", "=":
			changed = m.flick.Bigger()
		case "-":
			changed = m.flick.Smaller()
		case "up":
			changed = m.flick.Faster()
		case "down":
			changed = m.flick.Slower()
		}
		if changed {
			if k.String() == "up" || k.String() == "down" {
				m.flickGen = m.c.nextSeq() // restart the timer at the new speed
				return m.flickerTick()
			}
			return nil
		}
		if k.String() == "up" || k.String() == "down" || k.String() == "+" || k.String() == "-" {
			return nil
		}
	}
	if m.req.c.Method.NumericTAN && k.Text != "" && strings.IndexFunc(k.Text, func(r rune) bool { return !unicode.IsDigit(r) }) >= 0 {
		m.err = "This TAN has digits only."
		return nil
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(k)
	m.err = ""
	return cmd
}

func (m *tanModal) submit() tea.Cmd {
	v := strings.TrimSpace(m.input.Value())
	if v == "" {
		m.err = "Type the TAN shown by your TAN generator or app."
		return nil
	}
	m.input.Reset()
	m.req.p.answer(secret.New(v), nil)
	m.close()
	return nil
}

func (m *tanModal) Title() string { return "TAN" }

func (m *tanModal) Keys() []key.Binding {
	if m.choosing {
		return []key.Binding{keys.Up, keys.Down, helpBinding("enter", "use method"), helpBinding("esc", "back")}
	}
	ks := []key.Binding{helpBinding("enter", "send TAN"), helpBinding("esc", "cancel")}
	if m.flick != nil {
		ks = append(ks, helpBinding("+/-", "size"), helpBinding("↑/↓", "speed"))
	}
	if m.visual.img != nil {
		ks = append(ks, helpBinding("ctrl+s", "save PNG"))
	}
	if len(m.choices) > 1 {
		ks = append(ks, helpBinding("tab", "other method"))
	}
	return ks
}

func (m *tanModal) View() string {
	th := m.c.Theme
	ch := m.req.c
	w := min(m.w, 76)
	var top []string
	op := ch.Operation
	if op == "" {
		op = "Authorisation"
	}
	top = append(top, m.title("TAN required · "+vtablePlain(op)))
	method := vtablePlain(ch.Method.Name)
	if method == "" {
		method = ch.Method.Kind.String()
	}
	if ch.Medium != "" {
		method += " · " + vtablePlain(ch.Medium)
	}
	top = append(top, th.Fg(theme.Muted).Render(method))
	if ch.Attempt >= 2 {
		top = append(top, "", th.Fg(theme.Warning).Render(wrap(fmt.Sprintf("The bank rejected the previous TAN (attempt %d). Check the TAN carefully: after several wrong TANs the bank cancels the order.", ch.Attempt), w)))
	}
	if t := strings.TrimSpace(ch.Text); t != "" {
		top = append(top, "", th.Fg(theme.Text).Render(wrap(vtablePlain(t), w)))
	}
	bottom := m.bottom(w)
	// whatever room is left goes to the flicker code or the image
	room := m.h - strings.Count(strings.Join(top, "\n"), "\n") - strings.Count(bottom, "\n") - 4
	mid := m.middle(w, room)
	parts := append(top, "")
	if mid != "" {
		parts = append(parts, mid, "")
	}
	return strings.Join(append(parts, bottom), "\n")
}

// middle renders the flicker code, the image or the method list.
func (m *tanModal) middle(w, room int) string {
	th := m.c.Theme
	switch {
	case m.choosing:
		return m.choiceList(w)
	case m.flick != nil:
		m.flick.FitSize(w, room-1)
		bars := m.flick.View(m.paintBar)
		info := th.Fg(theme.Muted).Render(fmt.Sprintf("%d Hz · size %d · hold your TAN generator to the bars", m.flick.Hz(), m.flick.Size()))
		return bars + "\n" + info
	case m.visual.img != nil || m.visual.err != "":
		return m.visual.view(th, m.c.ImageColor, w, room)
	}
	return ""
}

// paintBar draws flicker bars: background colour where colours work, block
// characters otherwise (on a dark terminal a block is the light part).
func (m *tanModal) paintBar(light bool, n int) string {
	th := m.c.Theme
	if th.Palette.Mono {
		if light == th.Dark {
			return strings.Repeat("█", n)
		}
		return strings.Repeat(" ", n)
	}
	if light {
		return th.FlickerOn.Render(strings.Repeat(" ", n))
	}
	return th.FlickerOff.Render(strings.Repeat(" ", n))
}

func (m *tanModal) bottom(w int) string {
	th := m.c.Theme
	lines := []string{field(th, "TAN", 4, !m.choosing, m.input.View(), "", theme.Muted)}
	switch {
	case m.err != "":
		lines = append(lines, th.Fg(theme.Error).Render(wrap(m.err, w)))
	case m.saved != "":
		lines = append(lines, th.Fg(theme.Positive).Render(wrap("Image saved to "+m.saved, w)))
	}
	if !m.req.c.ExpiresAt.IsZero() {
		left := m.req.c.ExpiresAt.Sub(m.c.Now())
		if left > 0 {
			lines = append(lines, th.Fg(theme.Muted).Render("valid until "+m.c.Locale.Time(m.req.c.ExpiresAt)))
		}
	}
	return strings.Join(lines, "\n")
}

// Dismiss implements Modal.
func (m *tanModal) Dismiss() {
	m.req.p.answer(secret.Value{}, ErrQuitting)
	m.close()
}
