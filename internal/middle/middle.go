// Package middle picks where to cut a file in two, for the steps that
// work on the halves of a long file on two cores.
package middle

// Nearest returns the offset nearest half of size, or 0 if there is none
// past the start.
func Nearest(offsets []int, size int) int {
	best := 0
	for _, off := range offsets {
		if off > 0 && dist(off, size/2) < dist(best, size/2) {
			best = off
		}
	}
	return best
}

func dist(a, b int) int { return max(a-b, b-a) }
