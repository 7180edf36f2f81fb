package pdf

import (
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/recaptool/recap/internal/pdftest"
)

// yardstick are names and sentences in each script recap prints, each
// a paragraph of its own, that readers must give back as written.
var yardstick = []struct{ script, text string }{
	{"Arabic", "محمد العتيبي"},
	{"Arabic", "شركة الأمل للتجارة"},
	{"Arabic", "يتم تسليم الدفعة الأولى قبل نهاية مارس"},
	{"Arabic", "عَقْدٌ مُوَقَّع"},
	{"Hebrew", "דוד כהן"},
	{"Hebrew", "המשלוח הראשון יושלם עד סוף מרץ"},
	{"Hebrew", "שָׁלוֹם עֲלֵיכֶם"},
	{"Devanagari", "राजेश कुमार"},
	{"Devanagari", "प्रिया शर्मा"},
	{"Devanagari", "मुख्य वित्त अधिकारी"},
	{"Devanagari", "पहली डिलीवरी मार्च 2027 तक पूरी होगी।"},
	{"Thai", "สมชาย ใจดี"},
	{"Thai", "บริษัท ใจดี จำกัด"},
	{"Thai", "ผู้อำนวยการฝ่ายการเงิน"},
	{"Thai", "การส่งมอบครั้งแรกจะเสร็จสิ้นภายในเดือนมีนาคม 2027"},
	{"CJK", "王小明"},
	{"CJK", "双方同意在2027年3月前完成首批交付。"},
	{"CJK", "田中健一"},
	{"CJK", "김민준"},
	{"Latin", "Nguyễn Thị Hương"},
	{"Latin", "Việc giao lô hàng đầu tiên sẽ hoàn tất trước tháng 3 năm 2027."},
	{"Greek, Cyrillic", "Ελένη Παπαδοπούλου"},
	{"Greek, Cyrillic", "Дмитрий Иванов"},
}

// TestYardstick measures how well each reader gives back the yardstick
// texts from recap's PDF, Chromium's (printing the same paragraphs) and
// Typst's, script by script, and fails where recap's reads back worse
// than either. It runs with RECAP_YARDSTICK=1, Chromium installed and
// Typst's Node.js compiler (npm install
// @myriaddreamin/typst-ts-node-compiler, on NODE_PATH); the fonts are
// the Noto fonts recap embeds (inflated into a folder) and the system's.
// RECAP_YARDSTICK_DIR=DIR keeps the three PDFs there, to look at.
func TestYardstick(t *testing.T) {
	if os.Getenv("RECAP_YARDSTICK") != "1" {
		t.Skip("RECAP_YARDSTICK=1 runs it")
	}
	dir := t.TempDir()
	fontDir := filepath.Join(dir, "fonts")
	if err := os.MkdirAll(fontDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, n := range notoFonts {
		b, err := gunzip(fontFiles, "fonts/"+n.file+".gz")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(fontDir, n.file), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var md, page, typ strings.Builder
	page.WriteString(`<!doctype html><meta charset="utf-8"><style>body{font-family:"Noto Sans","Noto Sans Arabic","Noto Sans Hebrew","Noto Sans Devanagari","Noto Sans Thai","Noto Sans CJK SC",sans-serif}</style>`)
	typ.WriteString(`#set text(font: ("Noto Sans", "Noto Sans Arabic", "Noto Sans Hebrew", "Noto Sans Devanagari", "Noto Sans Thai", "Noto Sans CJK SC"))` + "\n")
	for _, y := range yardstick {
		md.WriteString(y.text + "\n\n")
		fmt.Fprintf(&page, "<p dir=auto>%s</p>\n", html.EscapeString(y.text))
		typ.WriteString(strings.NewReplacer("#", `\#`, "*", `\*`, "_", `\_`).Replace(y.text) + "\n\n")
	}
	set := NewFontSet(FontDir{Name: "/usr/share/fonts", FS: os.DirFS("/usr/share/fonts")})
	files := map[string][]byte{"recap": render(t, md.String(), Options{Fonts: set})}

	htmlPath := filepath.Join(dir, "page.html")
	os.WriteFile(htmlPath, []byte(page.String()), 0o644)
	chromiumPDF := filepath.Join(dir, "chromium.pdf")
	cmd := exec.Command("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--print-to-pdf="+chromiumPDF, htmlPath)
	cmd.Env = append(os.Environ(), "FONTCONFIG_FILE="+fontconfig(t, dir, fontDir))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	files["Chromium"], _ = os.ReadFile(chromiumPDF)
	if d := os.Getenv("RECAP_YARDSTICK_DIR"); d != "" {
		defer func() {
			for p, b := range files {
				os.WriteFile(filepath.Join(d, p+".pdf"), b, 0o644)
			}
		}()
	}

	typPath, typstPDF := filepath.Join(dir, "page.typ"), filepath.Join(dir, "typst.pdf")
	os.WriteFile(typPath, []byte(typ.String()), 0o644)
	script := `const {NodeCompiler} = require('@myriaddreamin/typst-ts-node-compiler'), fs = require('fs');
const c = NodeCompiler.create({fontArgs: [{fontPaths: [process.argv[3], '/usr/share/fonts']}]});
fs.writeFileSync(process.argv[2], c.pdf({mainFileContent: fs.readFileSync(process.argv[1], 'utf8')}));`
	if out, err := exec.Command("node", "-e", script, typPath, typstPDF, fontDir).CombinedOutput(); err != nil {
		t.Fatalf("typst: %v\n%s", err, out)
	}
	files["Typst"], _ = os.ReadFile(typstPDF)

	producers := []string{"recap", "Chromium", "Typst"}
	readers := []string{"pdftotext", "MuPDF", "pdfminer", "pdf.js"}
	scripts := []string{}
	for _, y := range yardstick {
		if len(scripts) == 0 || scripts[len(scripts)-1] != y.script {
			scripts = append(scripts, y.script)
		}
	}
	// score[producer][reader][script]: texts read back as written
	score := map[string]map[string]map[string]int{}
	total := map[string]int{}
	for _, y := range yardstick {
		total[y.script]++
	}
	for _, p := range producers {
		score[p] = map[string]map[string]int{}
		got := pdftest.Readers(t, files[p])
		got["pdftotext"] = directionMarks.ReplaceAllString(pdftest.Stdout(t, files[p], "pdftotext", "-enc", "UTF-8", "PDF", "-"), "")
		for _, r := range readers {
			score[p][r] = map[string]int{}
			text := strings.Join(strings.Fields(got[r]), " ")
			for _, y := range yardstick {
				if strings.Contains(text, y.text) {
					score[p][r][y.script]++
				}
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "| script | reader | recap | Chromium | Typst |\n|---|---|---|---|---|\n")
	for _, s := range scripts {
		for _, r := range readers {
			fmt.Fprintf(&b, "| %s | %s |", s, r)
			for _, p := range producers {
				fmt.Fprintf(&b, " %d/%d |", score[p][r][s], total[s])
			}
			b.WriteString("\n")
			if ours := score["recap"][r][s]; ours < score["Chromium"][r][s] || ours < score["Typst"][r][s] {
				t.Errorf("%s in %s: recap's PDF reads back worse than another's", s, r)
			}
		}
	}
	t.Log("\n" + b.String())
}

// fontconfig writes a configuration that gives Chromium the fonts in dir
// and the system's, and returns its path.
func fontconfig(t *testing.T, dir, fonts string) string {
	path := filepath.Join(dir, "fonts.conf")
	conf := `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>` + html.EscapeString(fonts) + `</dir><cachedir>` + html.EscapeString(filepath.Join(dir, "cache")) + `</cachedir></fontconfig>`
	if err := os.WriteFile(path, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
