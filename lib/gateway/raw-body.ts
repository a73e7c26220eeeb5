// The node:http front door already holds request bodies as strings and can write response strings directly;
// going through Request.text() / Response.arrayBuffer() (web streams) costs more CPU than the rest of a gateway
// hop. These side tables let the engine keep Web-standard signatures (for Next.js route files and tests) while
// the launcher's adapter skips the stream machinery. Entries vanish with their objects (WeakMap).

const requestBodies = new WeakMap<Request, string>();
const responseBodies = new WeakMap<Response, string>();

export function withRawBody(req: Request, body: string): Request {
  requestBodies.set(req, body);
  return req;
}

export function readBodyText(req: Request): Promise<string> | string {
  return requestBodies.get(req) ?? req.text();
}

/** The body parsed as JSON, or null when it is not JSON. */
export async function readJsonBody(req: Request): Promise<unknown> {
  try {
    return JSON.parse(await readBodyText(req));
  } catch {
    return null;
  }
}

/** A JSON Response whose serialized body the node adapter can send without reading it back. */
export function jsonResponse(text: string, init: ResponseInit): Response {
  const res = new Response(text, init);
  responseBodies.set(res, text);
  return res;
}

export function rawResponseBody(res: Response): string | undefined {
  return responseBodies.get(res);
}
