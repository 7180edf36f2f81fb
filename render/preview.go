package render

import (
	"bytes"
	"fmt"
	"html"
)

// Preview is the state of one notes file in a live preview.
type Preview struct {
	File  string // the notes file, as named on the command line
	Build int    // counts rebuilds, so a browser can tell pages apart
	Body  []byte // HTML of the last good recap (see HTMLBody); nil if none yet
	// Problems are the diagnostics of the last build, one per line; while
	// there are errors, Body is the last good recap.
	Problems []string
	Failed   bool   // the last build had errors
	PDF      string // URL of the last good PDF, or ""
}

// PreviewPage renders the live preview page. Everything from the notes is
// escaped; the only script is /live.js, from the same server.
func PreviewPage(p Preview) []byte {
	var b bytes.Buffer
	title := fmt.Sprintf("%s · build %d", p.File, p.Build)
	pageStart(&b, title, `<script src="/live.js" defer></script>`+"\n"+`<style>`+previewCSS+`</style>`+"\n")
	fmt.Fprintf(&b, "<header data-file=\"%s\" data-build=\"%d\">\n<strong>%s</strong> · build %d",
		html.EscapeString(p.File), p.Build, html.EscapeString(p.File), p.Build)
	if p.PDF != "" {
		fmt.Fprintf(&b, " · <a href=\"%s\">Download PDF</a>", html.EscapeString(p.PDF))
	}
	b.WriteString("\n</header>\n")
	if len(p.Problems) > 0 {
		class := "warnings"
		if p.Failed {
			class = "errors"
		}
		fmt.Fprintf(&b, "<section class=\"%s\">\n", class)
		if p.Failed {
			b.WriteString("<p>The notes have errors; this is the last good recap.</p>\n")
		}
		b.WriteString("<pre>")
		for _, line := range p.Problems {
			b.WriteString(html.EscapeString(line) + "\n")
		}
		b.WriteString("</pre>\n</section>\n")
	}
	b.WriteString("<main>\n")
	if p.Body == nil {
		b.WriteString("<p>No recap yet: fix the notes and save.</p>\n")
	}
	b.Write(p.Body)
	b.WriteString("</main>\n</body>\n</html>\n")
	return b.Bytes()
}

const previewCSS = `header { position: sticky; top: 0; background: #263238; color: #fff; padding: .5rem 1rem; font-size: .9rem; }
header a { color: #9cf; }
section.errors, section.warnings { max-width: 52rem; margin: 1rem auto 0; padding: .5rem 1rem; border-radius: 4px; }
section.errors { background: #fdecea; border: 1px solid #e57373; }
section.warnings { background: #fff8e1; border: 1px solid #ffca28; }
section pre { white-space: pre-wrap; margin: .3rem 0; }
`

// LiveJS reloads the preview page when its file is rebuilt, using
// server-sent events from /events.
const LiveJS = `(function () {
  var header = document.querySelector("header[data-file]");
  if (!header) return;
  var file = header.getAttribute("data-file");
  var build = Number(header.getAttribute("data-build"));
  var events = new EventSource("/events");
  events.addEventListener("build", function (e) {
    var msg = JSON.parse(e.data);
    if (msg.file === file && msg.build > build) location.reload();
  });
})();
`
