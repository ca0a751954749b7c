import {
  assertCurrent,
  checkLeaseRequest,
  checkRenewal,
  decideAcquire,
  decideRelease,
  decideRenew,
  type Lease,
  type LeaseGrant,
  type LeaseRenewal,
  type LeaseRequest,
  type LeaseStore,
} from '../sync/state/lease.js';
import type { PgSession, Sql } from './session.js';

/**
 * The leases of one realm in Postgres. Every decision locks the lease row (`SELECT … FOR UPDATE`)
 * and writes it in the same transaction, so two workers decide in turn; `assert` inside a store
 * transaction keeps the row locked until that transaction commits, so no worker can take the lease
 * over between the fence and the writes it guards. The pure decisions are the ones every store
 * shares (`lease.ts`).
 */
export class PgLeases implements LeaseStore {
  readonly #session: PgSession;
  readonly #realm: string;
  readonly #sql: { ensure: string; lock: string; get: string; put: string };

  constructor(session: PgSession, s: string, realm: string) {
    this.#session = session;
    this.#realm = realm;
    const columns = 'name, owner, token, expires_at';
    this.#sql = {
      // A placeholder (token 0) gives a lease never acquired a row to lock: two first acquisitions
      // then queue on that row instead of both inserting.
      ensure: `INSERT INTO ${s}.leases (realm, ${columns}) VALUES ($1, $2, '', 0, 0) ON CONFLICT DO NOTHING`,
      lock: `SELECT ${columns} FROM ${s}.leases WHERE realm = $1 AND name = $2 FOR UPDATE`,
      get: `SELECT ${columns} FROM ${s}.leases WHERE realm = $1 AND name = $2`,
      put: `UPDATE ${s}.leases SET owner = $3, token = $4, expires_at = $5 WHERE realm = $1 AND name = $2`,
    };
  }

  async acquire(request: LeaseRequest): Promise<LeaseGrant> {
    checkLeaseRequest(request);
    return await this.#session.write(async (sql) => {
      await sql.count(this.#sql.ensure, [this.#realm, request.name]);
      const grant = decideAcquire(await this.#lock(sql, request.name), request);
      if (grant.acquired) await this.#put(sql, grant.lease);
      return grant;
    });
  }

  async renew(lease: Lease, renewal: LeaseRenewal): Promise<Lease> {
    checkRenewal(lease.name, renewal);
    return await this.#session.write(async (sql) => {
      const renewed = decideRenew(await this.#lock(sql, lease.name), lease, renewal);
      await this.#put(sql, renewed);
      return renewed;
    });
  }

  release(lease: Lease): Promise<void> {
    return this.#session.write(async (sql) => {
      const released = decideRelease(await this.#lock(sql, lease.name), lease);
      if (released) await this.#put(sql, released);
    });
  }

  assert(lease: Lease): Promise<void> {
    return this.#session.write(async (sql) => assertCurrent(await this.#lock(sql, lease.name), lease));
  }

  get(name: string): Promise<Lease | undefined> {
    return this.#session.read(async (sql) => fromRow((await sql.rows(this.#sql.get, [this.#realm, name]))[0]));
  }

  async #lock(sql: Sql, name: string): Promise<Lease | undefined> {
    return fromRow((await sql.rows(this.#sql.lock, [this.#realm, name]))[0]);
  }

  async #put(sql: Sql, lease: Lease): Promise<void> {
    await sql.count(this.#sql.put, [this.#realm, lease.name, lease.owner, lease.token, lease.expiresAt]);
  }
}

/** The lease in `row`; a placeholder (token 0) is a lease never acquired. */
function fromRow(row: Record<string, unknown> | undefined): Lease | undefined {
  if (row === undefined || row.token === 0) return undefined;
  return {
    name: row.name as string,
    owner: row.owner as string,
    token: row.token as number,
    expiresAt: row.expires_at as number,
  };
}
