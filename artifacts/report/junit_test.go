package report_test

import (
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
)

// reportXmllint returns xmllint's path; without it the test fails on CI and is skipped
// elsewhere.
func reportXmllint(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("xmllint")
	if err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("xmllint is needed to validate junit.xml: apt-get install -y libxml2-utils")
	}
	t.Skip("xmllint not installed: apt-get install -y libxml2-utils")
	return ""
}

// reportValidate validates the file at path against testdata/junit-10.xsd (Jenkins' schema).
func reportValidate(t *testing.T, path string) error {
	t.Helper()
	out, err := exec.Command(reportXmllint(t), "--noout", "--schema", filepath.Join("testdata", "junit-10.xsd"), path).CombinedOutput()
	if err != nil {
		return &reportXMLError{out: string(out), err: err}
	}
	return nil
}

type reportXMLError struct {
	out string
	err error
}

func (e *reportXMLError) Error() string { return e.err.Error() + ": " + e.out }

// The junit.xml as a CI system reads it back.
type (
	reportJSuites struct {
		XMLName  xml.Name       `xml:"testsuites"`
		Name     string         `xml:"name,attr"`
		Tests    int            `xml:"tests,attr"`
		Failures int            `xml:"failures,attr"`
		Errors   int            `xml:"errors,attr"`
		Time     string         `xml:"time,attr"`
		Suites   []reportJSuite `xml:"testsuite"`
	}
	reportJSuite struct {
		Name     string        `xml:"name,attr"`
		Tests    int           `xml:"tests,attr"`
		Failures int           `xml:"failures,attr"`
		Errors   int           `xml:"errors,attr"`
		Skipped  int           `xml:"skipped,attr"`
		Time     string        `xml:"time,attr"`
		Props    []reportJProp `xml:"properties>property"`
		Cases    []reportJCase `xml:"testcase"`
	}
	reportJProp struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	}
	reportJCase struct {
		Name      string          `xml:"name,attr"`
		Classname string          `xml:"classname,attr"`
		Time      string          `xml:"time,attr"`
		Failure   *reportJProblem `xml:"failure"`
		Error     *reportJProblem `xml:"error"`
		Skipped   *reportJProblem `xml:"skipped"`
		Reruns    []reportJRerun  `xml:"rerunFailure"`
		Flaky     []reportJRerun  `xml:"flakyFailure"`
		SystemOut string          `xml:"system-out"`
	}
	reportJProblem struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Body    string `xml:",chardata"`
	}
	reportJRerun struct {
		Message    string `xml:"message,attr"`
		Type       string `xml:"type,attr"`
		StackTrace string `xml:"stackTrace"`
	}
)

// reportWriteJUnit writes r's junit.xml into dir and reads it back.
func reportWriteJUnit(t *testing.T, dir string, r *report.RunReport) (string, reportJSuites) {
	t.Helper()
	path := filepath.Join(dir, "junit.xml")
	require.NoError(t, report.NewJUnitReporter(path).RunEnded(r))
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var doc reportJSuites
	require.NoError(t, xml.Unmarshal(data, &doc), "junit.xml is not well-formed XML")
	return path, doc
}

func TestJUnitReporterValidAgainstSchema(t *testing.T) {
	dir := t.TempDir()
	r := reportWhole(t)
	withFailedFirstAttempt(t, r)
	// Text that XML cannot hold or must escape: terminal escapes, NUL, markup.
	r.Flows[1].Attempts[1].Failure.Details = "\x1b[31mred\x1b[0m \x00 <tag> & ]]> \"quoted\""
	path, _ := reportWriteJUnit(t, dir, r)
	require.NoError(t, reportValidate(t, path))

	// The validator can fail: the same file without the required tests= count.
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	broken := filepath.Join(dir, "broken.xml")
	require.NoError(t, os.WriteFile(broken, []byte(strings.Replace(string(data), `<testsuite name="e2e" tests="7"`, `<testsuite name="e2e"`, 1)), 0o644))
	require.Error(t, reportValidate(t, broken))
}

// withFailedFirstAttempt gives the interrupted "profile" flow of r an attempt that failed
// before the interrupted one (a retry cut short by Ctrl-C).
func withFailedFirstAttempt(t *testing.T, r *report.RunReport) {
	t.Helper()
	for i, f := range r.Flows {
		if f.ID == "profile" {
			first := report.AttemptReport{Retry: 0, Status: report.StatusFailed, DurationMS: 500,
				Failure: &report.Failure{Message: "profile page: no page loaded after 2s", Step: "see the profile"}}
			for j := range f.Attempts {
				f.Attempts[j].Retry++
			}
			r.Flows[i].Attempts = append([]report.AttemptReport{first}, f.Attempts...)
			return
		}
	}
	t.Fatal("no profile flow in the fixture")
}

func TestJUnitReporterContent(t *testing.T) {
	dir := t.TempDir()
	r := reportWhole(t)
	withFailedFirstAttempt(t, r)
	_, doc := reportWriteJUnit(t, filepath.Join(dir, "test-results"), r)

	require.Equal(t, "e2e", doc.Name)
	require.Equal(t, 7, doc.Tests)
	require.Equal(t, 2, doc.Failures)
	require.Equal(t, 1, doc.Errors)
	require.Equal(t, "17.000", doc.Time)
	require.Len(t, doc.Suites, 1)
	s := doc.Suites[0]
	require.Equal(t, "e2e", s.Name)
	require.Equal(t, []int{7, 2, 1, 1}, []int{s.Tests, s.Failures, s.Errors, s.Skipped})
	require.Contains(t, s.Props, reportJProp{"base_url", "http://127.0.0.1:8080"})
	require.Contains(t, s.Props, reportJProp{"flaky", "1"})
	require.Len(t, s.Cases, 7)

	cases := map[string]reportJCase{}
	for _, c := range s.Cases {
		require.Equal(t, "e2e.flows", c.Classname)
		cases[c.Name] = c
	}
	require.Equal(t, "1.200", cases["login"].Time)
	require.Nil(t, cases["login"].Failure)
	require.Empty(t, cases["login"].SystemOut)
	require.Contains(t, cases, `search "shoes" & <b>boots</b>`, "ids come back unescaped")

	fav := cases["add favourite"]
	require.Equal(t, "6.200", fav.Time)
	require.NotNil(t, fav.Failure)
	require.Equal(t, "AssertionError", fav.Failure.Type)
	require.Equal(t, `favourites page: "fav-count" still reads "2", want "3" after 2s`, fav.Failure.Message)
	require.NotContains(t, fav.Failure.Message, "\n")
	require.Contains(t, fav.Failure.Body, `step: add favourite > favourites page: wait for "fav-count" to read "3"`)
	require.Contains(t, fav.Failure.Body, "flows/shop_favourites.go:42")
	require.Len(t, fav.Reruns, 1, "the first failed attempt is a rerunFailure")
	// The last attempt's screenshot comes first: GitLab shows the first attachment.
	require.True(t, strings.HasPrefix(fav.SystemOut,
		"artifacts: "+filepath.ToSlash(filepath.Join(dir, "test-results", "add-favourite-retry1"))+"/\n"+
			"[[ATTACHMENT|"+filepath.ToSlash(filepath.Join(dir, "test-results", "add-favourite-retry1", "screenshot.png"))+"]]\n"), fav.SystemOut)
	require.Contains(t, fav.SystemOut, "[[ATTACHMENT|"+filepath.ToSlash(filepath.Join(dir, "test-results", "add-favourite", "network.har"))+"]]")

	flaky := cases["checkout"]
	require.Nil(t, flaky.Failure, "a flaky flow passes")
	require.Nil(t, flaky.Error)
	require.Len(t, flaky.Flaky, 1)
	require.Equal(t, `checkout page: "order-total" not visible after 10s`, flaky.Flaky[0].Message)
	require.Contains(t, flaky.SystemOut, `attempt 1 failed: checkout page: read "order-total": checkout page: "order-total" not visible after 10s`)
	require.Contains(t, flaky.SystemOut, "screenshot.png]]")

	intr := cases["profile"]
	require.NotNil(t, intr.Error)
	require.Equal(t, "interrupted", intr.Error.Message)
	require.Contains(t, intr.Error.Body, `profile page: click "save"`)
	require.Nil(t, intr.Failure)
	require.Len(t, intr.Reruns, 1, "the attempt that failed before the interrupt is kept")
	require.Equal(t, "profile page: no page loaded after 2s", intr.Reruns[0].Message)

	require.NotNil(t, cases["admin"].Skipped)
	require.Nil(t, cases["admin"].Failure)
}

func TestJUnitReporterRelativePaths(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	r := reportWhole(t)
	require.NoError(t, report.NewJUnitReporter(filepath.Join("test-results", "junit.xml")).RunEnded(r))
	data, err := os.ReadFile(filepath.Join("test-results", "junit.xml"))
	require.NoError(t, err)
	require.Contains(t, string(data), "[[ATTACHMENT|test-results/add-favourite/screenshot.png]]")
	require.Contains(t, string(data), "artifacts: test-results/checkout/\n")
}

func TestJUnitReporterEmptyRun(t *testing.T) {
	dir := t.TempDir()
	path, doc := reportWriteJUnit(t, dir, &report.RunReport{Status: report.StatusPassed})
	require.Equal(t, 0, doc.Tests)
	require.NoError(t, reportValidate(t, path))
	require.Error(t, report.NewJUnitReporter(path).RunEnded(nil))
}
