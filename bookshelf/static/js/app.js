// The router: hash routes (#/login, #/register, #/@name, #/settings, #/books?page=2).
import { me } from "./api.js";
import { views, toast } from "./views.js";

// protectedRoutes need a signed-in user: others are sent to #/login?next=<route>.
const protectedRoutes = new Set(["settings"]);

function parse() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, query = ""] = raw.split("?");
  return { path, params: new URLSearchParams(query) };
}

function renderNav() {
  const user = me();
  const links = user
    ? [["#/books", "Books"], [`#/@${user.name}`, `@${user.name}`], ["#/settings", "Settings"]]
    : [["#/books", "Books"], ["#/login", "Sign in"], ["#/register", "Sign up"]];
  const nav = document.querySelector("nav");
  nav.replaceChildren(Object.assign(document.createElement("ul"), {}));
  for (const [href, text] of links) {
    const li = document.createElement("li");
    const a = Object.assign(document.createElement("a"), { href, textContent: text });
    if (location.hash.split("?")[0] === href) a.setAttribute("aria-current", "page");
    li.append(a);
    nav.firstChild.append(li);
  }
}

async function route() {
  const { path, params } = parse();
  if (path === "") { location.replace("#/books"); return; }
  if (protectedRoutes.has(path) && !me()) { location.replace("#/login?next=/" + encodeURIComponent(path)); return; }
  renderNav();
  const main = document.getElementById("view");
  const view = path.startsWith("@") ? views.profile : views[path];
  try {
    if (!view) throw new Error("No page at #/" + path);
    await view(main, { name: path.slice(1), params });
  } catch (err) {
    main.replaceChildren(Object.assign(document.createElement("h1"), { textContent: "Something went wrong" }));
    toast(err.message, true);
  }
  renderNav();
}

window.addEventListener("hashchange", route);
route();
