package render

import (
	"strings"
	"testing"

	"github.com/aigov/aigov/internal/testkit"

	"github.com/aigov/aigov/governance"
)

func TestMarkdown(t *testing.T) {
	got := rendered(t, FormatMarkdown)
	testkit.Golden(t, "report.md", got)
	testkit.Golden(t, "report-high.md", rendered(t, FormatMarkdown, WithMinSeverity(governance.SeverityHigh), WithMaxFindings(1), WithTitle("Nightly posture")))

	md := string(got)
	for _, bad := range []string{"<script>", "javascript:", "](javascript"} {
		if strings.Contains(md, bad) {
			t.Errorf("report data reached the Markdown unescaped: %q", bad)
		}
	}
	if !strings.Contains(md, "[A.8.3](https://docs.aws.amazon.com/") {
		t.Error("a published mapping with a web address is not linked")
	}
}

func TestMarkdownEscaping(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain words", "plain words"},
		{"*bold* _it_ `code` [x](http://e) ![i](x)", `\*bold\* \_it\_ \` + "`code\\`" + ` \[x\](http://e) \!\[i\](x)`},
		{"<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"},
		{"a | b", `a \| b`},
		{"# not a heading", `\# not a heading`},
		{`back\slash &amp;`, `back\\slash &amp;amp;`},
	} {
		if got := mdText(tc.in); got != tc.want {
			t.Errorf("mdText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := mdCell("one\ntwo | three"); got != `one<br>two \| three` {
		t.Errorf("mdCell keeps line breaks as <br>: got %q", got)
	}
}
