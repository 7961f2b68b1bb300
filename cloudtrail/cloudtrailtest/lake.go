package cloudtrailtest

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/aigov/aigov/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	awsct "github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
)

type storeState struct {
	store     cloudtrail.EventDataStore // its selector fields are not used
	region    string
	selectors []types.AdvancedEventSelector
}

// AddEventDataStore adds a CloudTrail Lake event data store to the fake's
// account. Its region is its ARN's, or the fake's; ARN is made up when
// empty. Status defaults to ENABLED, BillingMode to
// EXTENDABLE_RETENTION_PRICING, RetentionDays to 366 and CreatedAt to the
// fake's clock. ManagementEvents and DataEventSelectors become its advanced
// event selectors; a zero ManagementEvents collects every management
// event. It panics when the store has no name or one of the same name
// exists in its region.
func (f *Fake) AddEventDataStore(s cloudtrail.EventDataStore) {
	now := f.Now().UTC()
	f.mu.Lock()
	defer f.mu.Unlock()
	if s.Name == "" {
		panic("cloudtrailtest: AddEventDataStore: the store has no name")
	}
	region := f.region
	if s.ARN == "" {
		s.ARN = fmt.Sprintf("arn:aws:cloudtrail:%s:%s:eventdatastore/%08d-0000-4000-8000-%012d", region, f.account, len(f.stores)+1, len(f.stores)+1)
	} else if a, err := arn.Parse(s.ARN); err != nil || !strings.HasPrefix(a.Resource, "eventdatastore/") {
		panic(fmt.Sprintf("cloudtrailtest: AddEventDataStore: %q is not an event data store ARN", s.ARN))
	} else {
		region = a.Region
	}
	for _, have := range f.stores {
		if have.region == region && have.store.Name == s.Name {
			panic(fmt.Sprintf("cloudtrailtest: AddEventDataStore: a store named %q exists in %s", s.Name, region))
		}
	}
	if s.Status == "" {
		s.Status = string(types.EventDataStoreStatusEnabled)
	}
	if s.BillingMode == "" {
		s.BillingMode = string(types.BillingModeExtendableRetentionPricing)
	}
	if s.RetentionDays == 0 {
		s.RetentionDays = 366
	}
	if s.CreatedAt.IsZero() {
		s.CreatedAt = now
	}
	if s.UpdatedAt.IsZero() {
		s.UpdatedAt = s.CreatedAt
	}
	st := storeState{store: s, region: region, selectors: advancedSelectors(s.ManagementEvents, s.DataEventSelectors)}
	st.store.ManagementEvents, st.store.DataEventSelectors, st.store.DetailError = cloudtrail.ManagementEvents{}, nil, ""
	f.stores = append(f.stores, st)
}

// storeID is the last part of a store's ARN, by which SQL names it.
func storeID(arn string) string {
	return arn[strings.LastIndexByte(arn, '/')+1:]
}

func (f *Fake) resolveStore(idOrARN, region string) (storeState, error) {
	for _, s := range f.stores {
		if s.store.ARN == idOrARN || (s.region == region && storeID(s.store.ARN) == idOrARN) {
			return s, nil
		}
	}
	return storeState{}, &types.EventDataStoreNotFoundException{Message: aws.String("The specified event data store " + idOrARN + " was not found.")}
}

// ListEventDataStores implements cloudtrail.API. Like AWS it returns only
// each store's name and ARN; GetEventDataStore has the rest.
func (f *Fake) ListEventDataStores(ctx context.Context, in *awsct.ListEventDataStoresInput, optFns ...func(*awsct.Options)) (*awsct.ListEventDataStoresOutput, error) {
	return handle(ctx, f, "ListEventDataStores", optFns, in, func(region string, _ time.Time) (*awsct.ListEventDataStoresOutput, error) {
		var list []types.EventDataStore
		for _, s := range f.stores {
			if s.region == region {
				list = append(list, types.EventDataStore{Name: aws.String(s.store.Name), EventDataStoreArn: aws.String(s.store.ARN)})
			}
		}
		p, next, err := page(f, "ListEventDataStores", list, in.NextToken, in.MaxResults, 1000, 1000)
		if err != nil {
			return nil, err
		}
		return &awsct.ListEventDataStoresOutput{EventDataStores: p, NextToken: next}, nil
	})
}

// GetEventDataStore implements cloudtrail.API.
func (f *Fake) GetEventDataStore(ctx context.Context, in *awsct.GetEventDataStoreInput, optFns ...func(*awsct.Options)) (*awsct.GetEventDataStoreOutput, error) {
	return handle(ctx, f, "GetEventDataStore", optFns, in, func(region string, _ time.Time) (*awsct.GetEventDataStoreOutput, error) {
		st, err := f.resolveStore(aws.ToString(in.EventDataStore), region)
		if err != nil {
			return nil, err
		}
		s := st.store
		return &awsct.GetEventDataStoreOutput{
			Name:                         aws.String(s.Name),
			EventDataStoreArn:            aws.String(s.ARN),
			Status:                       types.EventDataStoreStatus(s.Status),
			MultiRegionEnabled:           aws.Bool(s.MultiRegion),
			OrganizationEnabled:          aws.Bool(s.Organization),
			RetentionPeriod:              aws.Int32(int32(s.RetentionDays)),
			TerminationProtectionEnabled: aws.Bool(s.TerminationProtection),
			KmsKeyId:                     optional(s.KMSKeyID),
			BillingMode:                  types.BillingMode(s.BillingMode),
			CreatedTimestamp:             optionalTime(s.CreatedAt),
			UpdatedTimestamp:             optionalTime(s.UpdatedAt),
			AdvancedEventSelectors:       slices.Clone(st.selectors),
		}, nil
	})
}

// QueryMatcher reports whether a seeded answer is for an SQL statement.
type QueryMatcher func(sql string) bool

// MatchSQL matches the statement sql, whatever its spacing.
func MatchSQL(sql string) QueryMatcher {
	want := strings.Join(strings.Fields(sql), " ")
	return func(got string) bool { return strings.Join(strings.Fields(got), " ") == want }
}

// QueryAnswer is how the fake runs a CloudTrail Lake query.
type QueryAnswer struct {
	// Rows are the query's results.
	Rows []cloudtrail.Row
	// Polls is how many polls (DescribeQuery or GetQueryResults calls)
	// find the query RUNNING before it ends.
	Polls int
	// Status is how the query ends: FINISHED (the default), FAILED or
	// TIMED_OUT.
	Status string
	// ErrorMessage is AWS's message for a query that does not finish.
	ErrorMessage string
	// EventsScanned (default: as many as Rows) and BytesScanned are the
	// query's statistics.
	EventsScanned int64
	BytesScanned  int64
}

type answer struct {
	match QueryMatcher
	QueryAnswer
}

// AddQueryResult makes queries whose statement is sql (whatever its
// spacing) return rows, after polls polls that find them RUNNING.
func (f *Fake) AddQueryResult(sql string, rows []cloudtrail.Row, polls int) {
	f.AddQueryAnswer(MatchSQL(sql), QueryAnswer{Rows: rows, Polls: polls})
}

// AddQueryAnswer makes queries whose statement match accepts run as a
// says. The answer added last wins when several match. A statement no
// answer matches is refused with InvalidQueryStatementException. It panics
// on a nil matcher, negative Polls or an unknown Status.
func (f *Fake) AddQueryAnswer(match QueryMatcher, a QueryAnswer) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if match == nil || a.Polls < 0 {
		panic("cloudtrailtest: AddQueryAnswer: want a matcher and Polls >= 0")
	}
	switch types.QueryStatus(a.Status) {
	case "":
		a.Status = string(types.QueryStatusFinished)
	case types.QueryStatusFinished, types.QueryStatusFailed, types.QueryStatusTimedOut:
	default:
		panic(fmt.Sprintf("cloudtrailtest: AddQueryAnswer: a query cannot end %q; want FINISHED, FAILED or TIMED_OUT", a.Status))
	}
	if a.EventsScanned == 0 {
		a.EventsScanned = int64(len(a.Rows))
	}
	f.answers = append(f.answers, answer{match: match, QueryAnswer: a})
}

// query is a query the fake runs.
type query struct {
	id, sql, owner string
	answer         QueryAnswer
	polls          int
	status         types.QueryStatus
	created, ended time.Time
}

func (q *query) running() bool {
	return q.status == types.QueryStatusQueued || q.status == types.QueryStatusRunning
}

// poll moves a running query on: it ends after its answer's polls.
func (q *query) poll(now time.Time) {
	if !q.running() {
		return
	}
	q.polls++
	q.status = types.QueryStatusRunning
	if q.polls > q.answer.Polls {
		q.status, q.ended = types.QueryStatus(q.answer.Status), now
	}
}

func (q *query) statistics() *types.QueryStatisticsForDescribeQuery {
	s := &types.QueryStatisticsForDescribeQuery{CreationTime: aws.Time(q.created)}
	if !q.running() {
		s.EventsScanned = aws.Int64(q.answer.EventsScanned)
		s.BytesScanned = aws.Int64(q.answer.BytesScanned)
		s.ExecutionTimeInMillis = aws.Int32(int32(q.ended.Sub(q.created).Milliseconds()))
		if q.status == types.QueryStatusFinished {
			s.EventsMatched = aws.Int64(int64(len(q.answer.Rows)))
		}
	}
	return s
}

func (f *Fake) query(id *string) (*query, error) {
	if q, ok := f.queries[aws.ToString(id)]; ok {
		return q, nil
	}
	return nil, &types.QueryIdNotFoundException{Message: aws.String("The query ID " + aws.ToString(id) + " does not exist or does not map to a query.")}
}

// fromClause finds the event data store an SQL statement reads.
var fromClause = regexp.MustCompile("(?i)\\bFROM\\s+[\"'`]?([A-Za-z0-9:/._-]+)")

// maxRunningQueries is how many queries CloudTrail Lake runs at once.
const maxRunningQueries = 10

// StartQuery implements cloudtrail.API. Query aliases and delivery to S3
// are not modeled.
func (f *Fake) StartQuery(ctx context.Context, in *awsct.StartQueryInput, optFns ...func(*awsct.Options)) (*awsct.StartQueryOutput, error) {
	return handle(ctx, f, "StartQuery", optFns, in, func(region string, now time.Time) (*awsct.StartQueryOutput, error) {
		sql := aws.ToString(in.QueryStatement)
		if strings.TrimSpace(sql) == "" {
			return nil, &types.InvalidParameterException{Message: aws.String("A QueryStatement is required (query aliases are not modeled by cloudtrailtest).")}
		}
		m := fromClause.FindStringSubmatch(sql)
		if m == nil {
			return nil, &types.InvalidQueryStatementException{Message: aws.String("The query names no event data store in a FROM clause.")}
		}
		store, err := f.resolveStore(m[1], region)
		if err != nil {
			return nil, err
		}
		if store.store.Status == string(types.EventDataStoreStatusPendingDeletion) {
			return nil, &types.InactiveEventDataStoreException{Message: aws.String("The event data store " + store.store.ARN + " is inactive.")}
		}
		running := 0
		for _, q := range f.queries {
			if q.running() {
				running++
			}
		}
		if running >= maxRunningQueries {
			return nil, MaxConcurrentQueries()
		}
		var a *answer
		for i := len(f.answers) - 1; i >= 0 && a == nil; i-- {
			if f.answers[i].match(sql) {
				a = &f.answers[i]
			}
		}
		if a == nil {
			return nil, &types.InvalidQueryStatementException{Message: aws.String("cloudtrailtest: no answer was added for this query (AddQueryResult, AddQueryAnswer)")}
		}
		f.queryCount++
		id := fmt.Sprintf("00000000-0000-4000-a000-%012d", f.queryCount)
		f.queries[id] = &query{id: id, sql: sql, owner: aws.ToString(in.EventDataStoreOwnerAccountId), answer: a.QueryAnswer, status: types.QueryStatusQueued, created: now}
		return &awsct.StartQueryOutput{QueryId: aws.String(id), EventDataStoreOwnerAccountId: in.EventDataStoreOwnerAccountId}, nil
	})
}

// DescribeQuery implements cloudtrail.API; each call is a poll.
func (f *Fake) DescribeQuery(ctx context.Context, in *awsct.DescribeQueryInput, optFns ...func(*awsct.Options)) (*awsct.DescribeQueryOutput, error) {
	return handle(ctx, f, "DescribeQuery", optFns, in, func(_ string, now time.Time) (*awsct.DescribeQueryOutput, error) {
		q, err := f.query(in.QueryId)
		if err != nil {
			return nil, err
		}
		q.poll(now)
		return &awsct.DescribeQueryOutput{
			QueryId:                      aws.String(q.id),
			QueryString:                  aws.String(q.sql),
			QueryStatus:                  q.status,
			ErrorMessage:                 q.errorMessage(),
			QueryStatistics:              q.statistics(),
			EventDataStoreOwnerAccountId: optional(q.owner),
		}, nil
	})
}

func (q *query) errorMessage() *string {
	if q.status == types.QueryStatusFailed || q.status == types.QueryStatusTimedOut {
		return optional(q.answer.ErrorMessage)
	}
	return nil
}

// GetQueryResults implements cloudtrail.API; a call before the query ends
// is a poll, and returns no rows.
func (f *Fake) GetQueryResults(ctx context.Context, in *awsct.GetQueryResultsInput, optFns ...func(*awsct.Options)) (*awsct.GetQueryResultsOutput, error) {
	return handle(ctx, f, "GetQueryResults", optFns, in, func(_ string, now time.Time) (*awsct.GetQueryResultsOutput, error) {
		q, err := f.query(in.QueryId)
		if err != nil {
			return nil, err
		}
		q.poll(now)
		out := &awsct.GetQueryResultsOutput{QueryStatus: q.status, ErrorMessage: q.errorMessage()}
		if q.status != types.QueryStatusFinished {
			return out, nil
		}
		rows, next, err := page(f, "GetQueryResults-"+q.id, q.answer.Rows, in.NextToken, in.MaxQueryResults, 1000, 1000)
		if err != nil {
			return nil, err
		}
		out.NextToken = next
		out.QueryResultRows = make([][]map[string]string, 0, len(rows))
		for _, r := range rows {
			cols := make([]map[string]string, 0, len(r))
			for _, c := range r {
				cols = append(cols, map[string]string{c.Name: c.Value})
			}
			out.QueryResultRows = append(out.QueryResultRows, cols)
		}
		out.QueryStatistics = &types.QueryStatistics{
			ResultsCount:      aws.Int32(int32(len(rows))),
			TotalResultsCount: aws.Int32(int32(len(q.answer.Rows))),
			BytesScanned:      aws.Int64(q.answer.BytesScanned),
		}
		return out, nil
	})
}

// CancelQuery implements cloudtrail.API.
func (f *Fake) CancelQuery(ctx context.Context, in *awsct.CancelQueryInput, optFns ...func(*awsct.Options)) (*awsct.CancelQueryOutput, error) {
	return handle(ctx, f, "CancelQuery", optFns, in, func(_ string, now time.Time) (*awsct.CancelQueryOutput, error) {
		q, err := f.query(in.QueryId)
		if err != nil {
			return nil, err
		}
		if !q.running() {
			return nil, &types.InactiveQueryException{Message: aws.String(fmt.Sprintf("The specified query cannot be canceled because it is in the %s state.", q.status))}
		}
		q.status, q.ended = types.QueryStatusCancelled, now
		return &awsct.CancelQueryOutput{QueryId: aws.String(q.id), QueryStatus: q.status, EventDataStoreOwnerAccountId: optional(q.owner)}, nil
	})
}

// Queries returns the statements of the queries started so far, with the
// status each is in now, in the order they were started: how a test checks
// that an abandoned query was cancelled.
func (f *Fake) Queries() []QueryState {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]QueryState, 0, len(f.queries))
	for _, q := range f.queries {
		out = append(out, QueryState{ID: q.id, SQL: q.sql, Status: string(q.status)})
	}
	slices.SortFunc(out, func(a, b QueryState) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// QueryState is a query the fake ran, and its status.
type QueryState struct {
	ID, SQL, Status string
}
