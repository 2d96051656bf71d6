package report

import (
	"encoding/xml"
	"regexp"
	"strings"
)

// The junit.xml elements, in the form of Jenkins' junit-10.xsd (xunit-plugin), which GitLab,
// GitHub test-report actions, Azure DevOps and CircleCI read too. The schema allows no
// "skipped" count on <testsuites> and no <properties> in a <testcase>: the skipped count is on
// the <testsuite>, and a flaky case carries Surefire's <flakyFailure> elements.

// junitSuites is the root <testsuites>.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

// junitSuite is a <testsuite>.
type junitSuite struct {
	Name       string           `xml:"name,attr"`
	Tests      int              `xml:"tests,attr"`
	Failures   int              `xml:"failures,attr"`
	Errors     int              `xml:"errors,attr"`
	Skipped    int              `xml:"skipped,attr"`
	Time       string           `xml:"time,attr"`
	Timestamp  string           `xml:"timestamp,attr,omitempty"`
	Hostname   string           `xml:"hostname,attr,omitempty"`
	Properties *junitProperties `xml:"properties,omitempty"`
	Cases      []junitCase      `xml:"testcase"`
}

// junitProperties is a <properties> list.
type junitProperties struct {
	Props []junitProperty `xml:"property"`
}

// junitProperty is one <property name= value=>.
type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

// junitCase is a <testcase>: one flow.
type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitProblem `xml:"skipped,omitempty"`
	Reruns    []junitRerun  `xml:"rerunFailure,omitempty"`
	Flaky     []junitRerun  `xml:"flakyFailure,omitempty"`
	SystemOut *junitText    `xml:"system-out,omitempty"`
}

// junitText is an element's text, written as CDATA so that its lines stay readable in the
// file; junitNewText makes it safe for XML.
type junitText struct {
	Text string `xml:",cdata"`
}

// junitProblem is a <failure>, <error> or <skipped>.
type junitProblem struct {
	Message string `xml:"message,attr,omitempty"`
	Type    string `xml:"type,attr,omitempty"`
	Body    string `xml:",cdata"`
}

// junitRerun is Surefire's <rerunFailure> (an earlier failed attempt of a failed test) or
// <flakyFailure> (a failed attempt of a test that then passed).
type junitRerun struct {
	Message    string     `xml:"message,attr,omitempty"`
	Type       string     `xml:"type,attr"`
	StackTrace *junitText `xml:"stackTrace,omitempty"`
	SystemOut  *junitText `xml:"system-out,omitempty"`
}

// junitANSI matches terminal escape sequences, which failure messages may carry.
var junitANSI = regexp.MustCompile("\x1b\\[[0-9;?]*[ -/]*[@-~]")

// junitClean removes terminal escapes from s and replaces what XML 1.0 cannot hold (control
// characters, invalid UTF-8) with U+FFFD.
func junitClean(s string) string {
	s = junitANSI.ReplaceAllString(s, "")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20, r == 0xFFFE, r == 0xFFFF, r >= 0xD800 && r <= 0xDFFF:
			return '\uFFFD'
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// newText returns the CDATA element of s, or nil when s is empty.
func junitNewText(s string) *junitText {
	if s == "" {
		return nil
	}
	return &junitText{Text: junitClean(s)}
}
