package render

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/recaptool/recap/internal/needs"
	"github.com/recaptool/recap/schema"
)

func TestICSGolden(t *testing.T) {
	src, _ := os.ReadFile("../examples/follow-through.toml")
	golden(t, "follow-through.ics", ICS(load(t, "f.toml", src), "test"))
}

func TestICSLines(t *testing.T) {
	n := load(t, "h.toml", hostileNotes())
	n.Actions[0].Due = n.Date
	n.Actions[0].Do = strings.Repeat("Ω long text, with; separators\\ ", 20)
	ics := ICS(n, "test")
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
	a := ICS(load(t, "a.toml", src), "test")
	src2 := bytes.Replace(src, []byte("revision = 3"), []byte("revision = 4"), 1)
	src2 = bytes.Replace(src2, []byte("due   = 2027-01-30"), []byte("due   = 2027-02-06"), 1)
	b := ICS(load(t, "b.toml", src2), "test")
	uids := func(ics []byte) (out []string) {
		for _, l := range strings.Split(string(ics), "\r\n") {
			if strings.HasPrefix(l, "UID:") {
				out = append(out, l)
			}
		}
		return out
	}
	if len(uids(a)) != 5 || strings.Join(uids(a), ",") != strings.Join(uids(b), ",") {
		t.Errorf("UIDs changed with the revision:\n%v\n%v", uids(a), uids(b))
	}
	if !bytes.Contains(b, []byte("SEQUENCE:4\r\n")) {
		t.Error("SEQUENCE does not follow the revision")
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
	if err := os.WriteFile(path, ICS(n, "test"), 0o644); err != nil {
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
	if len(got.Events) != len(n.Actions) {
		t.Fatalf("%d events, want %d", len(got.Events), len(n.Actions))
	}
	for i, e := range got.Events {
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
