(tags) => {
  const m = window.__e2eTimings;
  if (m) m.save();
  let pages = [], storage = {};
  try { pages = JSON.parse(sessionStorage.getItem('__e2e_timings') || '[]'); } catch (e) {}
  try { for (let i = 0; i < localStorage.length; i++) { const k = localStorage.key(i); storage[k] = localStorage.getItem(k); } } catch (e) {}
  const found = (tags || []).filter(t => document.getElementsByTagName(t).length > 0);
  return JSON.stringify({pages, storage, url: location.href, found});
}
