/**
 * zod's `safeParse` without the copy where it would change nothing. A response record that already is
 * what the schema's output would be (loose objects, plain leaves, no default or transform anywhere) is
 * returned as it came; anything else (a mismatch included) is parsed by zod as before, so errors and
 * their paths are zod's. Clients parse every record they read, and a first sync reads every record
 * of a company: the copy was most of what parsing allocated.
 */
import type { z } from 'zod';
import { exactCheck } from './check.js';

/** `schema.safeParse(value)`, with `value` itself as the data when zod's output would equal it. */
export function safeParseExact<S extends z.ZodType>(schema: S, value: unknown): z.ZodSafeParseResult<z.output<S>> {
  if (exactCheck(schema)(value)) return { success: true, data: value as z.output<S> };
  return schema.safeParse(value);
}
