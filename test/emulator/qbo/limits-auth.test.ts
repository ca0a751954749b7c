import OAuthClient from 'intuit-oauth';
import { afterEach, describe, expect, it } from 'vitest';
import { type Json, type ManualClock, manualClock, startTestQbo, type TestQbo } from './helpers.js';

let t: TestQbo | undefined;
afterEach(async () => {
  await t?.qbo.close();
  t = undefined;
});

function basic(qbo: TestQbo['qbo']): string {
  return `Basic ${Buffer.from(`${qbo.oauth.clientId}:${qbo.oauth.clientSecret}`).toString('base64')}`;
}

async function refresh(
  qbo: TestQbo['qbo'],
  refreshToken: string,
  auth = basic(qbo),
): Promise<{ status: number; body: Json }> {
  const res = await fetch(qbo.oauth.tokenEndpoint, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  });
  return { status: res.status, body: await res.json() };
}

describe('QBO emulator throttling', () => {
  it('allows 500 requests per minute per realm, then answers 429 ThrottleExceeded (3001)', async () => {
    const clock: ManualClock = manualClock();
    t = await startTestQbo({ clock, limits: { retryAfterSeconds: 7 }, throttleFormat: 'json' });
    for (let i = 0; i < 500; i += 1) expect((await t.get('/preferences')).status).toBe(200);
    const throttled = await t.get('/preferences');
    expect(throttled.status).toBe(429);
    expect(throttled.body.Fault).toMatchObject({ type: 'SERVICE', Error: [{ code: '3001' }] });
    expect(throttled.headers.get('retry-after')).toBe('7');
    const other = t.qbo.addRealm();
    const otherToken = t.qbo.issueAccessToken(other.realmId);
    const res = await fetch(`${t.qbo.baseUrl}/v3/company/${other.realmId}/preferences`, {
      headers: { authorization: `Bearer ${otherToken}` },
    });
    expect(res.status).toBe(200);
    clock.advance(60_001);
    expect((await t.get('/preferences')).status).toBe(200);
  });

  it('allows 40 batch requests per minute', async () => {
    t = await startTestQbo({ clock: manualClock() });
    const body = { BatchItemRequest: [{ bId: '1', Query: 'SELECT * FROM Vendor' }] };
    for (let i = 0; i < 40; i += 1) expect((await t.post('/batch', body)).status).toBe(200);
    const throttled = await t.post('/batch', body);
    expect(throttled.status).toBe(429);
    expect(throttled.body).toContain('<Error code="3001">');
    expect((await t.get('/preferences')).status).toBe(200);
  });

  it('allows 10 requests in flight per realm', async () => {
    t = await startTestQbo();
    const tq = t;
    for (let i = 0; i < 10; i += 1) tq.qbo.faults.enqueue({ type: 'latency', ms: 400, kinds: ['query'] });
    const slow = Array.from({ length: 10 }, () => tq.query('SELECT * FROM Vendor'));
    while (tq.qbo.faults.pending > 0) await new Promise((r) => setTimeout(r, 5));
    const eleventh = await tq.get('/preferences');
    expect(eleventh.status).toBe(429);
    expect((await Promise.all(slow)).map((r) => r.status)).toEqual(Array(10).fill(200));
    expect((await tq.get('/preferences')).status).toBe(200);
  });
});

describe('QBO emulator authentication', () => {
  it("expires access tokens and answers 401 with QBO's lower-case fault body", async () => {
    const clock = manualClock();
    t = await startTestQbo({ clock, oauth: { accessTokenTtlSeconds: 60 } });
    expect((await t.get('/preferences')).status).toBe(200);
    clock.advance(61_000);
    const res = await t.get('/preferences');
    expect(res.status).toBe(401);
    expect(res.body.fault).toMatchObject({ type: 'AUTHENTICATION', error: [{ code: '3200' }] });
    expect(typeof res.body.time).toBe('number');
    expect(JSON.stringify(res.body)).not.toContain(t.token);
  });

  it('refuses a token issued for another company with 403', async () => {
    t = await startTestQbo();
    const other = t.qbo.addRealm({ companyName: 'Second' });
    const res = await fetch(`${t.qbo.baseUrl}/v3/company/${other.realmId}/preferences`, {
      headers: { authorization: `Bearer ${t.token}` },
    });
    expect(res.status).toBe(403);
  });

  it('rotates refresh tokens, honours the previous one during the grace period, then invalid_grant', async () => {
    const clock = manualClock();
    t = await startTestQbo({ clock, oauth: { refreshTokenGraceSeconds: 120 } });
    const first = await refresh(t.qbo, t.qbo.oauth.refreshToken);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    expect(first.body.refresh_token).not.toBe(t.qbo.oauth.refreshToken);
    const api = await fetch(`${t.base}/preferences`, {
      headers: { authorization: `Bearer ${first.body.access_token}` },
    });
    expect(api.status).toBe(200);
    clock.advance(60_000);
    const retry = await refresh(t.qbo, t.qbo.oauth.refreshToken);
    expect(retry.body.refresh_token).toBe(first.body.refresh_token);
    clock.advance(61_000);
    expect(await refresh(t.qbo, t.qbo.oauth.refreshToken)).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Incorrect or invalid refresh token' },
    });
    expect((await refresh(t.qbo, first.body.refresh_token)).status).toBe(200);
    expect((await refresh(t.qbo, first.body.refresh_token, 'Basic d3Jvbmc6d3Jvbmc=')).status).toBe(401);
  });

  it("works with intuit-oauth's OAuthClient (authorization code, refresh, invalid_grant)", async () => {
    t = await startTestQbo();
    const { oauth } = t.qbo;
    const client = new OAuthClient({
      clientId: oauth.clientId,
      clientSecret: oauth.clientSecret,
      environment: 'sandbox',
      redirectUri: 'http://127.0.0.1:9/callback',
    });
    client.setAuthorizeURLs({
      authorizeEndpoint: oauth.authorizeEndpoint,
      tokenEndpoint: oauth.tokenEndpoint,
      revokeEndpoint: oauth.revokeEndpoint,
      userInfoEndpoint: `${t.qbo.baseUrl}/v1/openid_connect/userinfo`,
    });
    const consent = await fetch(client.authorizeUri({ scope: [OAuthClient.scopes.Accounting], state: 'xyz' }), {
      redirect: 'manual',
    });
    expect(consent.status).toBe(302);
    const created = await client.createToken(consent.headers.get('location') as string);
    expect(created.getJson().access_token).toBeTypeOf('string');
    expect(client.getToken().realmId).toBe(t.qbo.realmId);
    const oldRefresh = client.getToken().refresh_token;
    await client.refresh();
    const token = client.getToken();
    expect(token.refresh_token).not.toBe(oldRefresh);
    const api = await fetch(`${t.base}/companyinfo/${t.qbo.realmId}`, {
      headers: { authorization: `Bearer ${token.access_token}` },
    });
    expect(api.status).toBe(200);
    await expect(client.refreshUsingToken('RT1-not-issued')).rejects.toMatchObject({ authResponse: expect.anything() });
  });

  it('injects token-endpoint faults only when asked, without rotating the refresh token', async () => {
    t = await startTestQbo();
    t.qbo.faults.enqueue({ type: 'serverError', status: 503, kinds: ['token'] });
    expect((await refresh(t.qbo, t.qbo.oauth.refreshToken)).status).toBe(503);
    const ok = await refresh(t.qbo, t.qbo.oauth.refreshToken);
    expect(ok.status).toBe(200);
    t.qbo.faults.enqueue({ type: 'dropResponse', kinds: ['token'] });
    await expect(refresh(t.qbo, ok.body.refresh_token)).rejects.toThrow();
    // The lost answer rotated the token; the previous one still works during the grace period.
    expect((await refresh(t.qbo, ok.body.refresh_token)).status).toBe(200);
    expect(t.qbo.requests.count('token')).toBe(4);
  });
});
