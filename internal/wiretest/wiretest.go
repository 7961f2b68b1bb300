// Package wiretest runs real aws-sdk-go-v2 clients against canned HTTP
// answers, for tests. It is how the service packages check that the errors
// their fakes build have the shape the real client gives the same response,
// and that the wire member names they rely on decode.
package wiretest

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// Response is a canned HTTP answer.
type Response struct {
	Status int
	Header map[string]string
	Body   string
}

// Request is a request the server received.
type Request struct {
	// Key is what the request was matched on (see Server.Answer).
	Key  string
	Body string
}

// Server answers requests from a table of canned responses.
type Server struct {
	srv *httptest.Server

	mu       sync.Mutex
	answers  map[string]Response
	requests []Request
}

// New starts a server that stops when the test ends.
func New(tb testing.TB) *Server {
	s := &Server{answers: make(map[string]Response)}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	tb.Cleanup(s.srv.Close)
	return s
}

// Answer sets the response for key: the operation name for awsJson1_1
// services (the part of X-Amz-Target after the dot, "DescribeConfigRules"),
// or "METHOD /path" for restJson1 services ("POST /findings/list").
func (s *Server) Answer(key string, r Response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.answers[key] = r
}

// Requests returns the requests received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Config returns an aws.Config that sends every call to the server, with
// static credentials and no retries.
func (s *Server) Config() aws.Config {
	return aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDWIRETEST", "secret", ""),
		BaseEndpoint: aws.String(s.srv.URL),
		Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
	}
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	key := r.Method + " " + r.URL.Path
	if t := r.Header.Get("X-Amz-Target"); t != "" {
		_, key, _ = strings.Cut(t, ".")
	}
	s.mu.Lock()
	s.requests = append(s.requests, Request{Key: key, Body: string(body)})
	ans, ok := s.answers[key]
	s.mu.Unlock()
	if !ok {
		ans = JSONError(500, "InternalFailure", fmt.Sprintf("wiretest: no answer for %q", key))
	}
	for k, v := range ans.Header {
		w.Header().Set(k, v)
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(ans.Status)
	_, _ = io.WriteString(w, ans.Body)
}

// RequestID is the request id every canned response carries.
const RequestID = "11111111-2222-4333-8444-555555555555"

// JSON is a 200 answer with body.
func JSON(body string) Response {
	return Response{Status: 200, Header: map[string]string{"X-Amzn-Requestid": RequestID}, Body: body}
}

// JSONError is an error answer as AWS JSON services send it: the code both
// in the X-Amzn-Errortype header and as __type in the body.
func JSONError(status int, code, message string) Response {
	return Response{
		Status: status,
		Header: map[string]string{"X-Amzn-Requestid": RequestID, "X-Amzn-Errortype": code},
		Body:   fmt.Sprintf(`{"__type":%q,"message":%q}`, code, message),
	}
}
