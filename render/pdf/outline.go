package pdf

import "fmt"

// The document outline (bookmarks): a tree of the headings, each entry
// pointing at where its heading stands.

// outline is one bookmark: a heading, at a level from 0, on a page (from
// 1) at y mm from the top.
type outline struct {
	title string
	level int
	page  int
	y     float64
}

// writeOutline writes the outline items and their root, and returns the
// root; pageObjs are the page objects in page order.
func writeOutline(w *writer, items []outline, pageObjs []int, pageH float64) int {
	n := len(items)
	type links struct{ parent, prev, next, first, last int }
	l := make([]links, n)
	for i := range l {
		l[i] = links{parent: n, prev: -1, next: -1, first: -1, last: -1}
	}
	lastAt := map[int]int{} // the latest item of each level
	level := 0
	for i, o := range items {
		if o.level > 0 {
			parent := lastAt[o.level-1]
			l[i].parent = parent
			l[parent].last = i
			if o.level > level {
				l[parent].first = i
			}
		}
		if o.level <= level && i > 0 {
			prev := lastAt[o.level]
			l[prev].next = i
			l[i].prev = prev
		}
		lastAt[o.level] = i
		level = o.level
	}
	// Every item is open: an item with children counts its descendants,
	// the root all items; an item without children has no count.
	count := make([]int, n)
	for i := n - 1; i >= 0; i-- {
		if p := l[i].parent; p < n {
			count[p] += 1 + count[i]
		}
	}
	first := w.alloc()
	for range n { // the items, then the root
		w.alloc()
	}
	ref := func(b []byte, key string, i int) []byte {
		if i < 0 {
			return b
		}
		return fmt.Appendf(b, "/%s %d 0 R ", key, first+i)
	}
	for i, o := range items {
		b := fmt.Appendf(nil, "<</Title %s ", pdfString(o.title))
		b = ref(b, "Parent", l[i].parent)
		b = ref(b, "Prev", l[i].prev)
		b = ref(b, "Next", l[i].next)
		b = ref(b, "First", l[i].first)
		b = ref(b, "Last", l[i].last)
		b = fmt.Appendf(b, "/Dest [%d 0 R /XYZ 0 ", pageObjs[o.page-1])
		b = appendNum(b, (pageH-o.y)*mmToPt)
		b = append(b, " null]"...)
		if count[i] > 0 {
			b = fmt.Appendf(b, " /Count %d", count[i])
		}
		b = append(b, ">>"...)
		w.packed(first+i, b)
	}
	w.packed(first+n, fmt.Appendf(nil, "<</Type /Outlines /First %d 0 R /Last %d 0 R /Count %d>>", first, first+lastAt[0], n))
	return first + n
}
