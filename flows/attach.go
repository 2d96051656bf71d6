package flows

import (
	"errors"
	"fmt"
)

// Attach keeps body as a file of the attempt, as Playwright's testInfo.attach: in its artifacts
// folder (attachments/, under a file name made of name), listed in report.json ("attachment
// <name>") and linked from the HTML report, whether the flow passes or fails (unless
// artifacts.mode is off). contentType says what it is ("image/png", "application/json",
// "text/plain; charset=utf-8"; "" for text/plain): a text one is redacted as every other text
// artifact is (the secrets the run knows, the values of sensitive keys); an image or another
// binary is kept as it is, so never attach one that could show a secret (Tab.Screenshot paints
// password fields over).
//
//	f.Attach("cart", "image/png", f.Tab.Screenshot(pages.PageScreenshotOptions{FullPage: true}))
//	f.Attach("order.json", "application/json", body)
func (f *F) Attach(name, contentType string, body []byte) {
	f.st.T.Helper()
	if f.st.Attach == nil {
		f.st.Must(fmt.Errorf("attach %q: this flow keeps no attachments: run it with the runner (cli.Main or flowtest.Run)", name))
	}
	if name == "" {
		f.st.Must(errors.New(`attach: the attachment has no name: give it one ("cart", "order.json")`))
	}
	f.st.Must(f.st.Attach(name, contentType, body))
}
