/**
 * @module The reference HTTP server: nginx in the foreground (`daemon off`, master + N workers),
 * serving static files from a root, tuned as one would for this job (sendfile, open_file_cache,
 * no access log, keep-alive without a request cap).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, pinServer, start, waitForPort, type Proc } from './proc.js';

export interface Nginx {
  readonly proc: Proc;
  readonly port: number;
  stop(): Promise<void>;
}

export interface NginxOptions {
  readonly root: string;
  readonly dir: string;
  readonly workers: number;
  /** Listen with TLS using these PEM files (HTTPS bench). */
  readonly tls?: { readonly cert: string; readonly key: string };
}

export async function startNginx(opts: NginxOptions): Promise<Nginx> {
  const port = await freePort();
  const tmp = join(opts.dir, 'nginx-tmp');
  mkdirSync(tmp, { recursive: true });
  const listen = opts.tls ? `listen 127.0.0.1:${port} ssl;` : `listen 127.0.0.1:${port};`;
  const tls = opts.tls
    ? `ssl_certificate ${opts.tls.cert};
    ssl_certificate_key ${opts.tls.key};
    ssl_protocols TLSv1.2 TLSv1.3;
    # The same suites and order as our server (src/http/https-server.ts).
    ssl_conf_command Ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256;
    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;
    ssl_prefer_server_ciphers on;
    ssl_session_cache shared:SSL:10m;
    ssl_session_tickets on;`
    : '';
  const conf = join(opts.dir, 'nginx.conf');
  writeFileSync(
    conf,
    `worker_processes ${opts.workers};
daemon off;
master_process on;
pid ${join(opts.dir, 'nginx.pid')};
error_log ${join(opts.dir, 'nginx-error.log')} warn;
events { worker_connections 4096; multi_accept on; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  server_tokens off;
  keepalive_timeout 65s;
  keepalive_requests 10000000;
  # Each cached entry holds a descriptor: 20,000 (the boot storm's files) reached this machine's
  # limit of 20,000 (ulimit -Hn), and try_files then answered 404 for ~0.5 % of requests.
  open_file_cache max=16000 inactive=120s;
  open_file_cache_valid 120s;
  default_type application/octet-stream;
  client_body_temp_path ${tmp};
  proxy_temp_path ${tmp};
  fastcgi_temp_path ${tmp};
  uwsgi_temp_path ${tmp};
  scgi_temp_path ${tmp};
  server {
    ${listen}
    ${tls}
    root ${opts.root};
    location / { try_files $uri =404; }
  }
}
`
  );
  const proc = start('nginx', 'nginx', ['-c', conf, '-p', opts.dir, '-e', join(opts.dir, 'nginx-error.log')], { logDir: opts.dir });
  await waitForPort(port, '127.0.0.1', 15_000, proc);
  pinServer(proc.pid);
  return { proc, port, stop: () => proc.stop() };
}
