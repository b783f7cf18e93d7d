/**
 * @module One HTTP(S) request of the CLI over node:http with a keep-alive agent per client.
 * Chosen over fetch: an import makes two requests per row, and fetch's web-stream machinery cost
 * about as much CPU per request as the server spent answering it (measured, 1,000 rows), on a
 * box where client and server share two cores.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface HttpAnswer {
  readonly status: number;
  readonly statusText: string;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

export interface HttpCaller {
  call(method: string, url: string, headers: Record<string, string>, body?: string): Promise<HttpAnswer>;
  /** Closes idle keep-alive connections (so the process can exit at once). */
  close(): void;
}

/** A caller whose agents keep up to `maxSockets` connections per origin alive between requests. */
export function createHttpCaller(maxSockets = 64): HttpCaller {
  const http = new HttpAgent({ keepAlive: true, maxSockets });
  const https = new HttpsAgent({ keepAlive: true, maxSockets });
  return {
    call(method, url, headers, body) {
      const target = new URL(url);
      const secure = target.protocol === 'https:';
      const send = secure ? httpsRequest : httpRequest;
      return new Promise((resolve, reject) => {
        const req = send(target, { method, agent: secure ? https : http, headers: body === undefined ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(body);
      });
    },
    close() {
      http.destroy();
      https.destroy();
    },
  };
}
