package pdf

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
	var b []byte
	for i, o := range items {
		d := beginDict(b[:0])
		d.Text("Title", o.title)
		for _, r := range []struct {
			key string
			i   int
		}{{"Parent", l[i].parent}, {"Prev", l[i].prev}, {"Next", l[i].next}, {"First", l[i].first}, {"Last", l[i].last}} {
			if r.i >= 0 {
				d.Ref(r.key, first+r.i)
			}
		}
		dest := d.Array("Dest")
		dest.Ref(pageObjs[o.page-1])
		dest.Name("XYZ")
		dest.Int(0)
		dest.Num((pageH - o.y) * mmToPt)
		dest.Null()
		d.Set(dest.end())
		if count[i] > 0 {
			d.Int("Count", count[i])
		}
		b = d.end()
		w.packed(first+i, b)
	}
	d := beginDict(b[:0])
	d.Name("Type", "Outlines")
	d.Ref("First", first)
	d.Ref("Last", first+lastAt[0])
	d.Int("Count", n)
	w.packed(first+n, d.end())
	return first + n
}
