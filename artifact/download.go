package artifact

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"
	"unicode"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/internal/awserr"
	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aws/aws-sdk-go-v2/aws"
	awsartifact "github.com/aws/aws-sdk-go-v2/service/artifact"
)

// ErrInsecureURL is returned by Download when AWS Artifact hands out a
// document URL, or the document server redirects to one, that is not HTTPS
// and WithInsecureDownloads was not given.
var ErrInsecureURL = errors.New("the document URL is not HTTPS")

// ErrPartialDownload is wrapped by the error of a Download that failed
// after part of the document reached the writer: what the writer holds is
// not the document and must be discarded.
var ErrPartialDownload = errors.New("the writer holds a partial document")

// Download describes a report document Client.Download wrote.
type Download struct {
	// Report is the report in the version downloaded: with version 0 asked
	// for, the version that was the latest.
	Report Report `json:"report"`
	// SHA256 is the hex SHA-256 of the document, to record in an evidence
	// pack; empty when the download failed.
	SHA256 string `json:"sha256,omitempty"`
	// Bytes is how many bytes were written, also when the download failed.
	Bytes int64 `json:"bytes"`
	// FileName is the document's file name, from the response's
	// Content-Disposition or else the URL's last path element, reduced to a
	// base name safe to create in a directory; empty when neither gives one.
	FileName string `json:"fileName,omitempty"`
	// ContentType is the response's Content-Type, such as
	// "application/pdf"; empty when the server did not say.
	ContentType string `json:"contentType,omitempty"`
	// DownloadedAt is when the download finished, by the Client's clock.
	DownloadedAt time.Time `json:"downloadedAt,omitzero"`
}

// Download fetches a report's document into w and returns its SHA-256: the
// way to put an official AWS compliance report into an evidence pack for a
// regulator. version 0 means the latest version; the version is fixed
// before the terms are accepted, so the terms, the document and the result
// all name the same one.
//
// Download is never called for you, because it accepts the report's terms
// and conditions on behalf of the caller's account, as choosing "I agree" in
// the console does: it asks for the report's metadata, then for its terms
// (GetTermForReport, which returns a term token), then, with the token, for
// a presigned URL (GetReport), and fetches the document from that URL with
// the Client's HTTP client (WithHTTPClient). It refuses a URL or redirect
// that is not HTTPS (ErrInsecureURL) unless WithInsecureDownloads was given.
// Presigned URLs are credentials: they never appear in errors or logs.
//
// Nothing is written to w unless the document server answers 2xx. When the
// transfer fails after writing began (a broken connection, fewer bytes than
// Content-Length, a failing writer), the error wraps ErrPartialDownload and
// the Download it comes with says how many bytes w received. A document
// server's error status is an *aigov.Error with Operation "GetObject" and
// the Amazon S3 error code: an expired URL is AccessDenied and matches
// aigov.ErrAccessDenied.
//
// IAM: artifact:GetReportMetadata, artifact:GetTermForReport,
// artifact:GetReport.
func (c *Client) Download(ctx context.Context, reportID string, version int64, w io.Writer) (Download, error) {
	if c.base.Err != nil {
		return Download{}, c.base.Err
	}
	switch {
	case strings.TrimSpace(reportID) == "":
		return Download{}, errors.New("artifact: Download: no report id")
	case version < 0:
		return Download{}, fmt.Errorf("artifact: Download %s: version %d is negative (0 is the latest)", reportID, version)
	case w == nil:
		return Download{}, fmt.Errorf("artifact: Download %s: the writer is nil", reportID)
	}
	var ver *int64
	if version > 0 {
		ver = aws.Int64(version)
	}
	meta, err := clientkit.Do(ctx, &c.base, "GetReportMetadata", func(ctx context.Context) (*awsartifact.GetReportMetadataOutput, error) {
		return c.api.GetReportMetadata(ctx, &awsartifact.GetReportMetadataInput{ReportId: aws.String(reportID), ReportVersion: ver}, c.optFns()...)
	})
	if err != nil {
		return Download{}, err
	}
	if meta == nil || meta.ReportDetails == nil {
		return Download{}, fmt.Errorf("artifact: Download %s: GetReportMetadata returned no report details", reportID)
	}
	d := Download{Report: reportFromDetail(*meta.ReportDetails)}
	if d.Report.ID == "" {
		d.Report.ID = reportID
	}
	if d.Report.Version > 0 {
		ver = aws.Int64(d.Report.Version)
	}
	if !d.Report.Downloadable() {
		why := fmt.Sprintf("state %s, upload %s", d.Report.State, d.Report.UploadState)
		if d.Report.StatusMessage != "" {
			why += ": " + d.Report.StatusMessage
		}
		return d, fmt.Errorf("artifact: Download %s: the report cannot be downloaded (%s)", d.Report.label(), why)
	}

	term, err := clientkit.Do(ctx, &c.base, "GetTermForReport", func(ctx context.Context) (*awsartifact.GetTermForReportOutput, error) {
		return c.api.GetTermForReport(ctx, &awsartifact.GetTermForReportInput{ReportId: aws.String(reportID), ReportVersion: ver}, c.optFns()...)
	})
	if err != nil {
		return d, err
	}
	if term == nil || aws.ToString(term.TermToken) == "" {
		return d, fmt.Errorf("artifact: Download %s: GetTermForReport returned no term token", d.Report.label())
	}
	rep, err := clientkit.Do(ctx, &c.base, "GetReport", func(ctx context.Context) (*awsartifact.GetReportOutput, error) {
		return c.api.GetReport(ctx, &awsartifact.GetReportInput{ReportId: aws.String(reportID), ReportVersion: ver, TermToken: term.TermToken}, c.optFns()...)
	})
	if err != nil {
		return d, err
	}
	if rep == nil || aws.ToString(rep.DocumentPresignedUrl) == "" {
		return d, fmt.Errorf("artifact: Download %s: GetReport returned no document URL", d.Report.label())
	}
	return c.fetch(ctx, d, aws.ToString(rep.DocumentPresignedUrl), w)
}

// fetch writes the document at rawURL to w.
func (c *Client) fetch(ctx context.Context, d Download, rawURL string, w io.Writer) (Download, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		// The parse error quotes the URL, signature included: leave it out.
		return d, fmt.Errorf("artifact: Download %s: the document URL does not parse", d.Report.label())
	}
	if err := c.allowed(u); err != nil {
		return d, fmt.Errorf("artifact: Download %s: %w", d.Report.label(), err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return d, fmt.Errorf("artifact: Download %s: %w", d.Report.label(), hideURL(err))
	}
	// A copy of the client, so that redirects are held to the same rule
	// without changing the caller's client.
	hc := *c.http
	next := hc.CheckRedirect
	hc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if err := c.allowed(req.URL); err != nil {
			return err
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	resp, err := hc.Do(req)
	if err != nil {
		return d, fmt.Errorf("artifact: Download %s: %w", d.Report.label(), hideURL(err))
	}
	defer resp.Body.Close()
	if resp.Request != nil {
		u = resp.Request.URL // where redirects led
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return d, c.documentError(resp, u)
	}
	d.ContentType = resp.Header.Get("Content-Type")
	d.FileName = fileName(resp.Header.Get("Content-Disposition"), u.Path)

	sum := sha256.New()
	out := &countingWriter{w: w}
	_, err = io.Copy(io.MultiWriter(out, sum), resp.Body)
	d.Bytes = out.n
	if err == nil && resp.ContentLength >= 0 && out.n != resp.ContentLength {
		err = fmt.Errorf("the response announced %d bytes", resp.ContentLength)
	}
	if err != nil {
		if d.Bytes > 0 {
			return d, fmt.Errorf("artifact: Download %s: %d bytes written, then: %w: %w", d.Report.label(), d.Bytes, err, ErrPartialDownload)
		}
		return d, fmt.Errorf("artifact: Download %s: %w", d.Report.label(), err)
	}
	d.SHA256 = hex.EncodeToString(sum.Sum(nil))
	d.DownloadedAt = c.base.Now().UTC()
	c.base.Logger.LogAttrs(ctx, slog.LevelDebug, "document downloaded",
		slog.String("service", c.base.Classifier.Service),
		slog.String("report", d.Report.ID),
		slog.Int64("version", d.Report.Version),
		slog.Int64("bytes", d.Bytes),
		slog.String("account", c.base.Account))
	return d, nil
}

// allowed refuses a URL that is neither HTTPS nor, with
// WithInsecureDownloads, plain HTTP.
func (c *Client) allowed(u *url.URL) error {
	switch {
	case u.Host == "":
		return fmt.Errorf("the document URL %q has no host", redact(u.String()))
	case strings.EqualFold(u.Scheme, "https"):
		return nil
	case strings.EqualFold(u.Scheme, "http") && c.insecure:
		return nil
	default:
		return fmt.Errorf("%w: %s (WithInsecureDownloads allows plain HTTP, for tests)", ErrInsecureURL, redact(u.String()))
	}
}

// hideURL redacts the URL a *url.Error quotes.
func hideURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = redact(ue.URL)
	}
	return err
}

// redact keeps the scheme, host and path of a URL and drops the rest: the
// query of a presigned URL is its signature.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(an unparsable URL)"
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}

// s3Error is the XML body of an Amazon S3 error response.
type s3Error struct {
	Code      string `xml:"Code"`
	Message   string `xml:"Message"`
	RequestID string `xml:"RequestId"`
}

// documentError classifies an error status of the document server at u,
// which for AWS is Amazon S3 answering a presigned GetObject.
func (c *Client) documentError(resp *http.Response, u *url.URL) error {
	var body s3Error
	_ = xml.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&body)
	e := &aigov.Error{
		Service:    c.base.Classifier.Service,
		Operation:  "GetObject",
		Account:    c.base.Account,
		Code:       body.Code,
		Message:    body.Message,
		StatusCode: resp.StatusCode,
		RequestID:  body.RequestID,
		Err:        fmt.Errorf("GET %s: %s", redact(u.String()), resp.Status),
	}
	if e.RequestID == "" {
		e.RequestID = resp.Header.Get("X-Amz-Request-Id")
	}
	e.Kind = awserr.KindOf(e.Code, e.Message)
	if e.Kind == nil {
		e.Kind = documentStatus[resp.StatusCode]
	}
	return e
}

var documentStatus = map[int]error{
	http.StatusForbidden:          aigov.ErrAccessDenied,
	http.StatusNotFound:           aigov.ErrNotFound,
	http.StatusTooManyRequests:    aigov.ErrThrottled,
	http.StatusServiceUnavailable: aigov.ErrThrottled,
}

// fileName takes the file name from a Content-Disposition header, or else
// from the last element of the URL path, and reduces it to a base name that
// is safe to create: no directory, no "." or "..", no control characters.
func fileName(disposition, urlPath string) string {
	name := ""
	if _, params, err := mime.ParseMediaType(disposition); err == nil {
		name = params["filename"]
	}
	if name == "" {
		name = urlPath
	}
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	if name == "." || name == ".." || name == "/" || strings.ContainsFunc(name, unicode.IsControl) {
		return ""
	}
	return name
}

// countingWriter counts the bytes w accepted.
type countingWriter struct {
	w io.Writer
	n int64
}

func (cw *countingWriter) Write(p []byte) (int, error) {
	n, err := cw.w.Write(p)
	cw.n += int64(n)
	return n, err
}
