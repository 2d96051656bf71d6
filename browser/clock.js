// A fake clock, as Playwright's page.clock: Date, setTimeout, setInterval and performance.now
// read and run on a time the test controls. It starts at state.now (milliseconds since the
// epoch) plus the time since state.realAt (the browser's own Date.now() when the state was
// taken) unless state.paused, and then flows with real time until paused. Installing it again
// (in a document that has it) sets its state. requestAnimationFrame keeps real time: e2e's own
// page scripts wait a frame before a click. The clock is globalThis.__e2eClock.
(state) => {
  if (globalThis.__e2eClock) {
    globalThis.__e2eClock.set(state);
    return;
  }
  const RealDate = Date;
  const real = {
    setTimeout: setTimeout.bind(globalThis),
    clearTimeout: clearTimeout.bind(globalThis),
    perfNow: performance.now.bind(performance),
  };
  let base = 0; // the fake time at the anchor
  let anchor = 0; // the real performance.now() of the anchor
  let paused = false;
  const now = () => (paused ? base : base + (real.perfNow() - anchor));
  const setBase = (t) => { base = t; anchor = real.perfNow(); };

  const timers = new Map();
  let nextID = 1;
  let wake = 0;
  const byTime = (a, b) => a.at - b.at || a.id - b.id;

  function add(callback, delay, args, repeat) {
    const id = nextID++;
    const ms = Math.max(0, Number(delay) || 0);
    timers.set(id, { id, callback, args, at: now() + ms, interval: repeat ? Math.max(1, ms) : 0 });
    schedule();
    return id;
  }
  function remove(id) {
    if (timers.delete(id)) schedule();
  }
  // call runs a timer's callback, rescheduling an interval first; an exception is reported as
  // a real timer's would be, without stopping the others.
  function call(t) {
    if (t.interval) t.at += t.interval;
    else timers.delete(t.id);
    try {
      if (typeof t.callback === "function") t.callback(...t.args);
      else (0, eval)(String(t.callback));
    } catch (err) {
      real.setTimeout(() => { throw err; }, 0);
    }
  }
  // next returns the earliest timer due by limit.
  function next(limit) {
    let first = null;
    for (const t of timers.values()) if (t.at <= limit && (!first || byTime(t, first) < 0)) first = t;
    return first;
  }
  // schedule sets a real timer for the next fake one while the clock runs.
  function schedule() {
    real.clearTimeout(wake);
    wake = 0;
    if (paused || timers.size === 0) return;
    let at = Infinity;
    for (const t of timers.values()) at = Math.min(at, t.at);
    wake = real.setTimeout(() => {
      wake = 0;
      const limit = now();
      for (let t = next(limit), n = 0; t && n < 10000; t = next(limit), n++) call(t);
      schedule();
    }, Math.max(0, at - now()));
  }
  // jump moves the time to target, firing each timer due by then once (the laptop lid closed
  // for a while); an interval then counts from target.
  function jump(target) {
    const due = [...timers.values()].filter((t) => t.at <= target).sort(byTime);
    setBase(target);
    for (const t of due) {
      if (!timers.has(t.id)) continue;
      if (t.interval) t.at = target;
      call(t);
    }
    schedule();
  }

  function FakeDate(...args) {
    if (!new.target) return new RealDate(Math.floor(now())).toString();
    return Reflect.construct(RealDate, args.length ? args : [Math.floor(now())], new.target);
  }
  FakeDate.prototype = RealDate.prototype;
  FakeDate.now = () => Math.floor(now());
  FakeDate.parse = RealDate.parse;
  FakeDate.UTC = RealDate.UTC;
  Object.defineProperty(FakeDate, "name", { value: "Date" });
  FakeDate.toString = () => RealDate.toString();
  let perfOffset = 0; // keeps performance.now() going on from its real value at install

  const clock = {
    set(s) {
      paused = !!s.paused;
      setBase(s.paused ? s.now : s.now + (RealDate.now() - s.realAt));
      schedule();
    },
    state: () => ({ now: now(), realAt: RealDate.now(), paused }),
    fastForward(ms) {
      if (!(ms >= 0)) throw new Error("fastForward: " + ms + " ms: the clock cannot go back");
      jump(now() + ms);
    },
    runFor(ms) {
      if (!(ms >= 0)) throw new Error("runFor: " + ms + " ms: the clock cannot go back");
      const target = now() + ms;
      const wasPaused = paused;
      setBase(now());
      paused = true; // no real time passes while the timers run
      for (let t = next(target), n = 0; t && n < 100000; t = next(target), n++) {
        base = t.at;
        call(t);
      }
      paused = wasPaused;
      setBase(target);
      schedule();
    },
    pauseAt(t) {
      if (t < now()) throw new Error("pauseAt: " + new RealDate(t).toISOString() + " is before the clock's time, " + new RealDate(now()).toISOString());
      setBase(now());
      paused = true;
      jump(t);
    },
    resume() {
      if (!paused) return;
      setBase(base);
      paused = false;
      schedule();
    },
  };
  Object.defineProperty(globalThis, "__e2eClock", { value: clock });
  clock.set(state);
  perfOffset = real.perfNow() - now();
  globalThis.Date = FakeDate;
  globalThis.setTimeout = function setTimeout(callback, delay, ...args) { return add(callback, delay, args, false); };
  globalThis.setInterval = function setInterval(callback, delay, ...args) { return add(callback, delay, args, true); };
  globalThis.clearTimeout = function clearTimeout(id) { remove(id); };
  globalThis.clearInterval = function clearInterval(id) { remove(id); };
  performance.now = () => now() + perfOffset;
}
