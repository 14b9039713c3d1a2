// The client of courtoisd, the local Courtois service.
//
// Thunderbird never waits on the service: every request carries a timeout, and every failure
// becomes a ServiceError whose code the pages turn into a sentence the user can act on
// ("service_down" says how to start the service). A route the running service does not know
// yet (HTTP 404 on a fixed route) is reported as "unavailable", so the interface can show
// that capability as absent instead of failing.

export const DEFAULT_SERVICE_URL = "http://127.0.0.1:7878";
export const DEFAULT_TIMEOUT_MS = 4000;

export const START_COMMAND = "courtoisd";
export const START_UNIT_COMMAND = "systemctl --user start courtoisd";

export class ServiceError extends Error {
  constructor(code, message, { status = 0, route = "" } = {}) {
    super(message);
    this.name = "ServiceError";
    this.code = code;
    this.status = status;
    this.route = route;
  }

  toJSON() {
    return { code: this.code, message: this.message, status: this.status, route: this.route };
  }
}

// Error codes produced by the client itself (the service adds its own, e.g. "bad_request").
export const ErrorCode = Object.freeze({
  serviceDown: "service_down",
  timeout: "timeout",
  unauthorized: "unauthorized",
  unavailable: "unavailable",
  badResponse: "bad_response",
  noToken: "no_token",
});

function service_down_message(base_url) {
  return (
    `The Courtois service is not running at ${base_url}. ` +
    `Start it with \`${START_COMMAND}\` (or \`${START_UNIT_COMMAND}\`).`
  );
}

// Reads the body of an error response: {"error": {"code", "message"}} by contract, but a proxy
// or an older service may answer anything, so every shape is tolerated.
async function read_error(response) {
  let text = "";
  try {
    text = await response.text();
  } catch {
    return { code: `http_${response.status}`, message: response.statusText || "" };
  }
  try {
    const body = JSON.parse(text);
    if (body && typeof body.error === "object" && body.error !== null) {
      return {
        code: String(body.error.code ?? `http_${response.status}`),
        message: String(body.error.message ?? ""),
      };
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  return { code: `http_${response.status}`, message: text.slice(0, 300) };
}

export function createClient({
  baseUrl = DEFAULT_SERVICE_URL,
  token = "",
  fetchImpl = globalThis.fetch,
  timeoutMs = DEFAULT_TIMEOUT_MS,
} = {}) {
  const base = String(baseUrl).replace(/\/+$/, "");

  async function request(method, route, { body, contentType, auth = true, timeout = timeoutMs } = {}) {
    if (auth && !token) {
      throw new ServiceError(
        ErrorCode.noToken,
        "No service token is set. Run `courtoisd --print-token` and paste it in the options.",
        { route }
      );
    }
    const headers = { Accept: "application/json" };
    if (auth) headers.Authorization = `Bearer ${token}`;
    if (contentType) headers["Content-Type"] = contentType;

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeout);
    let response;
    try {
      response = await fetchImpl(base + route, { method, headers, body, signal: controller.signal });
    } catch (error) {
      if (controller.signal.aborted) {
        throw new ServiceError(
          ErrorCode.timeout,
          `The Courtois service did not answer within ${Math.round(timeout / 100) / 10} s (${route}).`,
          { route }
        );
      }
      throw new ServiceError(ErrorCode.serviceDown, service_down_message(base), { route });
    } finally {
      clearTimeout(timer);
    }

    if (!response.ok) {
      const error = await read_error(response);
      if (response.status === 401 || response.status === 403) {
        throw new ServiceError(
          ErrorCode.unauthorized,
          `The service refused the token (${error.message || response.status}). ` +
            "Run `courtoisd --print-token` and paste it in the options.",
          { status: response.status, route }
        );
      }
      if (response.status === 404 && error.code === "not_found" && !/^no route/i.test(error.message)) {
        // The route exists; what it was asked for does not (an unknown thread or message).
        throw new ServiceError("not_found", error.message, { status: 404, route });
      }
      if (response.status === 404 || response.status === 405 || response.status === 501) {
        // The route is unknown to this version of the service ("no route ..."): the caller
        // shows the capability as unavailable.
        throw new ServiceError(ErrorCode.unavailable, `This service does not offer ${route} yet.`, {
          status: response.status,
          route,
        });
      }
      throw new ServiceError(error.code, error.message || `HTTP ${response.status}`, {
        status: response.status,
        route,
      });
    }

    const text = await response.text();
    if (!text) return null;
    try {
      return JSON.parse(text);
    } catch {
      throw new ServiceError(ErrorCode.badResponse, `The service answered ${route} with something that is not JSON.`, {
        status: response.status,
        route,
      });
    }
  }

  function query(params) {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      for (const one of [].concat(value ?? [])) {
        if (one !== undefined && one !== null && one !== "") search.append(key, String(one));
      }
    }
    const text = search.toString();
    return text ? `?${text}` : "";
  }

  return {
    baseUrl: base,

    health() {
      return request("GET", "/v1/health", { auth: false, timeout: Math.min(timeoutMs, 2000) });
    },

    // raw: the message bytes (ArrayBuffer, Uint8Array, Blob or string) as Thunderbird stores them.
    analyze(raw, { me = [] } = {}) {
      return request("POST", `/v1/analyze${query({ me })}`, { body: raw, contentType: "message/rfc822" });
    },

    // One message into the thread store (idempotent by Message-ID), as raw bytes.
    ingest(raw, { me = [] } = {}) {
      return request("POST", `/v1/messages${query({ me })}`, {
        body: raw,
        contentType: "message/rfc822",
        timeout: Math.max(timeoutMs, 8000),
      });
    },

    waiting({ me = [] } = {}) {
      return request("GET", `/v1/waiting${query({ me })}`);
    },

    thread(id) {
      return request("GET", `/v1/threads/${encodeURIComponent(id)}`);
    },

    replySuggestions({ raw, thread = [], style, lang, me = [] }) {
      return request("POST", "/v1/reply-suggestions", {
        body: JSON.stringify({ message: raw, thread, style, lang, me }),
        contentType: "application/json",
        timeout: Math.max(timeoutMs, 8000),
      });
    },

    // attachments: the names of the files attached to the draft, so that "here it is" answers
    // the client's request for the document.
    checkDraft({ draft, replyTo = null, lang, attachments }) {
      return request("POST", "/v1/check-draft", {
        body: JSON.stringify({ draft, reply_to: replyTo, lang, attachments: attachments?.length ? attachments : undefined }),
        contentType: "application/json",
      });
    },
  };
}

// A one-message probe used by "test connection": health without a token, then a real analysis
// with it, so a wrong token is found now rather than at the first new mail.
export const PROBE_MESSAGE =
  "From: Courtois <probe@courtois.invalid>\r\n" +
  "To: Courtois <probe@courtois.invalid>\r\n" +
  "Subject: connection test\r\n" +
  "Date: Mon, 02 Mar 2026 10:00:00 +0100\r\n" +
  "Message-ID: <probe@courtois.invalid>\r\n" +
  "Content-Type: text/plain; charset=utf-8\r\n\r\n" +
  "Bonjour, pouvez-vous confirmer la réception ?\r\n";

export async function testConnection(client) {
  const started = Date.now();
  const health = await client.health();
  const analysis = await client.analyze(PROBE_MESSAGE);
  if (!analysis || typeof analysis !== "object" || !("tone" in analysis || "text" in analysis)) {
    throw new ServiceError(ErrorCode.badResponse, "The service answered the test analysis without a result.");
  }
  return { health, milliseconds: Date.now() - started };
}
