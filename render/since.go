package render

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/recaptool/recap/changes"
	"github.com/recaptool/recap/mdtext"
	"github.com/recaptool/recap/schema"
)

// NewSince lists changes since the old revision: changes.Agreed for the
// agreement, changes.Between for the brief. Given the document's recap
// (the agreement), a change of a term or a step names it as the document
// cites it, "Clause 1.2 (Price)" or "Step 4 (“Pay the first invoice”)",
// and one removed by its place in the old revision, "Former step 5 (…)".
func NewSince(old *schema.Notes, cs []changes.Change, cur *Recap) *Since {
	s := &Since{Revision: old.Revision}
	var was *Recap // the old revision's numbers, made if needed
	for _, c := range cs {
		text := c.String()
		if cur != nil {
			text = capitalize(text) // a row of a schedule
		}
		if cur != nil && c.Ref.Kind != "" {
			r, former := cur, ""
			if c.Ref.Old {
				if was == nil {
					was = NewRecap(old, "", "")
				}
				r, former = was, "former "
			}
			if where := r.cite(c.Ref); where != "" {
				text = capitalize(former+where) + ": " + c.Text
			}
		}
		s.Changes = append(s.Changes, mdtext.Text(text))
	}
	return s
}

// cite names a term or step of the recap as its agreement numbers it:
// "clause 1.2 (Price)", "step 4 (“Pay the first invoice”)"; "" if it has
// no such number.
func (r *Recap) cite(ref changes.Ref) string {
	switch ref.Kind {
	case "item":
		if r.Num.Terms == 0 || ref.Index < 0 || ref.Index >= len(r.Items) {
			return ""
		}
		it := r.Items[ref.Index]
		s := fmt.Sprintf("clause %d.%d", r.Num.Terms, it.Number)
		if t := it.Topic.Raw(); t != "" {
			s += " (" + t + ")"
		}
		return s
	case "action":
		for _, st := range r.Steps {
			for _, a := range st.Actions {
				if a.ID.Raw() == ref.ID {
					return fmt.Sprintf("step %d (“%s”)", st.Number, a.Quote.Raw())
				}
			}
		}
	}
	return ""
}

// capitalize makes the first letter of s a capital.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
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
