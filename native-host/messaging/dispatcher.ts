// Turns one decoded request into one reply: validates it, runs its handler, and turns any failure into an error reply.
import { ExtensionToHost, parseMessage, requestIdOf, type HostToExtension, type RequestType } from '../../lib/protocol';
import { toProblem } from '../errors';
import type { HandlerContext, RequestHandler } from '../handlers/handler';
import { handlers } from '../handlers';

export async function dispatch(input: unknown, context: HandlerContext): Promise<HostToExtension> {
  const id = requestIdOf(input);
  const type = typeof input === 'object' && input !== null && 'type' in input ? (input as { type: unknown }).type : undefined;
  if (typeof type !== 'string' || !Object.hasOwn(handlers, type)) {
    return {
      type: 'error',
      ...(id ? { id } : {}),
      problem: {
        code: 'UNKNOWN_REQUEST',
        message: `The host does not know the request type ${JSON.stringify(type)?.slice(0, 60) ?? 'undefined'}. Update the host: run its install command again.`,
      },
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
    if (toProblem(error).code === 'INTERNAL') process.stderr.write(`mailbadge: ${request.type} failed: ${String(error)}\n`);
    return { type: 'error', id: request.id, problem: toProblem(error) };
  }
}
