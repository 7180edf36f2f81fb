package schema

import (
	"slices"
	"strings"
)

// Closest returns the candidate nearest to s by edit distance, if it is
// near enough to be a plausible typo, else "".
func Closest(s string, candidates []string) string {
	best, bestDist := "", -1
	for _, c := range candidates {
		d := distance(strings.ToLower(s), strings.ToLower(c))
		if bestDist < 0 || d < bestDist || d == bestDist && c < best {
			best, bestDist = c, d
		}
	}
	if bestDist < 0 || bestDist > max(2, len([]rune(s))/3) {
		return ""
	}
	return best
}

// distance is the optimal string alignment distance between a and b, by
// rune: the Levenshtein distance with a swap of neighbours costing one, the
// commonest typo ("titel").
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// hint returns " (did you mean `x`?)" for a near candidate, else a short
// list of what exists, or "" if nothing does.
func hint(s string, candidates []string) string {
	if c := Closest(s, candidates); c != "" {
		return "; did you mean `" + c + "`?"
	}
	if len(candidates) == 0 {
		return ""
	}
	list := slices.Clone(candidates)
	slices.Sort(list)
	const most = 6
	more := ""
	if len(list) > most {
		more = ", …"
		list = list[:most]
	}
	return "; known: " + strings.Join(list, ", ") + more
}
