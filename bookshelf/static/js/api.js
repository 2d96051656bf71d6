// The JSON API client: the bearer token lives in localStorage under TOKEN_KEY.
export const TOKEN_KEY = "bookshelf.token";
export const USER_KEY = "bookshelf.user";

export const token = () => localStorage.getItem(TOKEN_KEY);
export const me = () => JSON.parse(localStorage.getItem(USER_KEY) || "null");

export function signIn(t, user) {
  localStorage.setItem(TOKEN_KEY, t);
  localStorage.setItem(USER_KEY, JSON.stringify(user));
}

export function signOut() {
  localStorage.removeItem(TOKEN_KEY);
  localStorage.removeItem(USER_KEY);
}

// ApiError is an answer other than 2xx: its message is the server's "error".
export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

// call sends a request with the token and returns the decoded JSON answer. The body is sent
// as JSON, or as it is when it is a Blob (a File chosen in a file input).
export async function call(method, path, body) {
  const res = await send(method, path, body, "application/json");
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  return answer(res, method, path, data);
}

// download fetches a file with the token and returns it with the name the server gave it.
export async function download(path) {
  const res = await send("GET", path, undefined, "*/*");
  if (!res.ok) return answer(res, "GET", path, await res.json().catch(() => null));
  const name = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") || "");
  return { blob: await res.blob(), name: name ? name[1] : "download" };
}

async function send(method, path, body, accept) {
  const headers = { "Accept": accept };
  const raw = body instanceof Blob;
  if (body !== undefined) headers["Content-Type"] = raw ? body.type || "application/octet-stream" : "application/json";
  const t = token();
  if (t) headers["Authorization"] = "Bearer " + t;
  const res = await fetch("/api" + path, { method, headers, body: body === undefined || raw ? body : JSON.stringify(body) });
  console.info(`${method} /api${path} → ${res.status}`);
  return res;
}

// answer returns data, or throws the server's error for an answer other than 2xx.
function answer(res, method, path, data) {
  const t = token();
  if (!res.ok) {
    if (res.status === 401 && t) signOut();
    throw new ApiError(res.status, (data && data.error) || `${method} ${path}: ${res.status}`);
  }
  return data;
}
