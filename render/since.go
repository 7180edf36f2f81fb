package render

import (
	"bytes"

	"github.com/recaptool/recap/changes"
	"github.com/recaptool/recap/mdtext"
	"github.com/recaptool/recap/schema"
)

// NewSince lists the changes from the old revision to the new one.
func NewSince(old, new *schema.Notes) *Since {
	s := &Since{Revision: old.Revision}
	for _, c := range changes.Between(old, new) {
		s.Changes = append(s.Changes, mdtext.Text(c.String()))
	}
	return s
}

// ChangesMarkdown writes the changes as the Markdown section the default
// template puts in a recap.
func ChangesMarkdown(s *Since) ([]byte, error) {
	t, err := ParseTemplate("changes", nil)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "changes", s); err != nil {
		return nil, err
	}
	return tidy(b.Bytes()), nil
}
