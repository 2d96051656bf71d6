// The pages: each renders into main from the API's answers. No test ids: roles, labels, alt text.
import { call, me, signIn, signOut, token } from "./api.js";
import { book, exportButton, shared, shareForm, shelfTools } from "./shelf.js";

// h builds an element: h("button", {type: "submit"}, "Save").
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (v !== false && v != null) el.setAttribute(k, v === true ? "" : v);
  }
  el.append(...children.flat().filter((c) => c != null));
  return el;
}

// toast shows a message for a few seconds: errors as an alert, others as a status.
export function toast(message, error = false) {
  const t = h("p", { role: error ? "alert" : "status", class: error ? "toast error" : "toast" }, message);
  document.querySelector(".toasts").append(t);
  setTimeout(() => t.remove(), 5000);
}

// form builds a labelled form whose submit runs onSubmit with its values, showing errors as
// toasts and keeping the button disabled while it runs.
export function form(fields, button, onSubmit) {
  const inputs = fields.map(([label, name, type, value]) =>
    h("label", {}, label, h("input", { name, type, value, required: true, autocomplete: type === "password" ? "current-password" : "off" })));
  const submit = h("button", { type: "submit" }, button);
  return h("form", {
    onsubmit: async (ev) => {
      ev.preventDefault();
      submit.disabled = true;
      try { await onSubmit(Object.fromEntries(new FormData(ev.target))); }
      catch (err) { toast(err.message, true); }
      finally { submit.disabled = false; }
    },
  }, inputs, submit);
}

const credentials = [["Name", "name", "text"], ["Password", "password", "password"]];

function login(main, { params }) {
  main.replaceChildren(
    h("h1", {}, "Sign in"),
    form(credentials, "Sign in", async (v) => {
      const res = await call("POST", "/login", v);
      signIn(res.token, res.user);
      location.hash = "#" + (params.get("next") || "/@" + res.user.name);
    }),
    h("p", {}, "No account yet? ", h("a", { href: "#/register" }, "Sign up")));
}

function register(main) {
  main.replaceChildren(
    h("h1", {}, "Sign up"),
    h("p", {}, "Names are letters and digits only."),
    form(credentials, "Sign up", async (v) => {
      await call("POST", "/users", v);
      location.hash = "#/login";
      toast("Account created: sign in");
    }));
}

// shelfButton adds the book to the user's shelf or takes it off.
export function shelfButton(book, onChange) {
  const label = (on) => on ? "Remove from shelf" : "Add to shelf";
  const btn = h("button", { type: "button", "aria-pressed": String(book.on_shelf) }, label(book.on_shelf));
  btn.addEventListener("click", async () => {
    btn.disabled = true;
    try {
      const on = btn.getAttribute("aria-pressed") !== "true";
      const res = await call(on ? "PUT" : "DELETE", "/shelf/" + book.id);
      btn.setAttribute("aria-pressed", String(on));
      btn.textContent = label(on);
      toast(on ? `“${res.title}” is on your shelf` : `“${res.title}” is off your shelf`);
      if (onChange) await onChange();
    } catch (err) { toast(err.message, true); }
    finally { btn.disabled = false; }
  });
  return btn;
}

// bookList lists books, each with its cover, a link to open it in a new tab, its shelf
// button when signed in, and what tools(book) adds (the own shelf's).
export function bookList(label, books, signedIn, onChange, tools = () => []) {
  return h("ul", { class: "books", "aria-label": label }, books.map((b) => h("li", {},
    h("img", { src: b.cover_url || `/covers/${b.id}.svg`, alt: `Cover of ${b.title}`, width: 60, height: 90 }),
    h("div", {}, h("h2", {}, b.title), h("p", {}, `${b.author}, ${b.year}`)),
    h("div", { class: "actions" },
      h("a", { href: `#/book/${b.id}`, target: "_blank" }, "Open in new tab"),
      signedIn ? shelfButton(b, onChange) : null,
      tools(b)))));
}

async function books(main, { params }) {
  const page = Number(params.get("page") || 1);
  const res = await call("GET", "/books?page=" + page);
  const link = (p, text) => p >= 1 && p <= res.pages ? h("a", { href: `#/books?page=${p}` }, text) : null;
  main.replaceChildren(
    h("h1", {}, "Books"),
    bookList("Books", res.items, !!me()),
    h("nav", { "aria-label": "Pages" }, link(page - 1, "Previous"), ` Page ${res.page} of ${res.pages} `, link(page + 1, "Next")));
}

async function profile(main, { name }) {
  const res = await call("GET", "/users/" + encodeURIComponent(name));
  const mine = me() && me().name === res.user.name;
  const reload = () => profile(main, { name });
  main.replaceChildren(
    h("h1", {}, res.user.display_name),
    h("p", {}, "@" + res.user.name),
    h("h2", {}, mine ? "My shelf" : "Shelf"),
    mine ? exportButton() : null,
    res.books.length ? bookList("Shelf", res.books, mine, reload, mine ? (b) => shelfTools(b, reload) : undefined)
      : h("p", {}, "No books on the shelf yet."),
    mine ? shareForm() : null);
}

async function settings(main) {
  const user = await call("GET", "/me");
  main.replaceChildren(
    h("h1", {}, "Settings"),
    form([["Display name", "display_name", "text", user.display_name]], "Save", async (v) => {
      const u = await call("PATCH", "/me", v);
      signIn(token(), u);
      toast("Settings saved");
    }),
    h("h2", {}, "Session"),
    h("button", {
      type: "button",
      onclick: async () => {
        try { await call("POST", "/logout"); } catch (err) { toast(err.message, true); return; }
        signOut();
        location.hash = "#/login";
        toast("Signed out");
      },
    }, "Log out"));
}

export const views = { login, register, books, book, profile, settings, shared };
