package ui

import (
	"context"
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"

	"saldo/fints/secret"
	"saldo/theme"
)

type (
	spinTickMsg struct{}
	quitDoneMsg struct{ err error }
)

const closeTimeout = 20 * time.Second

// handleBridge turns a job's request into a modal, or records progress.
func (m *Model) handleBridge(inner tea.Msg) tea.Cmd {
	switch e := inner.(type) {
	case pinRequestMsg:
		if !m.jobAlive(e.job) {
			e.p.answer(secret.Value{}, ErrCancelled)
			return nil
		}
		m.removeModalsOf(e.job)
		m.setStep(e.job, "waiting for the PIN")
		m.c.Open(newPINModal(m.c, e))
	case tanRequestMsg:
		if !m.jobAlive(e.job) {
			e.p.answer(secret.Value{}, ErrCancelled)
			return nil
		}
		m.removeModalsOf(e.job)
		m.setStep(e.job, "waiting for the TAN")
		m.c.Open(newTANModal(m.c, e))
	case payeeRequestMsg:
		if !m.jobAlive(e.job) {
			e.p.answer(false, ErrCancelled)
			return nil
		}
		m.removeModalsOf(e.job)
		m.setStep(e.job, "waiting for your decision")
		m.c.Open(newVoPModal(m.c, e))
	case decoupledMsg, approvalRequestMsg:
		return m.decoupled(e)
	case progressMsg:
		if j := m.c.jobs.running[e.job]; j != nil {
			j.step, j.done, j.total = e.step, e.done, e.total
		}
	}
	return nil
}

// setStep shows in the status bar that a job waits for the person, not
// for the bank (the last progress step would be stale).
func (m *Model) setStep(id jobID, step string) {
	if j := m.c.jobs.running[id]; j != nil {
		j.step, j.done, j.total = step, 0, 0
	}
}

// decoupled delivers app-approval updates to the open approval modal of the
// job, or opens one.
func (m *Model) decoupled(e tea.Msg) tea.Cmd {
	var id jobID
	switch e := e.(type) {
	case decoupledMsg:
		id = e.job
	case approvalRequestMsg:
		id = e.job
		if !m.jobAlive(id) {
			e.p.answer(struct{}{}, ErrCancelled)
			return nil
		}
	}
	if !m.jobAlive(id) {
		return nil
	}
	m.setStep(id, "waiting for approval in the app")
	for _, md := range m.modals {
		if md.Job() == id {
			cmd := md.Update(e)
			m.dropClosedModals()
			return cmd
		}
	}
	md := newDecoupledModal(m.c, id)
	cmd := md.Update(e)
	m.c.Open(md)
	return cmd
}

func (m *Model) jobAlive(id jobID) bool { return m.c.jobs.running[id] != nil }

func (m *Model) removeModalsOf(id jobID) {
	kept := m.modals[:0]
	for _, md := range m.modals {
		if md.Job() != id {
			kept = append(kept, md)
		}
	}
	clear(m.modals[len(kept):])
	m.modals = kept
}

// jobDone closes the job's prompts and hands the result to whoever started it.
func (m *Model) jobDone(msg jobDoneMsg) tea.Cmd {
	j := m.c.jobs.remove(msg.job)
	if j == nil {
		return nil
	}
	m.removeModalsOf(msg.job)
	if m.quitting {
		return nil
	}
	return j.finish(msg.val, msg.err)
}

func spinCmd() tea.Cmd {
	return tea.Tick(100*time.Millisecond, func(time.Time) tea.Msg { return spinTickMsg{} })
}

// ensureSpinner starts the status-bar spinner when a visible job runs.
func (m *Model) ensureSpinner() tea.Cmd {
	if m.spinning || !m.visibleJobs() {
		return nil
	}
	m.spinning = true
	return spinCmd()
}

func (m *Model) spinTick() tea.Cmd {
	if !m.visibleJobs() {
		m.spinning = false
		return nil
	}
	m.spin++
	return spinCmd()
}

func (m *Model) visibleJobs() bool {
	for _, j := range m.c.jobs.running {
		if j.Kind != jobQuiet {
			return true
		}
	}
	return false
}

// requestQuit ends the program: dialogs are closed and state saved first.
// With a payment in flight the person is asked, because quitting then
// leaves its outcome unknown.
func (m *Model) requestQuit() tea.Cmd {
	switch {
	case m.quitting:
		return tea.Quit // second ctrl+c: leave now
	case !m.unlocked:
		m.quitting = true
		m.c.jobs.cancelAll()
		m.c.cancel()
		return tea.Quit
	case m.c.jobs.any(jobPayment) && m.paymentsAwaitAnswer():
		// The bank holds the order until it gets the TAN (or the payee
		// decision): quitting pauses it and the next start offers it again.
		m.c.Open(newConfirmModal(m.c, "Quit while a transfer waits for you?",
			"The bank holds the transfer until you confirm it. If you quit now, saldo keeps it and offers to finish it at the next start; nothing is paid until then.",
			"quit", m.quit))
		return nil
	case m.c.jobs.any(jobPayment):
		m.c.Open(newConfirmModal(m.c, "Quit while a transfer is being sent?",
			"The transfer has been handed to the bank. If you quit now, saldo cannot tell whether it was executed: check your statement before sending it again.",
			"quit anyway", m.quit))
		return nil
	}
	return m.quit()
}

// paymentsAwaitAnswer reports whether every running payment is waiting at
// one of its prompts (TAN, app approval, payee check) rather than on the
// network.
func (m *Model) paymentsAwaitAnswer() bool {
	for _, j := range m.c.jobs.running {
		if j.Kind != jobPayment {
			continue
		}
		asking := false
		for _, md := range m.modals {
			if md.Job() == j.id && !md.Closed() {
				asking = true
			}
		}
		if !asking {
			return false
		}
	}
	return true
}

func (m *Model) quit() tea.Cmd {
	m.quitting = true
	for _, md := range m.modals {
		md.Dismiss() // open prompts answer ErrQuitting: the backend pauses them
	}
	m.modals = nil
	flash := m.c.Flash("Saving state and closing bank dialogs…", theme.Muted)
	b := m.c.Backend
	return tea.Batch(flash, func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
		defer cancel()
		return quitDoneMsg{err: b.Close(ctx)}
	})
}

// syncLogin refreshes one login in the background.
func syncLogin(c *Context, l Login) tea.Cmd {
	if c.Running(jobSync, l.ID) {
		return nil
	}
	return startJob(c, jobSpec{Label: "Syncing " + l.BankName, Login: l.ID, Kind: jobSync},
		func(ctx context.Context, j Job) (struct{}, error) { return struct{}{}, c.Backend.Sync(ctx, l.ID, j) },
		func(_ struct{}, err error) tea.Cmd {
			cmds := []tea.Cmd{reloadLogins(c, l.ID)}
			if err != nil && !errors.Is(err, context.Canceled) {
				cmds = append(cmds, c.Flash(l.BankName+": sync failed: "+err.Error(), theme.Error))
			}
			return tea.Batch(cmds...)
		})
}

// reloadLogins re-reads the cache and tells every screen.
func reloadLogins(c *Context, login string) tea.Cmd {
	return startJob(c, jobSpec{Label: "Reading the cache", Kind: jobQuiet},
		func(ctx context.Context, _ Job) ([]Login, error) { return c.Backend.Logins(ctx) },
		func(ls []Login, err error) tea.Cmd {
			if err != nil {
				return c.Flash("Reading the cache failed: "+err.Error(), theme.Error)
			}
			c.logins = ls
			return func() tea.Msg { return dataChangedMsg{login: login} }
		})
}

// checkPendingTANs offers to resume operations paused at the last quit;
// then runs after (when the offer is closed, or at once if there is none).
func checkPendingTANs(c *Context, after func() tea.Cmd) tea.Cmd {
	return startJob(c, jobSpec{Label: "Looking for pending TANs", Kind: jobQuiet},
		func(ctx context.Context, _ Job) ([]PendingTAN, error) { return c.Backend.PendingTANs(ctx) },
		func(ps []PendingTAN, err error) tea.Cmd {
			if err != nil {
				return tea.Batch(c.Flash("Reading pending TANs failed: "+err.Error(), theme.Error), after())
			}
			if len(ps) == 0 {
				return after()
			}
			c.Open(newResumeModal(c, ps, after))
			return nil
		})
}
