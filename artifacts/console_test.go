package artifacts

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"
	"github.com/ysmood/gson"

	"github.com/e2e-dev/e2e/artifacts/redact"
)

func str(s string) *proto.RuntimeRemoteObject {
	return &proto.RuntimeRemoteObject{Type: proto.RuntimeRemoteObjectTypeString, Value: gson.New(s)}
}

func num(v float64, desc string) *proto.RuntimeRemoteObject {
	return &proto.RuntimeRemoteObject{Type: proto.RuntimeRemoteObjectTypeNumber, Value: gson.New(v), Description: desc}
}

func TestConsoleFormatting(t *testing.T) {
	obj := &proto.RuntimeRemoteObject{Type: proto.RuntimeRemoteObjectTypeObject, ClassName: "Object", Description: "Object",
		Preview: &proto.RuntimeObjectPreview{Type: "object", Description: "Object", Overflow: true, Properties: []*proto.RuntimePropertyPreview{
			{Name: "a", Type: proto.RuntimePropertyPreviewTypeNumber, Value: "1"},
			{Name: "b", Type: proto.RuntimePropertyPreviewTypeString, Value: "x"},
			{Name: "c", Type: proto.RuntimePropertyPreviewTypeObject, Value: "Array(2)", Subtype: "array"},
		}}}
	arr := &proto.RuntimeRemoteObject{Type: proto.RuntimeRemoteObjectTypeObject, Subtype: proto.RuntimeRemoteObjectSubtypeArray, Description: "Array(2)",
		Preview: &proto.RuntimeObjectPreview{Type: "object", Subtype: "array", Description: "Array(2)", Properties: []*proto.RuntimePropertyPreview{
			{Name: "0", Type: "number", Value: "1"}, {Name: "1", Type: "number", Value: "2"},
		}}}
	errObj := &proto.RuntimeRemoteObject{Type: proto.RuntimeRemoteObjectTypeObject, Subtype: proto.RuntimeRemoteObjectSubtypeError, Description: "TypeError: x is undefined\n    at f (a.js:1:2)"}
	null := &proto.RuntimeRemoteObject{Type: proto.RuntimeRemoteObjectTypeObject, Subtype: proto.RuntimeRemoteObjectSubtypeNull, Value: gson.New(nil)}
	undef := &proto.RuntimeRemoteObject{Type: proto.RuntimeRemoteObjectTypeUndefined}
	nan := &proto.RuntimeRemoteObject{Type: proto.RuntimeRemoteObjectTypeNumber, UnserializableValue: "NaN", Description: "NaN"}
	big := &proto.RuntimeRemoteObject{Type: proto.RuntimeRemoteObjectTypeBigint, UnserializableValue: "12n", Description: "12n"}
	fn := &proto.RuntimeRemoteObject{Type: proto.RuntimeRemoteObjectTypeFunction, Description: "function f() {\n  return 1\n}"}
	yes := &proto.RuntimeRemoteObject{Type: proto.RuntimeRemoteObjectTypeBoolean, Value: gson.New(true)}

	cases := []struct {
		args []*proto.RuntimeRemoteObject
		want string
	}{
		{[]*proto.RuntimeRemoteObject{str("plain")}, "plain"},
		{[]*proto.RuntimeRemoteObject{str("a"), str("b"), num(3, "3")}, "a b 3"},
		{[]*proto.RuntimeRemoteObject{str("%s has %d items (%i) at %f%%"), str("cart"), num(3.7, "3.7"), str("4"), num(1.5, "1.5")}, "cart has 3 items (4) at 1.5%"},
		{[]*proto.RuntimeRemoteObject{str("%cstyled"), str("color: red"), str("tail")}, "styled tail"},
		{[]*proto.RuntimeRemoteObject{str("%o and %O"), obj, arr}, "{a: 1, b: 'x', c: Array(2), …} and [1, 2]"},
		{[]*proto.RuntimeRemoteObject{str("missing %s")}, "missing %s"},
		{[]*proto.RuntimeRemoteObject{str("%d"), str("abc")}, "NaN"},
		{[]*proto.RuntimeRemoteObject{num(42, "42"), null, undef, nan, big, fn, yes}, "42 null undefined NaN 12n function f() { true"},
		{[]*proto.RuntimeRemoteObject{errObj}, "TypeError: x is undefined\n    at f (a.js:1:2)"},
		{nil, ""},
	}
	for _, c := range cases {
		require.Equal(t, c.want, formatConsoleArgs(c.args))
	}
}

func TestConsoleLevelsAndSkips(t *testing.T) {
	l := NewConsoleLog()
	stack := &proto.RuntimeStackTrace{CallFrames: []*proto.RuntimeCallFrame{{URL: "https://a.test/app.js", LineNumber: 9}}}
	for _, typ := range []proto.RuntimeConsoleAPICalledType{"log", "debug", "info", "warning", "error", "assert", "trace", "table", "clear", "endGroup"} {
		l.ConsoleAPICalled(&proto.RuntimeConsoleAPICalled{Type: typ, Args: []*proto.RuntimeRemoteObject{str(string(typ))}, Timestamp: 1700000000123, StackTrace: stack})
	}
	got := l.Entries()
	var levels []string
	for _, e := range got {
		levels = append(levels, e.Level+":"+e.Text)
	}
	require.Equal(t, []string{"log:log", "debug:debug", "info:info", "warn:warning", "error:error",
		"error:Assertion failed: assert", "log:console.trace trace", "log:table"}, levels)
	require.Equal(t, "https://a.test/app.js", got[0].URL)
	require.Equal(t, 10, got[0].Line)
	require.Equal(t, time.UnixMilli(1700000000123), got[0].Time)

	l.ExceptionThrown(&proto.RuntimeExceptionThrown{Timestamp: 1700000000200, ExceptionDetails: &proto.RuntimeExceptionDetails{
		Text: "Uncaught (in promise)", LineNumber: 4, URL: "https://a.test/x.js", Exception: str("plain string thrown"),
	}})
	e := l.Entries()[l.Len()-1]
	require.Equal(t, "Uncaught (in promise) plain string thrown", e.Text)
	require.Equal(t, "https://a.test/x.js", e.URL)
	require.Equal(t, 5, e.Line)

	line := 11
	l.EntryAdded(&proto.LogEntryAdded{Entry: &proto.LogLogEntry{Source: "javascript", Level: "warning", Text: "deprecated", URL: "https://a.test/y.js", LineNumber: &line, Timestamp: 1700000000300}})
	e = l.Entries()[l.Len()-1]
	require.Equal(t, LevelWarn, e.Level)
	require.Equal(t, 12, e.Line)
}

func TestConsoleWriteText(t *testing.T) {
	l := NewConsoleLog()
	l.Add(ConsoleEntry{Time: time.Date(2024, 5, 1, 10, 0, 0, 123e6, time.FixedZone("X", 3600)), Level: LevelLog, Source: SourceConsole, Text: "hello hunter2-pass", URL: "https://a.test/app.js?token=abc", Line: 3})
	l.Add(ConsoleEntry{Time: time.Date(2024, 5, 1, 10, 0, 1, 0, time.UTC), Level: LevelError, Source: SourceException, Text: "Uncaught Error: x\n    at f (a.js:1:2)"})
	l.Add(ConsoleEntry{Time: time.Date(2024, 5, 1, 10, 0, 2, 0, time.UTC), Level: LevelError, Source: "network", Text: "Failed to load resource", URL: "https://a.test/api"})
	r := redact.NewRedactor(redact.Options{})
	r.AddSecret("hunter2-pass")
	var buf bytes.Buffer
	require.NoError(t, l.WriteText(&buf, r))
	require.Equal(t, `2024-05-01T09:00:00.123Z log   hello [REDACTED] (https://a.test/app.js?token=[REDACTED]:3)
2024-05-01T10:00:01.000Z error [exception] Uncaught Error: x\n    at f (a.js:1:2)
2024-05-01T10:00:02.000Z error [network] Failed to load resource (https://a.test/api)
`, buf.String())
	line := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \w+ +`)
	for _, s := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		require.Regexp(t, line, s)
	}
	buf.Reset()
	require.NoError(t, l.WriteText(&buf, nil))
	require.Contains(t, buf.String(), "hunter2-pass")
}

func TestConsoleLimit(t *testing.T) {
	l := NewConsoleLog()
	for range MaxConsoleEntries + 5 {
		l.Add(ConsoleEntry{Level: LevelLog, Text: "x"})
	}
	require.Equal(t, MaxConsoleEntries, l.Len())
	var buf bytes.Buffer
	require.NoError(t, l.WriteText(&buf, nil))
	require.True(t, strings.HasSuffix(buf.String(), "... 5 more entries not kept (limit 10000)\n"))
}
