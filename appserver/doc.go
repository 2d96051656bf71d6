// Package appserver starts the app under test before a run and stops it after: its servers
// (shell commands, each in a process group of its own, ready when its URL answers 2xx or 3xx),
// and the steps that load and reset its test data (shell commands, SQL files, HTTP calls).
//
// Servers start in order and stop in reverse order, always: Group.Stop signals each whole
// process group, waits a grace period, then kills what is left. Each server's output goes,
// redacted, to <artifacts>/servers/<name>.log.
package appserver
