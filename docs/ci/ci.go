// Package ci holds e2e's CI recipes: a GitHub Actions workflow and a GitLab CI fragment that run
// a suite in shards, keep the evidence of failed flows, merge the shards' reports and publish
// JUnit. `e2e init` writes these very files into a team's repository (they are embedded, not
// copied), with the suite's command in place of ./cmd/myapp-e2e; the repository's tests lint
// them and run their shard-and-merge steps.
package ci

import (
	_ "embed"
	"strings"
)

// GitHubWorkflow is the GitHub Actions workflow (.github/workflows/e2e.yml).
//
//go:embed e2e.yml
var GitHubWorkflow string

// GitLab is the GitLab CI fragment (.gitlab/e2e.gitlab-ci.yml), included from .gitlab-ci.yml.
//
//go:embed e2e.gitlab-ci.yml
var GitLab string

// Placeholder is the suite's command in the recipes, replaced by For.
const Placeholder = "./cmd/myapp-e2e"

// For returns recipe with the suite's command package (like "./cmd/shop-e2e") in place of
// Placeholder.
func For(recipe, cmdPkg string) string { return strings.ReplaceAll(recipe, Placeholder, cmdPkg) }
