// Package choice parses a value that must be one of a fixed list, for the
// option types whose allowed values are listed beside them.
package choice

import (
	"fmt"
	"slices"
	"strings"
)

// Set sets *v to the one of allowed that s names, in any case ("A4" is
// a4), or says what is allowed (the flag package adds which flag and
// value).
func Set[T ~string](v *T, s string, allowed []T) error {
	i := slices.IndexFunc(allowed, func(a T) bool { return strings.EqualFold(string(a), s) })
	if i < 0 {
		return fmt.Errorf("must be %s", OneOf(allowed))
	}
	*v = allowed[i]
	return nil
}

// OneOf lists values for a message: "a, b or c".
func OneOf[T ~string](values []T) string {
	n := Names(values)
	if len(n) < 2 {
		return strings.Join(n, "")
	}
	return strings.Join(n[:len(n)-1], ", ") + " or " + n[len(n)-1]
}

// Names returns the values as strings.
func Names[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}
