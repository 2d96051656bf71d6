(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.getAttribute("content") : "";
  var seq = 0;

  function toast(text, ok) {
    var t = document.querySelector('[data-testid="toast"]');
    if (!t) {
      t = document.createElement("div");
      t.setAttribute("data-testid", "toast");
      t.setAttribute("role", "status");
      t.setAttribute("aria-live", "polite");
      t.className = "toast";
      document.body.appendChild(t);
    }
    seq += 1;
    t.textContent = text;
    t.setAttribute("data-seq", String(seq));
    t.setAttribute("data-kind", ok ? "ok" : "error");
  }

  function failure(status) {
    return "Could not update favourites (" + (status ? "HTTP " + status : "network error") + ")";
  }

  function send(method, id) {
    return fetch("/api/favourites/" + encodeURIComponent(id), {
      method: method,
      credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf }
    }).then(function (res) { return res.status; }, function () { return 0; });
  }

  function ok(status) { return status >= 200 && status < 300; }

  // busy marks btn while its call is pending: aria-busy on the button and a "Saving…" status.
  function busy(btn, on) {
    var ind = document.querySelector('[data-testid="busy"]');
    if (on) {
      btn.setAttribute("aria-busy", "true");
      if (!ind) {
        ind = document.createElement("span");
        ind.setAttribute("data-testid", "busy");
        ind.setAttribute("role", "status");
        ind.className = "busy";
        ind.textContent = "Saving\u2026";
        btn.insertAdjacentElement("afterend", ind);
      }
      return;
    }
    btn.removeAttribute("aria-busy");
    if (ind) { ind.remove(); }
  }

  // offline shows a banner while the browser has no network, and removes it when it is back.
  function offline(on) {
    var banner = document.querySelector('[data-testid="offline"]');
    if (on && !banner) {
      banner = document.createElement("p");
      banner.setAttribute("data-testid", "offline");
      banner.setAttribute("role", "alert");
      banner.className = "offline";
      banner.textContent = "You are offline. Changes cannot be saved until the connection is back.";
      var main = document.querySelector("main") || document.body;
      main.insertBefore(banner, main.firstChild);
    } else if (!on && banner) {
      banner.remove();
    }
  }
  window.addEventListener("offline", function () { offline(true); });
  window.addEventListener("online", function () { offline(false); });
  if (navigator.onLine === false) { offline(true); }

  function toggle(btn) {
    if (btn.disabled) { return; }
    var pressed = btn.getAttribute("aria-pressed") === "true";
    btn.disabled = true;
    busy(btn, true);
    send(pressed ? "DELETE" : "PUT", btn.getAttribute("data-product-id")).then(function (status) {
      busy(btn, false);
      if (ok(status)) {
        var now = !pressed;
        btn.setAttribute("aria-pressed", now ? "true" : "false");
        btn.textContent = now ? "Remove from favourites" : "Add to favourites";
        toast(now ? "Added to favourites" : "Removed from favourites", true);
      } else {
        toast(failure(status), false);
      }
      btn.disabled = false;
    });
  }

  function remove(btn) {
    var item = btn.closest('[data-testid="favourite-item"]');
    if (!item || btn.disabled) { return; }
    btn.disabled = true;
    busy(btn, true);
    send("DELETE", item.getAttribute("data-product-id")).then(function (status) {
      busy(btn, false);
      if (!ok(status)) {
        toast(failure(status), false);
        btn.disabled = false;
        return;
      }
      var list = item.parentNode;
      item.remove();
      toast("Removed from favourites", true);
      if (!document.querySelector('[data-testid="favourite-item"]')) {
        var empty = document.createElement("p");
        empty.setAttribute("data-testid", "favourites-empty");
        empty.textContent = "No favourites yet.";
        if (list && list.parentNode) { list.parentNode.replaceChild(empty, list); } else { document.querySelector("main").appendChild(empty); }
      }
    });
  }

  document.addEventListener("click", function (ev) {
    var el = ev.target instanceof Element ? ev.target : null;
    if (!el) { return; }
    var btn = el.closest('[data-testid="favourite-toggle"]');
    if (btn) { ev.preventDefault(); toggle(btn); return; }
    btn = el.closest('[data-testid="favourite-remove"]');
    if (btn) { ev.preventDefault(); remove(btn); }
  });
})();
