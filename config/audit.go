package config

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/e2e-dev/e2e/audit"
	"github.com/e2e-dev/e2e/internal/axe"
)

// AuditConfig configures the audit of every attempt: its passive security rules and its
// performance budgets (the audit package).
type AuditConfig struct {
	// Enabled runs the audit and measures page timings after every attempt.
	Enabled bool `mapstructure:"enabled"`
	// Security is each rule's level by rule id (audit.Rules): off, warn or fail.
	Security map[string]string `mapstructure:"security"`
	// Budgets are the performance budgets.
	Budgets BudgetsConfig `mapstructure:"budgets"`
	// A11y runs axe-core on every distinct page state a flow reached.
	A11y A11yConfig `mapstructure:"a11y"`
}

// A11yConfig configures the accessibility audit (audit.a11y).
type A11yConfig struct {
	// Level is what a violation does: off (the default: axe does not run), warn or fail.
	Level string `mapstructure:"level"`
	// Tags are the axe rule tags run (wcag2a, wcag2aa, wcag21a, wcag21aa, best-practice).
	Tags []string `mapstructure:"tags"`
	// DisableRules are axe rule ids not run ("color-contrast").
	DisableRules []string `mapstructure:"disable_rules"`
	// Exclude are CSS selectors of parts of every page left out (a third party's widget).
	Exclude []string `mapstructure:"exclude"`
}

// BudgetsConfig holds the performance budgets (audit.budgets).
type BudgetsConfig struct {
	// Level is what an exceeded budget does: warn or fail (off: nothing).
	Level string `mapstructure:"level"`
	// Flow bounds each attempt; 0 means none.
	Flow time.Duration `mapstructure:"flow"`
	// Steps maps a Go regexp on step names to the duration of the steps it matches.
	Steps map[string]string `mapstructure:"steps"`
	// Page maps a metric (ttfb, fcp, lcp, cls, long_tasks, requests, bytes) to its limit on
	// every page.
	Page map[string]string `mapstructure:"page"`
}

// auditKeys are the audit section's keys: one per security rule, then the budgets.
func auditKeys() []keySpec {
	ks := []keySpec{{"audit.enabled", kindBool, true}}
	for _, r := range audit.Rules {
		ks = append(ks, keySpec{"audit.security." + r.ID, kindString, string(r.DefaultLevel())})
	}
	return append(ks,
		keySpec{"audit.budgets.level", kindString, string(audit.LevelWarn)},
		keySpec{"audit.budgets.flow", kindDuration, time.Duration(0)},
		keySpec{"audit.budgets.steps", kindStringMap, nil},
		keySpec{"audit.budgets.page", kindStringMap, nil},
		keySpec{"audit.a11y.level", kindString, string(audit.LevelOff)},
		keySpec{"audit.a11y.tags", kindStrings, slices.Clone(audit.A11yTags)},
		keySpec{"audit.a11y.disable_rules", kindStrings, []string{}},
		keySpec{"audit.a11y.exclude", kindStrings, []string{}},
	)
}

// validateAudit checks the audit section.
func validateAudit(a AuditConfig, bad func(key, format string, args ...any) error) error {
	levels := strings.Join(audit.Levels, ", ")
	for _, r := range audit.Rules {
		if v := a.Security[r.ID]; !validLevel(v) {
			return bad("audit.security."+r.ID, "expected one of %s; got %q", levels, v)
		}
	}
	if !validLevel(a.Budgets.Level) {
		return bad("audit.budgets.level", "expected one of %s; got %q", levels, a.Budgets.Level)
	}
	if a.Budgets.Flow < 0 {
		return bad("audit.budgets.flow", "must be 0 (none) or more, got %q", a.Budgets.Flow.String())
	}
	if _, err := audit.ParseStepBudgets(a.Budgets.Steps); err != nil {
		return bad("audit.budgets.steps", "%v", err)
	}
	if _, err := audit.ParsePageBudget(a.Budgets.Page); err != nil {
		return bad("audit.budgets.page", "%v", err)
	}
	if !validLevel(a.A11y.Level) {
		return bad("audit.a11y.level", "expected one of %s; got %q", levels, a.A11y.Level)
	}
	for _, t := range a.A11y.Tags {
		if !slices.Contains(axe.Tags, t) {
			return bad("audit.a11y.tags", "unknown tag %q: expected some of %s", t, strings.Join(axe.Tags, ", "))
		}
	}
	return nil
}

func validLevel(v string) bool {
	for _, l := range audit.Levels {
		if v == l {
			return true
		}
	}
	return false
}

// Options returns the audit's settings: the rules' levels and the parsed budgets. Load has
// validated them.
func (a AuditConfig) Options() (levels map[string]audit.Level, budgets audit.Budgets, err error) {
	levels = map[string]audit.Level{}
	for id, v := range a.Security {
		levels[id] = audit.Level(v)
	}
	budgets = audit.Budgets{Level: audit.Level(a.Budgets.Level), Flow: a.Budgets.Flow}
	if budgets.Steps, err = audit.ParseStepBudgets(a.Budgets.Steps); err != nil {
		return nil, budgets, fmt.Errorf("audit.budgets.steps: %w", err)
	}
	if budgets.Page, err = audit.ParsePageBudget(a.Budgets.Page); err != nil {
		return nil, budgets, fmt.Errorf("audit.budgets.page: %w", err)
	}
	return levels, budgets, nil
}

// A11yOptions returns the a11y audit's settings.
func (a AuditConfig) A11yOptions() audit.A11y {
	return audit.A11y{Level: audit.Level(a.A11y.Level), Axe: axe.Options{
		Tags: a.A11y.Tags, DisableRules: a.A11y.DisableRules, Exclude: a.A11y.Exclude,
	}}
}
