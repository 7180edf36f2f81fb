package render

import (
	"bytes"

	"github.com/recaptool/recap/changes"
	"github.com/recaptool/recap/mdtext"
	"github.com/recaptool/recap/schema"
)

// NewSince lists changes since the old revision: changes.Agreed for the
// agreement, changes.Between for the brief.
func NewSince(old *schema.Notes, cs []changes.Change) *Since {
	s := &Since{Revision: old.Revision}
	for _, c := range cs {
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
