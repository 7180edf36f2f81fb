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

// ICS writes an iCalendar file (RFC 5545) with one all-day event per
// action that has a due date. It is deterministic: DTSTAMP is the meeting
// date, and each UID derives from the title, the party ids and the action
// id, so that importing a later revision updates events instead of
// duplicating them (SEQUENCE is the revision).
func ICS(n *schema.Notes, version string) []byte {
	var b strings.Builder
	line := func(name, value string) { foldLine(&b, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//recap//recap "+icsText(version)+"//EN")
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	line("X-WR-CALNAME", icsText(n.Title))
	stamp := n.Date.Time().Format("20060102T150405Z")
	status := "CONFIRMED"
	if n.Status != schema.Final {
		status = "TENTATIVE"
	}
	byID, deal := n.ActionsByID(), dealKey(n)
	dues := n.DueDates(schema.Date{}) // an action given `within` is due when its start is known
	for _, a := range n.Actions {
		due := dues[a]
		if due.IsZero() || a.Person == nil {
			continue
		}
		line("BEGIN", "VEVENT")
		line("UID", eventUID(deal, a))
		line("DTSTAMP", stamp)
		line("SEQUENCE", fmt.Sprint(n.Revision))
		line("DTSTART;VALUE=DATE", due.Time().Format("20060102"))
		line("DTEND;VALUE=DATE", due.AddDays(1).Time().Format("20060102"))
		line("SUMMARY", icsText(a.Person.Name+": "+a.Do))
		line("DESCRIPTION", icsText(eventDescription(n, byID, a)))
		line("STATUS", status)
		line("TRANSP", "TRANSPARENT")
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return []byte(b.String())
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

func eventUID(deal string, a *schema.Action) string {
	sum := sha256.Sum256([]byte(deal + "\x00" + a.ID))
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
	return fmt.Sprintf("%s, for %s.\nWaits for: %s.\nFrom the recap “%s”, revision %d.", a.Person.Name, a.Person.Party.Name, strings.Join(waits, "; and "), n.Title, n.Revision)
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
