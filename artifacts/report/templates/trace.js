// Draws each attempt's timeline of index.html: fills the frames in, and shows a step's panel
// when its frame in the filmstrip is clicked. Works from file://.
(function () {
  "use strict";
  var all = function (root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); };
  all(document, '[data-testid="trace"]').forEach(function (trace) {
    var data = trace.querySelector("[data-trace-frames]");
    var frames = [];
    try { frames = JSON.parse(data.textContent) || []; } catch (e) { frames = []; }
    // "#i": the same image as frame i, embedded once.
    frames = frames.map(function (f, i, a) { return /^#\d+$/.test(f || "") ? a[Number(f.slice(1))] : f; });
    var setFrame = function (img, i) {
      if (frames[i]) img.src = frames[i];
      img.dataset.frame = String(i);
    };
    all(trace, "img[data-frame]").forEach(function (img) { setFrame(img, Number(img.dataset.frame)); });
    var steps = all(trace, '[data-testid="trace-step"]');
    var panels = all(trace, '[data-testid="trace-panel"]');
    var select = function (i) {
      steps.forEach(function (s) { s.setAttribute("aria-selected", String(s.dataset.step === i)); });
      panels.forEach(function (p) {
        p.hidden = p.dataset.step !== i;
        var big = p.querySelector('[data-testid="trace-shot"]');
        var step = steps.filter(function (s) { return s.dataset.step === p.dataset.step; })[0];
        if (big && step) setFrame(big, Number(step.dataset.frame));
      });
    };
    steps.forEach(function (s) {
      s.addEventListener("click", function () { select(s.dataset.step); });
    });
    all(trace, "button.show-frame").forEach(function (b) {
      b.addEventListener("click", function () {
        var big = b.closest('[data-testid="trace-panel"]').querySelector('[data-testid="trace-shot"]');
        if (big) setFrame(big, Number(b.dataset.frame));
      });
    });
  });
})();
