package pdf

import (
	"bytes"
	"compress/zlib"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
)

// An Attachment is a file embedded in the PDF, listed in readers'
// attachments panel and extracted byte for byte by tools like pdfdetach.
type Attachment struct {
	Name        string // file name, such as "notes.toml"
	Description string
	MIME        string // such as "application/toml"
	Data        []byte
}

// sigField is an empty signature field, placed by <!-- pdf:signature -->.
type sigField struct {
	name string
	page int        // from 1
	rect [4]float64 // x1, y1, x2, y2 in points, from the bottom left
}

// appendUpdate adds attachments and signature fields to a finished PDF as
// an incremental update: new objects, new versions of the catalog and of
// the pages that get fields, and a cross-reference section that points
// back at the original one. The original bytes stay as they are, so
// nothing fpdf wrote (bookmarks, links) moves. fpdf's own attachments would
// shift bookmark and link targets, and it has no form fields at all.
func appendUpdate(pdf []byte, atts []packed, fields []sigField) ([]byte, error) {
	if len(atts) == 0 && len(fields) == 0 {
		return pdf, nil
	}
	offsets, xrefAt, err := readXref(pdf)
	if err != nil {
		return nil, err
	}
	tr := pdf[xrefAt:]
	size, root, info := trailerInt(tr, sizeRe), trailerInt(tr, rootRe), trailerInt(tr, infoRe)
	if size == 0 || root == 0 {
		return nil, fmt.Errorf("pdf: no trailer")
	}
	u := &update{pdf: pdf, offsets: offsets, xrefAt: xrefAt, next: size}
	catalog, err := u.object(root)
	if err != nil {
		return nil, err
	}
	catalog = removeEntry(dictBody(catalog), "/Names")
	var extra bytes.Buffer
	if len(atts) > 0 {
		fmt.Fprintf(&extra, "\n/Names << /EmbeddedFiles %d 0 R >>\n/AF [", u.attachments(atts))
		for _, fs := range u.fileSpecs {
			fmt.Fprintf(&extra, "%d 0 R ", fs)
		}
		extra.WriteString("]")
	}
	if len(fields) > 0 {
		form, err := u.fields(fields)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&extra, "\n/AcroForm %d 0 R", form)
	}
	u.add(root, []byte("<<"+string(catalog)+extra.String()+"\n>>"))
	return u.write(root, info), nil
}

type update struct {
	pdf       []byte
	offsets   []int
	xrefAt    int
	next      int
	objs      []updObj
	fileSpecs []int
}

type updObj struct {
	num  int
	body []byte
}

func (u *update) alloc() int {
	u.next++
	return u.next - 1
}

func (u *update) add(num int, body []byte) { u.objs = append(u.objs, updObj{num, body}) }

// object returns the body of object num in the original file.
func (u *update) object(num int) ([]byte, error) {
	if num <= 0 || num >= len(u.offsets) || u.offsets[num] == 0 {
		return nil, fmt.Errorf("pdf: no object %d", num)
	}
	start := u.offsets[num]
	end := u.xrefAt
	for n, off := range u.offsets {
		if n > 0 && off > start && off < end {
			end = off
		}
	}
	obj := u.pdf[start:end]
	head := fmt.Sprintf("%d 0 obj\n", num)
	if !bytes.HasPrefix(obj, []byte(head)) {
		return nil, fmt.Errorf("pdf: object %d is not where the xref says", num)
	}
	obj = bytes.TrimSuffix(bytes.TrimRight(obj[len(head):], "\n"), []byte("endobj"))
	return bytes.TrimSpace(obj), nil
}

// attachments writes the files and their name tree; it returns the tree.
// packed is an attachment compressed, with its checksum.
type packed struct {
	Attachment
	z   []byte
	sum [md5.Size]byte
}

// pack compresses attachments, sorted by name as the name tree lists them.
func pack(atts []Attachment) []packed {
	out := make([]packed, len(atts))
	zw := zlibPool.Get().(*zlib.Writer)
	defer zlibPool.Put(zw)
	for i, a := range atts {
		var z bytes.Buffer
		zw.Reset(&z)
		zw.Write(a.Data)
		zw.Close()
		out[i] = packed{a, z.Bytes(), md5.Sum(a.Data)}
	}
	slices.SortFunc(out, func(a, b packed) int { return bytes.Compare(pdfString(a.Name), pdfString(b.Name)) })
	return out
}

func (u *update) attachments(atts []packed) int {
	var names bytes.Buffer
	names.WriteString("<< /Names [")
	for _, a := range atts {
		ef := u.alloc()
		u.add(ef, []byte(fmt.Sprintf("<< /Type /EmbeddedFile /Subtype %s /Filter /FlateDecode /Length %d /Params << /Size %d /CheckSum <%s> >> >>\nstream\n%s\nendstream",
			pdfName(a.MIME), len(a.z), len(a.Data), hex.EncodeToString(a.sum[:]), a.z)))
		fs := u.alloc()
		u.add(fs, []byte(fmt.Sprintf("<< /Type /Filespec /F %s /UF %s /Desc %s /EF << /F %d 0 R /UF %d 0 R >> /AFRelationship /Source >>",
			asciiString(a.Name), pdfString(a.Name), pdfString(a.Description), ef, ef)))
		u.fileSpecs = append(u.fileSpecs, fs)
		fmt.Fprintf(&names, " %s %d 0 R", pdfString(a.Name), fs)
	}
	names.WriteString(" ] >>")
	tree := u.alloc()
	u.add(tree, names.Bytes())
	return tree
}

// fields writes a widget per signature field, new versions of their pages
// with the widgets in /Annots, and the form; it returns the form.
func (u *update) fields(fields []sigField) (int, error) {
	pagesObj, err := u.object(1) // fpdf numbers the page tree 1
	if err != nil {
		return 0, err
	}
	var pages []int
	for _, m := range refRe.FindAllSubmatch(between(pagesObj, "/Kids [", "]"), -1) {
		n, _ := strconv.Atoi(string(m[1]))
		pages = append(pages, n)
	}
	byPage := map[int][]int{}
	var refs bytes.Buffer
	for _, f := range fields {
		if f.page < 1 || f.page > len(pages) {
			return 0, fmt.Errorf("pdf: signature field on page %d of %d", f.page, len(pages))
		}
		w := u.alloc()
		// Field names may not hold periods: they separate levels.
		u.add(w, []byte(fmt.Sprintf("<< /Type /Annot /Subtype /Widget /FT /Sig /T %s /TU %s /F 132 /Rect [%.2f %.2f %.2f %.2f] /P %d 0 R >>",
			pdfString(strings.ReplaceAll(f.name, ".", "_")), pdfString("Signature of "+f.name), f.rect[0], f.rect[1], f.rect[2], f.rect[3], pages[f.page-1])))
		byPage[f.page] = append(byPage[f.page], w)
		fmt.Fprintf(&refs, "%d 0 R ", w)
	}
	for _, p := range slices.Sorted(maps.Keys(byPage)) {
		num := pages[p-1]
		body, err := u.object(num)
		if err != nil {
			return 0, err
		}
		u.add(num, addAnnots(dictBody(body), byPage[p]))
	}
	form := u.alloc()
	u.add(form, []byte("<< /Fields [ "+refs.String()+"] /SigFlags 1 >>"))
	return form, nil
}

// write appends the new objects, their cross-reference section and the
// trailer to the original file.
func (u *update) write(root, info int) []byte {
	size := len(u.pdf) + 128*len(u.objs) + 256
	for _, o := range u.objs {
		size += len(o.body)
	}
	out := bytes.NewBuffer(make([]byte, 0, size))
	out.Write(u.pdf)
	offsets := map[int]int{}
	for _, o := range u.objs {
		offsets[o.num] = out.Len()
		fmt.Fprintf(out, "%d 0 obj\n%s\nendobj\n", o.num, o.body)
	}
	at := out.Len()
	out.WriteString("xref\n")
	nums := slices.Sorted(maps.Keys(offsets))
	for i := 0; i < len(nums); {
		j := i
		for j+1 < len(nums) && nums[j+1] == nums[j]+1 {
			j++
		}
		fmt.Fprintf(out, "%d %d\n", nums[i], j-i+1)
		for _, n := range nums[i : j+1] {
			fmt.Fprintf(out, "%010d 00000 n \n", offsets[n])
		}
		i = j + 1
	}
	fmt.Fprintf(out, "trailer\n<<\n/Size %d\n/Root %d 0 R\n", u.next, root)
	if info > 0 {
		fmt.Fprintf(out, "/Info %d 0 R\n", info)
	}
	fmt.Fprintf(out, "/Prev %d\n>>\nstartxref\n%d\n%%%%EOF\n", u.xrefAt, at)
	return out.Bytes()
}

// What the update reads of fpdf's output, compiled once.
var (
	sizeRe = regexp.MustCompile(`/Size (\d+)`)
	rootRe = regexp.MustCompile(`/Root (\d+) 0 R`)
	infoRe = regexp.MustCompile(`/Info (\d+) 0 R`)
	refRe  = regexp.MustCompile(`(\d+) 0 R`)
)

func trailerInt(trailer []byte, re *regexp.Regexp) int {
	m := re.FindSubmatch(trailer)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// dictBody returns what stands between a dictionary's << and >>.
func dictBody(d []byte) []byte {
	d = bytes.TrimSpace(d)
	return bytes.TrimSuffix(bytes.TrimPrefix(d, []byte("<<")), []byte(">>"))
}

// removeEntry drops key and its value, a dictionary or a simple value,
// from a dictionary body.
func removeEntry(body []byte, key string) []byte {
	i := bytes.Index(body, []byte(key))
	if i < 0 {
		return body
	}
	rest := bytes.TrimLeft(body[i+len(key):], " \n")
	end := len(body) - len(rest)
	if bytes.HasPrefix(rest, []byte("<<")) {
		end += matching(rest, "<<", ">>")
	} else if j := bytes.IndexAny(rest, "\n/"); j >= 0 {
		end += j
	} else {
		end = len(body)
	}
	return append(slices.Clone(body[:i]), body[end:]...)
}

// matching returns the length of the balanced open ... close group at the
// start of b.
func matching(b []byte, open, close string) int {
	depth := 0
	for i := 0; i < len(b); {
		switch {
		case bytes.HasPrefix(b[i:], []byte(open)):
			depth++
			i += len(open)
		case bytes.HasPrefix(b[i:], []byte(close)):
			depth--
			i += len(close)
			if depth == 0 {
				return i
			}
		case b[i] == '(': // a string may hold brackets
			i += literalLen(b[i:])
		default:
			i++
		}
	}
	return len(b)
}

// literalLen returns the length of the PDF literal string at the start of b.
func literalLen(b []byte) int {
	depth := 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return len(b)
}

// addAnnots adds widget references to a page's /Annots, keeping any links.
func addAnnots(body []byte, widgets []int) []byte {
	var refs bytes.Buffer
	for _, w := range widgets {
		fmt.Fprintf(&refs, " %d 0 R", w)
	}
	i := bytes.Index(body, []byte("/Annots ["))
	if i < 0 {
		return []byte("<<" + string(body) + "\n/Annots [" + refs.String() + " ]\n>>")
	}
	start := i + len("/Annots ")
	end := start + matching(body[start:], "[", "]") - 1 // the closing bracket
	return []byte("<<" + string(body[:end]) + refs.String() + " " + string(body[end:]) + ">>")
}

func between(b []byte, from, to string) []byte {
	i := bytes.Index(b, []byte(from))
	if i < 0 {
		return nil
	}
	b = b[i+len(from):]
	if j := bytes.Index(b, []byte(to)); j >= 0 {
		return b[:j]
	}
	return b
}

// pdfString writes s as a UTF-16BE hex string, safe for any text.
func pdfString(s string) []byte {
	var b bytes.Buffer
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.Bytes()
}

// asciiString writes s as a literal string of printable ASCII, for the
// file name of readers that ignore /UF.
func asciiString(s string) string {
	var b bytes.Buffer
	b.WriteByte('(')
	for _, r := range s {
		switch {
		case r == '(' || r == ')' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r > 0x7E:
			b.WriteByte('_')
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(')')
	return b.String()
}

// pdfName writes s as a PDF name, escaping what names cannot hold.
func pdfName(s string) string {
	var b bytes.Buffer
	b.WriteByte('/')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '!' || c > '~' || bytes.IndexByte([]byte("#/()<>[]{}%"), c) >= 0 {
			fmt.Fprintf(&b, "#%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}
