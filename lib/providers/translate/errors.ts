/**
 * A client request that cannot be expressed faithfully in the upstream protocol. The data plane
 * answers it as a 400 in the client's error shape; `param` names the offending request field.
 */
export class TranslationError extends Error {
  readonly status = 400;
  readonly type = "invalid_request_error";
  readonly param: string | null;
  constructor(message: string, param: string | null = null) {
    super(message);
    this.name = "TranslationError";
    this.param = param;
  }
}
