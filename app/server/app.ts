/** Builds and starts the reference app: HTTP API, WebSocket hub, run engine and UI on one origin. */
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { LIMITS } from '../../contract/events';
import { registerAuthRoutes } from './auth-routes';
import { installJsonParser } from './body-parser';
import type { AppContext } from './context';
import { installCors } from './cors';
import { type Db, openDatabase } from './db';
import { FaultStore, registerFaultRoutes } from './faults';
import { registerHealthRoutes } from './health';
import { installErrorHandlers } from './http-errors';
import { loggerOptions } from './logger';
import { LoginThrottle } from './login-throttle';
import { createModel } from './model';
import type { AppOptions } from './options';
import { RunEngine } from './run-engine';
import { registerRunRoutes } from './run-routes';
import { SocketHub } from './socket-hub';
import { registerThreadRoutes } from './thread-routes';
import { registerTicketRoutes } from './ticket-routes';
import { TicketStore } from './tickets';
import { Tokens } from './tokens';
import { DEFAULT_WEB_DIST, registerUi } from './ui-static';
import { seedUsers } from './users';
import { packageVersion } from './version';
import { registerWebSocketRoute } from './ws-routes';

export interface RunningApp {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Listens on options.host/options.port (0 = any free port) and resolves once /health/ready is 200. */
export async function startApp(options: AppOptions): Promise<RunningApp> {
  const db = openDatabase(options.dbPath);
  let app: FastifyInstance | undefined;
  try {
    app = Fastify({ logger: loggerOptions(options.logLevel), trustProxy: false });
    const ctx = createContext(options, db, app);
    await registerEverything(app, ctx);
    await app.listen({ host: options.host, port: options.port });
    await seedUsers(db, options.users);
    ctx.ready = true;
    const port = listeningPort(app);
    app.log.info({ model: ctx.engine.modelName }, 'reference app ready');
    return { url: `http://${urlHost(options.host)}:${port}`, port, close: onceOnly(() => closeApp(app!, ctx)) };
  } catch (err) {
    await app?.close().catch(() => undefined);
    db.close();
    throw err;
  }
}

function createContext(options: AppOptions, db: Db, app: FastifyInstance): AppContext {
  const hub = new SocketHub(options.heartbeatIdleMs ?? LIMITS.heartbeatIdleMs);
  const faults = new FaultStore();
  const engine = new RunEngine(db, hub, faults, createModel(options.llm), options.agentPaceMs, app.log);
  return {
    options,
    db,
    log: app.log,
    tokens: new Tokens(db, options.jwtSecret, options.accessTokenTtlSeconds),
    throttle: new LoginThrottle(),
    tickets: new TicketStore(),
    hub,
    faults,
    engine,
    version: packageVersion(),
    startedAt: new Date().toISOString(),
    ready: false,
  };
}

async function registerEverything(app: FastifyInstance, ctx: AppContext): Promise<void> {
  installJsonParser(app);
  installErrorHandlers(app);
  installCors(app, ctx.options.corsOrigins);
  await app.register(websocket, {
    options: { maxPayload: LIMITS.maxFrameBytes },
    // ws already closes with 1009 on an oversized frame; terminating here would cut that close frame off.
    errorHandler: (error, _socket, request) => request.log.debug({ err: error }, 'websocket error'),
  });
  registerHealthRoutes(app, ctx);
  registerAuthRoutes(app, ctx);
  registerTicketRoutes(app, ctx);
  registerThreadRoutes(app, ctx);
  registerRunRoutes(app, ctx);
  registerFaultRoutes(app, ctx);
  registerWebSocketRoute(app, ctx);
  await registerUi(app, ctx.options.webDistDir ?? DEFAULT_WEB_DIST, ctx.options.uiUnavailableReason);
}

/** Runs in flight end with agent_error and are marked interrupted; then sockets, port and DB are released. */
async function closeApp(app: FastifyInstance, ctx: AppContext): Promise<void> {
  ctx.ready = false;
  await ctx.engine.shutdown();
  ctx.hub.closeAll(1001, 'server shutting down');
  await app.close();
  ctx.db.close();
}

function listeningPort(app: FastifyInstance): number {
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('server is not listening on a TCP port');
  return address.port;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function onceOnly(fn: () => Promise<void>): () => Promise<void> {
  let promise: Promise<void> | undefined;
  return () => (promise ??= fn());
}
