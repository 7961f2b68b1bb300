package render

// A JSON Schema (draft-07) validator for the tests only.
//
// Why write one instead of importing one: the library promises its users the
// standard library and nothing else, and a validator module in go.mod would
// be downloaded by every one of them for the sake of two tests. The two
// schemas it checks (the OASIS SARIF 2.1.0 schema and report.schema.json)
// use a small part of draft-07, and a validator of that part is short.
//
// It is strict where that matters for trust: a keyword it does not know
// fails the test instead of being skipped, so a schema can never pass by
// using a keyword the validator ignores; TestValidator shows that it rejects
// what it should. Formats uri, uri-reference and date-time are checked
// loosely (net/url and time.RFC3339); the others are refused as unknown.
// The same files also validate with Debian's python3-jsonschema (see the
// package documentation), which is how the validator was cross-checked.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// jsonSchema is a compiled schema document.
type jsonSchema struct {
	root     any
	patterns map[string]*regexp.Regexp
}

// annotations are keywords that describe and never constrain.
var annotations = []string{"$schema", "$id", "$comment", "title", "description", "default", "examples", "definitions", "readOnly", "writeOnly"}

// assertions are the keywords the validator checks.
var assertions = []string{
	"$ref", "type", "enum", "const",
	"properties", "required", "additionalProperties", "patternProperties", "propertyNames", "dependencies", "minProperties", "maxProperties",
	"items", "additionalItems", "minItems", "maxItems", "uniqueItems",
	"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
	"minLength", "maxLength", "pattern", "format",
	"allOf", "anyOf", "oneOf", "not",
}

func decodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // keeps 1 and 1.0 apart for "integer"
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("more than one JSON value")
	}
	return v, nil
}

// compileSchema reads a schema, failing the test on a keyword the validator
// does not know or a pattern Go cannot compile.
func compileSchema(t *testing.T, data []byte) *jsonSchema {
	t.Helper()
	root, err := decodeJSON(data)
	if err != nil {
		t.Fatalf("schema: %v", err)
	}
	s := &jsonSchema{root: root, patterns: map[string]*regexp.Regexp{}}
	var walk func(node any, at string)
	walk = func(node any, at string) {
		m, ok := node.(map[string]any)
		if !ok {
			return
		}
		for k, v := range m {
			switch {
			case k == "properties" || k == "definitions" || k == "patternProperties" || k == "dependencies":
				sub, _ := v.(map[string]any)
				for name, child := range sub {
					if k == "patternProperties" {
						s.compile(t, name)
					}
					walk(child, at+"/"+k+"/"+name)
				}
			case k == "pattern":
				s.compile(t, v.(string))
			case k == "items" || k == "allOf" || k == "anyOf" || k == "oneOf":
				if list, ok := v.([]any); ok {
					for i, child := range list {
						walk(child, fmt.Sprintf("%s/%s/%d", at, k, i))
					}
				} else {
					walk(v, at+"/"+k)
				}
			case k == "format":
				if f := v.(string); f != "uri" && f != "uri-reference" && f != "date-time" {
					t.Fatalf("schema %s: format %q is not one the validator checks", at, f)
				}
			case slices.Contains(annotations, k):
			case slices.Contains(assertions, k):
				walk(v, at+"/"+k)
			default:
				t.Fatalf("schema %s: keyword %q is not one the validator knows", at, k)
			}
		}
	}
	walk(root, "#")
	return s
}

func (s *jsonSchema) compile(t *testing.T, pattern string) {
	t.Helper()
	re, err := regexp.Compile(pattern)
	if err != nil {
		t.Fatalf("schema pattern %q: %v", pattern, err)
	}
	s.patterns[pattern] = re
}

// validate returns every violation of the document, each with its JSON
// pointer, or nil when the document is valid.
func (s *jsonSchema) validate(doc []byte) []string {
	inst, err := decodeJSON(doc)
	if err != nil {
		return []string{"not JSON: " + err.Error()}
	}
	var errs []string
	s.check(s.root, inst, "", &errs)
	return errs
}

func (s *jsonSchema) resolve(ref string) (any, error) {
	if !strings.HasPrefix(ref, "#") {
		return nil, fmt.Errorf("$ref %q: only references inside the document are supported", ref)
	}
	node := s.root
	for _, tok := range strings.Split(strings.TrimPrefix(ref, "#"), "/")[1:] {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		m, ok := node.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("$ref %q does not resolve", ref)
		}
		if node, ok = m[tok]; !ok {
			return nil, fmt.Errorf("$ref %q does not resolve", ref)
		}
	}
	return node, nil
}

func (s *jsonSchema) check(schema, inst any, at string, errs *[]string) {
	fail := func(format string, args ...any) {
		where := at
		if where == "" {
			where = "/"
		}
		*errs = append(*errs, where+": "+fmt.Sprintf(format, args...))
	}
	switch sc := schema.(type) {
	case bool:
		if !sc {
			fail("no value is allowed here")
		}
		return
	case map[string]any:
		schema = sc
	default:
		fail("schema is neither an object nor a boolean")
		return
	}
	sc := schema.(map[string]any)
	if ref, ok := sc["$ref"].(string); ok {
		// In draft-07 the keywords beside $ref are ignored.
		target, err := s.resolve(ref)
		if err != nil {
			fail("%v", err)
			return
		}
		s.check(target, inst, at, errs)
		return
	}
	if types, ok := sc["type"]; ok && !typeMatches(types, inst) {
		fail("type %s, want %v", typeName(inst), types)
		return
	}
	if enum, ok := sc["enum"].([]any); ok && !slices.ContainsFunc(enum, func(e any) bool { return jsonEqual(e, inst) }) {
		fail("%s is not one of %s", compact(inst), compact(enum))
	}
	if c, ok := sc["const"]; ok && !jsonEqual(c, inst) {
		fail("%s is not %s", compact(inst), compact(c))
	}
	for _, k := range []string{"allOf", "anyOf", "oneOf"} {
		subs, ok := sc[k].([]any)
		if !ok {
			continue
		}
		valid := 0
		var sub []string
		for _, child := range subs {
			var e []string
			s.check(child, inst, at, &e)
			if len(e) == 0 {
				valid++
			}
			sub = append(sub, e...)
		}
		switch {
		case k == "allOf" && valid < len(subs):
			*errs = append(*errs, sub...)
		case k == "anyOf" && valid == 0:
			fail("matches none of anyOf: %s", strings.Join(sub, "; "))
		case k == "oneOf" && valid != 1:
			fail("matches %d of oneOf, want exactly 1: %s", valid, strings.Join(sub, "; "))
		}
	}
	if not, ok := sc["not"]; ok {
		var e []string
		s.check(not, inst, at, &e)
		if len(e) == 0 {
			fail("matches the schema under not")
		}
	}
	switch x := inst.(type) {
	case map[string]any:
		s.checkObject(sc, x, at, errs, fail)
	case []any:
		s.checkArray(sc, x, at, errs, fail)
	case string:
		s.checkString(sc, x, fail)
	case json.Number:
		checkNumber(sc, x, fail)
	}
}

func (s *jsonSchema) checkObject(sc map[string]any, x map[string]any, at string, errs *[]string, fail func(string, ...any)) {
	props, _ := sc["properties"].(map[string]any)
	patterns, _ := sc["patternProperties"].(map[string]any)
	for _, name := range sortedKeys(x) {
		v := x[name]
		child := at + "/" + strings.ReplaceAll(strings.ReplaceAll(name, "~", "~0"), "/", "~1")
		matched := false
		if p, ok := props[name]; ok {
			matched = true
			s.check(p, v, child, errs)
		}
		for pat, p := range patterns {
			if s.patterns[pat].MatchString(name) {
				matched = true
				s.check(p, v, child, errs)
			}
		}
		if ap, ok := sc["additionalProperties"]; ok && !matched {
			if b, isBool := ap.(bool); isBool && !b {
				fail("property %q is not allowed", name)
			} else {
				s.check(ap, v, child, errs)
			}
		}
		if pn, ok := sc["propertyNames"]; ok {
			s.check(pn, name, child, errs)
		}
	}
	if req, ok := sc["required"].([]any); ok {
		for _, r := range req {
			if _, ok := x[r.(string)]; !ok {
				fail("required property %q is missing", r)
			}
		}
	}
	if deps, ok := sc["dependencies"].(map[string]any); ok {
		for name, dep := range deps {
			if _, ok := x[name]; !ok {
				continue
			}
			if list, ok := dep.([]any); ok {
				for _, r := range list {
					if _, ok := x[r.(string)]; !ok {
						fail("property %q needs %q", name, r)
					}
				}
			} else {
				s.check(dep, x, at, errs)
			}
		}
	}
	if n, ok := intOf(sc["minProperties"]); ok && len(x) < n {
		fail("%d properties, want at least %d", len(x), n)
	}
	if n, ok := intOf(sc["maxProperties"]); ok && len(x) > n {
		fail("%d properties, want at most %d", len(x), n)
	}
}

func (s *jsonSchema) checkArray(sc map[string]any, x []any, at string, errs *[]string, fail func(string, ...any)) {
	switch items := sc["items"].(type) {
	case []any:
		for i, v := range x {
			switch {
			case i < len(items):
				s.check(items[i], v, fmt.Sprintf("%s/%d", at, i), errs)
			case sc["additionalItems"] != nil:
				s.check(sc["additionalItems"], v, fmt.Sprintf("%s/%d", at, i), errs)
			}
		}
	case nil:
	default:
		for i, v := range x {
			s.check(items, v, fmt.Sprintf("%s/%d", at, i), errs)
		}
	}
	if n, ok := intOf(sc["minItems"]); ok && len(x) < n {
		fail("%d items, want at least %d", len(x), n)
	}
	if n, ok := intOf(sc["maxItems"]); ok && len(x) > n {
		fail("%d items, want at most %d", len(x), n)
	}
	if u, _ := sc["uniqueItems"].(bool); u {
		for i := range x {
			for j := i + 1; j < len(x); j++ {
				if jsonEqual(x[i], x[j]) {
					fail("items %d and %d are equal, want unique items", i, j)
				}
			}
		}
	}
}

func (s *jsonSchema) checkString(sc map[string]any, x string, fail func(string, ...any)) {
	n := utf8.RuneCountInString(x)
	if m, ok := intOf(sc["minLength"]); ok && n < m {
		fail("%q is shorter than %d", x, m)
	}
	if m, ok := intOf(sc["maxLength"]); ok && n > m {
		fail("%q is longer than %d", x, m)
	}
	if p, ok := sc["pattern"].(string); ok && !s.patterns[p].MatchString(x) {
		fail("%q does not match %s", x, p)
	}
	switch sc["format"] {
	case "date-time":
		if _, err := time.Parse(time.RFC3339Nano, x); err != nil {
			fail("%q is not an RFC 3339 date-time", x)
		}
	case "uri":
		if u, err := url.Parse(x); err != nil || !u.IsAbs() {
			fail("%q is not an absolute URI", x)
		}
	case "uri-reference":
		if _, err := url.Parse(x); err != nil {
			fail("%q is not a URI reference", x)
		}
	}
}

func checkNumber(sc map[string]any, x json.Number, fail func(string, ...any)) {
	v, _ := x.Float64()
	bound := func(k string) (float64, bool) {
		n, ok := sc[k].(json.Number)
		if !ok {
			return 0, false
		}
		f, _ := n.Float64()
		return f, true
	}
	if b, ok := bound("minimum"); ok && v < b {
		fail("%s is less than %v", x, b)
	}
	if b, ok := bound("maximum"); ok && v > b {
		fail("%s is more than %v", x, b)
	}
	if b, ok := bound("exclusiveMinimum"); ok && v <= b {
		fail("%s is not more than %v", x, b)
	}
	if b, ok := bound("exclusiveMaximum"); ok && v >= b {
		fail("%s is not less than %v", x, b)
	}
}

func typeMatches(types, inst any) bool {
	switch t := types.(type) {
	case string:
		return isType(t, inst)
	case []any:
		return slices.ContainsFunc(t, func(x any) bool { return isType(x.(string), inst) })
	}
	return false
}

func isType(t string, inst any) bool {
	switch x := inst.(type) {
	case nil:
		return t == "null"
	case bool:
		return t == "boolean"
	case string:
		return t == "string"
	case []any:
		return t == "array"
	case map[string]any:
		return t == "object"
	case json.Number:
		if t == "number" {
			return true
		}
		f, err := x.Float64()
		return t == "integer" && err == nil && f == math.Trunc(f)
	}
	return false
}

func typeName(inst any) string {
	for _, t := range []string{"null", "boolean", "string", "array", "object", "integer", "number"} {
		if isType(t, inst) {
			return t
		}
	}
	return "unknown"
}

// jsonEqual compares two JSON values, numbers by value.
func jsonEqual(a, b any) bool {
	if x, ok := a.(json.Number); ok {
		y, ok := b.(json.Number)
		if !ok {
			return false
		}
		fx, _ := x.Float64()
		fy, _ := y.Float64()
		return fx == fy
	}
	switch x := a.(type) {
	case []any:
		y, ok := b.([]any)
		return ok && slices.EqualFunc(x, y, jsonEqual)
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			if w, ok := y[k]; !ok || !jsonEqual(v, w) {
				return false
			}
		}
		return true
	}
	return a == b
}

func intOf(v any) (int, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(n.String())
	return i, err == nil
}

func compact(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// TestValidator shows that the validator rejects what it should, so that
// a passing validation in the other tests means something.
func TestValidator(t *testing.T) {
	schema := compileSchema(t, []byte(`{
		"$schema": "http://json-schema.org/draft-07/schema#",
		"type": "object",
		"additionalProperties": false,
		"required": ["id", "items"],
		"properties": {
			"id": {"$ref": "#/definitions/id"},
			"n": {"type": "integer", "minimum": 1, "maximum": 10},
			"when": {"type": "string", "format": "date-time"},
			"home": {"type": "string", "format": "uri"},
			"kind": {"enum": ["a", "b"]},
			"fixed": {"const": "2.1.0"},
			"items": {"type": "array", "minItems": 1, "uniqueItems": true, "items": {"type": "string", "minLength": 2}},
			"either": {"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "number"}]},
			"any": {"anyOf": [{"type": "null"}, {"type": "boolean"}]},
			"map": {"type": "object", "propertyNames": {"pattern": "^[a-z]+$"}, "additionalProperties": {"type": "integer"}},
			"pair": {"type": "object", "dependencies": {"a": ["b"]}}
		},
		"definitions": {"id": {"type": "string", "pattern": "^[A-Z]+-[0-9]+$"}}
	}`))
	if errs := schema.validate([]byte(`{"id": "AB-1", "n": 3, "when": "2026-11-20T09:00:00Z", "home": "https://example.com",
		"kind": "a", "fixed": "2.1.0", "items": ["xy", "zw"], "either": "s", "any": null, "map": {"ab": 1}, "pair": {"a": 1, "b": 2}}`)); errs != nil {
		t.Errorf("a valid document was rejected: %v", errs)
	}
	for _, tc := range []struct{ doc, want string }{
		{`{"items": ["xy"]}`, `required property "id" is missing`},
		{`{"id": "ab-1", "items": ["xy"]}`, `does not match`},
		{`{"id": "AB-1", "items": ["xy"], "extra": 1}`, `property "extra" is not allowed`},
		{`{"id": "AB-1", "items": ["xy"], "n": 1.5}`, `type number, want integer`},
		{`{"id": "AB-1", "items": ["xy"], "n": 0}`, `less than 1`},
		{`{"id": "AB-1", "items": ["xy"], "n": 11}`, `more than 10`},
		{`{"id": "AB-1", "items": ["xy"], "when": "20 Nov 2026"}`, `not an RFC 3339 date-time`},
		{`{"id": "AB-1", "items": ["xy"], "home": "example.com/x"}`, `not an absolute URI`},
		{`{"id": "AB-1", "items": ["xy"], "kind": "c"}`, `is not one of`},
		{`{"id": "AB-1", "items": ["xy"], "fixed": "2.0"}`, `is not "2.1.0"`},
		{`{"id": "AB-1", "items": []}`, `0 items, want at least 1`},
		{`{"id": "AB-1", "items": ["xy", "xy"]}`, `want unique items`},
		{`{"id": "AB-1", "items": ["x"]}`, `shorter than 2`},
		{`{"id": "AB-1", "items": ["xy"], "either": 1}`, `matches 2 of oneOf`},
		{`{"id": "AB-1", "items": ["xy"], "any": 1}`, `matches none of anyOf`},
		{`{"id": "AB-1", "items": ["xy"], "map": {"AB": 1}}`, `"AB" does not match`},
		{`{"id": "AB-1", "items": ["xy"], "map": {"ab": "1"}}`, `type string, want integer`},
		{`{"id": "AB-1", "items": ["xy"], "pair": {"a": 1}}`, `property "a" needs "b"`},
	} {
		errs := schema.validate([]byte(tc.doc))
		if !slices.ContainsFunc(errs, func(e string) bool { return strings.Contains(e, tc.want) }) {
			t.Errorf("%s: errors %q, want one containing %q", tc.doc, errs, tc.want)
		}
	}
}
