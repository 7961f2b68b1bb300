package inspector_test

import (
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/aigov/aigov/inspector"
	"github.com/aigov/aigov/inspector/inspectortest"
)

var t0 = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

const (
	acct     = inspectortest.DefaultAccount
	other    = "210987654321"
	registry = "123456789012.dkr.ecr.us-east-1.amazonaws.com"
)

// Image URIs of the seeded findings.
var (
	servingProd = registry + "/ml/serving:prod"
	trainingV1  = registry + "/ml/training:v1"
	notebookImg = registry + "/notebooks:latest"
	otherImg    = other + ".dkr.ecr.us-east-1.amazonaws.com/ml/serving:prod"
)

// seeded returns a fake with six findings in us-east-1: four on images of
// the caller's account, one on a Lambda function, one on an image of another
// account; one of them CLOSED.
func seeded(t *testing.T, opts ...inspectortest.Option) *inspectortest.Fake {
	t.Helper()
	f := inspectortest.New(opts...)
	f.SetClock(func() time.Time { return t0 })
	f.SetAccountStatus(inspectortest.Enabled(acct))
	for _, x := range []inspector.Finding{
		inspectortest.ImageFinding(servingProd, "CVE-2025-32434", inspector.SeverityCritical, "torch", "2.5.1", "2.6.0"),
		inspectortest.ImageFinding(servingProd, "CVE-2024-11392", inspector.SeverityHigh, "transformers", "4.46.0", "4.48.0"),
		inspectortest.ImageFinding(trainingV1, "CVE-2024-3568", inspector.SeverityMedium, "transformers", "4.37.0", ""),
		inspectortest.ImageFinding(notebookImg, "CVE-2023-43804", inspector.SeverityLow, "urllib3", "1.26.17", "1.26.18"),
		inspectortest.LambdaFinding("feature-etl", "CVE-2024-35195", inspector.SeverityMedium, "requests", "2.31.0", "2.32.0"),
		inspectortest.ImageFinding(otherImg, "CVE-2025-32434", inspector.SeverityCritical, "torch", "2.4.0", "2.6.0"),
	} {
		f.AddFinding(x)
	}
	closed := inspectortest.ImageFinding(trainingV1, "CVE-2023-7018", inspector.SeverityHigh, "transformers", "4.30.0", "4.36.0")
	closed.Status = inspector.StatusClosed
	f.AddFinding(closed)
	return f
}

func collect[T any](t *testing.T, seq func(func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		out = append(out, v)
	}
	return out
}

func vulnIDs(fs []inspector.Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.VulnerabilityID + "/" + f.Packages[0].Name
	}
	return out
}

func newTextLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
