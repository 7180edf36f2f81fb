// Package templates holds the assets recap embeds: the default templates
// of the agreement, the brief and the mails, the sections every template may use,
// and the starter notes file written by `recap init`.
package templates

import _ "embed"

// Agreement is the default agreement template, a text/template writing
// Markdown.
//
//go:embed agreement.md.tmpl
var Agreement []byte

// Brief is the default brief template.
//
//go:embed brief.md.tmpl
var Brief []byte

// Sections defines the sections both documents are made of ("parties",
// "terms", "sequence", "signatures", "changes" and more), which every
// template may use.
//
//go:embed sections.md.tmpl
var Sections []byte

// Starter is a commented notes file that passes `recap check`.
//
//go:embed starter.toml
var Starter []byte

// Mail is the default template of the recap's mail (recap mail).
//
//go:embed mail.md.tmpl
var Mail []byte

// Nudge is the default template of a reminder (recap mail --nudge).
//
//go:embed nudge.md.tmpl
var Nudge []byte
