// e2e codegen's recorder: it reports each user action on the page, with the locator a user
// would name the element by, to the binding __e2eCodegen. Locators go, in order: role and
// accessible name, label, test id, text, and CSS only as a last resort (the locator issue's
// order); a locator is only chosen when it matches the element alone.
(() => {
  if (window.__e2eCodegenInstalled) return;
  window.__e2eCodegenInstalled = true;
  const TESTID = "data-testid";
  const send = (a) => {
    a.url = location.href;
    try { window.__e2eCodegen(JSON.stringify(a)); } catch (e) {}
  };
  const norm = (s) => (s || "").replace(/\s+/g, " ").trim();

  // Every element of the page: into open shadow roots and same-origin iframes.
  function all(root, out) {
    for (const el of root.querySelectorAll("*")) {
      out.push(el);
      if (el.shadowRoot) all(el.shadowRoot, out);
      if (el.tagName === "IFRAME") {
        try { if (el.contentDocument) all(el.contentDocument, out); } catch (e) {}
      }
    }
    return out;
  }
  function topDoc() {
    try { return window.top.document; } catch (e) { return document; }
  }
  const visible = (el) => !el.checkVisibility || el.checkVisibility({visibilityProperty: true});

  function implicitRole(el) {
    const tag = el.tagName.toLowerCase();
    const type = (el.getAttribute("type") || "text").toLowerCase();
    switch (tag) {
      case "a": case "area": return el.hasAttribute("href") ? "link" : "";
      case "button": return "button";
      case "select": return el.multiple || el.size > 1 ? "listbox" : "combobox";
      case "textarea": return "textbox";
      case "h1": case "h2": case "h3": case "h4": case "h5": case "h6": return "heading";
      case "img": return el.getAttribute("alt") === "" ? "" : "img";
      case "li": return "listitem";
      case "nav": return "navigation";
      case "main": return "main";
      case "input":
        if (["button", "submit", "reset", "image"].includes(type)) return "button";
        if (type === "checkbox") return "checkbox";
        if (type === "radio") return "radio";
        if (type === "search") return "searchbox";
        if (type === "number") return "spinbutton";
        if (type === "range") return "slider";
        if (["text", "email", "tel", "url"].includes(type)) return el.hasAttribute("list") ? "combobox" : "textbox";
        return "";
    }
    return "";
  }
  const role = (el) => (el.getAttribute("role") || "").split(" ")[0] || implicitRole(el);

  function byIds(el, ids) {
    const root = el.getRootNode();
    return norm(ids.split(/\s+/).map((id) => {
      const t = root.getElementById ? root.getElementById(id) : document.getElementById(id);
      return t ? t.textContent : "";
    }).join(" "));
  }
  // labelText is a form control's label: aria-labelledby, aria-label, <label for>, a wrapping
  // <label> (without the control's own text).
  function labelText(el) {
    if (el.hasAttribute("aria-labelledby")) return byIds(el, el.getAttribute("aria-labelledby"));
    if (el.hasAttribute("aria-label")) return norm(el.getAttribute("aria-label"));
    if (el.labels && el.labels.length) {
      return norm(Array.from(el.labels).map((l) => {
        const c = l.cloneNode(true);
        c.querySelectorAll("input, select, textarea").forEach((x) => x.remove());
        return c.textContent;
      }).join(" "));
    }
    return "";
  }
  const isField = (el) => ["INPUT", "SELECT", "TEXTAREA"].includes(el.tagName);
  // accName approximates Chromium's accessible name.
  function accName(el) {
    const l = labelText(el);
    if (l) return l;
    const tag = el.tagName;
    if (tag === "INPUT" && ["button", "submit", "reset"].includes(el.type)) return norm(el.value || (el.type === "submit" ? "Submit" : ""));
    if (tag === "IMG" || (tag === "INPUT" && el.type === "image")) return norm(el.getAttribute("alt") || el.getAttribute("title"));
    if (isField(el)) return norm(el.getAttribute("title") || el.getAttribute("placeholder"));
    const r = role(el);
    if (["button", "link", "heading", "checkbox", "radio", "tab", "menuitem", "option", "listitem", "cell"].includes(r)) {
      return norm(el.innerText !== undefined ? el.innerText : el.textContent) || norm(el.getAttribute("title"));
    }
    return norm(el.getAttribute("title"));
  }
  // matchCount counts the visible elements for which key(el) matches text: as a
  // case-insensitive substring, or exactly.
  function matchCount(els, key, text, exact) {
    let n = 0;
    const lower = text.toLowerCase();
    for (const el of els) {
      const v = key(el);
      if (v === null || v === undefined || !visible(el)) continue;
      if (exact ? v === text : v.toLowerCase().includes(lower)) n++;
    }
    return n;
  }
  // unique returns {exact} when text picks the element alone, as a substring or exactly, or null.
  function unique(els, key, text) {
    if (matchCount(els, key, text, false) === 1) return {exact: false};
    if (matchCount(els, key, text, true) === 1) return {exact: true};
    return null;
  }
  function cssPath(el) {
    const parts = [];
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      if (e.id && /^[A-Za-z][\w-]*$/.test(e.id) && e.getRootNode().querySelectorAll("#" + e.id).length === 1) {
        parts.unshift("#" + e.id);
        break;
      }
      let s = e.tagName.toLowerCase();
      const p = e.parentElement;
      if (p) {
        const same = Array.from(p.children).filter((c) => c.tagName === e.tagName);
        if (same.length > 1) s += ":nth-of-type(" + (same.indexOf(e) + 1) + ")";
      }
      parts.unshift(s);
    }
    return parts.join(" > ");
  }
  // locator names el the way a user would, in the locator issue's order.
  function locator(el) {
    const els = all(topDoc(), []);
    const r = role(el);
    const name = accName(el);
    if (r && name && el.type !== "password") {
      const u = unique(els, (e) => (role(e) === r ? accName(e) : null), name);
      if (u) return {kind: "role", role: r, name, exact: u.exact};
    }
    if (isField(el)) {
      const l = labelText(el);
      if (l) {
        const u = unique(els, (e) => (isField(e) ? labelText(e) : null), l);
        if (u) return {kind: "label", name: l, exact: u.exact};
      }
      const ph = el.getAttribute("placeholder");
      if (ph) {
        const u = unique(els, (e) => e.getAttribute("placeholder"), ph);
        if (u) return {kind: "placeholder", name: ph, exact: u.exact};
      }
    }
    const tid = el.getAttribute(TESTID);
    if (tid && els.filter((e) => e.getAttribute(TESTID) === tid).length === 1) return {kind: "testid", name: tid};
    const text = norm(el.innerText);
    if (!isField(el) && text && text.length <= 80) {
      // The innermost elements holding the text, as GetByText counts them.
      const holds = (e) => {
        const t = norm(e.innerText);
        if (!t) return null;
        for (const c of e.children) if (norm(c.innerText) === t) return null;
        return t;
      };
      const u = unique(els, holds, text);
      if (u) return {kind: "text", name: text, exact: u.exact};
    }
    // A CSS path names nothing a person reads: the element's text or name names its method.
    return {kind: "css", name: cssPath(el), hint: text.slice(0, 40) || el.getAttribute("name") || el.id || ""};
  }

  // The element a user acted on: the button or link around the clicked text, not the text.
  const actionable = "button, a[href], input, select, textarea, summary, label, [role], [onclick], [" + TESTID + "]";
  function target(e) {
    const path = e.composedPath();
    const first = path.find((n) => n.nodeType === 1);
    if (!first) return null;
    for (const n of path) {
      if (n.nodeType === 1 && n.matches(actionable)) return n;
      if (n === document.body) break;
    }
    return first;
  }
  const textual = (el) => el.tagName === "TEXTAREA" || (el.tagName === "INPUT" &&
    !["button", "submit", "reset", "image", "checkbox", "radio", "file", "range", "color"].includes(el.type));

  addEventListener("click", (e) => {
    if (!e.isTrusted) return;
    const el = target(e);
    if (!el) return;
    if (textual(el) || el.tagName === "SELECT" || el.tagName === "OPTION") return; // focus: the typing is what counts
    if (el.tagName === "LABEL" && el.control) return; // the control's own click follows
    if (el.tagName === "INPUT" && (el.type === "checkbox" || el.type === "radio")) {
      send({kind: el.checked ? "check" : "uncheck", loc: locator(el)});
      return;
    }
    send({kind: "click", loc: locator(el)});
  }, true);
  addEventListener("input", (e) => {
    const el = e.composedPath()[0];
    if (!e.isTrusted || !el || !textual(el)) return;
    const secret = el.type === "password";
    send({kind: "fill", loc: locator(el), value: secret ? "" : el.value, secret});
  }, true);
  addEventListener("change", (e) => {
    const el = e.composedPath()[0];
    if (!e.isTrusted || !el || el.tagName !== "SELECT") return;
    send({kind: "select", loc: locator(el), value: el.value});
  }, true);
  addEventListener("keydown", (e) => {
    if (!e.isTrusted || !["Enter", "Escape"].includes(e.key)) return;
    const el = e.composedPath()[0];
    if (!el || el.nodeType !== 1 || el === document.body) return;
    send({kind: "press", loc: locator(el), value: e.key});
  }, true);
})();
