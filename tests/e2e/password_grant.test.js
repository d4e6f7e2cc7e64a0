// Tokens for a user as a relying party sees them: the password grant, ID tokens that jose verifies against
// the JWKS for an RS256 and an ES256 app, userinfo, refresh rotation and the end of a grant whose rotated
// refresh token came back, all through openid-client and jose.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import * as jose from 'jose';
import * as client from 'openid-client';

import { Menshen } from './lib/menshen.js';

const insecure = { execute: [client.allowInsecureRequests] };
const user = { username: 'grace', password: 'plum orchard lantern 42', email: 'grace@example.com' };
const scope = 'openid profile email';

let server;
let jwks;
let userId;

// An app with the password and refresh_token grants, and openid-client's view of the server as that app.
async function passwordApp(name, alg) {
  const app = await server.createApp({
    name,
    type: 'web',
    grant_types: ['password', 'refresh_token'],
    scopes: ['openid', 'profile', 'email'],
    id_token_signed_response_alg: alg,
  });
  const config = await client.discovery(
    server.issuerUrl,
    app.client_id,
    { id_token_signed_response_alg: alg },
    client.ClientSecretBasic(app.client_secret),
    insecure,
  );
  return { app, config };
}

function passwordGrant(config, extra = {}) {
  return client.genericGrantRequest(config, 'password', {
    username: user.username,
    password: user.password,
    scope,
    ...extra,
  });
}

async function failure(promise) {
  const error = await promise.then(
    () => assert.fail('expected the call to fail'),
    (e) => e,
  );
  return error.cause && typeof error.cause === 'object' && 'error' in error.cause ? error.cause : error;
}

before(async () => {
  // RFC 9700 2.4: the password grant is off unless the server turns it on.
  server = await Menshen.start(['--set', 'oauth.password_grant_enabled=true']);
  const created = await server.json('POST', '/api/v1/auth/register', user, null);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  userId = created.body.data.id;
  jwks = jose.createRemoteJWKSet(server.url('/.well-known/jwks.json'));
});

after(async () => {
  await server?.stop();
});

describe('password grant', () => {
  for (const alg of ['RS256', 'ES256']) {
    test(`an ${alg} app gets an ID token that jose verifies against the JWKS`, async () => {
      const { app, config } = await passwordApp(`Password ${alg}`, alg);
      const tokens = await passwordGrant(config);
      assert.equal(tokens.token_type, 'bearer');
      assert.equal(tokens.scope, scope);
      assert.ok(tokens.refresh_token);
      // openid-client has checked iss, aud, exp and iat; jose checks the signature with the published key.
      const { payload, protectedHeader } = await jose.jwtVerify(tokens.id_token, jwks, {
        issuer: server.issuer,
        audience: app.client_id,
        algorithms: [alg],
      });
      assert.equal(protectedHeader.alg, alg);
      assert.equal(payload.sub, userId);
      assert.equal(payload.azp, app.client_id);
      assert.deepEqual(payload.amr, ['pwd']);
      assert.equal(tokens.claims().sub, userId);
      const { payload: access } = await jose.jwtVerify(tokens.access_token, jwks, {
        issuer: server.issuer,
        audience: app.client_id,
        typ: 'at+jwt',
        algorithms: ['ES256'],
      });
      assert.equal(access.sub, userId);
    });
  }

  test('a wrong password is invalid_grant', async () => {
    const { config } = await passwordApp('Password wrong', 'RS256');
    const body = await failure(passwordGrant(config, { password: 'not the password' }));
    assert.equal(body.error, 'invalid_grant');
  });
});

describe('userinfo and refresh', () => {
  test('userinfo answers the granted claims for the token subject', async () => {
    const { config } = await passwordApp('Userinfo reader', 'RS256');
    const tokens = await passwordGrant(config);
    const claims = await client.fetchUserInfo(config, tokens.access_token, userId);
    assert.equal(claims.sub, userId);
    assert.equal(claims.preferred_username, user.username);
    assert.equal(claims.email, user.email);
    assert.equal(claims.email_verified, false);
  });

  test('refresh rotates; the rotated token coming back ends the grant', async () => {
    const { config } = await passwordApp('Refresher', 'ES256');
    const first = await passwordGrant(config);
    const second = await client.refreshTokenGrant(config, first.refresh_token);
    assert.notEqual(second.refresh_token, first.refresh_token);
    assert.equal(second.claims().sub, userId);
    await client.fetchUserInfo(config, second.access_token, userId);

    const reused = await failure(client.refreshTokenGrant(config, first.refresh_token));
    assert.equal(reused.error, 'invalid_grant');
    const after = await failure(client.refreshTokenGrant(config, second.refresh_token));
    assert.equal(after.error, 'invalid_grant');
    const introspected = await client.tokenIntrospection(config, second.access_token);
    assert.equal(introspected.active, false);
    await assert.rejects(client.fetchUserInfo(config, second.access_token, userId));
  });
});
