package render

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/aigov/aigov/internal/testkit"

	"github.com/aigov/aigov/governance"
	"github.com/google/go-cmp/cmp"
)

// junitDoc is the JUnit XML as a CI system reads it.
type junitDoc struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Skipped  int `xml:"skipped,attr"`
	Suites   []struct {
		Tests      int `xml:"tests,attr"`
		Failures   int `xml:"failures,attr"`
		Skipped    int `xml:"skipped,attr"`
		Properties []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:"value,attr"`
		} `xml:"properties>property"`
		Cases []struct {
			Name      string `xml:"name,attr"`
			ClassName string `xml:"classname,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Body    string `xml:",chardata"`
			} `xml:"failure"`
			Skipped *struct {
				Message string `xml:"message,attr"`
			} `xml:"skipped"`
			SystemOut string `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func TestJUnit(t *testing.T) {
	got := rendered(t, FormatJUnit)
	testkit.Golden(t, "report.junit.xml", got)

	var doc junitDoc
	if err := xml.Unmarshal(got, &doc); err != nil {
		t.Fatalf("the JUnit XML does not parse: %v", err)
	}
	if doc.Tests != 11 || doc.Failures != 4 || doc.Skipped != 4 || len(doc.Suites) != 1 {
		t.Fatalf("tests %d, failures %d, skipped %d, suites %d; want 11, 4, 4 (2 UNKNOWN, 2 NOT_APPLICABLE), 1", doc.Tests, doc.Failures, doc.Skipped, len(doc.Suites))
	}
	suite := doc.Suites[0]
	r := fixture()
	var outcomes []string
	for i, tc := range suite.Cases {
		c := r.Controls[i]
		if tc.Name != c.ID+" "+c.Title || tc.ClassName != "aigov."+string(c.Severity) {
			t.Errorf("case %d: name %q, class %q", i, tc.Name, tc.ClassName)
		}
		switch {
		case tc.Failure != nil:
			outcomes = append(outcomes, c.ID+" failure: "+tc.Failure.Message)
		case tc.Skipped != nil:
			outcomes = append(outcomes, c.ID+" skipped: "+tc.Skipped.Message)
		default:
			outcomes = append(outcomes, c.ID+" passed: "+tc.SystemOut)
		}
	}
	want := []string{
		"AIML-DAT-01 failure: " + r.Controls[0].Reason,
		"AIML-NET-01 failure: " + r.Controls[1].Reason,
		"AIML-ENC-01 failure: " + r.Controls[2].Reason,
		"AIML-DAT-02 failure: " + r.Controls[3].Reason,
		"AIML-VUL-01 skipped: UNKNOWN: " + r.Controls[4].Reason,
		"AIML-GOV-03 skipped: UNKNOWN: " + r.Controls[5].Reason,
		"AIML-IAM-01 passed: WAIVED: 1 failing, all waived: RootAccess is Enabled\n" +
			"WAIVED 111111111111/eu-west-1 AWS::SageMaker::NotebookInstance arn:aws:sagemaker:eu-west-1:111111111111:notebook-instance/research-gpu\n" +
			"  RootAccess is Enabled\n  waived by ml-platform@example.com until 2027-01-01 00:00 UTC: Research notebooks need root for GPU drivers (JIRA ML-42)\n",
		"AIML-LOG-02 passed: ",
		"AIML-GOV-11 passed: ",
		"AIML-GOV-08 skipped: NOT_APPLICABLE: " + r.Controls[9].Reason,
		"AIML-HLT-01 skipped: NOT_APPLICABLE: " + r.Controls[10].Reason,
	}
	if d := cmp.Diff(want, outcomes); d != "" {
		t.Errorf("test case outcomes (-want +got):\n%s", d)
	}
	if body := suite.Cases[0].Failure.Body; !strings.Contains(body, "arn:aws:s3:::train-raw") || !strings.Contains(body, "Fix: Turn on S3 Block Public Access") {
		t.Errorf("the failure body lacks the findings or the fix:\n%s", body)
	}
	if body := suite.Cases[0].Failure.Body; !strings.Contains(body, `Principal "*" <script>alert('x')</script>`) {
		t.Errorf("the message does not read back as it was:\n%s", body)
	}
}

// TestJUnitInvalidCharacters: XML 1.0 cannot hold most control
// characters; a message with them must still give a document that parses.
func TestJUnitInvalidCharacters(t *testing.T) {
	r := fixture()
	r.Controls[0].Reason = "nul\x00 esc\x1b bell\x07"
	r.Findings[0].Message = "form\x0c feed ]]><evil/>"
	var buf bytes.Buffer
	if err := JUnit(&buf, r, WithMinSeverity(governance.SeverityCritical)); err != nil {
		t.Fatal(err)
	}
	var doc junitDoc
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("the XML does not parse: %v\n%s", err, buf.String())
	}
	if body := doc.Suites[0].Cases[0].Failure.Body; !strings.Contains(body, "form\uFFFD feed ]]><evil/>") {
		t.Errorf("the message does not read back as text with U+FFFD for the form feed:\n%s", body)
	}
	if doc.Tests != 1 {
		t.Errorf("WithMinSeverity(critical): %d test cases, want 1", doc.Tests)
	}
}
