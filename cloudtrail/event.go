package cloudtrail

import (
	"encoding/json"
	"time"
)

// Event is one CloudTrail record: the CloudTrailEvent string of a
// LookupEvents result, an element of a log file's Records array, or an
// element of a bare JSON array of records.
//
// Values are kept as the record gives them: a region or an IP address is not
// checked for sense (anonymised samples carry "megov-northeast-1r" and
// "035.249.253.232"). A field the record lacks, or sets to null, is empty.
//
// An Event's strings and raw values share one allocation with Raw, so that
// parsing costs one allocation a record: keeping any of them keeps all of
// it alive. Code that keeps a few fields of many events should copy them
// (strings.Clone), as [Detector] does.
//
// The JSON form (camelCase, CloudTrail's own names where the meaning is the
// same) is meant for stable snapshots; it leaves out [Event.Raw].
type Event struct {
	// Time is eventTime, in UTC: when the request was made. It is zero when
	// the record has no time, or holds a placeholder such as "redacted".
	Time time.Time `json:"eventTime,omitzero"`
	// EventSource is the service that received the request, such as
	// "bedrock.amazonaws.com".
	EventSource string `json:"eventSource,omitempty"`
	// EventName is the API action, such as "InvokeModel". Every record has
	// one.
	EventName string `json:"eventName"`
	// Region is awsRegion, the region the request was made to.
	Region string `json:"awsRegion,omitempty"`
	// AccountID is recipientAccountId, the account that received the event,
	// or the caller's userIdentity.accountId when the record lacks it.
	AccountID string `json:"accountId,omitempty"`
	// EventID is eventID, CloudTrail's unique identifier of the record.
	EventID string `json:"eventID,omitempty"`
	// EventType is eventType: "AwsApiCall", "AwsServiceEvent",
	// "AwsConsoleSignIn", "AwsConsoleAction" or "AwsCloudTrailInsight".
	EventType string `json:"eventType,omitempty"`
	// EventCategory is eventCategory: "Management", "Data",
	// "NetworkActivity" or "Insight"; older records lack it.
	EventCategory string `json:"eventCategory,omitempty"`
	// EventVersion is eventVersion, the version of the record format.
	EventVersion string `json:"eventVersion,omitempty"`
	// ReadOnly is readOnly: whether the call only reads. Records write it as a
	// boolean, sometimes as a string, and some omit it.
	ReadOnly Tristate `json:"readOnly,omitzero"`
	// ManagementEvent is managementEvent: whether the record is a management
	// (control-plane) event.
	ManagementEvent Tristate `json:"managementEvent,omitzero"`
	// ErrorCode is errorCode, set when the call failed, such as
	// "AccessDenied" or "Client.UnauthorizedOperation".
	ErrorCode string `json:"errorCode,omitempty"`
	// ErrorMessage is errorMessage, the text that came with ErrorCode.
	ErrorMessage string `json:"errorMessage,omitempty"`
	// SourceIPAddress is sourceIPAddress: the caller's IP address, or a
	// service name such as "sagemaker.amazonaws.com" for calls a service made.
	SourceIPAddress string `json:"sourceIPAddress,omitempty"`
	// UserAgent is userAgent, the client that made the call.
	UserAgent string `json:"userAgent,omitempty"`
	// RequestID is requestID, the service's identifier of the request.
	RequestID string `json:"requestID,omitempty"`
	// Identity is userIdentity: who made the call.
	Identity Identity `json:"userIdentity,omitzero"`
	// RequestParameters, ResponseElements, AdditionalEventData and Resources
	// are the record's values of the same names, as raw JSON; nil when the
	// record lacks them or sets them to null. They share memory with Raw.
	RequestParameters   json.RawMessage `json:"requestParameters,omitempty"`
	ResponseElements    json.RawMessage `json:"responseElements,omitempty"`
	AdditionalEventData json.RawMessage `json:"additionalEventData,omitempty"`
	Resources           json.RawMessage `json:"resources,omitempty"`
	// Raw is the whole record, byte for byte as read.
	Raw json.RawMessage `json:"-"`
}

// ParseEvent parses one CloudTrail record, a JSON object.
//
// It accepts every record CloudTrail writes, and the odd values of
// anonymised or hand-edited samples. It returns a *[ParseError] when data is
// not valid JSON ([ErrInvalidJSON]), or is a record of the wrong shape
// ([ErrInvalidRecord]): not an object, no eventName, a field of the wrong
// JSON type (eventName a number, userIdentity a string, ...), or an eventTime
// that begins like a timestamp but is not one. Offsets in the error count
// from the start of data.
func ParseEvent(data []byte) (Event, error) {
	var p recordParser
	p.s = scanner{data: data, final: true}
	var ev Event
	err := p.parse(0, &ev)
	if _, recordFault := err.(*fieldError); err == nil || recordFault {
		// Data after the record makes the input invalid JSON, which
		// outranks a record of the wrong shape.
		p.s.skipSpace()
		if p.s.pos != len(data) {
			err = p.s.unexpected("after top-level value")
		}
	}
	if err != nil {
		return Event{}, newParseError(err, -1, 0, len(data))
	}
	return ev, nil
}
