package cloudtrail

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aws/aws-sdk-go-v2/aws"
	awsct "github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
)

// EventDataStore is a CloudTrail Lake event data store: a queryable,
// retained copy of events, the path for organisations whose volume
// outgrows LookupEvents.
type EventDataStore struct {
	Name string `json:"name"`
	ARN  string `json:"arn"`
	// Status is ENABLED while the store ingests events; CREATED,
	// STARTING_INGESTION, STOPPING_INGESTION, STOPPED_INGESTION or
	// PENDING_DELETION otherwise.
	Status string `json:"status,omitempty"`
	// MultiRegion and Organization are whether the store collects events
	// of every region, and of every account of the organisation.
	MultiRegion  bool `json:"multiRegion"`
	Organization bool `json:"organization"`
	// RetentionDays is how long events are kept.
	RetentionDays         int    `json:"retentionDays,omitempty"`
	TerminationProtection bool   `json:"terminationProtection"`
	KMSKeyID              string `json:"kmsKeyId,omitempty"`
	// BillingMode is EXTENDABLE_RETENTION_PRICING or
	// FIXED_RETENTION_PRICING.
	BillingMode string    `json:"billingMode,omitempty"`
	CreatedAt   time.Time `json:"createdAt,omitzero"`
	UpdatedAt   time.Time `json:"updatedAt,omitzero"`
	// ManagementEvents and DataEventSelectors say which CloudTrail events
	// the store collects, read from its advanced event selectors as for a
	// trail. Selectors of other categories (ConfigurationItem,
	// ActivityAuditLog …) are among DataEventSelectors with their
	// Category.
	ManagementEvents   ManagementEvents    `json:"managementEvents"`
	DataEventSelectors []DataEventSelector `json:"dataEventSelectors,omitempty"`
	// DetailError says why the store's details (all but Name and ARN)
	// could not be read.
	DetailError string `json:"detailError,omitempty"`
}

// Ingesting reports whether the store is collecting events now.
func (s EventDataStore) Ingesting() bool {
	return s.Status == string(types.EventDataStoreStatusEnabled)
}

// CoversDataEvents is Trail.CoversDataEvents for an event data store: it
// must be ingesting and collect every read and write S3 data event on the
// objects of bucket under prefix.
func (s EventDataStore) CoversDataEvents(bucket, prefix string) bool {
	t := Trail{Logging: s.Ingesting(), DataEventSelectors: s.DataEventSelectors}
	return t.CoversDataEvents(bucket, prefix)
}

// EventDataStores iterates over the CloudTrail Lake event data stores of
// the Client's account and region, in the order AWS lists them, each with
// its details (ListEventDataStores no longer returns them, so each takes a
// GetEventDataStore call). A store whose details cannot be read is yielded
// with DetailError set, and the iterator ends with the joined errors.
//
// IAM: cloudtrail:ListEventDataStores, cloudtrail:GetEventDataStore.
func (c *Client) EventDataStores(ctx context.Context) iter.Seq2[EventDataStore, error] {
	list := clientkit.Pages(ctx, &c.base, "ListEventDataStores", func(ctx context.Context, token *string) ([]types.EventDataStore, *string, error) {
		out, err := retryThrottled(ctx, c, "ListEventDataStores", func(ctx context.Context) (*awsct.ListEventDataStoresOutput, error) {
			return c.api.ListEventDataStores(ctx, &awsct.ListEventDataStoresInput{NextToken: token}, c.optFns()...)
		})
		if err != nil {
			return nil, nil, err
		}
		return out.EventDataStores, out.NextToken, nil
	})
	return func(yield func(EventDataStore, error) bool) {
		var errs []error
		for listed, err := range list {
			if err != nil {
				yield(EventDataStore{}, errors.Join(append(errs, err)...))
				return
			}
			s, err := c.eventDataStore(ctx, listed)
			if err != nil {
				if ctx.Err() != nil {
					yield(EventDataStore{}, err)
					return
				}
				errs = append(errs, err)
			}
			if !yield(s, nil) {
				return
			}
		}
		if len(errs) > 0 {
			yield(EventDataStore{}, errors.Join(errs...))
		}
	}
}

func (c *Client) eventDataStore(ctx context.Context, listed types.EventDataStore) (EventDataStore, error) {
	s := EventDataStore{Name: aws.ToString(listed.Name), ARN: aws.ToString(listed.EventDataStoreArn)}
	out, err := clientkit.Do(ctx, &c.base, "GetEventDataStore", func(ctx context.Context) (*awsct.GetEventDataStoreOutput, error) {
		return retryThrottled(ctx, c, "GetEventDataStore", func(ctx context.Context) (*awsct.GetEventDataStoreOutput, error) {
			return c.api.GetEventDataStore(ctx, &awsct.GetEventDataStoreInput{EventDataStore: aws.String(s.ARN)}, c.optFns()...)
		})
	})
	if err != nil {
		s.DetailError = err.Error()
		return s, fmt.Errorf("event data store %s: %w", s.ARN, err)
	}
	s.Status = string(out.Status)
	s.MultiRegion = aws.ToBool(out.MultiRegionEnabled)
	s.Organization = aws.ToBool(out.OrganizationEnabled)
	s.RetentionDays = int(aws.ToInt32(out.RetentionPeriod))
	s.TerminationProtection = aws.ToBool(out.TerminationProtectionEnabled)
	s.KMSKeyID = aws.ToString(out.KmsKeyId)
	s.BillingMode = string(out.BillingMode)
	s.CreatedAt = timeUTC(out.CreatedTimestamp)
	s.UpdatedAt = timeUTC(out.UpdatedTimestamp)
	s.ManagementEvents, s.DataEventSelectors = normaliseSelectors(nil, out.AdvancedEventSelectors)
	return s, nil
}

// ErrQueryFailed marks the error of a CloudTrail Lake query that ended
// FAILED, TIMED_OUT or CANCELLED (by someone else).
var ErrQueryFailed = errors.New("query did not finish")

// QueryOption configures one Query.
type QueryOption func(*queryOptions)

type queryOptions struct {
	owner    string
	pageSize int32
	err      error
}

// WithEventDataStoreOwner names the account that owns the event data store
// the query reads, when it is not the caller's: an organisation's store
// queried from its delegated administrator account, for instance.
func WithEventDataStoreOwner(account string) QueryOption {
	return func(o *queryOptions) {
		if account == "" {
			o.err = errors.New("cloudtrail: invalid query option WithEventDataStoreOwner: the account is empty")
			return
		}
		o.owner = account
	}
}

// WithRowsPerPage sets how many rows each GetQueryResults call returns
// (1 to 1000); AWS chooses when it is not set.
func WithRowsPerPage(n int) QueryOption {
	return func(o *queryOptions) {
		if n < 1 || n > 1000 {
			o.err = fmt.Errorf("cloudtrail: invalid query option WithRowsPerPage: want 1 to 1000 rows, got %d", n)
			return
		}
		o.pageSize = int32(n)
	}
}

// QueryResult is a CloudTrail Lake query that finished. Its rows are read
// page by page as Rows is iterated.
type QueryResult struct {
	// ID is the query's ID.
	ID string `json:"id"`
	// Statement is the SQL that ran.
	Statement string `json:"statement"`
	// Status is FINISHED.
	Status string `json:"status"`
	// Statistics say what the query cost.
	Statistics QueryStatistics `json:"statistics"`

	client *Client
	opts   queryOptions
}

// QueryStatistics are what a query matched, scanned and took. Lake bills by
// BytesScanned.
type QueryStatistics struct {
	EventsMatched int64 `json:"eventsMatched"`
	EventsScanned int64 `json:"eventsScanned"`
	BytesScanned  int64 `json:"bytesScanned"`
	// ExecutionTime is how long the query ran; in JSON, in nanoseconds.
	ExecutionTime time.Duration `json:"executionTime"`
	CreatedAt     time.Time     `json:"createdAt,omitzero"`
}

// Row is one row of a query's results: its columns in the order of the
// query's SELECT.
type Row []Column

// Column is one value of a Row.
type Column struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Get returns the value of the column named name, and whether the row has
// it.
func (r Row) Get(name string) (string, bool) {
	for _, c := range r {
		if c.Name == name {
			return c.Value, true
		}
	}
	return "", false
}

// Query runs an SQL query over CloudTrail Lake and waits for it to finish.
// The event data store is named in the statement's FROM clause by its ID
// (the last part of its ARN):
//
//	res, err := c.Query(ctx, "SELECT eventTime, eventName, userIdentity.arn FROM 0123abcd-… WHERE eventSource = 'sagemaker.amazonaws.com'")
//	for row, err := range res.Rows(ctx) { … }
//
// It starts the query (StartQuery), trying again with backoff while AWS
// answers that too many queries run at once (MaxConcurrentQueriesException,
// classed as aigov.ErrThrottled), then polls it (DescribeQuery) with a wait
// that doubles from one poll to the next, as set by WithQueryPolling.
//
// When ctx is done, or a poll fails, before the query finishes, Query
// cancels the query (CancelQuery, the one write this package makes, on its
// own query only) so that it stops scanning and billing, and returns the
// error. A query that ends FAILED, TIMED_OUT or CANCELLED returns an error
// matching ErrQueryFailed with AWS's message.
//
// IAM: cloudtrail:StartQuery, cloudtrail:DescribeQuery,
// cloudtrail:GetQueryResults; cloudtrail:CancelQuery (write).
func (c *Client) Query(ctx context.Context, sql string, opts ...QueryOption) (*QueryResult, error) {
	if c.base.Err != nil {
		return nil, c.base.Err
	}
	var o queryOptions
	for _, opt := range opts {
		opt(&o)
	}
	if o.err != nil {
		return nil, o.err
	}
	if strings.TrimSpace(sql) == "" {
		return nil, errors.New("cloudtrail: Query: the SQL statement is empty")
	}
	owner := optionalString(o.owner)
	started, err := clientkit.Do(ctx, &c.base, "StartQuery", func(ctx context.Context) (*awsct.StartQueryOutput, error) {
		return retryThrottled(ctx, c, "StartQuery", func(ctx context.Context) (*awsct.StartQueryOutput, error) {
			return c.api.StartQuery(ctx, &awsct.StartQueryInput{QueryStatement: aws.String(sql), EventDataStoreOwnerAccountId: owner}, c.optFns()...)
		})
	})
	if err != nil {
		return nil, err
	}
	id := aws.ToString(started.QueryId)
	if id == "" {
		return nil, errors.New("cloudtrail: StartQuery: AWS returned no query ID")
	}
	wait := c.pollFirst
	for {
		if err := c.sleep(ctx, wait); err != nil {
			return nil, c.abandonQuery(ctx, id, owner, fmt.Errorf("cloudtrail: Query %s: %w", id, err))
		}
		desc, err := clientkit.Do(ctx, &c.base, "DescribeQuery", func(ctx context.Context) (*awsct.DescribeQueryOutput, error) {
			return retryThrottled(ctx, c, "DescribeQuery", func(ctx context.Context) (*awsct.DescribeQueryOutput, error) {
				return c.api.DescribeQuery(ctx, &awsct.DescribeQueryInput{QueryId: aws.String(id), EventDataStoreOwnerAccountId: owner}, c.optFns()...)
			})
		})
		if err != nil {
			return nil, c.abandonQuery(ctx, id, owner, fmt.Errorf("query %s: %w", id, err))
		}
		switch desc.QueryStatus {
		case types.QueryStatusFinished:
			return &QueryResult{ID: id, Statement: sql, Status: string(desc.QueryStatus), Statistics: queryStatistics(desc.QueryStatistics), client: c, opts: o}, nil
		case types.QueryStatusFailed, types.QueryStatusTimedOut, types.QueryStatusCancelled:
			msg := aws.ToString(desc.ErrorMessage)
			if msg == "" {
				msg = "AWS gave no reason"
			}
			return nil, fmt.Errorf("cloudtrail: query %s ended %s: %s: %w", id, desc.QueryStatus, msg, ErrQueryFailed)
		}
		c.base.Logger.LogAttrs(ctx, slog.LevelDebug, "waiting for a CloudTrail Lake query",
			slog.String("service", "cloudtrail"), slog.String("query", id),
			slog.String("status", string(desc.QueryStatus)), slog.Duration("wait", wait))
		wait = min(2*wait, c.pollMax)
	}
}

// cancelTimeout bounds the CancelQuery call made after ctx is done.
const cancelTimeout = 30 * time.Second

// abandonQuery cancels a query Query gives up on and returns cause, joined
// with the cancellation's own error if it failed.
func (c *Client) abandonQuery(ctx context.Context, id string, owner *string, cause error) error {
	// The caller's context may be done: the cancellation gets its own.
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cancelTimeout)
	defer cancel()
	_, err := clientkit.Do(cctx, &c.base, "CancelQuery", func(ctx context.Context) (*awsct.CancelQueryOutput, error) {
		return c.api.CancelQuery(ctx, &awsct.CancelQueryInput{QueryId: aws.String(id), EventDataStoreOwnerAccountId: owner}, c.optFns()...)
	})
	// A query that finished in the meantime has nothing to cancel.
	if err != nil && errorCode(err) != "InactiveQueryException" {
		return errors.Join(cause, fmt.Errorf("cancelling the query: %w", err))
	}
	return cause
}

func queryStatistics(s *types.QueryStatisticsForDescribeQuery) QueryStatistics {
	if s == nil {
		return QueryStatistics{}
	}
	return QueryStatistics{
		EventsMatched: aws.ToInt64(s.EventsMatched),
		EventsScanned: aws.ToInt64(s.EventsScanned),
		BytesScanned:  aws.ToInt64(s.BytesScanned),
		ExecutionTime: time.Duration(aws.ToInt32(s.ExecutionTimeInMillis)) * time.Millisecond,
		CreatedAt:     timeUTC(s.CreationTime),
	}
}

// Rows iterates over the query's result rows, fetching them a page at a
// time (GetQueryResults). Each row's columns keep the order of the SELECT.
func (r *QueryResult) Rows(ctx context.Context) iter.Seq2[Row, error] {
	c := r.client
	if c == nil {
		return func(yield func(Row, error) bool) {
			yield(nil, errors.New("cloudtrail: QueryResult.Rows: the result does not come from Client.Query"))
		}
	}
	owner := optionalString(r.opts.owner)
	var pageSize *int32
	if r.opts.pageSize > 0 {
		pageSize = aws.Int32(r.opts.pageSize)
	}
	return clientkit.Pages(ctx, &c.base, "GetQueryResults", func(ctx context.Context, token *string) ([]Row, *string, error) {
		out, err := retryThrottled(ctx, c, "GetQueryResults", func(ctx context.Context) (*awsct.GetQueryResultsOutput, error) {
			return c.api.GetQueryResults(ctx, &awsct.GetQueryResultsInput{
				QueryId: aws.String(r.ID), EventDataStoreOwnerAccountId: owner, MaxQueryResults: pageSize, NextToken: token,
			}, c.optFns()...)
		})
		if err != nil {
			return nil, nil, err
		}
		rows := make([]Row, 0, len(out.QueryResultRows))
		for _, cols := range out.QueryResultRows {
			rows = append(rows, rowOf(cols))
		}
		return rows, out.NextToken, nil
	})
}

// rowOf turns a result row, a list of one-entry maps from column to value,
// into a Row. Should an entry hold several columns, they are taken in the
// order of their names, so that a Row never depends on map order.
func rowOf(cols []map[string]string) Row {
	row := make(Row, 0, len(cols))
	for _, m := range cols {
		for _, name := range slices.Sorted(maps.Keys(m)) {
			row = append(row, Column{Name: name, Value: m[name]})
		}
	}
	return row
}

func optionalString(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}
