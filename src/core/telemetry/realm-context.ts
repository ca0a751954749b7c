import { context, createContextKey } from '@opentelemetry/api';

const REALM = createContextKey('qbo_it.realm');

/**
 * Runs `fn` with `realm` in the active OpenTelemetry context, so the calls it makes are tagged
 * with the realm even when their client does not know it (IntelliTrack calls of a run).
 */
export function withRealm<T>(realm: string, fn: () => T): T {
  return context.with(context.active().setValue(REALM, realm), fn);
}

/** The realm of the active context (set by {@link withRealm}), if any. */
export function activeRealm(): string | undefined {
  const value = context.active().getValue(REALM);
  return typeof value === 'string' ? value : undefined;
}
