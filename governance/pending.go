package governance

// Placeholders for the states of the sources whose packages are not merged
// yet.
type (
	CloudTrailState struct{}
)
