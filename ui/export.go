package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"saldo/fints/statement"
	"saldo/theme"
)

// export asks for a format, then for the file name, and writes exactly the
// rows of the current view.
func (s *statementScreen) export() tea.Cmd {
	formats := s.c.Backend.ExportFormats()
	if len(formats) == 0 {
		return s.c.Flash("No export formats available.", theme.Warning)
	}
	if len(s.view) == 0 {
		return s.c.Flash("Nothing to export: the view is empty.", theme.Warning)
	}
	note := fmt.Sprintf("%d bookings of the current view.", len(s.view))
	s.c.Open(newPickModal(s.c, "Export as", note, formats, -1, func(i int) tea.Cmd {
		s.c.Open(newExportModal(s.c, s, formats[i]))
		return nil
	}))
	return nil
}

type exportModal struct {
	modalBase
	s      *statementScreen
	format string
	path   textinput.Model
	err    string
	busy   bool
	dir    string // where a relative name goes
}

func newExportModal(c *Context, s *statementScreen, format string) *exportModal {
	name := fmt.Sprintf("saldo-%s-%s.%s", strings.ReplaceAll(s.acct.Key(), "/", "-"),
		statement.DateOf(c.Now()).Compact(), extension(format))
	ti := newInput(c.Theme, "file name")
	ti.SetValue(name)
	ti.SetWidth(56)
	ti.CursorEnd()
	ti.Focus()
	dir, _ := os.Getwd()
	return &exportModal{modalBase: newModalBase(c, 0, false), s: s, format: format, path: ti, dir: dir}
}

// extension maps a format name to a file extension.
func extension(format string) string {
	switch format {
	case "hledger", "ledger":
		return "journal"
	case "beancount":
		return "beancount"
	}
	return format
}

func (m *exportModal) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	if m.busy {
		return nil
	}
	switch k.String() {
	case "esc":
		m.close()
		return nil
	case "enter":
		path := strings.TrimSpace(m.path.Value())
		if path == "" {
			m.err = "Type a file name."
			return nil
		}
		m.busy, m.err = true, ""
		return m.run(filepath.Clean(path))
	}
	var cmd tea.Cmd
	m.path, cmd = m.path.Update(k)
	m.err = ""
	return cmd
}

func (m *exportModal) run(path string) tea.Cmd {
	c, s := m.c, m.s
	req := ExportRequest{Format: m.format, Path: path, LoginID: s.loginID, Account: s.acct, Bookings: s.visibleBookings()}
	return startJob(c, jobSpec{Label: "Exporting", Kind: jobNetwork},
		func(ctx context.Context, _ Job) (struct{}, error) { return struct{}{}, c.Backend.Export(ctx, req) },
		func(_ struct{}, err error) tea.Cmd {
			m.busy = false
			if err != nil {
				m.err = "Export failed: " + err.Error() // stay open: fix the name and retry
				return nil
			}
			m.close()
			if abs, err := filepath.Abs(path); err == nil {
				path = abs // say where the file is, not only its name
			}
			return c.Flash(fmt.Sprintf("Exported %d bookings to %s", len(req.Bookings), path), theme.Positive)
		})
}

func (m *exportModal) View() string {
	th := m.c.Theme
	out := m.title("Export as "+m.format) + "\n\n" + fieldW(th, "File", 6, true, m.path.View(), m.err, theme.Error, min(m.w, 64))
	if m.busy {
		return out + "\n\n" + th.Fg(theme.Muted).Render("Exporting…")
	}
	hint := "An existing file is not overwritten."
	if m.dir != "" && !filepath.IsAbs(strings.TrimSpace(m.path.Value())) {
		hint = "The file goes to " + m.dir + ". " + hint
	}
	return out + "\n\n" + th.Fg(theme.Muted).Render(wrap(hint, min(m.w, 64)))
}

func (m *exportModal) Title() string { return "Export" }

func (m *exportModal) Keys() []key.Binding {
	return []key.Binding{helpBinding("enter", "export"), helpBinding("esc", "cancel")}
}
