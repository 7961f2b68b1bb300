package artifacttest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// documents is the fake's stand-in for Amazon S3: an HTTPS server that
// answers the presigned URLs GetTermForReport and GetReport hand out.
// Guarded by Fake.mu.
type documents struct {
	srv      *httptest.Server
	wrap     func(http.Handler) http.Handler
	requests int
}

const (
	// urlLifetime is how long a presigned URL stays valid, by the fake's
	// clock.
	urlLifetime = 5 * time.Minute
	amzDate     = "20060102T150405Z"
	signingKey  = "artifacttest-signing-key"
)

// HTTPClient returns an HTTP client that trusts the fake's document server,
// for artifact.WithHTTPClient. The server starts on first use; Close stops
// it.
func (f *Fake) HTTPClient() *http.Client {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.server().Client()
}

// Close stops the document server, if it was started. The fake's API keeps
// working; presigned URLs handed out after Close start a new server.
func (f *Fake) Close() {
	f.mu.Lock()
	srv := f.docs.srv
	f.docs.srv = nil
	f.mu.Unlock()
	if srv != nil {
		srv.Close() // outside the lock: it waits for handlers, which take it
	}
}

// WrapDocuments puts wrap around the document server's handler, so that a
// test can answer a download its own way: an error status (see S3Error), a
// truncated body, a redirect. wrap receives the fake's own handler, to call
// when it does not answer itself. A later call replaces the wrapper; nil
// removes it.
func (f *Fake) WrapDocuments(wrap func(next http.Handler) http.Handler) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.docs.wrap = wrap
}

// DocumentRequests counts the requests the document server received.
func (f *Fake) DocumentRequests() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.docs.requests
}

// S3Error is a handler that answers as Amazon S3 does when it refuses a
// request: the status, and an XML body with the code and message, such as
// S3Error(403, "AccessDenied", "Request has expired") for an expired
// presigned URL.
func S3Error(status int, code, message string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := xml.Marshal(struct {
			XMLName   xml.Name `xml:"Error"`
			Code      string
			Message   string
			RequestID string `xml:"RequestId"`
		}{Code: code, Message: message, RequestID: "FAKES3REQUEST0001"})
		w.Header().Set("Content-Type", "application/xml")
		w.Header().Set("X-Amz-Request-Id", "FAKES3REQUEST0001")
		w.WriteHeader(status)
		_, _ = w.Write(append([]byte(xml.Header), body...))
	})
}

// server returns the document server, started if need be. f.mu is held.
func (f *Fake) server() *httptest.Server {
	if f.docs.srv == nil {
		f.docs.srv = httptest.NewTLSServer(http.HandlerFunc(f.serveHTTP))
	}
	return f.docs.srv
}

func reportPath(r storedReport) string {
	return fmt.Sprintf("/reports/%s/v%d/%s", r.ID, r.Version, r.fileName)
}

func termPath(r storedReport) string {
	return fmt.Sprintf("/terms/%s/v%d/terms.pdf", r.ID, r.Version)
}

// presign returns a presigned URL for path, valid for urlLifetime from now.
// f.mu is held.
func (f *Fake) presign(path string, now time.Time) string {
	date := now.UTC().Format(amzDate)
	expires := strconv.Itoa(int(urlLifetime / time.Second))
	q := url.Values{}
	q.Set("X-Amz-Algorithm", "AWS4-HMAC-SHA256")
	q.Set("X-Amz-Credential", "ASIAFAKEARTIFACT/"+date[:8]+"/"+DefaultRegion+"/s3/aws4_request")
	q.Set("X-Amz-Date", date)
	q.Set("X-Amz-Expires", expires)
	q.Set("X-Amz-SignedHeaders", "host")
	q.Set("X-Amz-Signature", signature(path, date, expires))
	return f.server().URL + path + "?" + q.Encode()
}

func signature(path, date, expires string) string {
	mac := hmac.New(sha256.New, []byte(signingKey))
	mac.Write([]byte("GET\n" + path + "\n" + date + "\n" + expires))
	return hex.EncodeToString(mac.Sum(nil))
}

func (f *Fake) serveHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.docs.requests++
	wrap := f.docs.wrap
	f.mu.Unlock()
	var h http.Handler = http.HandlerFunc(f.serveDocument)
	if wrap != nil {
		h = wrap(h)
	}
	h.ServeHTTP(w, r)
}

// serveDocument answers a presigned GET as Amazon S3 does: a bad signature
// or an expired URL is 403, an unknown key 404.
func (f *Fake) serveDocument(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		S3Error(http.StatusMethodNotAllowed, "MethodNotAllowed", "The specified method is not allowed against this resource.").ServeHTTP(w, r)
		return
	}
	q := r.URL.Query()
	date, dateErr := time.Parse(amzDate, q.Get("X-Amz-Date"))
	secs, expErr := strconv.Atoi(q.Get("X-Amz-Expires"))
	if dateErr != nil || expErr != nil || !hmac.Equal([]byte(q.Get("X-Amz-Signature")), []byte(signature(r.URL.Path, q.Get("X-Amz-Date"), q.Get("X-Amz-Expires")))) {
		S3Error(http.StatusForbidden, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.").ServeHTTP(w, r)
		return
	}
	if f.Now().After(date.Add(time.Duration(secs) * time.Second)) {
		S3Error(http.StatusForbidden, "AccessDenied", "Request has expired").ServeHTTP(w, r)
		return
	}
	body, name, ok := f.document(r.URL.Path)
	if !ok {
		S3Error(http.StatusNotFound, "NoSuchKey", "The specified key does not exist.").ServeHTTP(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name))
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Header().Set("X-Amz-Request-Id", "FAKES3REQUEST0000")
	if r.Method == http.MethodGet {
		_, _ = w.Write(body)
	}
}

// document returns the body and file name a document path names.
func (f *Fake) document(path string) ([]byte, string, bool) {
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	if len(parts) != 4 || !strings.HasPrefix(parts[2], "v") {
		return nil, "", false
	}
	version, err := strconv.ParseInt(parts[2][1:], 10, 64)
	if err != nil || version < 1 {
		return nil, "", false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.version(parts[1], version)
	switch {
	case !ok:
		return nil, "", false
	case parts[0] == "reports" && parts[3] == r.fileName:
		return r.document, r.fileName, true
	case parts[0] == "terms" && parts[3] == "terms.pdf":
		return fmt.Appendf(nil, "%%PDF-1.7\n%% Terms and conditions of %s, version %d (artifacttest)\n%%%%EOF\n", r.Name, r.Version), "terms.pdf", true
	default:
		return nil, "", false
	}
}
