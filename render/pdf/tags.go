package pdf

import ()

// Tagged PDF. The structure tree follows the Markdown's blocks (Document,
// H1–H6, P, L/LI/Lbl/LBody, BlockQuote, Code, Table/TR/TH/TD) with Link
// and Form elements for the annotations; what is drawn for the page's
// frame (header, footer, rules, boxes, the watermark, e-signature tags)
// is an Artifact. Marked content is opened lazily: drawing text for an
// element opens a sequence with the next MCID unless one for that element
// is open already, drawing an artifact closes it, and a page break or the
// furniture closes whatever is open. So every operator that paints is
// either in a tagged sequence or in an artifact, and never in both.

// elem is a structure element. (A long recap has hundreds of thousands:
// elements and kids are kept small.)
type elem struct {
	role   string
	parent int32 // -1 for the root, Document
	header bool  // a table header cell, heading its column
	kids   []kid
}

// kid is a child of a structure element: an element, marked content on a
// page, a link annotation (page and index) or a signature field.
type kid struct {
	kind kidKind
	n    int32 // the element, MCID, link or field
	page int32 // from 0, for marked content and links
}

type kidKind uint8

const (
	kidElem kidKind = iota
	kidMCID
	kidLink
	kidField
)

// tagTree is the structure of a document being drawn.
type tagTree struct {
	elems []elem
	mcids [][]int32      // by page: the element each MCID belongs to
	uris  map[int]string // the Link elements' targets
}

// Marked content open on the current page: none, an artifact, or an
// element's (then d.tagged holds it).
const (
	noMarked = iota
	artifactMarked
	taggedMarked
)

// enter opens a structure element of role inside the current one, and
// returns the element to go back to with leave.
func (d *doc) enter(role string) int {
	prev := d.elem
	d.elem = d.tags.add(role, prev)
	return prev
}

// enterElem makes elem the current element, and returns the one to go
// back to with leave.
func (d *doc) enterElem(elem int) int {
	prev := d.elem
	d.elem = elem
	return prev
}

func (d *doc) leave(prev int) { d.elem = prev }

func (t *tagTree) add(role string, parent int) int {
	t.elems = append(t.elems, elem{role: role, parent: int32(parent)})
	n := len(t.elems) - 1
	if parent >= 0 {
		t.elems[parent].kids = append(t.elems[parent].kids, kid{kind: kidElem, n: int32(n)})
	}
	return n
}

// markContent makes what is drawn next the current element's content
// (or an artifact, while d.artifact says so).
func (d *doc) markContent() {
	if d.artifact > 0 {
		d.markArtifact()
		return
	}
	if d.marked == taggedMarked && d.tagged == d.elem {
		return
	}
	d.closeMarked()
	page := d.cur
	for len(d.tags.mcids) <= page {
		d.tags.mcids = append(d.tags.mcids, nil)
	}
	mcid := len(d.tags.mcids[page])
	d.tags.mcids[page] = append(d.tags.mcids[page], int32(d.elem))
	e := &d.tags.elems[d.elem]
	e.kids = append(e.kids, kid{kind: kidMCID, n: int32(mcid), page: int32(page)})
	p := d.content()
	props := beginProps(*p, e.role)
	props.Int("MCID", mcid)
	*p = endProps(&props)
	d.marked, d.tagged = taggedMarked, d.elem
}

// markArtifact makes what is drawn next an artifact of the page's layout.
func (d *doc) markArtifact() {
	if d.marked == artifactMarked {
		return
	}
	d.closeMarked()
	p := d.content()
	*p = append(*p, "/Artifact BMC\n"...)
	d.marked = artifactMarked
}

// closeMarked ends the marked content open on the current page.
func (d *doc) closeMarked() {
	if d.marked != noMarked {
		p := d.content()
		*p = append(*p, "EMC\n"...)
		d.marked = noMarked
	}
}

// asArtifact draws with draw as an artifact: text included.
func (d *doc) asArtifact(draw func()) {
	d.artifact++
	draw()
	d.artifact--
}

// pagination draws the page's furniture with draw, as an artifact of the
// subtype given: Header, Footer, or Layout for the frame.
func (d *doc) pagination(subtype string, draw func()) {
	d.closeMarked()
	p := d.content()
	props := beginProps(*p, "Artifact")
	if subtype == "Layout" {
		props.Name("Type", "Layout")
	} else {
		props.Name("Type", "Pagination")
		props.Name("Subtype", subtype)
	}
	*p = endProps(&props)
	d.marked = artifactMarked
	d.asArtifact(draw)
	d.closeMarked()
}

// addKid records an annotation of the current element: a link (by its
// index on the current page) or a signature field.
func (d *doc) addKid(k kid) {
	e := &d.tags.elems[d.elem]
	e.kids = append(e.kids, k)
}

// linkElem returns the Link element for uri inside the current element:
// the one its last kid is, if that links there too, so that a link broken
// across lines stays one element.
func (d *doc) linkElem(uri string) int {
	e := d.tags.elems[d.elem]
	if n := len(e.kids); n > 0 && e.kids[n-1].kind == kidElem {
		if last := int(e.kids[n-1].n); d.tags.elems[last].role == "Link" && d.tags.uris[last] == uri {
			return last
		}
	}
	n := d.tags.add("Link", d.elem)
	if d.tags.uris == nil {
		d.tags.uris = map[int]string{}
	}
	d.tags.uris[n] = uri
	return n
}

// structRefs are the object numbers a structure tree is written with.
type structRefs struct {
	pages  []int   // page objects
	links  [][]int // by page: link annotations
	fields []int   // signature widgets
	// fieldPages are the pages the widgets are on.
	fieldPages []int
	// linkKeys and fieldKeys are the annotations' /StructParent keys.
	linkKeys  [][]int
	fieldKeys []int
}

// annotKeys numbers the annotations' /StructParent entries after the
// pages'.
func (d *doc) annotKeys(refs *structRefs) {
	key := len(d.pages)
	refs.linkKeys = make([][]int, len(d.pages))
	for i, p := range d.pages {
		for range p.links {
			refs.linkKeys[i] = append(refs.linkKeys[i], key)
			key++
		}
	}
	for range d.fields {
		refs.fieldKeys = append(refs.fieldKeys, key)
		key++
	}
}

// parentOf lists, by /StructParent key, the element each annotation
// belongs to.
func (t *tagTree) annotParents(refs *structRefs) map[int]int {
	out := map[int]int{}
	for n, e := range t.elems {
		for _, k := range e.kids {
			switch k.kind {
			case kidLink:
				out[refs.linkKeys[k.page][k.n]] = n
			case kidField:
				out[refs.fieldKeys[k.n]] = n
			}
		}
	}
	return out
}

// writeStructTree writes the structure tree and returns its root.
func (t *tagTree) write(w *writer, refs *structRefs) int {
	root := w.alloc()
	objs := make([]int, len(t.elems))
	for i := range t.elems {
		objs[i] = w.alloc()
	}
	var b []byte
	for i := range t.elems {
		b = t.appendElem(b[:0], i, objs, refs, root)
		w.packed(objs[i], b)
	}
	// The parent tree: each page's marked content by MCID, a line a page,
	// then the annotations by their keys, a line each.
	tree := w.alloc()
	d := beginDict(b[:0])
	nums := d.Array("Nums")
	for page, els := range t.mcids {
		nums.Int(page)
		kids := nums.Array()
		for _, e := range els {
			kids.Ref(objs[e])
		}
		nums.Set(kids.end())
		nums.Line()
	}
	parents := t.annotParents(refs)
	next := len(refs.pages)
	for key := next; ; key++ {
		e, ok := parents[key]
		if !ok {
			next = key
			break
		}
		nums.Int(key)
		nums.Ref(objs[e])
		nums.Line()
	}
	d.Set(nums.end())
	b = d.end()
	w.packed(tree, b)
	d = beginDict(b[:0])
	d.Name("Type", "StructTreeRoot")
	d.Refs("K", []int{objs[0]})
	d.Ref("ParentTree", tree)
	d.Int("ParentTreeNextKey", next)
	w.packed(root, d.end())
	return root
}

// appendElem writes a structure element: its kids in order, marked
// content by MCID on the element's page (the page of its first) and as a
// reference elsewhere.
func (t *tagTree) appendElem(b []byte, i int, objs []int, refs *structRefs, root int) []byte {
	e := t.elems[i]
	parent := root
	if e.parent >= 0 {
		parent = objs[e.parent]
	}
	d := beginDict(b)
	d.Name("Type", "StructElem")
	d.Name("S", e.role)
	d.Ref("P", parent)
	page := int32(-1)
	for _, k := range e.kids {
		if k.kind == kidMCID {
			page = k.page
			break
		}
	}
	if page >= 0 {
		d.Ref("Pg", refs.pages[page])
	}
	if e.header {
		a := d.Dict("A")
		a.Name("O", "Table")
		a.Name("Scope", "Column")
		d.Set(a.end())
	}
	if e.role == "Link" {
		d.Text("Alt", t.uris[i])
	}
	kids := d.Array("K")
	for _, k := range e.kids {
		switch k.kind {
		case kidElem:
			kids.Ref(objs[k.n])
		case kidMCID:
			if k.page == page {
				kids.Int(int(k.n))
			} else {
				mcr := kids.Dict()
				mcr.Name("Type", "MCR")
				mcr.Ref("Pg", refs.pages[k.page])
				mcr.Int("MCID", int(k.n))
				kids.Set(mcr.end())
			}
		case kidLink:
			kids.Set(objRef(kids.Dict(), refs.pages[k.page], refs.links[k.page][k.n]))
		case kidField:
			kids.Set(objRef(kids.Dict(), refs.fieldPages[k.n], refs.fields[k.n]))
		}
	}
	d.Set(kids.end())
	return d.end()
}

// objRef fills d as a reference to an annotation on a page, and ends it.
func objRef(d pdfDict, page, obj int) []byte {
	d.Name("Type", "OBJR")
	d.Ref("Pg", page)
	d.Ref("Obj", obj)
	return d.end()
}
