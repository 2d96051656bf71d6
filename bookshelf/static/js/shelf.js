// What a shelf offers beyond the list: the own shelf's CSV export, cover uploads, deletes
// after a confirmation and sharing; the book page; the shelves friends share, kept up to date.
import { call, download, me } from "./api.js";
import { bookList, form, h, shelfButton, toast } from "./views.js";

// exportButton downloads the user's shelf as CSV (a file saved by the browser).
export function exportButton() {
  return h("button", {
    type: "button",
    onclick: async () => {
      try {
        const { blob, name } = await download("/shelf.csv");
        const url = URL.createObjectURL(blob);
        const a = h("a", { href: url, download: name, hidden: true });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
      } catch (err) { toast(err.message, true); }
    },
  }, "Export CSV");
}

// shelfTools are an own shelf book's cover upload (a hidden file input the button opens) and
// its delete, which asks first.
export function shelfTools(book, onChange) {
  const input = h("input", {
    type: "file", accept: "image/png,image/jpeg,image/gif,image/webp", "aria-label": "Cover image", hidden: true,
    onchange: async () => {
      const file = input.files[0];
      if (!file) return;
      try {
        const res = await call("PUT", `/shelf/${book.id}/cover`, file);
        input.closest("li").querySelector("img").src = res.cover_url;
        toast(`Cover of “${book.title}” uploaded`);
      } catch (err) { toast(err.message, true); }
      input.value = "";
    },
  });
  const upload = h("button", { type: "button", onclick: () => input.click() }, "Upload cover");
  const del = h("button", {
    type: "button",
    onclick: async () => {
      if (!confirm(`Delete “${book.title}” from your shelf?`)) return;
      try {
        await call("DELETE", "/shelf/" + book.id);
        toast(`“${book.title}” deleted`);
        await onChange();
      } catch (err) { toast(err.message, true); }
    },
  }, "Delete");
  return [upload, input, del];
}

// shareForm shares the user's shelf with a friend.
export function shareForm() {
  return h("section", { "aria-label": "Share my shelf" },
    h("h2", {}, "Share with a friend"),
    form([["Friend's name", "name", "text"]], "Share", async (v) => {
      const res = await call("POST", "/shares", v);
      toast(`Shared with @${res.friend.name}`);
    }));
}

// book is #/book/ID: one book, as the links that open in a new tab show it.
export async function book(main, { name: id }) {
  const b = await call("GET", "/books/" + encodeURIComponent(id));
  main.replaceChildren(
    h("h1", {}, b.title),
    h("p", {}, `${b.author}, ${b.year}`),
    h("img", { src: b.cover_url, alt: `Cover of ${b.title}`, width: 120, height: 180 }),
    me() ? h("p", {}, shelfButton(b)) : null);
}

// live runs fn every ms until the route changes (stopLive); a failure stops it, with a toast.
let generation = 0;
export function stopLive() { generation++; }
function live(fn, ms) {
  const mine = generation;
  const tick = async () => {
    if (mine !== generation) return;
    try { await fn(() => mine === generation); } catch (err) { toast(err.message, true); return; }
    if (mine === generation) setTimeout(tick, ms);
  };
  setTimeout(tick, ms);
}

// shared is #/shared, the shelves friends share with the user, and #/shared/NAME, one of them,
// brought up to date every second.
export async function shared(main, { name }) {
  if (!name) {
    const res = await call("GET", "/shared");
    main.replaceChildren(h("h1", {}, "Shared with me"), res.items.length
      ? h("ul", { "aria-label": "Shared shelves" }, res.items.map((u) =>
        h("li", {}, h("a", { href: `#/shared/${u.name}` }, `${u.display_name} (@${u.name})`))))
      : h("p", {}, "No one shares a shelf with you yet."));
    return;
  }
  let last = "";
  const load = async (current = () => true) => {
    const res = await call("GET", "/shared/" + encodeURIComponent(name));
    const now = JSON.stringify(res);
    if (now === last || !current()) return;
    last = now;
    main.replaceChildren(
      h("h1", {}, `${res.user.display_name}'s shelf`),
      h("p", {}, `@${res.user.name} shares it with you; it updates live.`),
      res.books.length ? bookList("Shelf", res.books, false) : h("p", {}, "No books on the shelf yet."));
  };
  await load();
  live(load, 1000);
}
