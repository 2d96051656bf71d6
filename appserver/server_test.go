package appserver

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/internal/testenv"
)

// TestMain lets the test binary serve HTTP as a server of the app (E2E_APPSERVER_SERVE=addr),
// and checks that no process the tests started outlives them.
func TestMain(m *testing.M) {
	if addr := os.Getenv("E2E_APPSERVER_SERVE"); addr != "" {
		fmt.Println("serving", addr)
		err := http.ListenAndServe(addr, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") }))
		fmt.Println(err)
		os.Exit(1)
	}
	os.Exit(testenv.RunWithoutLeftovers(m, nil))
}

// freeAddr returns a loopback address nothing listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}

// alive reports whether process pid is alive (not a zombie).
func alive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	return err == nil && !strings.Contains(string(b), ") Z ")
}

// TestStopCommandLikeDockerCompose plays docker compose up --wait / down: the command starts
// the server out of its process group (setsid, as the Docker daemon runs containers) and exits
// 0; the server is ready when its URL answers; stop_command stops it.
func TestStopCommandLikeDockerCompose(t *testing.T) {
	dir := t.TempDir()
	addr := freeAddr(t)
	self, err := os.Executable()
	require.NoError(t, err)
	g, err := Start(context.Background(), Options{
		Servers: []Server{{
			Name:        "compose",
			Command:     fmt.Sprintf("E2E_APPSERVER_SERVE=%s setsid %s >/dev/null 2>&1 & echo $! > pid; echo started", addr, self),
			StopCommand: "kill $(cat pid) && echo stopped",
			Dir:         dir,
			URL:         "http://" + addr + "/",
		}},
		LogDir: filepath.Join(dir, "servers"),
	})
	require.NoError(t, err)
	b, err := os.ReadFile(filepath.Join(dir, "pid"))
	require.NoError(t, err)
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	require.NoError(t, err)
	require.True(t, alive(pid))

	require.NoError(t, g.Stop())
	for deadline := time.Now().Add(5 * time.Second); alive(pid) && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	require.False(t, alive(pid), "stop_command stopped the server")
	log, err := os.ReadFile(filepath.Join(dir, "servers", "compose.log"))
	require.NoError(t, err)
	require.Contains(t, string(log), "started\n")
	require.Contains(t, string(log), "[e2e] $ kill $(cat pid) && echo stopped\nstopped\n")
}

// TestServersStartInOrderAndStopInReverse, each after the one before is ready.
func TestServersStartInOrderAndStopInReverse(t *testing.T) {
	dir := t.TempDir()
	self, err := os.Executable()
	require.NoError(t, err)
	addr := freeAddr(t)
	// a is ready when the server it starts in the background answers; b, without a URL, once
	// started.
	a := Server{Name: "a", Dir: dir, URL: "http://" + addr + "/",
		Command: fmt.Sprintf("trap 'echo stop a >> order; exit 0' TERM; echo start a >> order; E2E_APPSERVER_SERVE=%s %s & while :; do sleep 0.05; done", addr, self)}
	b := Server{Name: "b", Dir: dir,
		Command: "trap 'echo stop b >> order; exit 0' TERM; echo start b >> order; while :; do sleep 0.05; done"}
	g, err := Start(context.Background(), Options{Servers: []Server{a, b}, LogDir: dir})
	require.NoError(t, err)
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if b, _ := os.ReadFile(filepath.Join(dir, "order")); strings.Count(string(b), "start") == 2 {
			break
		}
	}
	require.NoError(t, g.Stop())
	order, err := os.ReadFile(filepath.Join(dir, "order"))
	require.NoError(t, err)
	lines := strings.Fields(strings.ReplaceAll(string(order), "\n", ","))
	require.Equal(t, "start a,start b,stop b,stop a,", strings.Join(lines, " "))
}

// TestStopKillsWhatIgnoresTheSignal: a server that ignores SIGTERM, and a child it started in
// the background, are killed after the grace period.
func TestStopKillsWhatIgnoresTheSignal(t *testing.T) {
	dir := t.TempDir()
	g, err := Start(context.Background(), Options{
		Servers: []Server{{Name: "stubborn", Command: "trap '' TERM; sleep 6401 & echo $! > child; while :; do sleep 0.05; done", Dir: dir, StopTimeout: 200 * time.Millisecond}},
		LogDir:  dir,
	})
	require.NoError(t, err)
	var child int
	for deadline := time.Now().Add(5 * time.Second); child == 0 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		b, _ := os.ReadFile(filepath.Join(dir, "child"))
		child, _ = strconv.Atoi(strings.TrimSpace(string(b)))
	}
	require.NotZero(t, child)
	require.NoError(t, g.Stop())
	require.False(t, alive(child), "the background child went with its group")
	require.Empty(t, testenv.ProcessesNaming("sleep 6401"))
	log, err := os.ReadFile(filepath.Join(dir, "stubborn.log"))
	require.NoError(t, err)
	require.Contains(t, string(log), "still running after 200ms: killing its process group")
}

// TestStartCancelled: a cancelled start stops what it started and says so.
func TestStartCancelled(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for len(testenv.ProcessesNaming("sleep 6501")) == 0 {
			time.Sleep(10 * time.Millisecond)
		}
		cancel()
	}()
	_, err := Start(ctx, Options{
		Servers: []Server{{Name: "slow", Command: "sleep 6501", URL: "http://" + freeAddr(t) + "/"}},
		LogDir:  dir,
	})
	require.ErrorIs(t, err, context.Canceled)
	require.Equal(t, "server slow: context canceled", err.Error())
	require.Empty(t, testenv.ProcessesNaming("sleep 6501"))
}

// TestPlanMerge: the configuration's servers replace a suite's of the same name in place and
// start after the others; its steps run after the suite's.
func TestPlanMerge(t *testing.T) {
	suite := Plan{
		Servers: []Server{{Name: "db", Command: "db"}, {Name: "api", Command: "api"}},
		Seed:    []Step{{Run: "suite-seed"}},
	}
	cfg := Plan{
		Servers: []Server{{Name: "api", Command: "my-api"}, {Name: "web", Command: "web", URL: "http://127.0.0.1:3000/health"}},
		Seed:    []Step{{SQL: "cfg.sql"}},
		Reset:   []Step{{Run: "reset"}},
	}
	got := suite.Merge(cfg)
	require.Equal(t, []Server{{Name: "db", Command: "db"}, {Name: "api", Command: "my-api"}, {Name: "web", Command: "web", URL: "http://127.0.0.1:3000/health"}}, got.Servers)
	require.Equal(t, []Step{{Run: "suite-seed"}, {SQL: "cfg.sql"}}, got.Seed)
	require.Equal(t, []Step{{Run: "reset"}}, got.Reset)
	require.Equal(t, "http://127.0.0.1:3000", got.BaseURL())
	require.Len(t, suite.Servers, 2, "the suite's plan is left as it was")
	require.True(t, Plan{}.Empty())
}

// TestReusePolicy: a server's own reuse_existing wins; else app.reuse_existing, whose auto
// reuses outside CI only.
func TestReusePolicy(t *testing.T) {
	yes, no := true, false
	for _, tc := range []struct {
		reuse config.ReuseMode
		ci    bool
		own   *bool
		want  bool
	}{
		{"auto", false, nil, true}, {"auto", true, nil, false}, {"true", true, nil, true},
		{"false", false, nil, false}, {"auto", true, &yes, true}, {"true", false, &no, false},
	} {
		g := &Group{opts: Options{Reuse: tc.reuse, CI: tc.ci}}
		require.Equal(t, tc.want, g.reuse(Server{ReuseExisting: tc.own}), "%+v", tc)
	}
}

// TestFailingStopCommandStillStops: when stop_command fails, Stop says so, and the server's
// process group is stopped anyway.
func TestFailingStopCommandStillStops(t *testing.T) {
	dir := t.TempDir()
	g, err := Start(context.Background(), Options{
		Servers: []Server{{Name: "x", Command: "sleep 6801", StopCommand: "echo cannot stop >&2; exit 3"}},
		LogDir:  dir,
	})
	require.NoError(t, err)
	require.EqualError(t, g.Stop(), `server x: stop_command "echo cannot stop >&2; exit 3": exit code 3`)
	require.Empty(t, testenv.ProcessesNaming("sleep 6801"))
	log, err := os.ReadFile(filepath.Join(dir, "x.log"))
	require.NoError(t, err)
	require.Contains(t, string(log), "cannot stop\n")
}
