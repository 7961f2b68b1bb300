package integrity_test

import "github.com/aigov/aigov/cloudtrail/integrity"

// exampleChain is the tests' pristine chain and its key, for the example.
func exampleChain() (map[string]file, integrity.PublicKey) {
	return buildChain(chainOptions{}), publicKey(testKeys()[0])
}
