// Package templates holds the assets recap embeds: the default recap
// template, the sections every template may use, and the starter notes
// file written by `recap init`.
package templates

import _ "embed"

// Recap is the default recap template, a text/template writing Markdown.
//
//go:embed recap.md.tmpl
var Recap []byte

// RecapName names the default template in error messages.
const RecapName = "recap.md.tmpl"

// Changes defines the "changes" template: the "Changes since revision N"
// section, which every recap template may use.
//
//go:embed changes.md.tmpl
var Changes []byte

// Starter is a commented notes file that passes `recap check`.
//
//go:embed starter.toml
var Starter []byte
