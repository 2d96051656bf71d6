package config

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/audit"
)

func TestAuditConfig(t *testing.T) {
	c := mustLoad(t, "audit:\n  security:\n    csp: fail\n    framing: \"off\"\n  budgets:\n    level: fail\n    flow: 20s\n    steps:\n      \"^Log In\": 2s\n    page:\n      lcp: 2.5s\n      bytes: 2MiB\n", nil)
	levels, budgets, err := c.Audit.Options()
	require.NoError(t, err)
	require.Equal(t, audit.LevelFail, levels["csp"])
	require.Equal(t, audit.LevelOff, levels["framing"])
	require.Equal(t, audit.LevelFail, levels["cors"], "a high-severity rule fails by default")
	require.Equal(t, audit.LevelWarn, levels["referrer_policy"])
	require.Equal(t, 20*time.Second, budgets.Flow)
	require.Len(t, budgets.Steps, 1)
	require.True(t, budgets.Steps[0].Pattern.MatchString("Log In"), "map keys keep their case")
	require.Equal(t, int64(2<<20), budgets.Page.Bytes)

	for yaml, want := range map[string]string{
		"audit: {security: {cors: maybe}}":        `config: audit.security.cors: expected one of off, warn, fail; got "maybe"`,
		"audit: {budgets: {level: loud}}":         `config: audit.budgets.level: expected one of off, warn, fail; got "loud"`,
		"audit: {budgets: {page: {fcpp: 1s}}}":    `config: audit.budgets.page: unknown metric "fcpp": expected one of ttfb, fcp, lcp, cls, long_tasks, requests, bytes`,
		"audit: {budgets: {steps: {'(': 1s}}}":    `config: audit.budgets.steps: pattern "(" is not a Go regular expression`,
		"audit: {budgets: {page: {cls: lots}}}":   `config: audit.budgets.page: cls: expected a number like 0.1, got "lots"`,
		"audit: {security: {unknown_rule: fail}}": `config: unknown key "audit.security.unknown_rule" in e2e.yaml`,
	} {
		ce := loadErr(t, yaml+"\n", nil)
		require.Contains(t, replaceDir(ce.Error()), want, yaml)
	}
}

func TestA11yConfig(t *testing.T) {
	c := mustLoad(t, "", nil)
	require.Equal(t, audit.LevelOff, c.Audit.A11yOptions().Level, "off unless asked for")
	require.Equal(t, audit.A11yTags, c.Audit.A11yOptions().Axe.Tags)

	c = mustLoad(t, "audit:\n  a11y:\n    level: warn\n    tags: [wcag2a, best-practice]\n    disable_rules: [color-contrast]\n    exclude: ['#ads']\n", nil)
	o := c.Audit.A11yOptions()
	require.Equal(t, audit.LevelWarn, o.Level)
	require.Equal(t, []string{"wcag2a", "best-practice"}, o.Axe.Tags)
	require.Equal(t, []string{"color-contrast"}, o.Axe.DisableRules)
	require.Equal(t, []string{"#ads"}, o.Axe.Exclude)

	c = mustLoad(t, "", nil, "--audit-a11y=fail")
	require.Equal(t, audit.LevelFail, c.Audit.A11yOptions().Level)

	for yaml, want := range map[string]string{
		"audit: {a11y: {level: loud}}":       `config: audit.a11y.level: expected one of off, warn, fail; got "loud"`,
		"audit: {a11y: {tags: [wcag2aaaa]}}": `config: audit.a11y.tags: unknown tag "wcag2aaaa": expected some of wcag2a, wcag2aa, wcag2aaa, wcag21a, wcag21aa, wcag22aa, best-practice, section508`,
	} {
		ce := loadErr(t, yaml+"\n", nil)
		require.Contains(t, replaceDir(ce.Error()), want, yaml)
	}
}
