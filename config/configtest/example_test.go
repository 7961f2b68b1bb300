package configtest_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/config"
	"github.com/aigov/aigov/config/configtest"
)

// Inject faults to test how your code behaves when AWS refuses: here the
// first call is throttled and the second goes through, as a transient
// throttle does.
func Example_faultInjection() {
	fake := configtest.New()
	fake.AddRule(config.Rule{Name: "sagemaker-model-in-vpc"})
	fake.FailN("DescribeConfigRules", 1, configtest.Throttling())

	c := config.New(fake)
	for attempt := 1; attempt <= 2; attempt++ {
		for r, err := range c.Rules(context.Background()) {
			if errors.Is(err, aigov.ErrThrottled) {
				fmt.Println("attempt", attempt, "throttled")
				break
			}
			fmt.Println("attempt", attempt, "rule", r.Name)
		}
	}
	fmt.Println("calls:", fake.CallCount("DescribeConfigRules"))
	// Output:
	// attempt 1 throttled
	// attempt 2 rule sagemaker-model-in-vpc
	// calls: 2
}

// A reactor sees every call and can answer in place of the fake, here only
// for one region.
func ExampleFake_PrependReactor() {
	fake := configtest.New()
	fake.PrependReactor("DescribeConfigurationRecorderStatus", func(call configtest.Call) (bool, any, error) {
		if call.Region == "eu-west-1" {
			return true, nil, configtest.AccessDenied()
		}
		return false, nil, nil
	})
	_, err := config.New(fake).Recording(context.Background(), "us-east-1", "eu-west-1")
	fmt.Println(errors.Is(err, aigov.ErrAccessDenied))
	// Output:
	// true
}
