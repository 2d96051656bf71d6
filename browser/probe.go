package browser

import "strings"

// NetworkProbePath marks the requests e2e itself makes from a page to learn that network
// conditions are in force (see route's Emulate): their URLs hold it, they never reach a server,
// and the recording leaves them out of the HAR and the console log.
const NetworkProbePath = "/__e2e_network_probe__/"

// isNetworkProbe reports whether url is one of e2e's network probes.
func isNetworkProbe(url string) bool { return strings.Contains(url, NetworkProbePath) }
