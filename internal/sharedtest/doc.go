// Package sharedtest locates the project's shared test data for tests.
//
// Third-party data that several teams use (real CloudTrail records, for
// example) lives outside the module in a sibling folder named shared, so that
// it is read in place and never copied into the project:
//
//	<parent>/
//	    <module root>/go.mod
//	    shared/testdata/cloudtrail/...
//
// The environment variable AIGOV_SHARED_DIR, when set, names the shared folder
// instead. Tests that need the data call [Dir]; where the data is absent the
// test is skipped with a message saying what was looked for, so a checkout
// without it still passes.
//
// # AWS calls
//
// None.
package sharedtest
