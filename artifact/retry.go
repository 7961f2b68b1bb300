package artifact

import (
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/artifact/types"
)

// RetryAfter returns how long AWS Artifact asked the caller to wait before
// trying again, from the Retry-After header of a ThrottlingException or an
// InternalServerException, and whether it said. The SDK's own retryer does
// not read that header, so a caller that retries on aigov.ErrThrottled
// should.
func RetryAfter(err error) (time.Duration, bool) {
	var secs *int32
	var throttled *types.ThrottlingException
	var internal *types.InternalServerException
	switch {
	case errors.As(err, &throttled):
		secs = throttled.RetryAfterSeconds
	case errors.As(err, &internal):
		secs = internal.RetryAfterSeconds
	}
	if secs == nil || *secs < 0 {
		return 0, false
	}
	return time.Duration(*secs) * time.Second, true
}
