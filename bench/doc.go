// Package bench measures e2e's own costs with go test benchmarks (what recording the evidence
// adds to a passing suite, what slow motion adds to a flow); compare.sh measures e2e against
// Playwright Test. None of it runs in CI: benchmarks run only with -bench.
package bench
