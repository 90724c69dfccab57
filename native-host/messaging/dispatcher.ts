// Turns one decoded request into one reply: validates it, runs its handler, and turns any failure into an error reply.
import { ExtensionToHost, parseMessage, requestIdOf, type HostToExtension, type RequestType } from '../../lib/protocol';
import { describeThrown, toProblem } from '../errors';
import type { HandlerContext, RequestHandler } from '../handlers/handler';
import { handlers } from '../handlers';

/** Never rejects: whatever the request holds and whatever its handler throws, the answer is one reply. */
export async function dispatch(input: unknown, context: HandlerContext): Promise<HostToExtension> {
  const id = requestIdOf(input);
  try {
    return await dispatchRequest(input, id, context);
  } catch (error) {
    process.stderr.write(`mailbadge: a request failed: ${describeThrown(error)}\n`);
    return { type: 'error', ...(id ? { id } : {}), problem: toProblem(error) };
  }
}

async function dispatchRequest(input: unknown, id: string | undefined, context: HandlerContext): Promise<HostToExtension> {
  const type = typeof input === 'object' && input !== null && 'type' in input ? (input as { type: unknown }).type : undefined;
  if (typeof type !== 'string' || !Object.hasOwn(handlers, type)) {
    return {
      type: 'error',
      ...(id ? { id } : {}),
      problem: { code: 'UNKNOWN_REQUEST', message: `The host does not know the request type ${describeType(type)}. Update the host: run its install command again.` },
    };
  }
  const parsed = parseMessage(ExtensionToHost, input, `The "${type}" request`);
  if (!parsed.ok) return { type: 'error', ...(id ? { id } : {}), problem: parsed.problem };
  const request = parsed.value;
  // The table pairs each type with its handler, so this widening cannot mismatch them.
  const handler = handlers[request.type] as RequestHandler<RequestType>;
  try {
    return await handler.handle(request, context);
  } catch (error) {
    if (toProblem(error).code === 'INTERNAL') process.stderr.write(`mailbadge: ${request.type} failed: ${describeThrown(error)}\n`);
    return { type: 'error', id: request.id, problem: toProblem(error) };
  }
}

/**
 * The request type as the error names it. Only a string is quoted (shortened): anything else is named by its kind,
 * since serialising what a page sent could be arbitrarily deep or large (JSON.stringify overflows the stack at a few
 * thousand levels).
 */
function describeType(type: unknown): string {
  if (typeof type === 'string') return JSON.stringify(type.length > 60 ? `${type.slice(0, 60)}…` : type);
  if (type === undefined) return '(none)';
  if (type === null) return '(null)';
  if (Array.isArray(type)) return '(an array)';
  return `(${typeof type === 'object' ? 'an object' : `a ${typeof type}`})`;
}
