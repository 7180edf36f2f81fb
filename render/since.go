package render

import (
	"bytes"
	"fmt"

	"github.com/recaptool/recap/changes"
	"github.com/recaptool/recap/schema"
)

// NewSince lists the changes from the old revision to the new one.
func NewSince(old, new *schema.Notes) *Since {
	s := &Since{Revision: old.Revision}
	for _, c := range changes.Between(old, new) {
		s.Changes = append(s.Changes, Text(c.String()))
	}
	return s
}

// ChangesMarkdown writes the changes as a Markdown section, as the default
// template does.
func ChangesMarkdown(s *Since) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "## Changes since revision %d\n\n", s.Revision)
	if len(s.Changes) == 0 {
		b.WriteString("No changes.\n")
	}
	for _, c := range s.Changes {
		fmt.Fprintf(&b, "- %s\n", c)
	}
	return b.Bytes()
}
