// The catalog of API errors: each code has one HTTP status; bodies read {error:{code,message}}.
export type ApiErrorCode =
  | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_REQUEST' | 'INVALID_TRANSITION' | 'MISSING_FIELD'
  | 'RATE_LIMITED' | 'PAYLOAD_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE' | 'STORE_UNAVAILABLE' | 'INTERNAL';

export const errorStatus: Record<ApiErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_REQUEST: 400,
  MISSING_FIELD: 400,
  INVALID_TRANSITION: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  STORE_UNAVAILABLE: 503,
  INTERNAL: 500,
};

export class ApiError extends Error {
  constructor(readonly code: ApiErrorCode, message: string, readonly details?: unknown) {
    super(message);
    this.name = 'ApiError';
  }
  get status(): number {
    return errorStatus[this.code];
  }
}

export const apiError = (code: ApiErrorCode, message: string, details?: unknown): ApiError => new ApiError(code, message, details);
