import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A program from Debian's packages (nginx and redis-server live in /usr/sbin and /usr/bin, and /usr/sbin
 * is not on every user's PATH). Throws with the install line when it is missing.
 * @param {string} name
 */
export function findProgram(name) {
  const env = process.env[name.toUpperCase().replace(/-/g, '_')];
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin'];
  const found = env ?? dirs.map((dir) => join(dir, name)).find((path) => existsSync(path));
  if (!found) {
    throw new Error(`${name} is needed here: apt-get install -y nginx libnginx-mod-nchan redis-server openssl (Debian/Ubuntu), or set ${name.toUpperCase().replace(/-/g, '_')}=/path/to/${name}`);
  }
  return found;
}

/** Debian's Nchan module, for `load_module`. */
export function nchanModule() {
  const path = ['/usr/lib/nginx/modules/ngx_nchan_module.so', '/usr/lib64/nginx/modules/ngx_nchan_module.so'].find((p) => existsSync(p));
  if (!path) throw new Error('The Nchan module is needed here: apt-get install -y libnginx-mod-nchan');
  return path;
}

/**
 * Fills a config template's `${UPPER_CASE}` placeholders, the convention of the nginx Docker image's
 * templates/ directory (envsubst); nginx's own variables (`$host`, `${request_uri}`) are lower case and
 * left alone, and so are comments. Every placeholder must be given.
 * @param {string} template
 * @param {Record<string, string | number>} values
 */
export function fill(template, values) {
  return template
    .split('\n')
    .map((line) =>
      line.trimStart().startsWith('#')
        ? line
        : line.replace(/\$\{([A-Z][A-Z0-9_]*)\}/g, (_, name) => {
            if (!(name in values)) throw new Error(`No value for \${${name}}`);
            return String(values[name]);
          }),
    )
    .join('\n');
}

/** A loopback port that was free a moment ago (nginx and Redis cannot be asked to pick one and say which). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/**
 * Resolves once `port` accepts connections; rejects after `timeout` ms with `why()`.
 * @param {number} port
 * @param {() => string} why
 */
export async function waitForPort(port, why, timeout = 10_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const ok = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > end) throw new Error(`Nothing listens on 127.0.0.1:${port} after ${timeout} ms. ${why()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made now with openssl, valid for two days.
 * @param {string} dir
 */
export async function selfSignedCertificate(dir) {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  await run(findProgram('openssl'), [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ]);
  return { cert, key };
}

/**
 * Starts an nginx of its own: Debian's binary with a main config written into `dir` (its pid, logs and temp
 * files there too, nothing in /etc, /var or /run), `http` as the http block's content. It never touches the
 * system's nginx nor port 80. Resolves once every port in `ports` accepts connections.
 * @param {import('./processes.js').Processes} processes
 * @param {{ dir: string, name: string, http: string, ports: number[], modules?: string[] }} options
 */
export async function startNginx(processes, { dir, name, http, ports, modules = [] }) {
  const prefix = join(dir, name);
  const temp = join(prefix, 'temp');
  await mkdir(temp, { recursive: true });
  // Workers run as an unprivileged user when nginx is started by root: they must reach their temp files.
  await chmod(dir, 0o755);
  await chmod(prefix, 0o755);
  await chmod(temp, 0o777);
  const conf = join(prefix, 'nginx.conf');
  await writeFile(
    conf,
    `${modules.map((module) => `load_module ${module};\n`).join('')}
daemon off;
master_process on;
worker_processes 1;
pid ${join(prefix, 'nginx.pid')};
error_log ${join(prefix, 'error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/octet-stream;
  types { text/html html; text/javascript js; }
  client_body_temp_path ${temp}/body;
  proxy_temp_path ${temp}/proxy;
  fastcgi_temp_path ${temp}/fastcgi;
  uwsgi_temp_path ${temp}/uwsgi;
  scgi_temp_path ${temp}/scgi;
${http}
}
`,
  );
  const nginx = findProgram('nginx');
  // -e: the startup error log too, before the config's error_log applies (Debian's default is stderr).
  const args = ['-p', prefix, '-c', conf, '-e', join(prefix, 'error.log')];
  try {
    await run(nginx, [...args, '-t', '-q']);
  } catch (error) {
    throw new Error(`nginx ${name}: the config does not load (${conf}):\n${/** @type {{ stderr?: string }} */ (error).stderr ?? error}`);
  }
  const started = processes.start(`nginx ${name}`, nginx, args);
  await Promise.all(ports.map((port) => waitForPort(port, () => `nginx ${name} ${started.running() ? 'runs' : 'exited'}: ${started.stderr()}`)));
  return { ...started, conf, errorLog: join(prefix, 'error.log') };
}
