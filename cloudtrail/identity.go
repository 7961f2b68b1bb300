package cloudtrail

import (
	"strings"
	"time"
)

// Identity is a record's userIdentity: who made the call.
type Identity struct {
	// Type is the kind of identity: "IAMUser", "AssumedRole", "Root",
	// "FederatedUser", "AWSService", "AWSAccount", "IdentityCenterUser",
	// "Unknown", ...
	Type string `json:"type,omitempty"`
	// PrincipalID is principalId; for an assumed role it is
	// "<role id>:<session name>".
	PrincipalID string `json:"principalId,omitempty"`
	// ARN is arn, the caller's ARN; for an assumed role it names the session
	// (arn:aws:sts::<account>:assumed-role/<role>/<session>).
	ARN string `json:"arn,omitempty"`
	// AccountID is accountId, the caller's account.
	AccountID string `json:"accountId,omitempty"`
	// AccessKeyID is accessKeyId, the access key that signed the request.
	AccessKeyID string `json:"accessKeyId,omitempty"`
	// UserName is userName, for IAM users, the root user and some
	// federated identities.
	UserName string `json:"userName,omitempty"`
	// InvokedBy is invokedBy: the service that made the call on the caller's
	// behalf, such as "sagemaker.amazonaws.com".
	InvokedBy string `json:"invokedBy,omitempty"`
	// SessionIssuer is sessionContext.sessionIssuer: for temporary
	// credentials, the identity that issued them (the role behind an
	// assumed-role session).
	SessionIssuer SessionIssuer `json:"sessionIssuer,omitzero"`
	// MFAAuthenticated is sessionContext.attributes.mfaAuthenticated.
	MFAAuthenticated Tristate `json:"mfaAuthenticated,omitzero"`
	// SessionCreated is sessionContext.attributes.creationDate, in UTC: when
	// the temporary credentials were issued.
	SessionCreated time.Time `json:"sessionCreated,omitzero"`
}

// SessionIssuer is the identity that issued temporary credentials.
type SessionIssuer struct {
	// Type is "Role", "IAMUser" or "Root".
	Type string `json:"type,omitempty"`
	// PrincipalID is the issuer's principal ID.
	PrincipalID string `json:"principalId,omitempty"`
	// ARN is the issuer's ARN, such as arn:aws:iam::<account>:role/<path><name>.
	ARN string `json:"arn,omitempty"`
	// AccountID is the issuer's account.
	AccountID string `json:"accountId,omitempty"`
	// UserName is the issuer's name: the role name for a role.
	UserName string `json:"userName,omitempty"`
}

// Principal names who made a call, in the form used to group events: an
// assumed-role session is grouped under the role behind it.
type Principal struct {
	// ID identifies the principal. It is, in this order of preference: for an
	// assumed-role session, the role's ARN (the session issuer's, or else one
	// derived from the session ARN, which lacks the role's path); the
	// caller's ARN; the service in invokedBy; the principal ID; the account
	// ID. It is empty only when the record names none of these.
	ID string `json:"id,omitempty"`
	// Type is the identity type, as in [Identity.Type].
	Type string `json:"type,omitempty"`
	// AccountID is the caller's account.
	AccountID string `json:"accountId,omitempty"`
	// SessionName is the assumed-role session's name, kept apart from ID.
	SessionName string `json:"sessionName,omitempty"`
}

// Principal returns who made the call, for grouping.
func (e Event) Principal() Principal {
	id := e.Identity
	p := Principal{Type: id.Type, AccountID: id.AccountID}
	role, session := assumedRole(id.ARN)
	switch {
	case id.Type == "AssumedRole" || role != "":
		p.SessionName = session
		if session == "" {
			// principalId is "<role id>:<session name>".
			if _, s, ok := strings.Cut(id.PrincipalID, ":"); ok {
				p.SessionName = s
			}
		}
		switch {
		case id.SessionIssuer.ARN != "":
			p.ID = id.SessionIssuer.ARN
		case role != "":
			p.ID = role
		default:
			p.ID = firstNonEmpty(id.ARN, id.PrincipalID, id.AccountID)
		}
	default:
		p.ID = firstNonEmpty(id.ARN, id.InvokedBy, id.PrincipalID, id.AccountID)
	}
	if p.AccountID == "" {
		p.AccountID = e.AccountID
	}
	return p
}

// assumedRole turns arn:<partition>:sts::<account>:assumed-role/<role>/<session>
// into the role's IAM ARN (without its path, which the session ARN does not
// carry) and the session name. It returns empty strings for any other ARN.
func assumedRole(arn string) (role, session string) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "sts" {
		return "", ""
	}
	rest, ok := strings.CutPrefix(parts[5], "assumed-role/")
	if !ok || rest == "" {
		return "", ""
	}
	name, session, _ := strings.Cut(rest, "/")
	return "arn:" + parts[1] + ":iam::" + parts[4] + ":role/" + name, session
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
