package pdfread

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// A PDF that people sign grows by incremental updates: each signing tool
// appends a revision (objects, a cross-reference table, a trailer) after
// the bytes it signs. This file finds the original revision, the file as
// pdf.Render wrote it, and checks that every revision after it does nothing
// but fill the empty signature fields the original has: a signature
// dictionary whose CMS signature covers every byte before it, the field's
// value and appearance, and the data signing tools keep beside (DSS). A
// revision that changes anything else, however small, is refused with what
// it changes, and so is one this reader cannot account for to the byte:
// an entry of a cross-reference table not written exactly as PDF spells
// it, bytes that no entry lists (readers that rebuild the table find
// them), a hybrid file's second table, a reference to another generation,
// an object twice in an object stream, a key twice in a dictionary.
// (pdf-insecurity.org describes the attacks: incremental saving,
// signature wrapping, universal signature forgery, shadow attacks.)
// Whether the signer's certificate is to be trusted is not judged here:
// that is what a signature validator (pdfsig, a PDF reader) is for.

// Signature is a signature field filled by a later revision.
type Signature struct {
	Field    string // the field's name
	Revision int    // the revision that filled it, from 1 (the original is 0)
	Signer   string // the subject of the signer's certificate, as it names itself
}

// ErrAltered wraps every reason Signed refuses an update for.
var ErrAltered = errors.New("altered after signing")

func altered(rev int, format string, args ...any) error {
	return fmt.Errorf("%w: revision %d %s", ErrAltered, rev, fmt.Sprintf(format, args...))
}

// revision is a span of the file: the original, or one update.
type revision struct {
	start, end int // bytes [start, end)
	xref       int // offset of its cross-reference table
	sec        xrefSection
}

// Original returns the length of the file's original revision: the whole
// file if it has none after it.
func Original(data []byte) (int, error) {
	revs, err := revisions(data)
	if err != nil {
		return 0, err
	}
	return revs[0].end, nil
}

// revisions splits data into its revisions, oldest first, following the
// chain of cross-reference tables back from the end. The revisions must
// tile the file: each starts where the one before ends, and the last ends
// where the file does (but for line ends).
func revisions(data []byte) ([]revision, error) {
	at, err := lastStartxref(data)
	if err != nil {
		return nil, err
	}
	var revs []revision
	seen := map[int]bool{}
	for at >= 0 {
		if seen[at] || len(revs) == maxSections {
			return nil, errSyntax
		}
		seen[at] = true
		sec, err := readXref(data, at)
		if err != nil {
			return nil, err
		}
		end, err := revisionEnd(data, sec.end, at)
		if err != nil {
			return nil, err
		}
		revs = append(revs, revision{end: end, xref: at, sec: sec})
		at = -1
		if prev, ok := sec.trailer["Prev"].(int); ok {
			at = prev
		}
	}
	slices.Reverse(revs)
	for i := range revs {
		if i > 0 {
			revs[i].start = revs[i-1].end
			if revs[i].xref < revs[i].start || revs[i].end <= revs[i-1].end {
				return nil, errSyntax
			}
		}
		for k := range revs[i].sec.trailer {
			if !slices.Contains(trailerKeys, k) {
				return nil, fmt.Errorf("its trailer has /%s, which this reader does not follow", k)
			}
		}
	}
	if rest := data[revs[len(revs)-1].end:]; len(bytes.Trim(rest, "\r\n")) > 0 {
		return nil, errSyntax
	}
	return revs, nil
}

// revisionEnd reads "startxref", the table's offset and "%%EOF" after a
// trailer ending at i, and returns where they end, with one line end.
func revisionEnd(data []byte, i, xref int) (int, error) {
	l := &lexer{b: data, i: i}
	if !l.keyword("startxref") {
		return 0, errSyntax
	}
	if at, err := l.int(); err != nil || at != xref {
		return 0, errSyntax
	}
	for l.i < len(data) && isSpace(data[l.i]) {
		l.i++
	}
	if !bytes.HasPrefix(data[l.i:], []byte("%%EOF")) {
		return 0, errSyntax
	}
	end := l.i + len("%%EOF")
	switch {
	case bytes.HasPrefix(data[end:], []byte("\r\n")):
		end += 2
	case end < len(data) && (data[end] == '\n' || data[end] == '\r'):
		end++
	}
	return end, nil
}

// trailerKeys are the keys a trailer, or a cross-reference stream, may
// have. Anything else (a hybrid file's /XRefStm, /Encrypt) points readers
// at objects this reader does not read.
var trailerKeys = []name{"Size", "Prev", "Root", "Info", "ID", "Type", "Index", "W", "Filter", "DecodeParms", "Length"}

// What a revision may change, beyond adding objects of its own: in a
// signature field, its value (the signature), appearance (and appearance
// state) and signing time, and the drawing that was its appearance (it
// draws inside the field only; Poppler rewrites it);
// in the form, its flags and default resources; in the catalog, the
// document security store and the extensions PAdES tools declare, and
// DocMDP permissions.
var (
	fieldChanges   = []name{"V", "AP", "AS", "M"}
	formChanges    = []name{"SigFlags", "DR", "DA"}
	catalogChanges = []name{"DSS", "Extensions", "Perms"}
)

// Signed checks the revisions of data after the original and returns the
// signature fields they fill, in order. It refuses (ErrAltered) a revision
// that does anything else.
func Signed(data []byte) ([]Signature, error) {
	revs, err := revisions(data)
	if err != nil {
		return nil, fmt.Errorf("%w: its revisions cannot be read: %v", ErrAltered, err)
	}
	orig, err := readFile(data[:revs[0].end])
	if err != nil {
		return nil, err
	}
	fields, drawings := signatureFields(orig)
	var out []Signature
	prev := orig
	for k := 1; k < len(revs); k++ {
		cur, err := readFile(data[:revs[k].end])
		if err != nil {
			return nil, altered(k, "cannot be read: %v", err)
		}
		if err := accounted(cur, revs[k]); err != nil {
			return nil, altered(k, "%v", err)
		}
		sigs, err := checkRevision(k, revs[k], prev, cur, orig, fields, drawings)
		if err != nil {
			return nil, err
		}
		out = append(out, sigs...)
		prev = cur
	}
	return out, nil
}

// accounted checks that every byte of revision rev, up to its
// cross-reference section, is an object the section lists, white space or
// a comment: what a reader that rebuilds the table by scanning would find
// is what this reader reads.
func accounted(f *file, rev revision) error {
	type span struct{ start, end int }
	var spans []span
	for n, e := range rev.sec.entries {
		if e.free || e.stream != 0 || e.offset < rev.start || e.offset >= rev.xref {
			continue // not in its bytes (checked later), or its own cross-reference stream
		}
		_, end, err := f.parseAt(e.offset, n, e.gen, 0)
		if err != nil {
			return fmt.Errorf("has an unreadable object %d", n)
		}
		spans = append(spans, span{e.offset, end})
	}
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	at := rev.start
	for _, sp := range append(spans, span{rev.xref, rev.xref}) {
		l := &lexer{b: f.data[:sp.start], i: at}
		l.space()
		if sp.start < at || l.i != sp.start {
			return fmt.Errorf("holds bytes at offset %d that its cross-reference section does not list: readers that rebuild the section find objects there", max(at, min(l.i, sp.start)))
		}
		at = sp.end
	}
	return nil
}

// signatureFields lists the original's signature fields by object number,
// with their names, and the drawings of their appearances, with their
// fields.
func signatureFields(f *file) (fields map[int]string, drawings map[int]int) {
	fields, drawings = map[int]string{}, map[int]int{}
	form := f.dict(f.dict(f.trailer["Root"])["AcroForm"])
	list, _ := f.resolve(form["Fields"]).(array)
	for _, v := range list {
		r, ok := v.(ref)
		d := f.dict(v)
		if ok && d["FT"] == name("Sig") {
			t, _ := d["T"].([]byte)
			fields[int(r)] = textString(t)
			if n, ok := f.dict(d["AP"])["N"].(ref); ok {
				drawings[int(n)] = int(r)
			}
		}
	}
	return fields, drawings
}

// checkRevision checks revision k, whose file is cur and whose
// predecessor's is prev, and returns the fields it signs.
func checkRevision(k int, rev revision, prev, cur, orig *file, fields map[int]string, drawings map[int]int) ([]Signature, error) {
	for _, key := range []name{"Root", "Info"} {
		if !same(rev.sec.trailer[key], orig.trailer[key]) {
			return nil, altered(k, "replaces the document's %s", map[name]string{"Root": "catalog", "Info": "information"}[key])
		}
	}
	// The fields it signs: only their appearance may change with them.
	signing := map[int]bool{}
	for n := range fields {
		if e, ok := rev.sec.entries[n]; ok && !e.free {
			old, now := prev.dict(ref(n)), cur.dict(ref(n))
			signing[n] = old != nil && now != nil && old["V"] == nil && now["V"] != nil
		}
	}
	var sigs []Signature
	for _, n := range slices.Sorted(maps.Keys(rev.sec.entries)) {
		e := rev.sec.entries[n]
		if n == 0 {
			continue
		}
		was, existed := prev.entries[n]
		existed = existed && !was.free
		field, isDrawing := drawings[n]
		if e.free {
			if existed && !(isDrawing && signing[field]) {
				return nil, altered(k, "removes object %d", n)
			}
			continue
		}
		if !inRevision(rev, e) {
			return nil, altered(k, "points object %d outside its own bytes", n)
		}
		now, err := cur.object(n)
		switch {
		case isDrawing && isForm(now) && signing[field]:
			continue // the appearance of a field it signs, redrawn (pdfsig)
		case isDrawing:
			return nil, altered(k, "redraws the appearance of the signature field %s, which it does not sign", quote(fields[field]))
		case !existed:
			continue // a new object: reachable only from the changes below
		}
		if err != nil {
			return nil, altered(k, "has an unreadable object %d", n)
		}
		old, _ := prev.object(n)
		sig, err := checkChange(k, n, old, now, rev, prev, cur, orig, fields, signing[n])
		if err != nil {
			return nil, err
		}
		if sig != nil {
			sigs = append(sigs, *sig)
		}
	}
	return sigs, nil
}

// checkChange checks a change revision k makes to object n, and returns
// the signature it adds, if it signs a field (signs).
func checkChange(k, n int, old, now any, rev revision, prev, cur, orig *file, fields map[int]string, signs bool) (*Signature, error) {
	oldD, okOld := old.(dict)
	nowD, okNow := now.(dict)
	if !okOld || !okNow {
		return nil, altered(k, "changes %s", describe(old, n))
	}
	if oldD["Type"] == name("Page") {
		return nil, pageChange(k, orig, cur, n, oldD, nowD)
	}
	catalog, _ := orig.trailer["Root"].(ref)
	form, _ := orig.dict(catalog)["AcroForm"].(ref)
	info, _ := orig.trailer["Info"].(ref)
	switch {
	case n == int(info):
		return nil, altered(k, "changes the document information (object %d)", n)
	case n == int(catalog):
		return nil, onlyChanged(k, "the catalog", oldD, nowD, catalogChanges)
	case n == int(form):
		if err := onlyChanged(k, "the form", oldD, nowD, formChanges); err != nil {
			return nil, err
		}
		if flags, ok := nowD["SigFlags"].(int); !ok || flags&^3 != 0 {
			return nil, altered(k, "sets the form's flags to %v", nowD["SigFlags"])
		}
		return nil, nil
	}
	field, isField := fields[n]
	if !isField {
		return nil, onlyChanged(k, describe(old, n), oldD, nowD, nil)
	}
	if err := onlyChanged(k, "the signature field "+quote(field), oldD, nowD, fieldChanges); err != nil {
		return nil, err
	}
	switch {
	case same(oldD["V"], nowD["V"]) && oldD["V"] != nil:
		return nil, altered(k, "changes the signature field %s after it was signed: its appearance, which the signature does not cover", quote(field))
	case same(oldD["V"], nowD["V"]):
		return nil, altered(k, "changes the appearance of the signature field %s, which nobody has signed", quote(field))
	case oldD["V"] != nil && nowD["V"] == nil:
		return nil, altered(k, "removes the signature of the field %s", quote(field))
	case oldD["V"] != nil:
		return nil, altered(k, "replaces the signature in the field %s", quote(field))
	case !signs:
		return nil, altered(k, "changes the signature field %s", quote(field))
	}
	v, ok := nowD["V"].(ref)
	if !ok || !ownObject(rev, int(v)) {
		return nil, altered(k, "fills the field %s with something other than a signature of its own", quote(field))
	}
	signer, err := checkSignature(k, cur, int(v), rev, field)
	if err != nil {
		return nil, err
	}
	return &Signature{Field: field, Revision: k, Signer: signer}, nil
}

// isForm reports whether v is a form XObject's stream.
func isForm(v any) bool {
	s, ok := v.(stream)
	return ok && s.dict["Subtype"] == name("Form")
}

// pageChange says how revision k changes page object n: most often, a
// signing tool adding a field of its own (pdfsig -add-signature) instead
// of filling recap's.
func pageChange(k int, orig, cur *file, n int, old, now dict) error {
	page := fmt.Sprintf("object %d", n)
	kids, _ := orig.resolve(orig.dict(orig.dict(orig.trailer["Root"])["Pages"])["Kids"]).(array)
	if i := slices.Index(kids, any(ref(n))); i >= 0 {
		page = fmt.Sprintf("page %d (object %d)", i+1, n)
	}
	was, _ := orig.resolve(old["Annots"]).(array)
	is, _ := cur.resolve(now["Annots"]).(array)
	rest, restNow := maps.Clone(old), maps.Clone(now)
	delete(rest, "Annots")
	delete(restNow, "Annots")
	if len(is) > len(was) && same(rest, restNow) {
		return altered(k, "adds an annotation to %s: a field of its own, or a mark; signing tools that fill recap's fields (mutool sign, pdfsig -sign) add none", page)
	}
	return onlyChanged(k, page, old, now, nil)
}

// onlyChanged refuses a change to what other than the keys allowed.
func onlyChanged(k int, what string, old, now dict, allowed []name) error {
	keys := slices.Collect(maps.Keys(old))
	keys = append(keys, slices.Collect(maps.Keys(now))...)
	slices.Sort(keys)
	for _, key := range slices.Compact(keys) {
		if !slices.Contains(allowed, key) && !same(old[key], now[key]) {
			return altered(k, "changes the /%s of %s", key, what)
		}
	}
	if allowed == nil {
		return altered(k, "rewrites %s", what)
	}
	return nil
}

// inRevision reports whether an entry of the revision's section points
// into the revision's own bytes: at them, or into an object stream that
// is there.
func inRevision(rev revision, e xrefEntry) bool {
	if e.stream != 0 {
		stm, ok := rev.sec.entries[e.stream]
		return ok && stm.stream == 0 && !stm.free && stm.offset >= rev.start && stm.offset <= rev.xref
	}
	return e.offset >= rev.start && e.offset <= rev.xref
}

// ownObject reports whether object n is one the revision adds.
func ownObject(rev revision, n int) bool {
	e, ok := rev.sec.entries[n]
	return ok && !e.free
}

// checkSignature checks that object n is a signature dictionary whose
// byte range is its revision, all of it but the signature itself, and
// whose CMS signature is a signature of exactly those bytes by the
// certificate it carries; it returns the certificate's subject. Whether
// the certificate is to be trusted is for a validator to say.
func checkSignature(k int, f *file, n int, rev revision, field string) (string, error) {
	sig, ok := f.resolve(ref(n)).(dict)
	if !ok || sig["Type"] != nil && sig["Type"] != name("Sig") {
		return "", altered(k, "fills the field %s with something other than a signature", quote(field))
	}
	br, _ := f.resolve(sig["ByteRange"]).(array)
	var r [4]int
	for i := range r {
		if len(br) != 4 {
			break
		}
		r[i], _ = br[i].(int)
	}
	contents, isString := sig["Contents"].([]byte)
	switch {
	case len(br) != 4 || r[0] != 0 || r[1] < rev.start || r[2] <= r[1]+1 || r[3] < 0 || r[2]+r[3] != rev.end:
		return "", altered(k, "signs the field %s over other bytes than the file up to its end", quote(field))
	case !isString || len(bytes.Trim(contents, "\x00")) == 0:
		return "", altered(k, "leaves the field %s with an empty signature", quote(field))
	case !isHexString(f.data[r[1]:r[2]]):
		return "", altered(k, "signs the field %s leaving out more than the signature", quote(field))
	}
	if hole, _ := (&lexer{b: f.data[:r[2]], i: r[1]}).hex(); !same(hole, sig["Contents"]) {
		return "", altered(k, "signs the field %s leaving out another string than its signature", quote(field))
	}
	switch sub := sig["SubFilter"]; sub {
	case name("adbe.pkcs7.detached"), name("ETSI.CAdES.detached"):
	default:
		return "", altered(k, "fills the field %s with a signature of a kind this reader does not check (%v): only detached CMS signatures (adbe.pkcs7.detached, ETSI.CAdES.detached)", quote(field), sub)
	}
	signed := slices.Concat(f.data[:r[1]], f.data[r[2]:r[2]+r[3]])
	signer, err := checkCMS(contents, signed)
	if err != nil {
		return "", altered(k, "fills the field %s with a signature that does not sign the document: %v", quote(field), err)
	}
	return signer, nil
}

// isHexString reports whether b is a hex string, <...>, and nothing else.
func isHexString(b []byte) bool {
	if len(b) < 2 || b[0] != '<' || b[len(b)-1] != '>' {
		return false
	}
	for _, c := range b[1 : len(b)-1] {
		if !isSpace(c) && !strings.ContainsRune("0123456789abcdefABCDEF", rune(c)) {
			return false
		}
	}
	return true
}

// describe names what object n is, for a message: a page, a content
// stream, an annotation, a font, or just the object.
func describe(v any, n int) string {
	if s, ok := v.(stream); ok {
		switch {
		case s.dict["Type"] == name("XObject"):
			return fmt.Sprintf("the drawing in object %d", n)
		case s.dict["Type"] == name("EmbeddedFile"):
			return fmt.Sprintf("the embedded file in object %d", n)
		case s.dict["Type"] == name("Metadata"):
			return fmt.Sprintf("the metadata in object %d", n)
		}
		return fmt.Sprintf("the stream in object %d (a page's content, a font or an image)", n)
	}
	d, _ := v.(dict)
	switch t, _ := d["Type"].(name); t {
	case "Page":
		return fmt.Sprintf("a page (object %d)", n)
	case "Pages":
		return fmt.Sprintf("the page tree (object %d)", n)
	case "Annot":
		return fmt.Sprintf("an annotation (object %d)", n)
	case "Font", "FontDescriptor":
		return fmt.Sprintf("a font (object %d)", n)
	case "":
		return fmt.Sprintf("object %d", n)
	default:
		return fmt.Sprintf("object %d (%s)", n, strings.ToLower(string(t)))
	}
}

func quote(s string) string { return fmt.Sprintf("%q", s) }
