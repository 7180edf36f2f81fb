package main

import (
	"bytes"
	"embed"
	"html/template"

	"github.com/recaptool/recap/render"
)

// The live preview's page and its one script, served by serve.go.
//
//go:embed assets/preview.html assets/live.js
var assets embed.FS

var previewTemplate = template.Must(template.ParseFS(assets, "assets/preview.html"))

// liveJS reloads the preview page when its file is rebuilt.
var liveJS, _ = assets.ReadFile("assets/live.js")

// preview is the state of one notes file in a live preview.
type preview struct {
	File  string // the notes file, as named on the command line
	Build int    // counts rebuilds, so a browser can tell pages apart
	Body  []byte // HTML of the last good recap (see render.HTMLBody); nil if none yet
	// Problems are the diagnostics of the last build, one per line; while
	// there are errors, Body is the last good recap.
	Problems []string
	Failed   bool   // the last build had errors
	PDF      string // URL of the last good PDF, or ""
}

// page renders the preview page. html/template escapes everything from
// the notes; the recap's body is recap's own HTML, in which user text is
// escaped already.
func (p preview) page() []byte {
	var b bytes.Buffer
	err := previewTemplate.Execute(&b, struct {
		preview
		CSS  template.CSS
		Body template.HTML
	}{p, template.CSS(render.Stylesheet), template.HTML(p.Body)})
	if err != nil {
		panic("preview: " + err.Error()) // the template is ours and fixed
	}
	return b.Bytes()
}
