package config

import (
	"fmt"
	"strings"
	"time"

	"github.com/e2e-dev/e2e/audit"
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
