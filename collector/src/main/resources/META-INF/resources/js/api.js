// REST client: one place for the token, the base path and error handling. The token is kept in localStorage
// (asked once per browser, shared by tabs, gone on sign-out).
const TOKEN_KEY = 'hotpath.token';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function token() {
  return localStorage.getItem(TOKEN_KEY);
}

export function signIn(value) {
  localStorage.setItem(TOKEN_KEY, value.trim());
}

export function signOut() {
  localStorage.removeItem(TOKEN_KEY);
}

// Every group page sends a recommendations and an anomalies request (the verdict); the collector runs only a few
// of those at once and refuses one more with 503 and Retry-After: a read then waits as told and asks again.
const BUSY_RETRIES = 3;

async function request(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  const t = token();
  if (t) headers['Authorization'] = 'Bearer ' + t;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  for (let attempt = 0; ; attempt++) {
    response = await fetch('/api/v1' + path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status !== 503 || method !== 'GET' || attempt === BUSY_RETRIES) break;
    const seconds = Number.parseFloat(response.headers.get('Retry-After'));
    await new Promise((resume) => setTimeout(resume, 1000 * (Number.isFinite(seconds) ? seconds : 2)));
  }
  if (!response.ok) {
    let message = response.statusText;
    try {
      const problem = await response.json();
      message = problem.message || problem.error || message;
    } catch (e) { /* not JSON: keep the status text */ }
    if (response.status === 403) {
      // A read-only token may look at everything but change nothing: say so instead of a bare status.
      message = 'Not allowed with this token (it may be read-only; this needs the admin token): ' + message;
    }
    throw new ApiError(response.status, message);
  }
  return response.status === 204 ? null : response.json();
}

export const api = {
  get: (path) => request('GET', path),
  post: (path, body) => request('POST', path, body),
  put: (path, body) => request('PUT', path, body),
  del: (path) => request('DELETE', path),
};

/** Query string from an object, leaving out empty values; an array value repeats its key. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (Array.isArray(v)) v.forEach((item) => q.append(k, item));
    else if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? '?' + s : '';
}
