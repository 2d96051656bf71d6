package shop

import (
	"net"
	"net/http"
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
