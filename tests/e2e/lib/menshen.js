// Starts the real menshen binary on a free loopback port with a fresh data directory, reads the root
// password it prints once at first start, and speaks its admin API.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

// The binary under test: MENSHEN_BINARY (CTest sets it), else the asan build of this checkout.
export const binary = process.env.MENSHEN_BINARY ?? resolve(here, '../../../build/asan/menshen');

function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

async function spawnOnce(port, dataDir, extraArgs) {
  const issuer = `http://127.0.0.1:${port}`;
  const child = spawn(
    binary,
    ['serve', '--listen', `127.0.0.1:${port}`, '--data-dir', dataDir, '--set', `oauth.issuer=${issuer}`, ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise((resolveExit) => child.on('exit', (code, signal) => resolveExit({ code, signal })));
  const rootPassword = await new Promise((resolvePassword, reject) => {
    const timer = setTimeout(() => reject(new Error(`menshen did not start in time:\n${output}`)), 30_000);
    const onData = (chunk) => {
      output += chunk;
      const match = /root administrator created: username \S+ password (\S+)/.exec(output);
      if (match && output.includes('menshen listening on')) {
        clearTimeout(timer);
        resolvePassword(match[1]);
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`menshen exited (${code ?? signal}) before it was ready:\n${output}`), { output }));
    });
  });
  return { child, exited, issuer, rootPassword, output: () => output };
}

export class Menshen {
  static async start(extraArgs = []) {
    const dataDir = await mkdtemp(join(tmpdir(), 'menshen-e2e-'));
    // The port is free when probed; should another process take it before menshen binds, try another.
    let lastError;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        const started = await spawnOnce(await freePort(), dataDir, extraArgs);
        const server = new Menshen(started, dataDir);
        await server.loginAsRoot();
        return server;
      } catch (error) {
        lastError = error;
        if (!/cannot listen/.test(error.output ?? '')) break;
      }
    }
    await rm(dataDir, { recursive: true, force: true });
    throw lastError;
  }

  constructor(started, dataDir) {
    this.child = started.child;
    this.exited = started.exited;
    this.issuer = started.issuer;
    this.issuerUrl = new URL(started.issuer);
    this.rootPassword = started.rootPassword;
    this.output = started.output;
    this.dataDir = dataDir;
  }

  url(path) {
    return new URL(path, this.issuerUrl);
  }

  async json(method, path, body, token = this.adminToken) {
    const headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    const response = await fetch(this.url(path), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }

  async loginAsRoot() {
    const login = await this.json('POST', '/api/v1/auth/login', { account: 'root', password: this.rootPassword }, null);
    if (login.status !== 200) throw new Error(`root login failed: ${login.status} ${JSON.stringify(login.body)}`);
    this.adminToken = login.body.data.access_token;
  }

  // Registers an application through the admin API; returns it with its client_secret, if it has one.
  async createApp(app) {
    const created = await this.json('POST', '/api/v1/admin/apps', app);
    if (created.status !== 201) throw new Error(`creating ${app.name}: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body.data;
  }

  // SIGTERM, then the exit (a clean shutdown exits 0); the data directory goes with it.
  async stop() {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    const { code, signal } = await this.exited;
    await rm(this.dataDir, { recursive: true, force: true });
    if (code !== 0) throw new Error(`menshen exited with ${code ?? signal}:\n${this.output()}`);
  }
}
