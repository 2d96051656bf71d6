(() => {
  if (window !== window.top || window.__e2eTimings || !/^https?:$/.test(location.protocol)) return;
  const m = {url: location.href, ttfb: -1, fcp: -1, lcp: -1, cls: 0, longTasks: 0, longTaskMS: 0, origin: performance.timeOrigin};
  window.__e2eTimings = m;
  const watch = (type, fn) => {
    try { new PerformanceObserver(l => l.getEntries().forEach(fn)).observe({type, buffered: true}); } catch (e) {}
  };
  watch('paint', e => { if (e.name === 'first-contentful-paint') m.fcp = e.startTime; });
  watch('largest-contentful-paint', e => { m.lcp = e.startTime; });
  watch('layout-shift', e => { if (!e.hadRecentInput) m.cls += e.value; });
  watch('longtask', e => { m.longTasks++; m.longTaskMS += e.duration; });
  m.save = () => {
    try {
      const nav = performance.getEntriesByType('navigation')[0];
      if (nav) m.ttfb = nav.responseStart;
      m.url = location.href;
      const all = JSON.parse(sessionStorage.getItem('__e2e_timings') || '[]').filter(p => p.origin !== m.origin);
      all.push(m);
      sessionStorage.setItem('__e2e_timings', JSON.stringify(all));
    } catch (e) {}
  };
  addEventListener('pagehide', m.save);
})()
