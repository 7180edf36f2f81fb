package render

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/recaptool/recap/schema"
	"github.com/recaptool/recap/status"
)

// Calendar holds the choices of the calendar beyond the notes.
type Calendar struct {
	Version string // recap's, for PRODID
	// Remind is how many days before each due date of an action not done
	// a reminder (VALARM) goes off: ours to do, theirs to chase ("Chase:");
	// 0 for none.
	Remind int
	// Since is an earlier revision's notes: its actions this one has
	// removed are cancelled (STATUS:CANCELLED), so that importing the
	// calendar takes them out of the diary.
	Since *schema.Notes
}

// ICS writes an iCalendar file (RFC 5545) with one all-day event per
// action that has a due date, and one for the next meeting. It is
// deterministic: DTSTAMP is the last date the notes record (the meeting,
// a signature, an action done), and each UID derives from the title, the
// party ids and the action id (or "next"), so that importing a later
// revision, or the same one with more recorded, updates events instead of
// duplicating them (see sequence). A done action says so in its summary:
// VEVENT has no status for "done" (RFC 5545 gives it TENTATIVE, CONFIRMED
// and CANCELLED only).
func ICS(n *schema.Notes, c Calendar) []byte {
	w := NewCalendars(n.Title, c)
	deal := n.DealKey()
	w.actions(deal, n, nil)
	if n.Next != nil && !n.Next.Date.IsZero() {
		w.event(n, eventUID(deal, "\x00next"), n.Next.Date, "Next meeting: "+n.Title, fromRecap(n), eventStatus(n))
		if n.Next.Place != "" {
			w.line("LOCATION", icsText(n.Next.Place))
		}
		w.line("END", "VEVENT")
	}
	if c.Since != nil {
		was := c.Since.DueDates(schema.Date{})
		for _, a := range removed(c.Since, was, n) {
			w.event(n, eventUID(deal, a.ID), was[a], a.Person.Name+": "+a.Do,
				"Removed from the recap in revision "+fmt.Sprint(n.Revision)+".\n"+fromRecap(n), "CANCELLED")
			w.line("END", "VEVENT")
		}
	}
	return w.Bytes()
}

// sequence is the SEQUENCE of a recap's events: the revision, times
// 10,000, plus how many things the notes record since the agreement
// (signatures, actions done). It rises with each new revision and with
// each record, so that a calendar program replaces the events it holds
// (calcurse, Thunderbird and Outlook keep the higher); 9,999 records at
// most count.
func sequence(n *schema.Notes) int {
	records := 0
	if !n.Signed.IsZero() {
		records++
	}
	for _, q := range n.Signatories() {
		if !q.Signed.IsZero() {
			records++
		}
	}
	for _, a := range n.Actions {
		if !a.Done.IsZero() {
			records++
		}
	}
	return n.Revision*10000 + min(records, 9999)
}

// Calendars writes one calendar of the actions of many deals, a deal at a
// time: the events of a deal are those ICS gives it, with the same UIDs,
// so that importing either updates the same events. Of a deal given in
// several revisions (the same DealKey), only the newest has events.
type Calendars struct {
	c     Calendar
	b     strings.Builder // what is being written: the head, a deal, or what ICS adds
	head  string
	deals []calendarDeal
	uids  map[string]bool // of the deals kept
}

// calendarDeal is the events of one deal.
type calendarDeal struct {
	key      string
	revision int
	events   string
	uids     []string
	dropped  bool // a newer revision came
}

// NewCalendars starts a calendar with a name.
func NewCalendars(name string, c Calendar) *Calendars {
	w := &Calendars{c: c, uids: map[string]bool{}}
	w.line("BEGIN", "VCALENDAR")
	w.line("VERSION", "2.0")
	w.line("PRODID", "-//recap//recap "+icsText(c.Version)+"//EN")
	w.line("CALSCALE", "GREGORIAN")
	w.line("METHOD", "PUBLISH")
	w.line("X-WR-CALNAME", icsText(name))
	w.head = w.b.String()
	w.b.Reset()
	return w
}

// Add adds the events of the actions of a deal, read from file, that keep
// keeps. An older revision of a deal added before is dropped, and one
// older than a revision added before is not added. Where two deals would
// give an event the same UID (the same title and party ids, and the same
// revision), the later one's derives from its file too.
func (w *Calendars) Add(file string, n *schema.Notes, keep func(*schema.Action) bool) {
	key := n.DealKey()
	for i := range w.deals {
		d := &w.deals[i]
		switch {
		case d.dropped || d.key != key:
		case d.revision > n.Revision:
			return
		case d.revision < n.Revision:
			d.dropped = true
			for _, uid := range d.uids {
				delete(w.uids, uid)
			}
		}
	}
	deal := key
	for _, a := range n.Actions {
		if w.uids[eventUID(deal, a.ID)] {
			deal += "\x00" + file
			break
		}
	}
	uids := w.actions(deal, n, keep)
	w.deals = append(w.deals, calendarDeal{key: key, revision: n.Revision, events: w.b.String(), uids: uids})
	w.b.Reset()
}

// Bytes ends the calendar and returns it.
func (w *Calendars) Bytes() []byte {
	var out strings.Builder
	out.WriteString(w.head)
	for _, d := range w.deals {
		if !d.dropped {
			out.WriteString(d.events)
		}
	}
	w.line("END", "VCALENDAR") // after what was written outside Add (ICS)
	out.WriteString(w.b.String())
	return []byte(out.String())
}

func (w *Calendars) line(name, value string) { foldLine(&w.b, name+":"+value) }

// event begins an all-day event; the caller adds to it and ends it.
func (w *Calendars) event(n *schema.Notes, uid string, day schema.Date, summary, description, eventState string) {
	w.uids[uid] = true
	w.line("BEGIN", "VEVENT")
	w.line("UID", uid)
	w.line("DTSTAMP", status.LastRecorded(n).Time().Format("20060102T150405Z"))
	w.line("SEQUENCE", fmt.Sprint(sequence(n)))
	w.line("DTSTART;VALUE=DATE", day.Time().Format("20060102"))
	w.line("DTEND;VALUE=DATE", day.AddDays(1).Time().Format("20060102"))
	w.line("SUMMARY", icsText(summary))
	w.line("DESCRIPTION", icsText(description))
	w.line("STATUS", eventState)
	w.line("TRANSP", "TRANSPARENT")
}

// actions writes an event for each action with a due date that keep
// keeps (nil: every one), with its reminder, and returns their UIDs.
func (w *Calendars) actions(deal string, n *schema.Notes, keep func(*schema.Action) bool) (uids []string) {
	byID, status := n.ActionsByID(), eventStatus(n)
	dues := n.DueDates(schema.Date{}) // an action given `within` is due when its start is known
	for _, a := range n.Actions {
		due := dues[a]
		if due.IsZero() || a.Person == nil || keep != nil && !keep(a) {
			continue
		}
		summary := a.Person.Name + ": " + a.Do
		if !a.Done.IsZero() {
			summary += " (done " + a.Done.String() + ")"
		}
		uid := eventUID(deal, a.ID)
		uids = append(uids, uid)
		w.event(n, uid, due, summary, eventDescription(n, byID, a), status)
		if remind := w.c.Remind; remind > 0 && a.Done.IsZero() {
			text := fmt.Sprintf("Due in %s: %s", schema.Count(remind, "day", "days"), a.Do)
			if !a.Ours() { // theirs: the one to chase
				text = fmt.Sprintf("Chase: %s is due in %s: %s", a.Person.Party.Name, schema.Count(remind, "day", "days"), a.Do)
			}
			w.line("BEGIN", "VALARM")
			w.line("ACTION", "DISPLAY")
			w.line("TRIGGER", fmt.Sprintf("-P%dD", remind))
			w.line("DESCRIPTION", icsText(text))
			w.line("END", "VALARM")
		}
		w.line("END", "VEVENT")
	}
	return uids
}

// eventStatus is CONFIRMED for a final recap's events, else TENTATIVE.
func eventStatus(n *schema.Notes) string {
	if n.Status != schema.Final {
		return "TENTATIVE"
	}
	return "CONFIRMED"
}

// removed lists the actions of an earlier revision, with a due date (of
// dues, its due dates), that a later one no longer has.
func removed(old *schema.Notes, dues map[*schema.Action]schema.Date, n *schema.Notes) []*schema.Action {
	now := n.ActionsByID()
	var out []*schema.Action
	for _, a := range old.Actions {
		if now[a.ID] == nil && !dues[a].IsZero() && a.Person != nil {
			out = append(out, a)
		}
	}
	return out
}

func eventUID(deal, id string) string {
	sum := sha256.Sum256([]byte(deal + "\x00" + id))
	return hex.EncodeToString(sum[:16]) + "@recap"
}

func eventDescription(n *schema.Notes, byID map[string]*schema.Action, a *schema.Action) string {
	var waits []string
	for _, dep := range a.If {
		if dep == schema.Signing {
			waits = append(waits, "the signing of the recap")
			continue
		}
		if d := byID[dep]; d != nil && d.Person != nil {
			waits = append(waits, fmt.Sprintf("%s, %s (%s)", d.Person.Party.Name, quote(d.Do), d.Person.Name))
		}
	}
	// The calendar goes with the agreement: go_first, whose reason is
	// ours, stays out of it.
	return sentence(a.Person.Name+", for "+a.Person.Party.Name) + "\n" + sentence("Waits for: "+strings.Join(waits, "; and ")) + "\n" + fromRecap(n)
}

// fromRecap says which recap an event comes from.
func fromRecap(n *schema.Notes) string {
	return fmt.Sprintf("From the recap “%s”, revision %d.", n.Title, n.Revision)
}

// sentence ends s with a full stop, unless it ends with one already
// ("Sakura Systems K.K.").
func sentence(s string) string {
	if strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}

// icsText escapes a TEXT value: backslash, semicolon, comma and newlines.
func icsText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// foldLine writes a content line, folded so that no line is longer than
// 75 octets, never inside a UTF-8 sequence, and ended by CRLF.
func foldLine(b *strings.Builder, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
}
