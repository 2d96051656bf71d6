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

// call sends a JSON request with the token and returns the decoded answer.
export async function call(method, path, body) {
  const headers = { "Accept": "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const t = token();
  if (t) headers["Authorization"] = "Bearer " + t;
  const res = await fetch("/api" + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  console.info(`${method} /api${path} → ${res.status}`);
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    if (res.status === 401 && t) signOut();
    throw new ApiError(res.status, (data && data.error) || `${method} ${path}: ${res.status}`);
  }
  return data;
}
