// The router: hash routes (#/login, #/register, #/@name, #/settings, #/books?page=2, #/book/3,
// #/shared, #/shared/name), and the menu button of the narrow layout.
import { me } from "./api.js";
import { views, toast } from "./views.js";
import { stopLive } from "./shelf.js";

// protectedRoutes need a signed-in user: others are sent to #/login?next=<route>.
const protectedRoutes = new Set(["settings", "shared"]);

function parse() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, query = ""] = raw.split("?");
  return { path, params: new URLSearchParams(query) };
}

function renderNav() {
  const user = me();
  const links = user
    ? [["#/books", "Books"], [`#/@${user.name}`, `@${user.name}`], ["#/shared", "Shared with me"], ["#/settings", "Settings"]]
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

// The menu button shows and hides the main navigation where the layout is narrow (the CSS
// shows the button there only); any route change closes it.
const menu = document.querySelector("button.menu");
function openMenu(open) {
  menu.setAttribute("aria-expanded", String(open));
  document.querySelector("header").classList.toggle("open", open);
}
menu.addEventListener("click", () => openMenu(menu.getAttribute("aria-expanded") !== "true"));

async function route() {
  stopLive();
  openMenu(false);
  const { path, params } = parse();
  if (path === "") { location.replace("#/books"); return; }
  const [head, arg] = path.split("/");
  if (protectedRoutes.has(head) && !me()) { location.replace("#/login?next=/" + encodeURIComponent(path)); return; }
  renderNav();
  const main = document.getElementById("view");
  const view = path.startsWith("@") ? views.profile : views[head];
  try {
    if (!view) throw new Error("No page at #/" + path);
    await view(main, { name: path.startsWith("@") ? path.slice(1) : arg, params });
  } catch (err) {
    main.replaceChildren(Object.assign(document.createElement("h1"), { textContent: "Something went wrong" }));
    toast(err.message, true);
  }
  renderNav();
}

window.addEventListener("hashchange", route);
route();
