// Package artifacttest is an in-memory fake of AWS Artifact for tests: it
// implements artifact.API, so both artifact.New(fake) and the SDK's own
// paginators work on it, with no network and no credentials. Its documents
// are served by a local HTTPS server, whose client the test hands to the
// artifact.Client.
//
//	fake := artifacttest.New()
//	defer fake.Close()
//	fake.AddReports(artifacttest.Catalog(periodEnd)...) // ISO, SOC, PCI reports
//	fake.AddAgreement(artifacttest.BAA(artifact.AgreementStateCustomerTerminated))
//	c := artifact.New(fake, artifact.WithHTTPClient(fake.HTTPClient()))
//
// What it models: one calling account (WithAccount); reports in versions,
// ListReports showing the latest version of each; report and agreement ids
// of the form AWS requires (ValidationException otherwise, HTTP 400);
// ResourceNotFoundException (404) for an unknown report or version;
// GetTermForReport recording the accepted terms (Terms) and returning a term
// token that GetReport requires for the same report and version
// (ValidationException with reason invalidToken otherwise); presigned HTTPS
// URLs, signed and valid for five minutes by the fake's clock, served with
// Content-Type, Content-Disposition and Content-Length, and refused as
// Amazon S3 refuses them (403 SignatureDoesNotMatch, 403 AccessDenied
// "Request has expired", 404 NoSuchKey); maxResults/nextToken paging with
// AWS's limit of 1 to 300 (ValidationException above it or for a foreign
// token); account settings; the one-region endpoint: a call in any region
// but us-east-1 fails as a DNS lookup of a host that does not exist; the
// errors every operation models, typed, with the status AWS sends (403
// AccessDeniedException, 429 ThrottlingException with its Retry-After
// header, 400 ValidationException, 404 ResourceNotFoundException).
//
// What it does not model: AWS's real catalogue (Catalog is shaped like it,
// not a copy); agreements that are offered but not accepted, accepting or
// terminating agreements, and the NDA; organisation-level visibility of
// agreements; whether AWS lists terminated agreements at all (its
// documentation says ListCustomerAgreements lists the active ones; the fake
// lists every agreement added); whether it lists unpublished reports (the
// fake does); ListReportVersions, compliance inquiries, tags and
// PutAccountSettings; term tokens that expire or are single-use; the
// default page size when maxResults is absent (100 here); IAM (inject
// AccessDenied with Fail); rate limits (inject Throttling with FailN); and
// eventual consistency. AWS Artifact has no "not enabled" answer to model:
// every account of the aws partition can use it, and package artifact
// refuses the other partitions before any call.
//
// Seeding methods panic on an invalid seed: a bad seed is a bug in the test.
package artifacttest
