package shop

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// shutdownTimeout bounds the graceful part of Server.Close.
const shutdownTimeout = 3 * time.Second

// Server is a shop listening on an address.
type Server struct {
	// URL is the base URL, e.g. http://127.0.0.1:43123.
	URL string

	shop      *Shop
	srv       *http.Server
	served    chan struct{} // closed when Serve returns
	closeOnce sync.Once
	closeErr  error
}

// Start opens a shop and serves it on addr ("" or "127.0.0.1:0" = a free
// loopback port). It listens before returning, so URL is valid at once.
func Start(opts Options, addr string) (*Server, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	shop, err := New(opts)
	if err != nil {
		return nil, fmt.Errorf("shop: start: %w", err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		shop.Close()
		return nil, fmt.Errorf("shop: start: listen on %s: %w", addr, err)
	}
	s := &Server{
		URL:  "http://" + reachable(ln.Addr()),
		shop: shop,
		srv: &http.Server{
			Handler:           shop.Handler(),
			ReadHeaderTimeout: 10 * time.Second,
		},
		served: make(chan struct{}),
	}
	go func() {
		defer close(s.served)
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			shop.log.Error("shop: serve", "addr", ln.Addr().String(), "err", err)
		}
	}()
	return s, nil
}

// Shop returns the shop being served.
func (s *Server) Shop() *Shop { return s.shop }

// Close releases hung fault requests, shuts the server down gracefully
// (forcibly after a short timeout), then closes the shop. It is safe to call
// more than once.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		var errs []error
		s.shop.releaseHangs()
		ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
		defer cancel()
		if err := s.srv.Shutdown(ctx); err != nil {
			errs = append(errs, fmt.Errorf("shop: server shutdown: %w", err))
			if err := s.srv.Close(); err != nil {
				errs = append(errs, fmt.Errorf("shop: server close: %w", err))
			}
		}
		<-s.served
		if err := s.shop.Close(); err != nil {
			errs = append(errs, fmt.Errorf("shop: server: %w", err))
		}
		s.closeErr = errors.Join(errs...)
	})
	return s.closeErr
}

// reachable is addr as a client on this machine reaches it: an unspecified host (0.0.0.0, ::)
// becomes the loopback address.
func reachable(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return addr.String()
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		if ip.To4() != nil {
			host = "127.0.0.1"
		} else {
			host = "::1"
		}
	}
	return net.JoinHostPort(host, port)
}
