package artifacts

import (
	"math"
	"strconv"
	"strings"

	"github.com/go-rod/rod/lib/proto"
)

// formatConsoleArgs joins console.* arguments as DevTools prints them: a leading format string
// has its %s %d %i %f %o %O %c substitutions applied, strings print raw, other values by their
// value, preview or description.
func formatConsoleArgs(args []*proto.RuntimeRemoteObject) string {
	if len(args) == 0 {
		return ""
	}
	var parts []string
	rest := args
	if first := args[0]; first != nil && first.Type == proto.RuntimeRemoteObjectTypeString {
		var s string
		s, rest = substitute(first.Value.Str(), args[1:])
		parts = append(parts, s)
	}
	for _, a := range rest {
		parts = append(parts, remoteObjectString(a))
	}
	return strings.Join(parts, " ")
}

// substitute applies console format specifiers to format, consuming args; it returns the text
// and the arguments left over.
func substitute(format string, args []*proto.RuntimeRemoteObject) (string, []*proto.RuntimeRemoteObject) {
	if !strings.Contains(format, "%") {
		return format, args
	}
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' || i+1 >= len(format) {
			b.WriteByte(c)
			continue
		}
		spec := format[i+1]
		if spec == '%' {
			b.WriteByte('%')
			i++
			continue
		}
		if !strings.ContainsRune("sdifoOc", rune(spec)) || len(args) == 0 {
			b.WriteByte(c)
			continue
		}
		a := args[0]
		args = args[1:]
		i++
		switch spec {
		case 's', 'o', 'O':
			b.WriteString(remoteObjectString(a))
		case 'd', 'i':
			if f, ok := remoteNumber(a); ok && !math.IsNaN(f) && !math.IsInf(f, 0) {
				b.WriteString(strconv.FormatInt(int64(f), 10))
			} else {
				b.WriteString("NaN")
			}
		case 'f':
			if f, ok := remoteNumber(a); ok {
				b.WriteString(strconv.FormatFloat(f, 'g', -1, 64))
			} else {
				b.WriteString("NaN")
			}
		case 'c': // CSS: dropped
		}
	}
	return b.String(), args
}

// remoteNumber returns a remote value as a number, parsing strings as JavaScript's parseFloat
// roughly does.
func remoteNumber(o *proto.RuntimeRemoteObject) (float64, bool) {
	if o == nil {
		return 0, false
	}
	switch o.Type {
	case proto.RuntimeRemoteObjectTypeNumber:
		if o.UnserializableValue != "" {
			f, err := strconv.ParseFloat(string(o.UnserializableValue), 64)
			return f, err == nil
		}
		return o.Value.Num(), true
	case proto.RuntimeRemoteObjectTypeString:
		f, err := strconv.ParseFloat(strings.TrimSpace(o.Value.Str()), 64)
		return f, err == nil
	case proto.RuntimeRemoteObjectTypeBoolean:
		if o.Value.Bool() {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

// remoteObjectString renders one remote value.
func remoteObjectString(o *proto.RuntimeRemoteObject) string {
	if o == nil {
		return ""
	}
	switch o.Type {
	case proto.RuntimeRemoteObjectTypeString:
		return o.Value.Str()
	case proto.RuntimeRemoteObjectTypeUndefined:
		return "undefined"
	case proto.RuntimeRemoteObjectTypeNumber, proto.RuntimeRemoteObjectTypeBigint:
		if o.UnserializableValue != "" {
			return string(o.UnserializableValue)
		}
		if o.Description != "" {
			return o.Description
		}
		return o.Value.Str()
	case proto.RuntimeRemoteObjectTypeBoolean:
		return o.Value.Str()
	case proto.RuntimeRemoteObjectTypeFunction:
		first, _, _ := strings.Cut(o.Description, "\n")
		return first
	case proto.RuntimeRemoteObjectTypeObject:
		switch o.Subtype {
		case proto.RuntimeRemoteObjectSubtypeNull:
			return "null"
		case proto.RuntimeRemoteObjectSubtypeError, proto.RuntimeRemoteObjectSubtypeRegexp,
			proto.RuntimeRemoteObjectSubtypeDate, proto.RuntimeRemoteObjectSubtypeNode:
			return o.Description
		}
		if o.Preview != nil {
			return previewString(o.Preview)
		}
	}
	if o.Description != "" {
		return o.Description
	}
	if o.UnserializableValue != "" {
		return string(o.UnserializableValue)
	}
	return o.Value.Str()
}

// previewString renders an object preview the way DevTools' console does: [1, 2] for arrays,
// {a: 1, b: 'x'} for objects, prefixed by the class name when it is not plain Object.
func previewString(p *proto.RuntimeObjectPreview) string {
	var b strings.Builder
	isArray := p.Subtype == proto.RuntimeObjectPreviewSubtypeArray || p.Subtype == proto.RuntimeObjectPreviewSubtypeTypedarray
	if !isArray && p.Description != "" && p.Description != "Object" {
		b.WriteString(p.Description + " ")
	}
	open, closing := "{", "}"
	if isArray {
		open, closing = "[", "]"
	}
	b.WriteString(open)
	n := 0
	for _, prop := range p.Properties {
		if prop == nil {
			continue
		}
		if n > 0 {
			b.WriteString(", ")
		}
		n++
		if !isArray {
			b.WriteString(prop.Name + ": ")
		}
		b.WriteString(propertyValue(prop))
	}
	for _, e := range p.Entries {
		if e == nil || e.Value == nil {
			continue
		}
		if n > 0 {
			b.WriteString(", ")
		}
		n++
		if e.Key != nil {
			b.WriteString(e.Key.Description + " => ")
		}
		b.WriteString(e.Value.Description)
	}
	if p.Overflow {
		if n > 0 {
			b.WriteString(", ")
		}
		b.WriteString("…")
	}
	b.WriteString(closing)
	return b.String()
}

func propertyValue(p *proto.RuntimePropertyPreview) string {
	switch p.Type {
	case proto.RuntimePropertyPreviewTypeString:
		return "'" + p.Value + "'"
	case proto.RuntimePropertyPreviewTypeAccessor:
		return "(...)"
	}
	if p.ValuePreview != nil {
		return previewString(p.ValuePreview)
	}
	return p.Value
}
