// The dashboard's only way to the control plane: the public REST API, as any script would use it,
// with the session cookie instead of a token and the CSRF token that changes need.

/** An API refusal: the message is the problem+json's detail, meant for the user. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `The control plane answered ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

// The session's CSRF token: the control plane hands it out in a header of its answers to a signed-in
// session, and takes changes only with it sent back in the same header.
let csrfToken = null;

function remember(token) {
  if (token) csrfToken = token;
}

function csrfHeader() {
  return csrfToken ? {'X-XSRF-TOKEN': csrfToken} : {};
}

export async function api(method, path, body) {
  const headers = {Accept: 'application/json', ...(method === 'GET' ? {} : csrfHeader())};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`/api/v1/${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  remember(response.headers.get('X-XSRF-TOKEN'));
  const type = response.headers.get('Content-Type') ?? '';
  const data = response.status === 204 ? null
    : type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) throw new ApiError(response.status, typeof data === 'object' ? data : null);
  return data;
}

/** Uploads a file as the request body, reporting progress as a fraction from 0 to 1. */
export function upload(path, file, onProgress) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/api/v1/${path}`);
    request.setRequestHeader('Content-Type', 'application/java-archive');
    request.setRequestHeader('Accept', 'application/json');
    for (const [name, value] of Object.entries(csrfHeader())) request.setRequestHeader(name, value);
    request.upload.onprogress = e => e.lengthComputable && onProgress(e.loaded / e.total);
    request.onload = () => {
      remember(request.getResponseHeader('X-XSRF-TOKEN'));
      const data = request.responseText ? JSON.parse(request.responseText) : null;
      if (request.status >= 200 && request.status < 300) resolve(data);
      else reject(new ApiError(request.status, data));
    };
    request.onerror = () => reject(new ApiError(0, {detail: 'The upload was interrupted.'}));
    request.send(file);
  });
}

/** Follows a server-sent event stream; returns a function that stops following. */
export function follow(path, handlers) {
  const source = new EventSource(`/api/v1/${path}`);
  for (const [event, handler] of Object.entries(handlers)) {
    source.addEventListener(event, e => handler(JSON.parse(e.data)));
  }
  source.onerror = () => {
    if (source.readyState === EventSource.CLOSED) handlers.closed?.();
  };
  return () => source.close();
}
