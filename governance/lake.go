package governance

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aigov/aigov/cloudtrail"
)

// WithCloudTrailLake reviews the CloudTrail events of every account and
// region in scope with one CloudTrail Lake query, run with the CloudTrail
// client of the given account (the organisation's management or delegated
// administrator account) over the event data store given by ID or ARN,
// instead of LookupEvents in each account and region. Lake has no
// 2-calls-a-second limit and no cap on events: use it for organisations
// whose volume outgrows LookupEvents. Trail posture is still read per
// account.
//
// The query selects the fields the detectors read; rules that look into
// requestParameters (a GuardDuty detector disabled by UpdateDetector, a model
// package's approval changed by UpdateModelPackage) do not match through
// Lake, and the review says so in its sources.
func WithCloudTrailLake(account, eventDataStore string) Option {
	return func(st *settings) error {
		if !isAccountID(account) || strings.TrimSpace(eventDataStore) == "" {
			return fmt.Errorf("governance: WithCloudTrailLake(%q, %q): give the 12-digit account that runs the query and the event data store's ID or ARN", account, eventDataStore)
		}
		id := eventDataStore[strings.LastIndexByte(eventDataStore, '/')+1:]
		for _, r := range id {
			if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '-') {
				return fmt.Errorf("governance: WithCloudTrailLake: %q is not an event data store ID or ARN", eventDataStore)
			}
		}
		st.lake = lakeView{account: account, store: id}
		return nil
	}
}

type lakeView struct{ account, store string }

// lakeSQL is the query of a review: the watched sources' events of the
// accounts and regions in scope, in the window.
func lakeSQL(store string, start, end time.Time, accounts, regions []string) string {
	quote := func(ss []string) string {
		q := make([]string, len(ss))
		for i, s := range ss {
			q[i] = "'" + strings.ReplaceAll(s, "'", "''") + "'"
		}
		return strings.Join(q, ", ")
	}
	const layout = "2006-01-02 15:04:05"
	return "SELECT eventID, eventTime, eventSource, eventName, awsRegion, recipientAccountId, errorCode, errorMessage, " +
		"sourceIPAddress, userAgent, readOnly, userIdentity.type AS identityType, userIdentity.principalId AS principalId, " +
		"userIdentity.arn AS identityArn, userIdentity.accountId AS identityAccount, " +
		"userIdentity.sessionContext.sessionIssuer.type AS issuerType, userIdentity.sessionContext.sessionIssuer.arn AS issuerArn " +
		"FROM " + store +
		" WHERE eventTime >= '" + start.UTC().Format(layout) + "' AND eventTime <= '" + end.UTC().Format(layout) + "'" +
		" AND eventSource IN (" + quote(reviewSources) + ")" +
		" AND recipientAccountId IN (" + quote(accounts) + ")" +
		" AND awsRegion IN (" + quote(regions) + ")" +
		" ORDER BY eventTime, eventID"
}

// lakeTask runs the review query and fills the review of every location.
func (e *Evaluator) lakeTask(p Policy) task {
	client := e.sources[e.lake.account].CloudTrail
	return task{source: SourceCloudTrail, loc: Location{Account: e.lake.account}, run: func(ctx context.Context) (func(*Snapshot), []SourceOutcome) {
		now := e.now().UTC()
		start := now.Add(-time.Duration(p.ReviewWindow))
		reviews := map[Location]*EventReview{}
		detectors := map[Location]*cloudtrail.Detector{}
		for _, a := range e.accounts {
			for _, r := range e.regions {
				loc := Location{Account: a, Region: r}
				reviews[loc] = &EventReview{Start: start, End: now, Sources: append([]string{"cloudtrail-lake:" + e.lake.store}, reviewSources...)}
				d, err := cloudtrail.NewDetector(reviewRules())
				if err != nil {
					panic(err) // the built-in rules are valid; a test holds them to it
				}
				detectors[loc] = d
			}
		}
		err := e.runLake(ctx, client, lakeSQL(e.lake.store, start, now, e.accounts, e.regions), reviews, detectors)
		var errs []error
		if err != nil {
			errs = append(errs, err)
		}
		out := summarize(SourceCloudTrail, Location{Account: e.lake.account}, now, 1, errs)
		return func(s *Snapshot) {
			for _, a := range e.accounts {
				for _, r := range e.regions {
					loc := Location{Account: a, Region: r}
					rv := *reviews[loc]
					rv.Detections = detectors[loc].Detections()
					i := slices.IndexFunc(s.CloudTrail, func(st CloudTrailState) bool { return st.Location == loc })
					if i < 0 {
						s.CloudTrail = append(s.CloudTrail, CloudTrailState{Location: loc, CollectedAt: now})
						i = len(s.CloudTrail) - 1
					}
					s.CloudTrail[i].Review = part(rv, "cloudtrail:StartQuery", err)
				}
			}
		}, []SourceOutcome{out}
	}}
}

func (e *Evaluator) runLake(ctx context.Context, c *cloudtrail.Client, sql string, reviews map[Location]*EventReview, detectors map[Location]*cloudtrail.Detector) error {
	res, err := c.Query(ctx, sql)
	if err != nil {
		return err
	}
	for row, err := range res.Rows(ctx) {
		if err != nil {
			return err
		}
		ev, err := lakeEvent(row)
		if err != nil {
			return fmt.Errorf("CloudTrail Lake query %s: %w", res.ID, err)
		}
		loc := Location{Account: ev.AccountID, Region: ev.Region}
		if d, ok := detectors[loc]; ok {
			d.Add(ev)
			reviews[loc].Events++
		}
	}
	return nil
}

// lakeEvent rebuilds a CloudTrail record from a row of the review query,
// so that the detectors read it as they read any record.
func lakeEvent(row cloudtrail.Row) (cloudtrail.Event, error) {
	get := func(name string) string { v, _ := row.Get(name); return v }
	when := get("eventTime")
	t, err := time.Parse("2006-01-02 15:04:05.000", when)
	if err != nil {
		if t, err = time.Parse(time.RFC3339Nano, when); err != nil {
			return cloudtrail.Event{}, fmt.Errorf("event %s: eventTime %q is not a time", get("eventID"), when)
		}
	}
	identity := map[string]any{"type": get("identityType"), "principalId": get("principalId"), "arn": get("identityArn"), "accountId": get("identityAccount")}
	if arn := get("issuerArn"); arn != "" {
		identity["sessionContext"] = map[string]any{"sessionIssuer": map[string]any{"type": get("issuerType"), "arn": arn}}
	}
	rec := map[string]any{
		"eventVersion": "1.09", "eventID": get("eventID"), "eventTime": t.UTC().Format(time.RFC3339),
		"eventSource": get("eventSource"), "eventName": get("eventName"), "awsRegion": get("awsRegion"),
		"recipientAccountId": get("recipientAccountId"), "sourceIPAddress": get("sourceIPAddress"),
		"userAgent": get("userAgent"), "userIdentity": identity,
	}
	if c := get("errorCode"); c != "" {
		rec["errorCode"], rec["errorMessage"] = c, get("errorMessage")
	}
	switch get("readOnly") {
	case "true":
		rec["readOnly"] = true
	case "false":
		rec["readOnly"] = false
	}
	b, err := json.Marshal(rec)
	if err != nil {
		return cloudtrail.Event{}, err
	}
	return cloudtrail.ParseEvent(b)
}
