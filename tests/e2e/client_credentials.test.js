// menshen as a relying party sees it: discovery, client_credentials, the access token verified against the
// JWKS, introspection, revocation and client authentication, all through openid-client and jose.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import * as jose from 'jose';
import * as client from 'openid-client';

import { Menshen } from './lib/menshen.js';

const resource = 'https://api.example.com/orders';
// menshen speaks http on loopback here; openid-client wants https unless told otherwise.
const insecure = { execute: [client.allowInsecureRequests] };

let server;
let worker; // an m2m app: client_secret_basic
let config; // openid-client's view of menshen, as the worker
let jwks;

function discover(clientId, secret, auth = client.ClientSecretBasic, options = {}) {
  return client.discovery(server.issuerUrl, clientId, undefined, auth(secret), { ...insecure, ...options });
}

// The error an openid-client call rejects with, and menshen's RFC 6749 5.2 body behind it.
async function failure(promise) {
  const error = await promise.then(
    () => assert.fail('expected the call to fail'),
    (e) => e,
  );
  let body = error.cause && typeof error.cause === 'object' && 'error' in error.cause ? error.cause : undefined;
  if (!body && error.response && !error.response.bodyUsed) body = await error.response.json();
  return { error, body };
}

before(async () => {
  server = await Menshen.start();
  worker = await server.createApp({
    name: 'Orders worker',
    type: 'm2m',
    scopes: ['orders.read', 'orders.write'],
    allowed_resources: [resource], // RFC 8707: the resource servers its tokens may name
  });
  config = await discover(worker.client_id, worker.client_secret);
  jwks = jose.createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri));
});

after(async () => {
  await server?.stop();
});

describe('discovery', () => {
  test('openid-client discovers the issuer and its endpoints', () => {
    const metadata = config.serverMetadata();
    assert.equal(metadata.issuer, server.issuer);
    assert.equal(metadata.token_endpoint, `${server.issuer}/oauth/token`);
    assert.equal(metadata.introspection_endpoint, `${server.issuer}/oauth/introspect`);
    assert.equal(metadata.revocation_endpoint, `${server.issuer}/oauth/revoke`);
    assert.equal(metadata.jwks_uri, `${server.issuer}/.well-known/jwks.json`);
    assert.ok(metadata.grant_types_supported.includes('client_credentials'));
    assert.equal(metadata.userinfo_endpoint, `${server.issuer}/oauth/userinfo`);
    assert.ok(metadata.token_endpoint_auth_methods_supported.includes('client_secret_basic'));
    assert.ok(metadata.token_endpoint_auth_methods_supported.includes('client_secret_post'));
  });

  test('the RFC 8414 document is the same one', async () => {
    const oauth2 = await discover(worker.client_id, worker.client_secret, client.ClientSecretBasic, {
      algorithm: 'oauth2',
    });
    assert.deepEqual(oauth2.serverMetadata(), config.serverMetadata());
  });

  test('the JWKS holds public keys only, an ES256 one among them', async () => {
    const response = await fetch(config.serverMetadata().jwks_uri);
    assert.equal(response.status, 200);
    const { keys } = await response.json();
    assert.ok(keys.some((key) => key.kty === 'EC' && key.crv === 'P-256'));
    for (const key of keys) {
      assert.ok(key.kid);
      for (const part of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) {
        assert.equal(key[part], undefined, `key ${key.kid} publishes its private part ${part}`);
      }
    }
  });
});

describe('client_credentials', () => {
  test('issues an RFC 9068 JWT that jose verifies against the JWKS', async () => {
    const tokens = await client.clientCredentialsGrant(config, { scope: 'orders.read', resource });
    assert.equal(tokens.token_type, 'bearer');
    assert.equal(tokens.expires_in, 3600);
    assert.equal(tokens.scope, 'orders.read');
    assert.equal(tokens.refresh_token, undefined, 'client_credentials issues no refresh token');

    const { payload, protectedHeader } = await jose.jwtVerify(tokens.access_token, jwks, {
      issuer: server.issuer,
      audience: resource,
      typ: 'at+jwt',
      algorithms: ['ES256'],
    });
    assert.equal(protectedHeader.alg, 'ES256');
    assert.ok(protectedHeader.kid);
    assert.equal(payload.sub, worker.client_id);
    assert.equal(payload.client_id, worker.client_id);
    assert.equal(payload.scope, 'orders.read');
    assert.equal(payload.exp - payload.iat, 3600);
    assert.ok(payload.jti);
  });

  test('without a scope or resource: every registered scope, the client as audience', async () => {
    const tokens = await client.clientCredentialsGrant(config);
    assert.equal(tokens.scope, 'orders.read orders.write');
    const { payload } = await jose.jwtVerify(tokens.access_token, jwks, {
      issuer: server.issuer,
      audience: worker.client_id,
      typ: 'at+jwt',
    });
    assert.equal(payload.scope, 'orders.read orders.write');
  });

  test('a token is not accepted for another audience, issuer or typ', async () => {
    const { access_token: token } = await client.clientCredentialsGrant(config, { resource });
    await assert.rejects(jose.jwtVerify(token, jwks, { audience: 'https://elsewhere.example.com' }), {
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
    });
    await assert.rejects(jose.jwtVerify(token, jwks, { issuer: 'https://other-issuer.example.com' }), {
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
    });
    await assert.rejects(jose.jwtVerify(token, jwks, { typ: 'JWT' }), { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED' });
    const [header, payload, signature] = token.split('.');
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    await assert.rejects(jose.jwtVerify(`${header}.${payload}.${flipped}`, jwks), {
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
  });

  test('a resource outside the app\'s allowed_resources is invalid_target (RFC 8707 2)', async () => {
    const { error, body } = await failure(
      client.clientCredentialsGrant(config, { resource: 'https://payroll.example.com/' }),
    );
    assert.equal(error.status, 400);
    assert.equal(body.error, 'invalid_target');
  });

  test('an unregistered scope is invalid_scope', async () => {
    const { body } = await failure(client.clientCredentialsGrant(config, { scope: 'orders.delete' }));
    assert.equal(body.error, 'invalid_scope');
  });

  test('client_secret_post works for an app registered with it', async () => {
    const app = await server.createApp({
      name: 'Ledger sync',
      type: 'm2m',
      scopes: ['ledger.read'],
      token_endpoint_auth_method: 'client_secret_post',
    });
    const postConfig = await discover(app.client_id, app.client_secret, client.ClientSecretPost);
    const tokens = await client.clientCredentialsGrant(postConfig);
    assert.equal(tokens.scope, 'ledger.read');
  });
});

describe('client authentication', () => {
  test('a wrong client secret is invalid_client, 401 with a Basic challenge', async () => {
    const wrong = await discover(worker.client_id, `${worker.client_secret.slice(0, -1)}x`);
    const { error, body } = await failure(client.clientCredentialsGrant(wrong));
    assert.equal(error.status, 401);
    assert.equal(body.error, 'invalid_client');
  });

  test('an unknown client is invalid_client too', async () => {
    const unknown = await discover('01JUNKNOWNCLIENT0000000000', worker.client_secret);
    const { error, body } = await failure(client.clientCredentialsGrant(unknown));
    assert.equal(error.status, 401);
    assert.equal(body.error, 'invalid_client');
  });
});

describe('introspection and revocation', () => {
  test('a valid token is active, with its claims', async () => {
    const { access_token: token } = await client.clientCredentialsGrant(config, { scope: 'orders.write', resource });
    const info = await client.tokenIntrospection(config, token);
    assert.equal(info.active, true);
    assert.equal(info.client_id, worker.client_id);
    assert.equal(info.sub, worker.client_id);
    assert.equal(info.scope, 'orders.write');
    assert.equal(info.iss, server.issuer);
    assert.equal(info.aud, resource);
    assert.equal(info.exp - info.iat, 3600);
  });

  test('a resource server (another m2m app) may introspect the worker token', async () => {
    const api = await server.createApp({ name: 'Orders API', type: 'm2m', scopes: ['introspect'] });
    const apiConfig = await discover(api.client_id, api.client_secret);
    const { access_token: token } = await client.clientCredentialsGrant(config, { resource });
    const info = await client.tokenIntrospection(apiConfig, token);
    assert.equal(info.active, true);
    assert.equal(info.client_id, worker.client_id);
  });

  test('revoked, the token is inactive; revoking again or revoking garbage still succeeds', async () => {
    const { access_token: token } = await client.clientCredentialsGrant(config, { resource });
    await client.tokenRevocation(config, token);
    assert.deepEqual(await client.tokenIntrospection(config, token), { active: false });
    await client.tokenRevocation(config, token);
    await client.tokenRevocation(config, 'not-a-token');
  });

  test('a malformed or foreign token is inactive', async () => {
    assert.deepEqual(await client.tokenIntrospection(config, 'not-a-token'), { active: false });
    const { privateKey } = await jose.generateKeyPair('ES256');
    const forged = await new jose.SignJWT({ client_id: worker.client_id, scope: 'orders.read' })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'forged' })
      .setIssuer(server.issuer)
      .setSubject(worker.client_id)
      .setAudience(resource)
      .setIssuedAt()
      .setExpirationTime('1h')
      .setJti('forged-token')
      .sign(privateKey);
    assert.deepEqual(await client.tokenIntrospection(config, forged), { active: false });
  });

  test('another client cannot revoke the worker token', async () => {
    const other = await server.createApp({ name: 'Other worker', type: 'm2m', scopes: ['orders.read'] });
    const otherConfig = await discover(other.client_id, other.client_secret);
    const { access_token: token } = await client.clientCredentialsGrant(config, { resource });
    const { body } = await failure(client.tokenRevocation(otherConfig, token));
    assert.equal(body.error, 'invalid_request');
    assert.equal((await client.tokenIntrospection(config, token)).active, true);
  });

  test('introspection with a wrong secret is invalid_client', async () => {
    const { access_token: token } = await client.clientCredentialsGrant(config);
    const wrong = await discover(worker.client_id, 'wrong-secret');
    const { error, body } = await failure(client.tokenIntrospection(wrong, token));
    assert.equal(error.status, 401);
    assert.equal(body.error, 'invalid_client');
  });
});
