// Small HTTP helpers for the SSE + POST transport: bounded request bodies,
// CORS headers, and refusals as an HTTP status plus the protocol's error JSON.
import type { IncomingMessage, ServerResponse } from "node:http";
import { ErrorCodes, type SignalError } from "./errors.ts";
import type { ErrorMessage } from "./protocol.ts";

/** CORS headers for a request from `origin` (none when it sent no Origin or is not allowed). */
export function corsHeaders(origin: string | undefined, allowed: boolean): Record<string, string> {
  if (origin === undefined || !allowed) return {};
  return { "Access-Control-Allow-Origin": origin, Vary: "Origin" };
}

/**
 * Answers a refusal: the code's HTTP status (errors.ts) and `{"type":"error","code","message"}`.
 * @param extra More headers (CORS, Retry-After, Allow…).
 */
export function answerError(res: ServerResponse, error: SignalError, extra: Record<string, string> = {}): void {
  const body: ErrorMessage = { type: "error", code: error.code, message: error.message };
  res.writeHead(ErrorCodes[error.code].status, {
    "Content-Type": "application/json; charset=utf-8",
    "Cache-Control": "no-store",
    ...(error.code === "rate-limited" ? { "Retry-After": "1" } : {}),
    ...extra,
  });
  res.end(JSON.stringify(body));
}

/**
 * Reads a request body as UTF-8 text, at most `maxBytes` of it.
 * @returns the text, or undefined when the body is bigger (then the caller answers 413 and the
 *   connection is closed after the answer, since the rest of the body will not be read).
 */
export function readBody(req: IncomingMessage, res: ServerResponse, maxBytes: number): Promise<string | undefined> {
  const tooBig = () => {
    // The unread rest of the body would be taken for the next request: end this connection.
    res.shouldKeepAlive = false;
    req.pause();
    return undefined;
  };
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > maxBytes) return Promise.resolve(tooBig());
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (value: string | undefined) => {
      if (done) return;
      done = true;
      resolve(value);
    };
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) return finish(tooBig());
      chunks.push(chunk);
    });
    req.on("end", () => finish(Buffer.concat(chunks).toString("utf8")));
    req.on("error", () => finish(undefined));
    req.on("close", () => finish(undefined));
  });
}
