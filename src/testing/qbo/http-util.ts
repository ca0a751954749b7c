import type { EmulatorResponse } from './types.js';

/** A JSON answer (a string body is sent as is). */
export function jsonResponse(status: number, body: unknown, extra: Record<string, string> = {}): EmulatorResponse {
  return {
    kind: 'http',
    status,
    headers: { 'content-type': 'application/json;charset=UTF-8', ...extra },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

/** Resolves after `ms` milliseconds (injected latency). */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
