// The loopback listener of one sign-in (RFC 8252 §7.3): 127.0.0.1 on a random port, waiting for the provider's
// redirect (a GET with the code in the query, or a form_post), then sending the tab on to a page without the code.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HostError } from '../errors';

const MAX_FORM_BYTES = 64 * 1024;
/** After the redirect, how long the listener waits for the tab to fetch the result page before it closes. */
const RESULT_PAGE_GRACE_MS = 10_000;
const RESULT_PATH = '/done';

export interface AuthorizationResponse {
  /** The redirect's parameters (code, state, error…), from the query or the posted form. */
  params: URLSearchParams;
  /** Answers the waiting browser tab: the sign-in worked, or not. */
  finish(outcome: 'ok' | 'failed'): void;
}

export class LoopbackListener {
  private waiting: { state: string; resolve(response: AuthorizationResponse): void } | undefined;
  private outcome: 'ok' | 'failed' | undefined;

  private constructor(
    private readonly server: Server,
    /** The exact redirect_uri to send: the token request must repeat it byte for byte. */
    readonly redirectUri: string,
  ) {}

  static async open(): Promise<LoopbackListener> {
    let listener: LoopbackListener | undefined;
    const server = createServer((request, response) => listener?.handle(request, response));
    server.headersTimeout = 10_000;
    server.requestTimeout = 15_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // The IP literal, not "localhost": it cannot resolve elsewhere, and providers treat it as a loopback redirect.
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    listener = new LoopbackListener(server, `http://127.0.0.1:${port}/`);
    return listener;
  }

  /** The first redirect that carries our state; anything else (a favicon, a stray page) is answered and ignored. */
  wait(state: string, timeoutMs: number, signal?: AbortSignal): Promise<AuthorizationResponse> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new HostError('SIGN_IN_FAILED', `Nobody finished the sign-in within ${Math.round(timeoutMs / 60_000)} minutes; start it again.`)), timeoutMs);
      const onAbort = () => fail(new HostError('SIGN_IN_FAILED', 'The sign-in was cancelled.'));
      signal?.addEventListener('abort', onAbort, { once: true });
      const fail = (error: HostError) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.waiting = undefined;
        this.close();
        reject(error);
      };
      this.waiting = {
        state,
        resolve: (response) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          this.waiting = undefined;
          resolve(response);
        },
      };
    });
  }

  close(): void {
    this.server.close();
    this.server.closeAllConnections();
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', this.redirectUri);
    const language = request.headers['accept-language']?.toLowerCase().startsWith('de') ? 'de' : 'en';
    if (url.pathname === RESULT_PATH && request.method === 'GET' && this.outcome) {
      response.once('finish', () => this.close());
      sendPage(response, this.outcome === 'ok' ? 200 : 400, language, this.outcome);
      return;
    }
    if (url.pathname !== '/' || (request.method !== 'GET' && request.method !== 'POST')) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    const accept = (params: URLSearchParams) => {
      const waiting = this.waiting;
      if (!waiting || params.get('state') !== waiting.state) {
        // Not this sign-in's redirect (or a second one): say so without touching the flow.
        sendPage(response, 400, language, 'stale');
        return;
      }
      waiting.resolve({
        params,
        finish: (outcome) => {
          // Post/Redirect/Get: the tab's entry becomes /done, so neither the code-bearing address nor the posted
          // form is what the browser keeps for session restore (form_post leaves the code nowhere in the profile).
          this.outcome = outcome;
          response.writeHead(303, { location: RESULT_PATH, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }).end();
          setTimeout(() => this.close(), RESULT_PAGE_GRACE_MS).unref();
        },
      });
    };
    if (request.method === 'GET') return accept(url.searchParams);
    readForm(request)
      .then(accept)
      .catch(() => sendPage(response, 413, language, 'failed'));
  }
}

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers['content-type'] ?? '')) throw new Error('not a form');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

// The tab is closed by the extension right away; this text is for the command line's user and for the moment between.
const PAGES = {
  en: {
    ok: ['Signed in', 'Mailbadge is signed in. You can close this tab.'],
    failed: ['Sign-in failed', 'Mailbadge could not finish the sign-in. Close this tab and try again.'],
    stale: ['Sign-in expired', 'This sign-in is no longer waiting. Start it again from Mailbadge.'],
  },
  de: {
    ok: ['Angemeldet', 'Mailbadge ist angemeldet. Sie können diesen Tab schließen.'],
    failed: ['Anmeldung fehlgeschlagen', 'Mailbadge konnte die Anmeldung nicht abschließen. Schließen Sie diesen Tab und versuchen Sie es erneut.'],
    stale: ['Anmeldung abgelaufen', 'Diese Anmeldung wartet nicht mehr. Starten Sie sie erneut in Mailbadge.'],
  },
} as const;

function sendPage(response: ServerResponse, status: number, language: keyof typeof PAGES, kind: 'ok' | 'failed' | 'stale'): void {
  const [title, text] = PAGES[language][kind];
  const html = `<!doctype html><html lang="${language}"><meta charset="utf-8"><meta name="color-scheme" content="light dark"><title>${title}</title><body style="font:16px system-ui;margin:3em"><h1>${title}</h1><p>${text}</p></body></html>`;
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    // The page must not be kept or referred onwards: its address may carry the authorization code.
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  });
  response.end(html);
}
