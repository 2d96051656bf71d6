package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
)

// gridStatus is the part of a Selenium Grid 4 GET /status answer we read.
type gridStatus struct {
	Value struct {
		Ready   bool       `json:"ready"`
		Message string     `json:"message"`
		Nodes   []gridNode `json:"nodes"`
	} `json:"value"`
}

// gridNode is one node in a grid's status.
type gridNode struct {
	ID           string     `json:"id"`
	URI          string     `json:"uri"`
	Availability string     `json:"availability"`
	MaxSessions  int        `json:"maxSessions"`
	Slots        []gridSlot `json:"slots"`
}

// gridSlot is one slot of a node: what it offers and the session it runs, if any.
type gridSlot struct {
	Session *struct {
		SessionID string `json:"sessionId"`
	} `json:"session"`
	Stereotype map[string]any `json:"stereotype"`
}

// status fetches the grid's GET /status.
func (g *gridClient) status(ctx context.Context) (*gridStatus, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, g.endpoint("status"), nil)
	if err != nil {
		return nil, err
	}
	applyHeader(req, g.header)
	res, err := g.client.Do(req)
	if err != nil {
		return nil, asUnreachable(err)
	}
	defer func() { _ = res.Body.Close() }()
	body, err := io.ReadAll(io.LimitReader(res.Body, 8<<20))
	if err != nil {
		return nil, asUnreachable(err)
	}
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET /status: HTTP %d: %s", res.StatusCode, firstLineOf(string(body), 200))
	}
	var st gridStatus
	if err := json.Unmarshal(body, &st); err != nil {
		return nil, fmt.Errorf("GET /status: %w", err)
	}
	return &st, nil
}

// upNodes returns the nodes that are up.
func (st *gridStatus) upNodes() []gridNode {
	var up []gridNode
	for _, n := range st.Value.Nodes {
		if n.Availability == "" || strings.EqualFold(n.Availability, "UP") {
			up = append(up, n)
		}
	}
	return up
}

// matches reports whether any slot of an up node could serve caps.
func (st *gridStatus) matches(caps map[string]any) bool {
	for _, n := range st.upNodes() {
		for _, s := range n.Slots {
			if stereotypeMatches(caps, s.Stereotype) {
				return true
			}
		}
	}
	return false
}

// offers describes what the up nodes offer: "{browserName: chrome, platformName: linux}", each
// distinct stereotype once.
func (st *gridStatus) offers() string {
	var seen []string
	for _, n := range st.upNodes() {
		for _, s := range n.Slots {
			m := map[string]any{}
			for _, k := range []string{"browserName", "browserVersion", "platformName"} {
				if v, ok := s.Stereotype[k]; ok && v != nil && v != "" {
					m[k] = v
				}
			}
			d := describeCaps(m)
			if !slices.Contains(seen, d) {
				seen = append(seen, d)
			}
		}
	}
	if len(seen) == 0 {
		return "nothing"
	}
	return strings.Join(seen, ", ")
}
