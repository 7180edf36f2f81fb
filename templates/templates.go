// Package templates holds the assets recap embeds: the default recap
// template and the starter notes file written by `recap init`.
package templates

import _ "embed"

// Starter is a commented notes file that passes `recap check`.
//
//go:embed starter.toml
var Starter []byte
