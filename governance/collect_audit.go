package governance

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/artifact"
	"github.com/aigov/aigov/auditmanager"
	"github.com/aigov/aigov/internal/pager"
)

// collectAuditManager reads Audit Manager in one account and region. An
// account that cannot use Audit Manager is recorded as not enabled, with
// the reason Audit Manager gives.
func collectAuditManager(ctx context.Context, client *auditmanager.Client, loc Location, window time.Duration, now time.Time) (func(*Snapshot), []SourceOutcome) {
	c := client.InRegion(loc.Region)
	st := AuditManagerState{Location: loc, CollectedAt: now}
	status, err := c.Status(ctx)
	if err != nil {
		if ne, ok := auditmanager.NotEnabled(err); ok {
			status, err = ne, nil
		}
	}
	st.Status = part(status, "auditmanager:GetAccountStatus", err)
	var errs []error
	switch {
	case err != nil:
		errs = append(errs, err)
	case !status.Available():
		// Not an error of collection: the answer is that the account
		// cannot use Audit Manager. The outcome says so.
		errs = append(errs, fmt.Errorf("auditmanager: %w: %s", aigov.ErrNotEnabled, status.Reason))
	default:
		as, err := pager.Collect(c.Assessments(ctx, auditmanager.AssessmentFilter{EvidenceSince: now.Add(-window)}))
		st.Assessments = part(as, "auditmanager:GetAssessment", err)
		if err != nil {
			errs = append(errs, err)
		}
	}
	out := summarize(SourceAuditManager, loc, now, 2, errs)
	if !status.Available() && err == nil {
		out.Status = OutcomeNotEnabled
	}
	return func(s *Snapshot) { s.AuditManager = append(s.AuditManager, st) }, []SourceOutcome{out}
}

// collectArtifact reads AWS Artifact for one account.
func collectArtifact(ctx context.Context, c *artifact.Client, account string, now time.Time) (func(*Snapshot), []SourceOutcome) {
	st := ArtifactState{Account: account, CollectedAt: now}
	reports, err := pager.Collect(c.Reports(ctx))
	st.Reports = part(reports, "artifact:ListReports", err)
	agreements, err2 := pager.Collect(c.Agreements(ctx))
	st.Agreements = part(agreements, "artifact:ListCustomerAgreements", err2)
	var errs []error
	for _, e := range []error{err, err2} {
		if e != nil {
			errs = append(errs, e)
		}
	}
	out := summarize(SourceArtifact, Location{Account: account}, now, 2, errs)
	if errors.Is(err, artifact.ErrUnsupportedPartition) {
		out.Status = OutcomeNotEnabled
	}
	return func(s *Snapshot) { s.Artifact = append(s.Artifact, st) }, []SourceOutcome{out}
}
