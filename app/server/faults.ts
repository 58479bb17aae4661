/** Fault injection (contract §7): faults armed by a user apply to that user's next run only. */
import type { FastifyInstance } from 'fastify';
import type { FaultKind } from '../../contract/events';
import { faultRequest } from '../../contract/http';
import { authenticate } from './authenticate';
import type { AppContext } from './context';
import { parseWith } from './http-errors';

export interface Fault {
  kind: FaultKind;
  afterEvents: number;
}

/** Frames a `ws_drop` lets through when `after_events` is not given. */
export const DEFAULT_WS_DROP_AFTER = 3;

export class FaultStore {
  private readonly armed = new Map<string, Fault[]>();

  arm(userId: string, fault: Fault): Fault[] {
    const faults = [...(this.armed.get(userId) ?? []).filter((f) => f.kind !== fault.kind), fault];
    this.armed.set(userId, faults);
    return faults;
  }

  clear(userId: string): void {
    this.armed.delete(userId);
  }

  /** Hands the armed faults to the run that is starting, disarming them. */
  takeForNextRun(userId: string): Fault[] {
    const faults = this.armed.get(userId) ?? [];
    this.armed.delete(userId);
    return faults;
  }
}

export function registerFaultRoutes(app: FastifyInstance, ctx: AppContext): void {
  if (!ctx.options.enableFaultInjection) return;

  app.post('/__faults', async (request) => {
    const { user } = await authenticate(ctx.tokens, request);
    const body = parseWith(faultRequest, request.body);
    const afterEvents = body.after_events ?? (body.kind === 'ws_drop' ? DEFAULT_WS_DROP_AFTER : 0);
    const faults = ctx.faults.arm(user.id, { kind: body.kind, afterEvents });
    return { armed: faults.map((f) => ({ kind: f.kind, after_events: f.afterEvents })) };
  });

  app.delete('/__faults', async (request, reply) => {
    const { user } = await authenticate(ctx.tokens, request);
    ctx.faults.clear(user.id);
    return reply.code(204).send();
  });
}
