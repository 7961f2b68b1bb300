package demo_test

import (
	"context"
	"fmt"

	"github.com/aigov/aigov/governance"
	"github.com/aigov/aigov/governance/demo"
	"github.com/aigov/aigov/inspector/inspectortest"
)

// The demo estate is a complete set of fakes: evaluate it as it is, or
// inject faults first to see how a report degrades.
func Example() {
	estate := demo.New()
	defer estate.Close()
	estate.Fakes[demo.Prod].Inspector.Fail("*", inspectortest.AccessDenied())

	ev, err := governance.New(estate.Options()...)
	if err != nil {
		fmt.Println(err)
		return
	}
	report, err := ev.Evaluate(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range report.Sources {
		if s.Source == governance.SourceInspector && s.Account == demo.Prod && s.Region == "us-east-1" {
			fmt.Println(s.Source, s.Account, s.Region, s.Status)
		}
	}
	c, _ := report.Control("AIML-VUL-01")
	fmt.Println(c.ID, c.Status)
	// Output:
	// inspector 111111111111 us-east-1 access_denied
	// AIML-VUL-01 FAIL
}
