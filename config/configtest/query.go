package configtest

import (
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/aigov/aigov/config"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"
)

// query is a parsed advanced query of the one shape the fake answers:
// SELECT <fields> WHERE resourceType IN ('A', 'B') or resourceType = 'A'.
type query struct {
	fields []string
	types  []string
}

var (
	queryShape = regexp.MustCompile(`(?is)^\s*SELECT\s+(.+?)\s+WHERE\s+resourceType\s+(?:IN\s*\(([^)]*)\)|=\s*('[^']*'))\s*$`)
	quotedType = regexp.MustCompile(`^'([A-Za-z0-9:]+)'$`)
	known      = map[string]bool{
		"resourceId": true, "resourceName": true, "resourceType": true, "arn": true, "accountId": true,
		"awsRegion": true, "tags": true, "configuration": true, "configurationItemCaptureTime": true,
	}
)

func invalidExpression(why string) error {
	return &types.InvalidExpressionException{Message: aws.String("The syntax of the query is incorrect: " + why)}
}

func parseQuery(expr string) (query, error) {
	m := queryShape.FindStringSubmatch(expr)
	if m == nil {
		return query{}, invalidExpression("configtest answers only SELECT <fields> WHERE resourceType IN (...) or = '...'")
	}
	var q query
	for _, f := range strings.Split(m[1], ",") {
		f = strings.TrimSpace(f)
		if !known[f] {
			return query{}, invalidExpression("unknown or unsupported field " + f)
		}
		q.fields = append(q.fields, f)
	}
	list := m[2]
	if m[3] != "" {
		list = m[3]
	}
	for _, t := range strings.Split(list, ",") {
		tm := quotedType.FindStringSubmatch(strings.TrimSpace(t))
		if tm == nil {
			return query{}, invalidExpression("bad resource type " + strings.TrimSpace(t))
		}
		q.types = append(q.types, tm[1])
	}
	return q, nil
}

func (q query) info() *types.QueryInfo {
	info := &types.QueryInfo{}
	for _, f := range q.fields {
		info.SelectFields = append(info.SelectFields, types.FieldInfo{Name: aws.String(f)})
	}
	return info
}

// query returns the rows of the resources that match q and keep, sorted by
// account, region, type and id, each a JSON object with the selected fields.
func (f *Fake) query(q query, keep func(config.Resource) bool) ([]string, error) {
	var rs []config.Resource
	for _, r := range f.resources {
		if keep(r) && slices.Contains(q.types, r.Type) {
			rs = append(rs, r)
		}
	}
	config.SortResources(rs)
	rows := make([]string, 0, len(rs))
	for _, r := range rs {
		row := make(map[string]any, len(q.fields))
		for _, fl := range q.fields {
			switch fl {
			case "resourceId":
				row[fl] = r.ID
			case "resourceName":
				row[fl] = r.Name
			case "resourceType":
				row[fl] = r.Type
			case "arn":
				row[fl] = r.ARN
			case "accountId":
				row[fl] = r.Account
			case "awsRegion":
				row[fl] = r.Region
			case "tags":
				tags := []map[string]string{}
				for _, k := range slices.Sorted(maps.Keys(r.Tags)) {
					tags = append(tags, map[string]string{"key": k, "value": r.Tags[k]})
				}
				row[fl] = tags
			case "configuration":
				if len(r.Configuration) > 0 {
					row[fl] = json.RawMessage(r.Configuration)
				}
			case "configurationItemCaptureTime":
				row[fl] = r.CapturedAt.UTC().Format("2006-01-02T15:04:05.000Z")
			}
		}
		b, err := json.Marshal(row)
		if err != nil {
			return nil, err
		}
		rows = append(rows, string(b))
	}
	return rows, nil
}
