package cloudtrail

import (
	"encoding/json"
	"testing"
)

// refRecord mirrors the string-valued members of a record for
// encoding/json, the reference the hand-written parser is held to.
type refRecord struct {
	EventSource, EventName, AwsRegion, RecipientAccountID, EventID  *string
	EventType, EventCategory, EventVersion, ErrorCode, ErrorMessage *string
	SourceIPAddress, UserAgent, RequestID                           *string
	RequestParameters, ResponseElements                             json.RawMessage
	AdditionalEventData, Resources                                  json.RawMessage
	UserIdentity                                                    *struct {
		Type, PrincipalID, Arn, AccountID, AccessKeyID, UserName, InvokedBy *string
		SessionContext                                                      *struct {
			SessionIssuer *struct {
				Type, PrincipalID, Arn, AccountID, UserName *string
			}
		}
	}
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// rawOrNil is what Event holds for a raw member: nil for absent or null.
func rawOrNil(m json.RawMessage) string {
	if string(m) == "null" {
		return ""
	}
	return string(m)
}

// checkAgainstReference decodes data with encoding/json and reports every
// field where ev differs.
func checkAgainstReference(t *testing.T, data []byte, ev Event) {
	t.Helper()
	var r refRecord
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatalf("ParseEvent accepted what encoding/json rejects (%v): %q", err, data)
	}
	var id Identity
	if u := r.UserIdentity; u != nil {
		id = Identity{Type: deref(u.Type), PrincipalID: deref(u.PrincipalID), ARN: deref(u.Arn), AccountID: deref(u.AccountID),
			AccessKeyID: deref(u.AccessKeyID), UserName: deref(u.UserName), InvokedBy: deref(u.InvokedBy)}
		if sc := u.SessionContext; sc != nil && sc.SessionIssuer != nil {
			si := sc.SessionIssuer
			id.SessionIssuer = SessionIssuer{Type: deref(si.Type), PrincipalID: deref(si.PrincipalID), ARN: deref(si.Arn),
				AccountID: deref(si.AccountID), UserName: deref(si.UserName)}
		}
	}
	account := deref(r.RecipientAccountID)
	if account == "" {
		account = id.AccountID
	}
	got := map[string]string{
		"eventSource": ev.EventSource, "eventName": ev.EventName, "awsRegion": ev.Region, "accountId": ev.AccountID,
		"eventID": ev.EventID, "eventType": ev.EventType, "eventCategory": ev.EventCategory, "eventVersion": ev.EventVersion,
		"errorCode": ev.ErrorCode, "errorMessage": ev.ErrorMessage, "sourceIPAddress": ev.SourceIPAddress,
		"userAgent": ev.UserAgent, "requestID": ev.RequestID,
		"requestParameters": string(ev.RequestParameters), "responseElements": string(ev.ResponseElements),
		"additionalEventData": string(ev.AdditionalEventData), "resources": string(ev.Resources),
		"identity.type": ev.Identity.Type, "identity.principalId": ev.Identity.PrincipalID, "identity.arn": ev.Identity.ARN,
		"identity.accountId": ev.Identity.AccountID, "identity.accessKeyId": ev.Identity.AccessKeyID,
		"identity.userName": ev.Identity.UserName, "identity.invokedBy": ev.Identity.InvokedBy,
		"issuer": ev.Identity.SessionIssuer.Type + "|" + ev.Identity.SessionIssuer.PrincipalID + "|" + ev.Identity.SessionIssuer.ARN +
			"|" + ev.Identity.SessionIssuer.AccountID + "|" + ev.Identity.SessionIssuer.UserName,
	}
	want := map[string]string{
		"eventSource": deref(r.EventSource), "eventName": deref(r.EventName), "awsRegion": deref(r.AwsRegion), "accountId": account,
		"eventID": deref(r.EventID), "eventType": deref(r.EventType), "eventCategory": deref(r.EventCategory),
		"eventVersion": deref(r.EventVersion), "errorCode": deref(r.ErrorCode), "errorMessage": deref(r.ErrorMessage),
		"sourceIPAddress": deref(r.SourceIPAddress), "userAgent": deref(r.UserAgent), "requestID": deref(r.RequestID),
		"requestParameters": rawOrNil(r.RequestParameters), "responseElements": rawOrNil(r.ResponseElements),
		"additionalEventData": rawOrNil(r.AdditionalEventData), "resources": rawOrNil(r.Resources),
		"identity.type": id.Type, "identity.principalId": id.PrincipalID, "identity.arn": id.ARN,
		"identity.accountId": id.AccountID, "identity.accessKeyId": id.AccessKeyID,
		"identity.userName": id.UserName, "identity.invokedBy": id.InvokedBy,
		"issuer": id.SessionIssuer.Type + "|" + id.SessionIssuer.PrincipalID + "|" + id.SessionIssuer.ARN +
			"|" + id.SessionIssuer.AccountID + "|" + id.SessionIssuer.UserName,
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %q, encoding/json says %q", k, got[k], w)
		}
	}
}
