package render

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/recaptool/recap/internal/pdftest"
	"github.com/recaptool/recap/render/pdf/pdfread"
	"github.com/recaptool/recap/schema"
)

// TestBriefNextMoves: a final recap's brief gives its next moves as
// `recap status` does, as of the last date the notes record or the date
// asked for; a draft's has none; the notes' text in them is escaped.
func TestBriefNextMoves(t *testing.T) {
	src, err := os.ReadFile("../examples/follow-through.toml")
	if err != nil {
		t.Fatal(err)
	}
	brief := func(src []byte, asOf string) string {
		opt := Options{Record: Record{Document: Brief}, Template: docTemplate(t, Brief), Formats: Formats{"md"}}
		if asOf != "" {
			d, err := schema.ParseDate(asOf)
			if err != nil {
				t.Fatal(err)
			}
			opt.AsOf = d
		}
		return string(checkAndBuild(t, src, opt)[0].Data)
	}
	tests := []struct {
		name      string
		src       []byte
		asOf      string
		want, not []string
	}{
		{"as recorded", src, "", []string{"## Next moves\n\nAs of 16 Dec 2026, the last date these notes record: the recap is signed on 26 Nov 2026.\n", "- receipt (Дмитрий Иванов, Contoso GmbH): Confirm receipt and incoming inspection of the first lot; due 18 Dec 2026, 2 days left\n"}, nil},
		{"as of a date", src, "2027-02-01", []string{"As of 1 Feb 2027: the recap", "due 18 Dec 2026, 45 days late\n"}, []string{"the last date these notes record"}},
		{"escaped", bytes.Replace(src, []byte(`do    = "Confirm receipt and incoming inspection of the first lot"`), []byte(`do    = "Confirm *receipt* <b>now</b>"`), 1), "",
			[]string{`Confirm \*receipt\* \<b>now\</b>; due 18 Dec 2026`}, []string{"*receipt*", " <b>"}},
		{"draft", bytes.Replace(bytes.Replace(src, []byte(`status   = "final"`), []byte(`status   = "draft"`), 1), []byte("signed   = 2026-11-26\n"), nil, 1), "", nil, []string{"## Next moves"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := brief(tt.src, tt.asOf)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("the brief has not %q", w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("the brief has %q", n)
				}
			}
		})
	}
}

// TestBriefNotTheAgreement: the brief cannot be taken for the agreement:
// its title (metadata and page 1) says "Brief:", every page says
// INTERNAL in its header as text (the mark across it is drawn as the
// draft's is: render/pdf's tests); the agreement's pages have none of it.
func TestBriefNotTheAgreement(t *testing.T) {
	src := supplySource(t)
	for _, doc := range []Document{Brief, Agreement} {
		t.Run(string(doc), func(t *testing.T) {
			file := buildPDF(t, src, Options{Record: Record{Document: doc}})
			title, err := pdfread.ReadInfo(file, "Title")
			if err != nil {
				t.Fatal(err)
			}
			brief := doc == Brief
			if strings.HasPrefix(title, "Brief: ") != brief {
				t.Errorf("title %q", title)
			}
			pages := pdftest.Pages(t, file)
			if strings.Contains(pages[0], "Brief: Supply of SX-200 sensor modules") != brief {
				t.Errorf("page 1 says Brief: %v", !brief)
			}
			for i, p := range pages {
				if got := strings.Count(p, "INTERNAL: not for the other party"); got != 0 != brief {
					t.Errorf("page %d says INTERNAL %d times", i+1, got)
				}
			}
		})
	}
}

// TestBriefCover: the brief's cover says where each term's number went
// (in points for a percentage, against our floor), the exposure at its
// peak against our limit, and the warnings by entry, in words; its
// exposure table names the actions and marks every step over the limit.
func TestBriefCover(t *testing.T) {
	src, err := os.ReadFile("testdata/substance.toml")
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(src), "max_exposure = 120000", "max_exposure = 50000", 1)
	s = strings.Replace(s, `text  = "Unit price EUR 10.00."
owner = "ana"`, `text  = "Unit price EUR 10.00."
owner = "ana"
floor = 10.20

[[item]]
id    = "discount"
topic = "Discount"
text  = "A 3% discount for payment within 10 days."
owner = "ana"`, 1)
	s += `
[[round]]
date = 2026-11-23
gave = [{ text = "Discount from 2% to 3%", item = "discount", from = 2, to = 3 }]
got  = ["Payment within 10 days"]
`
	opt := Options{Record: Record{Document: Brief}, Template: docTemplate(t, Brief), Formats: Formats{"md"}}
	md := string(checkAndBuild(t, []byte(s), opt)[0].Data)
	cover, full, ok := strings.Cut(md, "<!-- pdf:page -->")
	if !ok {
		t.Fatal("no page break after the cover")
	}
	for _, want := range []string{
		"- Price 10.50 → 10.00 in one round, −4.8 %; **past our floor of 10.20**\n",
		"- Discount 2 → 3 in one round, +1 point\n",
		"At its peak, in step 1, we are EUR 100,000 ahead of them: **over our limit** of EUR 50,000.",
		"- On the step “Ship the pilot lot” (step 1): ",
		"- On round 1 (accepted, because a gesture for the pilot, agreed with our director): ",
	} {
		if !strings.Contains(cover, want) {
			t.Errorf("the cover has not %q:\n%s", want, cover)
		}
	}
	if strings.Contains(md, "Line ") {
		t.Error("a warning gives a line of the notes file, not the entry")
	}
	for _, want := range []string{
		"| 1 | “Ship the pilot lot” EUR 100,000 | “Pay the deposit” EUR 40,000 | EUR 100,000 | EUR 40,000 | **EUR 100,000** over the limit (largest) |",
		"| 2 |  | “Pay the balance” EUR 60,000 | EUR 100,000 | EUR 100,000 | **EUR 60,000** over the limit |",
	} {
		if !strings.Contains(full, want) {
			t.Errorf("the exposure table has not %q", want)
		}
	}
}

// TestDraftNeverBinding: a draft says it binds no one, whatever its
// `binding` says, and has no mutual statement of authority to sign; a
// final says what `binding` says.
func TestDraftNeverBinding(t *testing.T) {
	src, err := os.ReadFile("../examples/draft.toml")
	if err != nil {
		t.Fatal(err)
	}
	src = bytes.Replace(src, []byte("status   = \"draft\"\n"), []byte("status   = \"draft\"\nbinding  = \"binding\"\n"), 1)
	if !bytes.Contains(src, []byte(`binding  = "binding"`)) {
		t.Fatal("the draft example has changed: no status line to add binding after")
	}
	md := string(build(t, src, FormatMD)[FormatMD])
	for _, not := range []string{"is a binding agreement", "authorised to sign"} {
		if strings.Contains(md, not) {
			t.Errorf("a draft says %q", not)
		}
	}
	if !strings.Contains(md, draftWords) {
		t.Errorf("a draft does not say %q", draftWords)
	}
	final := string(build(t, supplySource(t), FormatMD)[FormatMD])
	if !strings.Contains(final, "This recap is a binding agreement.") {
		t.Error("a final binding recap does not say it binds")
	}
}
