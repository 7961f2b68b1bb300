package governance

import (
	"time"

	"github.com/aigov/aigov/advisor"
)

// AdvisorState is what Trusted Advisor told about one account. Its data is
// global, so the state has no region.
type AdvisorState struct {
	Account     string    `json:"account"`
	CollectedAt time.Time `json:"collectedAt"`
	// API is the Trusted Advisor API that answered, and why the newer one
	// was passed over if it was.
	API advisor.Source `json:"api"`
	// Recommendations are the results of the checks the controls read;
	// every check asked for is there, not_available when AWS has no result.
	Recommendations Part[[]advisor.Recommendation] `json:"recommendations"`
}

// recommendation returns the result of a check.
func (st *AdvisorState) recommendation(checkID string) (advisor.Recommendation, bool) {
	for _, r := range st.Recommendations.Value {
		if r.CheckID == checkID {
			return r, true
		}
	}
	return advisor.Recommendation{}, false
}
