package main

import (
	"bytes"
	"embed"
	"html/template"
	"sync"

	"github.com/recaptool/recap/render"
)

// The live preview's page and its one script, served by serve.go.
//
//go:embed assets/preview.html assets/live.js
var assets embed.FS

// previewTemplate is parsed on first use: only watch --serve needs it.
var previewTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("preview.html").
		Funcs(template.FuncMap{"inc": func(i int) int { return i + 1 }}).
		ParseFS(assets, "assets/preview.html"))
})

// liveJS reloads the preview page when its file is rebuilt.
var liveJS, _ = assets.ReadFile("assets/live.js")

// preview is the state of one notes file in a live preview.
type preview struct {
	File  string // the notes file, as named on the command line
	Build int    // counts rebuilds, so a browser can tell pages apart
	// Docs are the last good agreement and brief.
	Docs [2]docPreview
	// Problems are the diagnostics of the last build, one per line; while
	// there are errors, the documents are the last good ones.
	Problems []string
	Count    string // "2 errors, 1 warning", or "" for none
	Failed   bool   // the last build had errors
	Lang     string // the documents' language, BCP 47
}

// docPreview is one document of a notes file in the preview.
type docPreview struct {
	Body []byte // HTML (see render.HTMLBody); nil if none yet
	PDF  []byte
}

// previewDocs are the documents in the order of preview.Docs, with the
// path each page's URL ends in.
var previewDocs = [2]struct {
	doc  render.Document
	path string
}{{render.Agreement, ""}, {render.Brief, "/brief"}}

// page renders the preview page of one document, doc an index into Docs,
// at base ("/f/0" or "" for the only file). html/template escapes
// everything from the notes; the document's body is recap's own HTML, in
// which user text is escaped already.
//
// The agreement's page may be on a screen the other side sees: it never
// shows what check says of the notes, which quotes our limits, values and
// concessions; only how many problems there are, with a link to the
// brief's page, which lists them. Shared (watch --share), it shows not
// even that, and no way to the brief.
func (p preview) page(doc int, base string, shared bool) []byte {
	var b bytes.Buffer
	type link struct{ Name, URL string }
	var switches []link
	for i, d := range previewDocs {
		if i != doc && !shared {
			switches = append(switches, link{"the " + string(d.doc), base + d.path + "/"})
		}
	}
	problemsAt := "#problem-1"
	if previewDocs[doc].doc == render.Agreement {
		p.Problems, problemsAt = nil, base+previewDocs[1].path+"/#problem-1"
	}
	if shared {
		p.Count, p.Failed = "", false
	}
	pdf := ""
	if p.Docs[doc].PDF != nil {
		pdf = base + previewDocs[doc].path + "/" + string(previewDocs[doc].doc) + ".pdf"
	}
	err := previewTemplate().Execute(&b, struct {
		preview
		Doc        render.Document
		Switches   []link
		PDF        string
		CSS        template.CSS
		Body       template.HTML
		ProblemsAt string
	}{p, previewDocs[doc].doc, switches, pdf, template.CSS(render.Stylesheet), template.HTML(p.Docs[doc].Body), problemsAt})
	if err != nil {
		panic("preview: " + err.Error()) // the template is ours and fixed
	}
	return b.Bytes()
}
