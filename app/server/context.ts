/** Everything route and socket handlers share, built once per app by `startApp`. */
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from './db';
import type { FaultStore } from './faults';
import type { LoginThrottle } from './login-throttle';
import type { AppOptions } from './options';
import type { RunEngine } from './run-engine';
import type { SocketHub } from './socket-hub';
import type { TicketStore } from './tickets';
import type { Tokens } from './tokens';

export interface AppContext {
  options: AppOptions;
  db: Db;
  log: FastifyBaseLogger;
  tokens: Tokens;
  throttle: LoginThrottle;
  tickets: TicketStore;
  hub: SocketHub;
  faults: FaultStore;
  engine: RunEngine;
  version: string;
  startedAt: string;
  ready: boolean;
}
