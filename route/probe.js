// Sends one network probe from the page (see probe.go). A page with an origin sends it there,
// which a Content-Security-Policy's connect-src 'self' allows, and the router turns it towards an
// address that never answers; about:blank and other pages without one send it to that address
// straight away. The probe always fails: DevTools reports how, and that is the answer.
async (path, target) => {
  const url = /^https?:$/.test(location.protocol) ? path : target;
  try {
    await fetch(url, {mode: "no-cors", cache: "no-store", credentials: "omit", redirect: "error"});
  } catch (e) {
    // expected
  }
}
