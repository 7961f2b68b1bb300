package fakeaws

import "strings"

// JSONStatus is the HTTP status an awsJson1_1 service (Config, CloudTrail,
// Support) answers an error code with: 400 for every client error,
// throttling included, and 500 or 503 for server faults.
func JSONStatus(code string) int {
	switch {
	case code == "ServiceUnavailable" || code == "ServiceUnavailableException":
		return 503
	case strings.HasPrefix(code, "Internal"):
		return 500
	default:
		return 400
	}
}

// RESTStatus is the HTTP status a restJson1 service (Inspector2, Audit
// Manager, Artifact, TrustedAdvisor) answers an error code with, as their
// models declare it.
func RESTStatus(code string) int {
	switch code {
	case "AccessDeniedException", "UnauthorizedException":
		return 403
	case "ResourceNotFoundException", "NotFoundException":
		return 404
	case "ConflictException":
		return 409
	case "ServiceQuotaExceededException":
		return 402
	case "ThrottlingException", "TooManyRequestsException":
		return 429
	case "ServiceUnavailableException":
		return 503
	case "InternalServerException", "InternalServerError":
		return 500
	default:
		return 400
	}
}
