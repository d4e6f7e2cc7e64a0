// The authorization-code flow as a relying party runs it: authorize with PKCE, the hosted login form, the
// token endpoint, userinfo, refresh, logout, single sign-on into a second client, prompt=none, max_age, code
// reuse and a wrong redirect URI.
// The relying party answers the hosted pages like a browser: signIn() and submitForm() below post their
// forms (hidden fields included, so the CSRF token too).
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import * as jose from 'jose';
import * as client from 'openid-client';

import { Menshen } from './lib/menshen.js';

const insecure = { execute: [client.allowInsecureRequests] };
const user = { username: 'ada', password: 'plum orchard lantern 42' };

// A browser's cookie jar, enough for the server's session cookie (single sign-on, logout).
class Browser {
  cookies = new Map();

  async fetch(url, init = {}) {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('Cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, value] = pair.split('=');
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.trim());
    }
    return response;
  }

  // Follows redirects until one leaves for `stopAt` (the client's redirect URI) or a page is shown.
  async follow(url, init = {}, stopAt = undefined) {
    let response = await this.fetch(url, init);
    let at = new URL(url);
    for (let hops = 0; hops < 10 && response.status >= 300 && response.status < 400; hops += 1) {
      at = new URL(response.headers.get('location'), at);
      if (stopAt && at.href.startsWith(stopAt)) return { redirectedTo: at };
      response = await this.fetch(at);
    }
    return { page: response, at };
  }
}

// Posts the form of the page `step` shows (its hidden fields, and `fields`) and follows the answer.
async function submitForm(browser, step, fields, stopAt) {
  const html = step.html ?? (await step.page.text());
  const action = new URL(/<form[^>]*action="([^"]*)"/i.exec(html)?.[1] ?? step.at.href, step.at);
  const form = new URLSearchParams();
  for (const [, name, value] of html.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]*)"[^>]*value="([^"]*)"/gi)) {
    form.set(name, value);
  }
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return browser.follow(
    action,
    { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form },
    stopAt,
  );
}

// Opens the authorization URL and answers the hosted pages it shows: the sign-in form (account and
// password) and the consent page (allow). Returns the URL the server finally sends the browser back to (the
// client's redirect URI with code or error) and whether the sign-in form was shown.
async function signIn(browser, authorizationUrl, redirectUri, credentials = user) {
  let step = await browser.follow(authorizationUrl, {}, redirectUri);
  let loginShown = false;
  for (let pages = 0; pages < 3 && !step.redirectedTo; pages += 1) {
    const html = await step.page.text();
    assert.equal(step.page.status, 200, `expected a sign-in or consent page, got ${step.page.status}: ${html}`);
    const isLogin = /<input[^>]*name="password"/i.test(html);
    loginShown ||= isLogin;
    const fields = isLogin ? { account: credentials.username, password: credentials.password } : { decision: 'allow' };
    step = await submitForm(browser, { ...step, html }, fields, redirectUri);
  }
  assert.ok(step.redirectedTo, 'the hosted pages did not send the browser back to the client');
  return { callback: step.redirectedTo, loginShown };
}

let server;
let apps = 0;

// A server with a user and a web app (confidential, authorization_code + refresh_token) per call.
async function setUp(kind = 'Storefront') {
  server ??= await Menshen.start();
  apps += 1;
  const name = `${kind} ${apps}`;
  await server.json('POST', '/api/v1/auth/register', { username: user.username, password: user.password }, null);
  const redirectUri = `http://127.0.0.1:9/${encodeURIComponent(name)}/callback`;
  const app = await server.createApp({
    name,
    type: 'web',
    redirect_uris: [redirectUri],
    post_logout_redirect_uris: [`http://127.0.0.1:9/${encodeURIComponent(name)}/bye`],
    grant_types: ['authorization_code', 'refresh_token'],
    scopes: ['openid', 'profile', 'offline_access'],
  });
  const config = await client.discovery(
    server.issuerUrl,
    app.client_id,
    undefined,
    client.ClientSecretBasic(app.client_secret),
    insecure,
  );
  return { app, config, redirectUri };
}

async function authorizationRequest(config, redirectUri, extra = {}) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid profile offline_access',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  });
  return { url, checks: { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce } };
}

// Signs in through the browser and redeems the code.
async function codeFlow(browser, { config, redirectUri }, extra = {}) {
  const request = await authorizationRequest(config, redirectUri, extra);
  const { callback, loginShown } = await signIn(browser, request.url, redirectUri);
  const tokens = await client.authorizationCodeGrant(config, callback, request.checks);
  return { tokens, callback, loginShown, request };
}

after(async () => {
  await server?.stop();
});

describe('authorization code flow', () => {
  test('authorize with PKCE, the hosted login form, then the token endpoint', async () => {
    const rp = await setUp();
    const { tokens } = await codeFlow(new Browser(), rp);
    assert.equal(tokens.token_type, 'bearer');
    assert.ok(tokens.id_token);
    assert.ok(tokens.refresh_token);
    const claims = tokens.claims();
    assert.equal(claims.iss, server.issuer);
    assert.equal(claims.aud, rp.app.client_id);
    const jwks = jose.createRemoteJWKSet(new URL(rp.config.serverMetadata().jwks_uri));
    const { payload } = await jose.jwtVerify(tokens.access_token, jwks, { issuer: server.issuer, typ: 'at+jwt' });
    assert.equal(payload.sub, claims.sub);
    assert.equal(payload.client_id, rp.app.client_id);
  });

  test('userinfo answers for the access token', async () => {
    const rp = await setUp();
    const { tokens } = await codeFlow(new Browser(), rp);
    const info = await client.fetchUserInfo(rp.config, tokens.access_token, tokens.claims().sub);
    assert.equal(info.sub, tokens.claims().sub);
    assert.equal(info.preferred_username, user.username);
  });

  test('refresh rotates the refresh token; the old one is then invalid_grant', async () => {
    const rp = await setUp();
    const { tokens } = await codeFlow(new Browser(), rp);
    const refreshed = await client.refreshTokenGrant(rp.config, tokens.refresh_token);
    assert.ok(refreshed.access_token);
    assert.notEqual(refreshed.refresh_token, tokens.refresh_token);
    await assert.rejects(client.refreshTokenGrant(rp.config, tokens.refresh_token), { error: 'invalid_grant' });
  });

  test('logout ends the session: prompt=none then answers login_required', async () => {
    const rp = await setUp();
    const browser = new Browser();
    const { tokens } = await codeFlow(browser, rp);
    const postLogout = rp.app.post_logout_redirect_uris[0];
    const endSession = client.buildEndSessionUrl(rp.config, {
      id_token_hint: tokens.id_token,
      post_logout_redirect_uri: postLogout,
    });
    const confirmation = await browser.follow(endSession, {}, postLogout);
    assert.equal(confirmation.page?.status, 200, 'logout did not ask for a confirmation');
    const out = await submitForm(browser, confirmation, { decision: 'logout' }, postLogout);
    assert.ok(out.redirectedTo, 'logout did not return to the post-logout redirect URI');
    const silent = await authorizationRequest(rp.config, rp.redirectUri, { prompt: 'none' });
    const back = await browser.follow(silent.url, {}, rp.redirectUri);
    assert.equal(back.redirectedTo.searchParams.get('error'), 'login_required');
  });

  test('single sign-on: a second client gets a code without the login form', async () => {
    const browser = new Browser();
    const first = await codeFlow(browser, await setUp('Storefront'));
    assert.equal(first.loginShown, true);
    const second = await codeFlow(browser, await setUp('Back office'));
    assert.equal(second.loginShown, false);
    assert.equal(second.tokens.claims().sub, first.tokens.claims().sub);
  });

  test('prompt=none: login_required without a session, a code with one', async () => {
    const rp = await setUp();
    const browser = new Browser();
    const before = await authorizationRequest(rp.config, rp.redirectUri, { prompt: 'none' });
    const refused = await browser.follow(before.url, {}, rp.redirectUri);
    assert.equal(refused.redirectedTo.searchParams.get('error'), 'login_required');
    assert.equal(refused.redirectedTo.searchParams.get('state'), before.checks.expectedState);
    await codeFlow(browser, rp);
    const { tokens, loginShown } = await codeFlow(browser, rp, { prompt: 'none' });
    assert.equal(loginShown, false);
    assert.ok(tokens.id_token);
  });

  test('max_age: an older sign-in is asked again, and auth_time is in the ID token', async () => {
    const rp = await setUp();
    const browser = new Browser();
    const first = await codeFlow(browser, rp);
    await new Promise((r) => setTimeout(r, 1100));
    const again = await codeFlow(browser, rp, { max_age: '1' });
    assert.equal(again.loginShown, true);
    assert.ok(again.tokens.claims().auth_time > first.tokens.claims().auth_time);
    const fresh = await codeFlow(browser, rp, { max_age: '3600' });
    assert.equal(fresh.loginShown, false);
  });

  test('a code is redeemed once; reusing it is invalid_grant', async () => {
    const rp = await setUp();
    const { callback, request } = await codeFlow(new Browser(), rp);
    await assert.rejects(client.authorizationCodeGrant(rp.config, callback, request.checks), {
      error: 'invalid_grant',
    });
  });

  test('a redirect URI that is not registered is refused, never redirected to', async () => {
    const rp = await setUp();
    const { url } = await authorizationRequest(rp.config, 'http://127.0.0.1:9/elsewhere');
    const { page, redirectedTo } = await new Browser().follow(url, {}, 'http://127.0.0.1:9/elsewhere');
    assert.equal(redirectedTo, undefined, 'the server redirected to an unregistered URI');
    assert.equal(page.status, 400);
  });
});
