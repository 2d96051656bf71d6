package visual

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"time"

	"github.com/e2e-dev/e2e/artifacts"
)

// Shooter takes one screenshot, as PNG, once the page has drawn two animation frames and then
// wait has passed (Playwright's pace between the screenshots of a stable capture).
type Shooter func(ctx context.Context, wait time.Duration) ([]byte, error)

// Check is one screenshot check against its baseline.
type Check struct {
	// Baseline is the baseline's file (Key.Path).
	Baseline string
	// Update says when the baseline is written.
	Update Update
	// Tolerance is how different the screenshot may be.
	Tolerance Tolerance
	// Not inverts the check: the screenshot must differ from the baseline.
	Not bool
}

// Verdict is what a check concluded.
type Verdict string

// The verdicts. Only VerdictMatched, VerdictUpdated and VerdictDiffers pass.
const (
	VerdictMatched   Verdict = "matched"    // the screenshot matched its baseline
	VerdictUpdated   Verdict = "updated"    // UpdateAll or UpdateChanged wrote a baseline that was missing or differed
	VerdictDiffers   Verdict = "differs"    // Not: the screenshot differs from its baseline
	VerdictWritten   Verdict = "written"    // UpdateMissing wrote a missing baseline: the flow fails, going on
	VerdictMissing   Verdict = "missing"    // UpdateNone and no baseline
	VerdictMismatch  Verdict = "mismatch"   // the screenshot differs from its baseline
	VerdictUnstable  Verdict = "unstable"   // no two consecutive screenshots were the same
	VerdictSame      Verdict = "same"       // Not: the screenshot matched its baseline
	VerdictNoCapture Verdict = "no-capture" // no screenshot could be taken in time
)

// Outcome is a check's result: its verdict, a one-line message and the images a report shows.
type Outcome struct {
	Verdict Verdict
	// Message says what happened, naming the baseline's file.
	Message string
	// Expected is the baseline, Actual the last screenshot, Previous the one before it when
	// the capture was not stable, and Diff the comparison's image: PNG, nil when none.
	Expected, Actual, Previous, Diff []byte
}

// Pass reports whether the check passed.
func (o Outcome) Pass() bool {
	return o.Verdict == VerdictMatched || o.Verdict == VerdictUpdated || o.Verdict == VerdictDiffers
}

// pace is the wait before each screenshot of a capture, as Playwright's; then 1s each.
var pace = []time.Duration{0, 100 * time.Millisecond, 250 * time.Millisecond, 500 * time.Millisecond}

// maxFailures is how many screenshots in a row may fail (a page between two documents) before
// the check gives up.
const maxFailures = 5

// Run runs the check: it takes screenshots until one matches the baseline or two consecutive
// ones are the same (within the tolerance), until ctx ends, then compares and writes the
// baseline as c.Update says. An error is a failure to read or write the baseline, or a
// screenshot that failed for a reason other than time.
func (c Check) Run(ctx context.Context, shoot Shooter) (Outcome, error) {
	if err := c.Tolerance.Validate(); err != nil {
		return Outcome{}, err
	}
	expected, err := os.ReadFile(c.Baseline)
	switch {
	case errors.Is(err, os.ErrNotExist):
		expected = nil
	case err != nil:
		return Outcome{}, fmt.Errorf("read the baseline: %w", err)
	}
	if expected == nil {
		return c.missing(ctx, shoot)
	}
	want, err := decode(expected)
	if err != nil {
		return Outcome{}, fmt.Errorf("baseline %s: %w", c.Baseline, err)
	}
	if c.Not {
		o, err := c.stable(ctx, shoot, nil)
		if err != nil || o.Verdict != "" {
			return o, err
		}
		if r := compareBytes(want, o.Actual, c.Tolerance); !r.OK {
			return Outcome{Verdict: VerdictDiffers, Message: "the screenshot differs from " + c.Baseline + ": " + r.Message(), Actual: o.Actual}, nil
		}
		return Outcome{Verdict: VerdictSame, Message: "expected the screenshot to differ from " + c.Baseline + ", it matched", Expected: expected, Actual: o.Actual}, nil
	}
	if c.Update == UpdateAll {
		o, err := c.stable(ctx, shoot, nil)
		if err != nil || o.Verdict != "" {
			return o, err
		}
		if bytes.Equal(o.Actual, expected) || compareBytes(want, o.Actual, Tolerance{Threshold: 1e-9}).OK {
			return Outcome{Verdict: VerdictMatched, Message: "the screenshot matched " + c.Baseline}, nil
		}
		if err := artifacts.WriteFileAtomic(c.Baseline, o.Actual); err != nil {
			return Outcome{}, fmt.Errorf("write the baseline: %w", err)
		}
		return Outcome{Verdict: VerdictUpdated, Message: "wrote " + c.Baseline + " (--update-snapshots all)", Actual: o.Actual}, nil
	}
	o, err := c.stable(ctx, shoot, want)
	switch {
	case err != nil:
		return o, err
	case o.Verdict == VerdictMatched:
		return Outcome{Verdict: VerdictMatched, Message: "the screenshot matched " + c.Baseline}, nil
	case o.Verdict != "":
		o.Expected = expected
		return o, nil
	}
	r := compareBytes(want, o.Actual, c.Tolerance)
	if r.OK {
		return Outcome{Verdict: VerdictMatched, Message: "the screenshot matched " + c.Baseline}, nil
	}
	if c.Update == UpdateChanged {
		if err := artifacts.WriteFileAtomic(c.Baseline, o.Actual); err != nil {
			return Outcome{}, fmt.Errorf("write the baseline: %w", err)
		}
		return Outcome{Verdict: VerdictUpdated, Message: "wrote " + c.Baseline + " (--update-snapshots changed): " + r.Message(), Actual: o.Actual}, nil
	}
	return Outcome{
		Verdict: VerdictMismatch, Message: "the screenshot differs from " + c.Baseline + ": " + r.Message(),
		Expected: expected, Actual: o.Actual, Diff: encode(r.Diff),
	}, nil
}

// missing is the check of a screenshot without a baseline.
func (c Check) missing(ctx context.Context, shoot Shooter) (Outcome, error) {
	if c.Not {
		return Outcome{Verdict: VerdictDiffers, Message: "no baseline at " + c.Baseline + " to differ from (a negated check writes none)"}, nil
	}
	if c.Update == UpdateNone {
		return Outcome{Verdict: VerdictMissing, Message: "no baseline at " + c.Baseline + ": run with --update-snapshots missing (or all) to write it"}, nil
	}
	o, err := c.stable(ctx, shoot, nil)
	if err != nil || o.Verdict != "" {
		return o, err
	}
	if err := artifacts.WriteFileAtomic(c.Baseline, o.Actual); err != nil {
		return Outcome{}, fmt.Errorf("write the baseline: %w", err)
	}
	if c.Update == UpdateAll || c.Update == UpdateChanged {
		return Outcome{Verdict: VerdictUpdated, Message: "wrote the missing baseline " + c.Baseline + " (--update-snapshots " + string(c.Update) + ")", Actual: o.Actual}, nil
	}
	return Outcome{
		Verdict: VerdictWritten, Actual: o.Actual,
		Message: "no baseline at " + c.Baseline + ": wrote the screenshot there; check it, keep it with the suite, and run again",
	}, nil
}

// stable takes screenshots until the first matches want (when given) or two consecutive ones
// match each other. It returns the last screenshot in Actual with an empty verdict, or
// VerdictMatched when the first matched want, or a failed outcome (VerdictUnstable,
// VerdictNoCapture) when ctx ended first.
func (c Check) stable(ctx context.Context, shoot Shooter, want *image.NRGBA) (Outcome, error) {
	var prev, cur []byte
	var prevImg *image.NRGBA
	var lastErr error
	first, failures := true, 0
	for i := 0; ; i++ {
		wait := time.Second
		if i < len(pace) {
			wait = pace[i]
		}
		shot, err := shoot(ctx, wait)
		if ctx.Err() != nil {
			return c.timedOut(prev, cur, prevImg, lastErr), nil
		}
		if err != nil {
			if failures++; failures == maxFailures {
				return Outcome{}, fmt.Errorf("screenshot: %w", err)
			}
			lastErr = err
			continue
		}
		failures = 0
		img, err := decode(shot)
		if err != nil {
			return Outcome{}, fmt.Errorf("screenshot: %w", err)
		}
		prev, cur = cur, shot
		if first && want != nil && Compare(want, img, c.Tolerance).OK {
			return Outcome{Verdict: VerdictMatched, Actual: shot}, nil
		}
		first = false
		if prevImg != nil && (bytes.Equal(prev, cur) || Compare(prevImg, img, c.Tolerance).OK) {
			return Outcome{Actual: shot}, nil
		}
		prevImg = img
	}
}

// timedOut is the outcome of a capture that ran out of time.
func (c Check) timedOut(prev, cur []byte, prevImg *image.NRGBA, err error) Outcome {
	if cur == nil {
		msg := "no screenshot could be taken in time"
		if err != nil {
			msg += ": " + err.Error()
		}
		return Outcome{Verdict: VerdictNoCapture, Message: msg}
	}
	o := Outcome{Verdict: VerdictUnstable, Actual: cur, Previous: prev,
		Message: "failed to take two consecutive stable screenshots (an animation, a caret or content still changing?)"}
	if prevImg != nil {
		if img, err := decode(cur); err == nil {
			o.Diff = encode(Compare(prevImg, img, c.Tolerance).Diff)
		}
	}
	return o
}

// compareBytes compares a PNG with an image; an undecodable PNG differs.
func compareBytes(want *image.NRGBA, got []byte, t Tolerance) Result {
	img, err := decode(got)
	if err != nil {
		return Result{SizeMismatch: "the screenshot is no PNG"}
	}
	return Compare(want, img, t)
}

// decode reads a PNG.
func decode(b []byte) (*image.NRGBA, error) {
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("not a PNG: %w", err)
	}
	return toNRGBA(img, img.Bounds().Dx(), img.Bounds().Dy()), nil
}

// encode writes an image as PNG.
func encode(img *image.NRGBA) []byte {
	var b bytes.Buffer
	_ = png.Encode(&b, img) // writing to memory fails on no image
	return b.Bytes()
}
