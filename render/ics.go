package render

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/recaptool/recap/schema"
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
// deterministic: DTSTAMP is the meeting date, and each UID derives from
// the title, the party ids and the action id (or "next"), so that
// importing a later revision updates events instead of duplicating them
// (SEQUENCE is the revision). A done action says so in its summary:
// VEVENT has no status for "done" (RFC 5545 gives it TENTATIVE, CONFIRMED
// and CANCELLED only).
func ICS(n *schema.Notes, c Calendar) []byte {
	var b strings.Builder
	line := func(name, value string) { foldLine(&b, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//recap//recap "+icsText(c.Version)+"//EN")
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	line("X-WR-CALNAME", icsText(n.Title))
	stamp := n.Date.Time().Format("20060102T150405Z")
	status := "CONFIRMED"
	if n.Status != schema.Final {
		status = "TENTATIVE"
	}
	byID, deal := n.ActionsByID(), dealKey(n)
	event := func(uid string, day schema.Date, summary, description, status string) {
		line("BEGIN", "VEVENT")
		line("UID", uid)
		line("DTSTAMP", stamp)
		line("SEQUENCE", fmt.Sprint(n.Revision))
		line("DTSTART;VALUE=DATE", day.Time().Format("20060102"))
		line("DTEND;VALUE=DATE", day.AddDays(1).Time().Format("20060102"))
		line("SUMMARY", icsText(summary))
		line("DESCRIPTION", icsText(description))
		line("STATUS", status)
		line("TRANSP", "TRANSPARENT")
	}
	dues := n.DueDates(schema.Date{}) // an action given `within` is due when its start is known
	for _, a := range n.Actions {
		due := dues[a]
		if due.IsZero() || a.Person == nil {
			continue
		}
		summary := a.Person.Name + ": " + a.Do
		if !a.Done.IsZero() {
			summary += " (done " + a.Done.String() + ")"
		}
		event(eventUID(deal, a.ID), due, summary, eventDescription(n, byID, a), status)
		if c.Remind > 0 && a.Done.IsZero() {
			text := fmt.Sprintf("Due in %s: %s", schema.Count(c.Remind, "day", "days"), a.Do)
			if !a.Ours() { // theirs: the one to chase
				text = fmt.Sprintf("Chase: %s is due in %s: %s", a.Person.Party.Name, schema.Count(c.Remind, "day", "days"), a.Do)
			}
			line("BEGIN", "VALARM")
			line("ACTION", "DISPLAY")
			line("TRIGGER", fmt.Sprintf("-P%dD", c.Remind))
			line("DESCRIPTION", icsText(text))
			line("END", "VALARM")
		}
		line("END", "VEVENT")
	}
	if n.Next != nil && !n.Next.Date.IsZero() {
		event(eventUID(deal, "\x00next"), n.Next.Date, "Next meeting: "+n.Title, fromRecap(n), status)
		if n.Next.Place != "" {
			line("LOCATION", icsText(n.Next.Place))
		}
		line("END", "VEVENT")
	}
	if c.Since != nil {
		was := c.Since.DueDates(schema.Date{})
		for _, a := range removed(c.Since, was, n) {
			event(eventUID(deal, a.ID), was[a], a.Person.Name+": "+a.Do,
				"Removed from the recap in revision "+fmt.Sprint(n.Revision)+".\n"+fromRecap(n), "CANCELLED")
			line("END", "VEVENT")
		}
	}
	line("END", "VCALENDAR")
	return []byte(b.String())
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

// dealKey names the deal for event UIDs: its title and party ids, which
// stay the same across revisions.
func dealKey(n *schema.Notes) string {
	ids := make([]string, len(n.Parties))
	for i, p := range n.Parties {
		ids[i] = p.ID
	}
	slices.Sort(ids)
	return "recap\x00" + n.Title + "\x00" + strings.Join(ids, "\x00")
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
