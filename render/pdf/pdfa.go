package pdf

import (
	"bytes"
	_ "embed"
	"encoding/xml"
	"fmt"
	"time"
)

// PDF/A-3b: what the archival standard asks of a file beyond plain PDF,
// other than the tags (tags.go), embedded fonts (embed.go) and the
// associated files (file.go): XMP metadata that says it is PDF/A-3b and
// repeats the document information, an output intent saying what the
// colours mean, and a file identifier (write.go).

// srgb is the sRGB IEC61966-2.1 profile of Debian's icc-profiles-free
// (icc/README.md: zlib licence), 6.9 kB, the output intent's.
//
//go:embed icc/sRGB.icc
var srgb []byte

// writeOutputIntent writes the PDF/A output intent, sRGB, and returns it.
func writeOutputIntent(w *writer) int {
	profile, intent := w.alloc(), w.alloc()
	w.stream(profile, func(d *pdfDict) { d.Int("N", 3) }, srgb)
	w.dict(intent, func(d *pdfDict) {
		d.Name("Type", "OutputIntent")
		d.Name("S", "GTS_PDFA1")
		d.ASCII("OutputConditionIdentifier", "sRGB IEC61966-2.1")
		d.ASCII("Info", "sRGB IEC61966-2.1")
		d.ASCII("RegistryName", "http://www.color.org")
		d.Ref("DestOutputProfile", profile)
	})
	return intent
}

// info is the document information: what the Info dictionary and the
// XMP metadata both say.
type info struct {
	title, author, subject, keywords, creator string
	lang                                      string
	date                                      time.Time
}

// writeMetadata writes the XMP metadata, uncompressed (as PDF/A wants, so
// that any tool can find it), and returns it.
func writeMetadata(w *writer, in info) int {
	n := w.alloc()
	w.rawStream(n, func(d *pdfDict) {
		d.Name("Type", "Metadata")
		d.Name("Subtype", "XML")
	}, xmp(in))
	return n
}

// xmp is the metadata packet: PDF/A-3b's identification and the document
// information, each value as the Info dictionary has it.
func xmp(in info) []byte {
	var b bytes.Buffer
	esc := func(s string) string {
		var e bytes.Buffer
		xml.EscapeText(&e, []byte(s))
		return e.String()
	}
	date := in.date.UTC().Format("2006-01-02T15:04:05Z")
	b.WriteString("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n" +
		"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n" +
		"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n" +
		"<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"" +
		" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"" +
		" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n" +
		"<pdfaid:part>3</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n" +
		"<dc:format>application/pdf</dc:format>\n")
	if in.title != "" {
		fmt.Fprintf(&b, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li></rdf:Alt></dc:title>\n", esc(in.title))
	}
	if in.author != "" {
		fmt.Fprintf(&b, "<dc:creator><rdf:Seq><rdf:li>%s</rdf:li></rdf:Seq></dc:creator>\n", esc(in.author))
	}
	if in.subject != "" {
		fmt.Fprintf(&b, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li></rdf:Alt></dc:description>\n", esc(in.subject))
	}
	fmt.Fprintf(&b, "<dc:language><rdf:Bag><rdf:li>%s</rdf:li></rdf:Bag></dc:language>\n", esc(in.lang))
	if in.keywords != "" {
		fmt.Fprintf(&b, "<pdf:Keywords>%s</pdf:Keywords>\n", esc(in.keywords))
	}
	if in.creator != "" {
		fmt.Fprintf(&b, "<pdf:Producer>%s</pdf:Producer>\n<xmp:CreatorTool>%s</xmp:CreatorTool>\n", esc(in.creator), esc(in.creator))
	}
	fmt.Fprintf(&b, "<xmp:CreateDate>%s</xmp:CreateDate>\n<xmp:ModifyDate>%s</xmp:ModifyDate>\n<xmp:MetadataDate>%s</xmp:MetadataDate>\n", date, date, date)
	b.WriteString("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>")
	return b.Bytes()
}
