package shop

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strings"
	"time"
)

// DiscoveryPath is where the shop tells a tester on the same machine where its database is, so
// that `e2e run --base-url URL` against a separately started `e2e shop` needs no
// backend.db.dsn. It answers {"db_driver":"sqlite","db_dsn":"<absolute path>"} to loopback
// clients only, and 404 to anyone else: a file path is nobody else's business.
const DiscoveryPath = "/.well-known/e2e-shop"

// handleDiscovery answers GET DiscoveryPath.
func (s *Shop) handleDiscovery(w http.ResponseWriter, r *http.Request) {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		s.handleNotFound(w, r)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"db_driver": s.db.driver, "db_dsn": s.path})
}

// ErrNoAnswer is Discover's answer when nothing answers at the URL.
var ErrNoAnswer = errors.New("no answer")

// Discover asks the shop at url, on this machine, where its database is: the driver and the
// DSN. Within 5 seconds; ErrNoAnswer when nothing answers there; another error when what answers
// does not say (not a shop, or not on loopback).
func Discover(ctx context.Context, url string) (driver, dsn string, err error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(url, "/")+DiscoveryPath, nil)
	if err != nil {
		return "", "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", "", ErrNoAnswer
	}
	defer resp.Body.Close()
	var d struct {
		Driver string `json:"db_driver"`
		DSN    string `json:"db_dsn"`
	}
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&d) != nil || d.DSN == "" {
		return "", "", errors.New("no database said")
	}
	return d.Driver, d.DSN, nil
}
