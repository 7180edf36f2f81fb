package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/recaptool/recap/internal/needs"
	"github.com/recaptool/recap/schema"
)

func TestICSGolden(t *testing.T) {
	src, _ := os.ReadFile("../examples/follow-through.toml")
	golden(t, "follow-through.ics", ICS(load(t, "f.toml", src), Calendar{Version: "test"}))
}

func TestICSLines(t *testing.T) {
	n := load(t, "h.toml", hostileNotes())
	n.Actions[0].Due = n.Date
	n.Actions[0].Do = strings.Repeat("Ω long text, with; separators\\ ", 20)
	ics := ICS(n, Calendar{Version: "test"})
	if !bytes.HasSuffix(ics, []byte("\r\n")) {
		t.Error("does not end with CRLF")
	}
	for _, l := range bytes.Split(bytes.TrimSuffix(ics, []byte("\r\n")), []byte("\r\n")) {
		if len(l) > 75 {
			t.Errorf("line of %d octets: %q", len(l), l)
		}
		if bytes.ContainsAny(l, "\r\n") {
			t.Errorf("bare CR or LF in %q", l)
		}
		if !utf8Valid(l) {
			t.Errorf("line splits a UTF-8 sequence: %q", l)
		}
	}
}

func utf8Valid(b []byte) bool { return strings.ToValidUTF8(string(b), "\uFFFD") == string(b) }

// TestICSStableUIDs: a new revision updates events; it does not add them.
func TestICSStableUIDs(t *testing.T) {
	src, _ := os.ReadFile("../examples/follow-through.toml")
	a := ICS(load(t, "a.toml", src), Calendar{Version: "test"})
	src2 := bytes.Replace(src, []byte("revision = 3"), []byte("revision = 4"), 1)
	src2 = bytes.Replace(src2, []byte("due   = 2027-01-30"), []byte("due   = 2027-02-06"), 1)
	b := ICS(load(t, "b.toml", src2), Calendar{Version: "test"})
	uids := func(ics []byte) (out []string) {
		for _, l := range strings.Split(string(ics), "\r\n") {
			if strings.HasPrefix(l, "UID:") {
				out = append(out, l)
			}
		}
		return out
	}
	if len(uids(a)) != 6 || strings.Join(uids(a), ",") != strings.Join(uids(b), ",") { // five actions, the next meeting
		t.Errorf("UIDs changed with the revision:\n%v\n%v", uids(a), uids(b))
	}
	if seq(t, b) <= seq(t, a) || seq(t, b)/10000 != 4 {
		t.Errorf("SEQUENCE %d of revision 4 is not above %d of revision 3", seq(t, b), seq(t, a))
	}
}

// seq is the SEQUENCE of a calendar's events, which all share it.
func seq(t *testing.T, ics []byte) int {
	t.Helper()
	var n int
	for _, l := range strings.Split(string(ics), "\r\n") {
		if v, ok := strings.CutPrefix(l, "SEQUENCE:"); ok {
			if _, err := fmt.Sscan(v, &n); err != nil {
				t.Fatal(err)
			}
		}
	}
	return n
}

// TestICSRecordsRaiseSequence: recording a signature or a step done (not
// a new revision) raises SEQUENCE and DTSTAMP, so that a calendar program
// replaces the events it holds instead of keeping the old ones or
// duplicating them.
func TestICSRecordsRaiseSequence(t *testing.T) {
	src, _ := os.ReadFile("../examples/supply.toml")
	steps := [][2]string{
		{`status   = "final"`, "status   = \"final\"\nsigned   = 2026-11-26"},
		{"due   = 2026-12-01\n", "due   = 2026-12-01\ndone  = 2026-12-03\n"},
	}
	prev := ICS(load(t, "a.toml", src), Calendar{Version: "test"})
	for _, st := range steps {
		if !bytes.Contains(src, []byte(st[0])) {
			t.Fatalf("%q is not in the example", st[0])
		}
		src = bytes.Replace(src, []byte(st[0]), []byte(st[1]), 1)
		next := ICS(load(t, "b.toml", src), Calendar{Version: "test"})
		if seq(t, next) <= seq(t, prev) {
			t.Errorf("recording %q: SEQUENCE %d, not above %d", st[1], seq(t, next), seq(t, prev))
		}
		stamp := func(ics []byte) string { return regexp.MustCompile(`DTSTAMP:(\S+)`).FindStringSubmatch(string(ics))[1] }
		if stamp(next) <= stamp(prev) {
			t.Errorf("recording %q: DTSTAMP %s, not after %s", st[1], stamp(next), stamp(prev))
		}
		prev = next
	}
}

// TestICSIndependentParser reads the calendar back with Python's
// icalendar package (Debian's python3-icalendar) and compares every event.
// (icalendar 4 unescapes an escaped backslash followed by "n" as a newline,
// so the hostile text here has no backslash before an n.)
func TestICSIndependentParser(t *testing.T) {
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import icalendar").Run(); err != nil {
		needs.Missing(t, "python3-icalendar is not installed")
	}
	n := load(t, "h.toml", hostileNotes())
	for i, a := range n.Actions {
		a.Due = schema.DateOf(n.Date.Time().AddDate(0, 0, 7*(i+1)))
	}
	path := filepath.Join(t.TempDir(), "recap.ics")
	if err := os.WriteFile(path, ICS(n, Calendar{Version: "test"}), 0o644); err != nil {
		t.Fatal(err)
	}
	script := `
import icalendar, json, sys
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
out = []
for e in cal.walk('VEVENT'):
    out.append({'uid': str(e['UID']), 'start': e['DTSTART'].dt.isoformat(), 'end': e['DTEND'].dt.isoformat(),
                'summary': str(e['SUMMARY']), 'description': str(e['DESCRIPTION'])})
print(json.dumps({'name': str(cal['X-WR-CALNAME']), 'events': out}))
`
	out, err := exec.Command(py, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("python icalendar: %v\n%s", err, out)
	}
	var got struct {
		Name   string
		Events []struct{ UID, Start, End, Summary, Description string }
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if got.Name != n.Title {
		t.Errorf("calendar name %q, want %q", got.Name, n.Title)
	}
	if len(got.Events) != len(n.Actions)+1 { // and the next meeting, last
		t.Fatalf("%d events, want %d", len(got.Events), len(n.Actions)+1)
	}
	for i, e := range got.Events[:len(n.Actions)] {
		a := n.Actions[i]
		if e.Summary != a.Person.Name+": "+a.Do {
			t.Errorf("summary %q, want %q", e.Summary, a.Person.Name+": "+a.Do)
		}
		if e.Start != a.Due.String() || e.End != schema.DateOf(a.Due.Time().AddDate(0, 0, 1)).String() {
			t.Errorf("event %d runs %s to %s, want the all-day %s", i, e.Start, e.End, a.Due)
		}
		if want := eventDescription(n, n.ActionsByID(), a); e.Description != want || !strings.Contains(e.Description, hostile) {
			i := 0
			for i < len(want) && i < len(e.Description) && want[i] == e.Description[i] {
				i++
			}
			t.Errorf("description does not come back exactly; from byte %d got %q, want %q", i, e.Description[i:min(i+40, len(e.Description))], want[i:min(i+40, len(want))])
		}
	}
}

// icsEvent is an event as a calendar program reads it.
type icsEvent struct {
	UID, Summary, Description, Status, Location, Start string
	Alarms                                             []string // trigger and description
}

// readCalendar reads a calendar with an independent parser: "python"
// (Python's icalendar) or "ical.js" (Mozilla's, in Node.js).
func readCalendar(t *testing.T, parser string, ics []byte) []icsEvent {
	t.Helper()
	path := filepath.Join(t.TempDir(), "recap.ics")
	if err := os.WriteFile(path, ics, 0o644); err != nil {
		t.Fatal(err)
	}
	var cmd *exec.Cmd
	switch parser {
	case "python":
		py := "/usr/bin/python3"
		if err := exec.Command(py, "-c", "import icalendar").Run(); err != nil {
			needs.Missing(t, "python3-icalendar is not installed")
		}
		cmd = exec.Command(py, "-c", `
import icalendar, json, sys
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
out = []
for e in cal.walk('VEVENT'):
    out.append({'UID': str(e['UID']), 'Summary': str(e['SUMMARY']), 'Description': str(e['DESCRIPTION']),
                'Status': str(e['STATUS']), 'Location': str(e.get('LOCATION', '')), 'Start': e['DTSTART'].dt.isoformat(),
                'Alarms': [a['TRIGGER'].to_ical().decode() + ' ' + str(a['DESCRIPTION']) for a in e.walk('VALARM')]})
print(json.dumps(out))
`, path)
	case "ical.js":
		node := needs.Tool(t, "node")
		if err := exec.Command(node, "-e", "require('ical.js')").Run(); err != nil {
			needs.Missing(t, "ical.js is not installed (npm install ical.js; NODE_PATH)")
		}
		cmd = exec.Command(node, "-e", `
const ICAL = require('ical.js'), fs = require('fs');
const cal = new ICAL.Component(ICAL.parse(fs.readFileSync(process.argv[1], 'utf8')));
console.log(JSON.stringify(cal.getAllSubcomponents('vevent').map(e => ({
  UID: e.getFirstPropertyValue('uid'), Summary: e.getFirstPropertyValue('summary'),
  Description: e.getFirstPropertyValue('description'), Status: e.getFirstPropertyValue('status'),
  Location: e.getFirstPropertyValue('location') || '', Start: e.getFirstPropertyValue('dtstart').toString(),
  Alarms: e.getAllSubcomponents('valarm').map(a => a.getFirstPropertyValue('trigger').toString() + ' ' + a.getFirstPropertyValue('description')),
}))));
`, path)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", parser, err, out)
	}
	var events []icsEvent
	if err := json.Unmarshal(out, &events); err != nil {
		t.Fatalf("%s: %v: %s", parser, err, out)
	}
	return events
}

// TestICSFollowThrough reads the calendar of a deal being performed with
// two independent parsers: done actions say so, our open ones remind two
// days before (--remind 2d), the next meeting has its day and place, an
// action removed since the earlier revision is cancelled, and a name
// that ends with a full stop gets no second one.
func TestICSFollowThrough(t *testing.T) {
	src, _ := os.ReadFile("../examples/follow-through.toml")
	src = bytes.Replace(src, []byte(`name = "Contoso GmbH"`), []byte(`name = "Contoso K.K."`), 1)
	old := load(t, "old.toml", append(bytes.Replace(src, []byte("revision = 3"), []byte("revision = 2"), 1),
		[]byte("\n[[action]]\nid = \"audit\"\nowner = \"eva\"\ndo = \"Audit the plant\"\nif = \"signing\"\ndue = 2026-12-20\n")...))
	n := load(t, "new.toml", src)
	ics := ICS(n, Calendar{Version: "test", Remind: 2, Since: old})
	deal := n.DealKey()
	for _, parser := range []string{"python", "ical.js"} {
		t.Run(parser, func(t *testing.T) {
			byUID := map[string]icsEvent{}
			for _, e := range readCalendar(t, parser, ics) {
				byUID[e.UID] = e
			}
			if len(byUID) != len(n.Actions)+2 {
				t.Fatalf("%d events, want %d: the actions, the next meeting, the one removed", len(byUID), len(n.Actions)+2)
			}
			for _, a := range n.Actions {
				e := byUID[eventUID(deal, a.ID)]
				done := !a.Done.IsZero()
				if strings.HasSuffix(e.Summary, " (done "+a.Done.String()+")") != done {
					t.Errorf("%s: summary %q (done %v)", a.ID, e.Summary, done)
				}
				want := []string{"-P2D Due in 2 days: " + a.Do} // ours to do; theirs to chase
				if !a.Ours() {
					want = []string{"-P2D Chase: " + a.Person.Party.Name + " is due in 2 days: " + a.Do}
				}
				if done {
					want = nil
				}
				if !slices.Equal(e.Alarms, want) {
					t.Errorf("%s: alarms %q, want %q", a.ID, e.Alarms, want)
				}
				if strings.Contains(e.Description, "..") || e.Status != "CONFIRMED" {
					t.Errorf("%s: status %s, description %q", a.ID, e.Status, e.Description)
				}
			}
			next := byUID[eventUID(deal, "\x00next")]
			if !strings.HasPrefix(next.Start, n.Next.Date.String()) || next.Location != n.Next.Place || !strings.HasPrefix(next.Summary, "Next meeting: ") {
				t.Errorf("next meeting: %+v", next)
			}
			gone := byUID[eventUID(deal, "audit")]
			if gone.Status != "CANCELLED" || !strings.Contains(gone.Description, "Removed from the recap in revision 3") || !strings.HasPrefix(gone.Start, "2026-12-20") {
				t.Errorf("removed action: %+v", gone)
			}
		})
	}
}

// TestCalendarsManyDeals reads back, with both parsers, one calendar of
// the open actions of several deals, as `recap status --format ics` makes
// it: two deals with the same title and parties (two files of one deal
// kept apart) get UIDs of their own, the first keeps those of its own
// calendar, and the alarms chase their actions and remind us of ours.
func TestCalendarsManyDeals(t *testing.T) {
	src, _ := os.ReadFile("../examples/follow-through.toml")
	a := load(t, "a.toml", src)
	b := load(t, "b.toml", src)
	c := load(t, "c.toml", bytes.Replace(src, []byte(`title    = "Supply of SX-200 sensor modules"`), []byte(`title    = "Another deal"`), 1))
	open := func(a *schema.Action) bool { return a.Done.IsZero() }
	w := NewCalendars("open actions", Calendar{Version: "test", Remind: 3})
	for i, n := range []*schema.Notes{a, b, c} {
		w.Add([]string{"a.toml", "b.toml", "c.toml"}[i], n, open)
	}
	ics := w.Bytes()
	var want int
	for _, act := range a.Actions {
		if open(act) {
			want++
		}
	}
	own, theirs := map[string]bool{}, map[string]bool{}
	for _, act := range a.Actions {
		own[eventUID(a.DealKey(), act.ID)] = true
		theirs[act.Person.Name] = !act.Ours()
	}
	for _, parser := range []string{"python", "ical.js"} {
		t.Run(parser, func(t *testing.T) {
			events := readCalendar(t, parser, ics)
			if len(events) != 3*want {
				t.Fatalf("%d events, want %d: the open actions of three deals", len(events), 3*want)
			}
			uids := map[string]bool{}
			for i, e := range events {
				if uids[e.UID] {
					t.Errorf("UID %s twice", e.UID)
				}
				uids[e.UID] = true
				if i < want && !own[e.UID] {
					t.Errorf("the first deal's event %s has not the UID of its own calendar", e.UID)
				}
				chase := strings.HasPrefix(strings.TrimPrefix(strings.Join(e.Alarms, ""), "-P3D "), "Chase: Contoso GmbH is due in 3 days: ")
				ours := strings.HasPrefix(strings.Join(e.Alarms, ""), "-P3D Due in 3 days: ")
				if len(e.Alarms) != 1 || chase == ours || chase != theirs[strings.Split(e.Summary, ":")[0]] {
					t.Errorf("%s: alarms %q", e.Summary, e.Alarms)
				}
			}
		})
	}
}

// TestCalendarsNewestRevision: of a deal given in two revisions, in
// either order, the calendar has the newer one's events only, with the
// UIDs of its own calendar; the same revision twice keeps both apart.
func TestCalendarsNewestRevision(t *testing.T) {
	src, _ := os.ReadFile("../examples/follow-through.toml")
	n3 := load(t, "rev3.toml", src)
	older := bytes.Replace(src, []byte("revision = 3"), []byte("revision = 2"), 1)
	if bytes.Equal(older, src) {
		t.Fatal("the example has no `revision = 3` line")
	}
	n2 := load(t, "rev2.toml", older)
	own := map[string]bool{}
	for _, a := range n3.Actions {
		own[eventUID(n3.DealKey(), a.ID)] = true
	}
	count := func(ics []byte) int { return bytes.Count(ics, []byte("BEGIN:VEVENT")) }
	one := NewCalendars("x", Calendar{Version: "test"})
	one.Add("rev3.toml", n3, nil)
	want := count(one.Bytes())
	for _, order := range [][]*schema.Notes{{n2, n3}, {n3, n2}} {
		w := NewCalendars("x", Calendar{Version: "test"})
		for _, n := range order {
			w.Add(fmt.Sprint("rev", n.Revision, ".toml"), n, nil)
		}
		ics := w.Bytes()
		if got := count(ics); got != want {
			t.Errorf("revisions %d then %d: %d events, want %d (revision 3's)", order[0].Revision, order[1].Revision, got, want)
		}
		for _, e := range readCalendar(t, "python", ics) {
			if !own[e.UID] {
				t.Errorf("revisions %d then %d: event %q has UID %s, not revision 3's", order[0].Revision, order[1].Revision, e.Summary, e.UID)
			}
		}
	}
	w := NewCalendars("x", Calendar{Version: "test"})
	w.Add("a.toml", n3, nil)
	w.Add("b.toml", load(t, "b.toml", src), nil)
	if got := count(w.Bytes()); got != 2*want {
		t.Errorf("the same revision twice: %d events, want %d", got, 2*want)
	}
}
