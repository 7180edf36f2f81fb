package pdf

import (
	"bytes"
	"fmt"
)

// The document outline (bookmarks) is written here rather than by fpdf,
// which formatted each entry through fmt: with a bookmark per step, long
// recaps have thousands. The tree is the one fpdf built.

// outline is one bookmark: a heading, at a level from 0, on a page (from
// 1) at y mm from the top.
type outline struct {
	title string
	level int
	page  int
	y     float64
}

// outlineObjects returns the outline items and their root, numbered from
// first (the root last); pageObjs are the page objects in page order.
func outlineObjects(items []outline, first int, pageObjs []int, pageH float64) [][]byte {
	if len(items) == 0 {
		return nil
	}
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
	objs := make([][]byte, 0, n+1)
	ref := func(b []byte, key string, i int) []byte {
		if i < 0 {
			return b
		}
		return fmt.Appendf(b, "/%s %d 0 R ", key, first+i)
	}
	for i, o := range items {
		b := fmt.Appendf(nil, "%d 0 obj\n<</Title %s ", first+i, pdfString(o.title))
		b = ref(b, "Parent", l[i].parent)
		b = ref(b, "Prev", l[i].prev)
		b = ref(b, "Next", l[i].next)
		b = ref(b, "First", l[i].first)
		b = ref(b, "Last", l[i].last)
		b = fmt.Appendf(b, "/Dest [%d 0 R /XYZ 0 ", pageObjs[o.page-1])
		b = appendNum(b, (pageH-o.y)*mmToPt)
		b = append(b, " null] /Count 0>>\nendobj\n"...)
		objs = append(objs, b)
	}
	return append(objs, fmt.Appendf(nil, "%d 0 obj\n<</Type /Outlines /First %d 0 R /Last %d 0 R>>\nendobj\n",
		first+n, first, first+lastAt[0]))
}

// addOutlines points fpdf's catalog at the outline root and opens the
// outline beside the pages, as fpdf does when it writes bookmarks.
func addOutlines(catalog []byte, root int) ([]byte, error) {
	const typ = "/Type /Catalog"
	at := bytes.Index(catalog, []byte(typ))
	if at < 0 {
		return nil, fmt.Errorf("pdf: no catalog")
	}
	at += len(typ)
	entry := fmt.Appendf(nil, "\n/Outlines %d 0 R\n/PageMode /UseOutlines", root)
	return bytes.Join([][]byte{catalog[:at], entry, catalog[at:]}, nil), nil
}
