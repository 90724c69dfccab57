// An OAuth2 sign-in as a page runs it: the host starts it and the worker opens the provider's page in a tab; the page
// waits for the host's signInFinished (relayed by the worker), which names the sign-in and never carries a token.
import { browser } from 'wxt/browser';
import type { Problem } from '../../lib/protocol';
import { askHost, unexpectedReply } from '../host-requests';

export type SignInOutcome = { ok: true; signIn: string } | { ok: false; problem: Problem };

interface FinishedOutline {
  type: 'signInFinished';
  signIn: string;
  problem?: Problem;
}

function isFinished(message: unknown): message is FinishedOutline {
  const m = message as Partial<FinishedOutline> | null;
  return typeof m === 'object' && m !== null && m.type === 'signInFinished' && typeof m.signIn === 'string';
}

export async function signInThroughHost(provider: string, user: string): Promise<SignInOutcome> {
  // Listen before asking: a quick provider can finish before the start's reply arrives.
  const finished = new Map<string, FinishedOutline>();
  let wake: (() => void) | undefined;
  const listener = (message: unknown) => {
    if (!isFinished(message)) return;
    finished.set(message.signIn, message);
    wake?.();
  };
  browser.runtime.onMessage.addListener(listener);
  try {
    const reply = await askHost({ type: 'startSignIn', provider, user });
    if (reply.type !== 'signInStarted') return { ok: false, problem: unexpectedReply(reply) };
    // The host gives up after five minutes and says so, so this wait ends.
    while (!finished.has(reply.signIn)) await new Promise<void>((resolve) => (wake = resolve));
    const event = finished.get(reply.signIn)!;
    return event.problem ? { ok: false, problem: event.problem } : { ok: true, signIn: event.signIn };
  } finally {
    browser.runtime.onMessage.removeListener(listener);
  }
}
