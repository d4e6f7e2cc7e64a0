// The benchmark's peer: oidc-provider configured with the client that bench/run.sh registers in menshen
// (same client_id and secret, client_credentials, client_secret_basic), at the same paths as menshen's.
// Usage: PEER_CLIENT_ID=... PEER_CLIENT_SECRET=... node server.mjs PORT
//
// With a resource indicator (RFC 8707) the access token is an ES256-signed JWT (RFC 9068), like menshen's.
// oidc-provider refuses to introspect JWTs (their holder can verify them itself), so the introspection row
// introspects an opaque token, asked for without a resource: a lookup in its in-memory store, where menshen
// verifies a JWT's signature and then looks up its revocation.
import { generateKeyPairSync } from 'node:crypto';

import Provider from 'oidc-provider';

const port = Number(process.argv[2] ?? 18082);
const clientId = process.env.PEER_CLIENT_ID;
const clientSecret = process.env.PEER_CLIENT_SECRET;
if (!clientId || !clientSecret) {
  console.error('set PEER_CLIENT_ID and PEER_CLIENT_SECRET');
  process.exit(2);
}
const resource = 'https://api.example.com';
const scope = 'orders.read orders.write';

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'bench-es256', alg: 'ES256', use: 'sig' };

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'ES256', // the only key is an EC one
      scope,
    },
  ],
  scopes: scope.split(' '),
  jwks: { keys: [signingKey] },
  routes: {
    token: '/oauth/token',
    introspection: '/oauth/introspect',
    revocation: '/oauth/revoke',
    jwks: '/.well-known/jwks.json',
  },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    revocation: { enabled: true },
    resourceIndicators: {
      enabled: true,
      getResourceServerInfo: () => ({
        scope,
        audience: resource,
        accessTokenTTL: 3600,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'ES256' } },
      }),
    },
  },
});

provider.listen(port, '127.0.0.1', () => console.log(`oidc-provider listening on 127.0.0.1:${port}`));
