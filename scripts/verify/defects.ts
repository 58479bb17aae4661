/**
 * The planted defects `npm run verify:suite` runs the suite against. Each one is the kind of bug a
 * developer could ship in the reference app; it is planted only in a copy of `app/`
 * (scripts/verify/plant.ts), never switched on in the real app.
 *
 * A patch's `find` must occur exactly once in its file, so that the catalogue fails loudly (in
 * tests/verify-defects.test.ts and at plant time) when the app changes under it instead of
 * silently planting nothing.
 */
import { parseEnv } from '../../config/env';

export const AREAS = ['pipeline', 'orchestration', 'realtime', 'journey', 'resilience', 'isolation', 'auth'] as const;
export type Area = (typeof AREAS)[number];

export interface Patch {
  /** Path relative to the app dir (e.g. `server/tickets.ts`, `web/src/socket.ts`). */
  file: string;
  /** Exact text that must occur exactly once in the file. */
  find: string;
  replace: string;
}

export interface Defect {
  id: string;
  /**
   * The suite area (spec tag `@<area>`) whose part of the contract the defect breaks.
   * verify:suite runs that area's tests against the defect first.
   */
  area: Area;
  description: string;
  patches: Patch[];
  /**
   * A failure message that names the cause matches this. Used only to report whether the suite's
   * messages say what is wrong; a failed test counts as catching the defect either way.
   */
  cause: RegExp;
  /**
   * The defect loses or misreports a user's work: the sign-off of a run that meets it must block
   * the release (a blocking checklist item failed), not only show a failed test.
   */
  mustBlock?: true;
}

/** The first-event SLA budget the suite applies: E2E_SLA_FIRST_EVENT_MS, else config/env.ts's default. */
export function firstEventBudgetMs(env: NodeJS.ProcessEnv = process.env): number {
  const configured = Number(env.E2E_SLA_FIRST_EVENT_MS);
  if (Number.isInteger(configured) && configured > 0) return configured;
  return parseEnv({}).E2E_SLA_FIRST_EVENT_MS;
}

/** agent_started comes this much later than the budget allows. */
export const FIRST_EVENT_OVERSHOOT_MS = 1_500;

const firstEventDelayMs = firstEventBudgetMs() + FIRST_EVENT_OVERSHOOT_MS;

export const DEFECTS: Defect[] = [
  // ── server: what a run streams ─────────────────────────────────────────────────────────────
  {
    id: 'no-agent-thinking',
    area: 'pipeline',
    description: 'The server never sends agent_thinking frames (filtered out as "noise").',
    cause: /agent_thinking|thinking/i,
    patches: [
      {
        file: 'server/run-engine.ts',
        find: `      emit: (type, agent, payload) => {
        this.throwIfStopped(run);
        this.emitFrame(run, type, agent, payload);`,
        replace: `      emit: (type, agent, payload) => {
        this.throwIfStopped(run);
        if (type === 'agent_thinking') return; // reasoning is noise for clients; keep it server-side
        this.emitFrame(run, type, agent, payload);`,
      },
    ],
  },
  {
    id: 'tool-name-lost',
    area: 'pipeline',
    description: "tool_completed names the tool from a field that is never set, so the tool's name is lost (unknown_tool).",
    cause: /unknown_tool|tool.?name|name was lost/i,
    patches: [
      {
        file: 'server/run-driver.ts',
        find: 'const base = { tool_name: step.tool, execution_id: executionId,',
        replace: "const base = { tool_name: String(step.parameters.tool ?? 'unknown_tool'), execution_id: executionId,",
      },
    ],
  },
  {
    id: 'no-final-report',
    area: 'pipeline',
    description: 'The final_report is built but never sent: a successful run ends with agent_completed only.',
    cause: /final_report/i,
    patches: [
      {
        file: 'server/run-driver.ts',
        find: `  act.emit('final_report', SUPERVISOR, {
    executive_summary: executiveSummary(answer),`,
        replace: `  const finalReport: PayloadOf<'final_report'> = {
    executive_summary: executiveSummary(answer),`,
      },
      {
        file: 'server/run-driver.ts',
        find: `    total_duration_ms: Date.now() - startedAt,
  });
}`,
        replace: `    total_duration_ms: Date.now() - startedAt,
  };
  void finalReport; // TODO: send it once the UI renders reports
}`,
      },
    ],
  },
  {
    id: 'slow-first-event',
    area: 'pipeline',
    description: `agent_started is sent only after a ${firstEventDelayMs} ms "model warm-up": past the first-event budget (${firstEventBudgetMs()} ms).`,
    cause: /agent_started|first (agent )?event|SLA/i,
    patches: [
      {
        file: 'server/run-driver.ts',
        find: `  // Sent synchronously, before the first await: agent_started follows a send at once.
  act.emit('agent_started', SUPERVISOR,`,
        replace: `  await new Promise((resolve) => setTimeout(resolve, ${firstEventDelayMs})); // let the model connection warm up first
  act.emit('agent_started', SUPERVISOR,`,
      },
    ],
  },
  {
    id: 'answer-not-stored',
    area: 'pipeline',
    description: 'The assistant answer is stored only for committed runs, but it is stored before the commit: it is never saved.',
    cause: /stor|persist|reload|history|messages/i,
    patches: [
      {
        file: 'server/run-engine.ts',
        find: "      addMessage(this.db, { threadId: run.threadId, userId: run.userId, role: 'assistant',",
        replace: "      if (run.committed) addMessage(this.db, { threadId: run.threadId, userId: run.userId, role: 'assistant',",
      },
    ],
  },

  {
    id: 'no-recommendations',
    area: 'journey',
    description: 'The recommendation parser knows only bullet lists; the model writes a numbered list, so final_report.recommendations is empty.',
    cause: /recommendation/i,
    patches: [
      {
        file: 'server/answer-text.ts',
        find: 'const item = /^\\s*(?:[-*•]|\\d+[.)])\\s+(.+)$/.exec(line);',
        replace: 'const item = /^\\s*[-*•]\\s+(.+)$/.exec(line);',
      },
    ],
  },

  // ── server: ordering ───────────────────────────────────────────────────────────────────────
  {
    id: 'tool-completed-before-executing',
    area: 'orchestration',
    description: 'tool_executing is sent after the tool has finished, so tool_completed comes before its tool_executing.',
    cause: /tool_executing|tool_completed|R3|pairing|order/i,
    patches: [
      {
        file: 'server/run-driver.ts',
        find: `  act.emit('tool_executing', step.agent, { status: 'executing', tool_name: step.tool, execution_id: executionId, parameters: step.parameters });
  const fault = act.takeToolFault();`,
        replace: `  const fault = act.takeToolFault();`,
      },
      {
        file: 'server/run-driver.ts',
        find: `  act.emit('tool_completed', step.agent, { ...base, status: 'completed', result });`,
        replace: `  act.emit('tool_completed', step.agent, { ...base, status: 'completed', result });
  act.emit('tool_executing', step.agent, { status: 'executing', tool_name: step.tool, execution_id: executionId, parameters: step.parameters });`,
      },
    ],
  },
  {
    id: 'subagent-completes-before-tool',
    area: 'orchestration',
    description: "A tool's completion is reported in the background, so its sub-agent's agent_completed comes before the tool_completed.",
    cause: /tool_completed|agent_completed|R2|R3|order|after/i,
    patches: [
      {
        file: 'server/run-driver.ts',
        find: `  const result = runTool(step.tool, input.request);
  act.emit('tool_completed', step.agent, { ...base, status: 'completed', result });`,
        replace: `  const result = runTool(step.tool, input.request);
  // Report the completion in the background: the agent need not wait for the frame to go out.
  void act.pace(2).then(() => act.emit('tool_completed', step.agent, { ...base, status: 'completed', result })).catch(() => undefined);`,
      },
    ],
  },

  // ── server: isolation ──────────────────────────────────────────────────────────────────────
  {
    id: 'frames-to-every-user',
    area: 'isolation',
    description: "A run's frames are broadcast to every open socket, not only to the sockets of the run's user.",
    cause: /user_id|another user|other user|leak|isolation|belongs to/i,
    patches: [
      {
        file: 'server/socket-hub.ts',
        find: `    for (const client of this.socketsOf(userId)) {
      const cursor = client.runCursors.get(runId);
      if (cursor === undefined || frame.seq <= cursor) continue;`,
        replace: `    for (const client of [...this.byUser.values()].flatMap((sockets) => [...sockets])) {
      const cursor = client.runCursors.get(runId) ?? 0;
      if (frame.seq <= cursor) continue;`,
      },
    ],
  },
  {
    id: 'foreign-thread-readable',
    area: 'isolation',
    description: "Thread lookup forgets the owner: another user's thread is readable (200, title included) instead of 404.",
    cause: /404|not found|another user|other user|foreign|isolation|someone else/i,
    patches: [
      {
        file: 'server/threads.ts',
        find: `FROM threads t WHERE t.id = ? AND t.user_id = ? AND t.deleted_at IS NULL\`)
    .get(threadId, userId)`,
        replace: `FROM threads t WHERE t.id = ? AND t.deleted_at IS NULL\`)
    .get(threadId)`,
      },
    ],
  },

  {
    id: 'foreign-thread-deletable',
    area: 'isolation',
    description: "Deleting a thread forgets the owner: any signed-in user can delete another user's thread (204 instead of 404).",
    cause: /delete|404|another user|user1's thread/i,
    patches: [
      {
        file: 'server/threads.ts',
        find: `.prepare('UPDATE threads SET deleted_at = ? WHERE id = ? AND user_id = ? AND deleted_at IS NULL')
    .run(new Date().toISOString(), threadId, userId);`,
        replace: `.prepare('UPDATE threads SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL')
    .run(new Date().toISOString(), threadId);`,
      },
    ],
  },
  {
    id: 'threads-oldest-first',
    area: 'pipeline',
    description: 'The thread list is sorted oldest first, where the contract says newest first.',
    cause: /newest first|order|sort/i,
    patches: [
      {
        file: 'server/threads.ts',
        find: 'ORDER BY t.created_at DESC, t.rowid DESC LIMIT ? OFFSET ?',
        replace: 'ORDER BY t.created_at ASC, t.rowid ASC LIMIT ? OFFSET ?',
      },
    ],
  },

  // ── server: auth ───────────────────────────────────────────────────────────────────────────
  {
    id: 'ticket-reusable',
    area: 'auth',
    description: 'WebSocket tickets are not spent when used: the same ticket opens a second socket.',
    cause: /ticket|single.?use|reus|1008|AUTH_FAILED/i,
    patches: [
      {
        file: 'server/tickets.ts',
        find: `    const ticket = this.tickets.get(ticketId);
    this.tickets.delete(ticketId);
`,
        replace: `    const ticket = this.tickets.get(ticketId);
`,
      },
    ],
  },
  {
    id: 'refresh-not-rotated',
    area: 'auth',
    description: 'Refresh tokens are never spent: the same refresh token gives new tokens again and again.',
    cause: /refresh|rotate|single.?use|spent/i,
    patches: [
      {
        file: 'server/tokens.ts',
        find: `    const spent = this.db
      .prepare('UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL')
      .run(new Date().toISOString(), hashToken(refreshToken));
    if (spent.changes !== 1) return null;
`,
        replace: '',
      },
    ],
  },
  {
    id: 'logout-keeps-refresh',
    area: 'auth',
    description: "Logout leaves the session's refresh tokens usable: /auth/refresh still answers with new tokens after logout.",
    cause: /refresh|logout|revok/i,
    patches: [
      {
        file: 'server/tokens.ts',
        find: `      this.db.prepare('UPDATE refresh_tokens SET used_at = ? WHERE session_id = ? AND used_at IS NULL').run(now, sessionId);
`,
        replace: '',
      },
      {
        file: 'server/tokens.ts',
        find: 'if (!this.sessionIsActive(row.session_id, row.user_id) || !findActiveUser(this.db, row.user_id)) return null;',
        replace: 'if (!findActiveUser(this.db, row.user_id)) return null;',
      },
    ],
  },

  // ── server: resume ─────────────────────────────────────────────────────────────────────────
  {
    id: 'resume-replays-all',
    area: 'resilience',
    mustBlock: true,
    description: 'resume ignores after_seq and replays the whole run, so the client gets frames it already had (duplicates).',
    cause: /seq|repeat|duplicat|twice|resume/i,
    patches: [
      {
        file: 'server/ws-handlers.ts',
        find: 'ctx.hub.replay(client, runId, afterSeq, eventsAfter(ctx.db, runId, afterSeq));',
        replace: 'ctx.hub.replay(client, runId, afterSeq, eventsAfter(ctx.db, runId, 0));',
      },
    ],
  },

  // ── server: recovery from a failed tool ────────────────────────────────────────────────────
  {
    id: 'tool-failure-ends-run',
    area: 'orchestration',
    mustBlock: true,
    description: 'A failed tool aborts the whole run (agent_error) instead of letting the report agent answer with what it has.',
    cause: /tool|agent_error|answer|failed/i,
    patches: [
      {
        file: 'server/run-driver.ts',
        find: "return { agent: step.agent, tool: step.tool, status: 'failed', error };",
        replace: 'throw new Error(`tool ${step.tool} failed: ${error}`);',
      },
    ],
  },

  {
    id: 'seq-skips-after-failed-tool',
    area: 'orchestration',
    mustBlock: true,
    description: "A failed tool's tool_completed takes two sequence numbers (a retry slot is reserved), so the run's seq jumps by two.",
    cause: /seq|ordering/i,
    patches: [
      {
        file: 'server/run-engine.ts',
        find: '    const seq = run.seq + 1;',
        replace: "    const seq = run.seq + (type === 'tool_completed' && (payload as { status?: string }).status === 'failed' ? 2 : 1);",
      },
    ],
  },

  // ── UI ─────────────────────────────────────────────────────────────────────────────────────
  {
    id: 'ui-render-only-at-end',
    area: 'realtime',
    description: "The UI batches a run's frames and renders them only when the run ends (fewer re-renders).",
    cause: /only at the end|while the run was going|live|before the run ended/i,
    patches: [
      {
        file: 'web/src/session.ts',
        find: '  private active = false;\n',
        replace: '  private active = false;\n  private readonly batches = new Map<string, RunFrame[]>();\n',
      },
      {
        file: 'web/src/session.ts',
        find: `      // Commit each frame as its own render, so the page shows it the moment it arrives.
      flushSync(() => this.store.update((s) => applyFrame(s, frame)));`,
        replace: `      // Render each run's frames together once it ends: one render instead of dozens.
      const batch = this.batches.get(frame.run_id) ?? [];
      this.batches.set(frame.run_id, [...batch, frame]);
      if (frame.type === 'final_report' || frame.type === 'agent_error') {
        const frames = this.batches.get(frame.run_id) ?? [];
        this.batches.delete(frame.run_id);
        flushSync(() => this.store.update((s) => frames.reduce((state, f) => applyFrame(state, f), s)));
      }`,
      },
    ],
  },
  {
    id: 'ui-stuck-running',
    area: 'realtime',
    description: 'endsRun no longer counts final_report, so the final_report that follows agent_completed marks the run active again: the UI stays "running".',
    cause: /running state|run is over|idle|thinking|stuck|input/i,
    patches: [
      {
        file: 'web/src/runStore.ts',
        find: `    frame.type === 'final_report' ||
    frame.type === 'agent_error' ||
    (frame.type === 'agent_completed' && frame.agent_name === SUPERVISOR)`,
        replace: `    frame.type === 'agent_error' ||
    (frame.type === 'agent_completed' && frame.agent_name === SUPERVISOR)`,
      },
    ],
  },
  {
    id: 'ui-answer-from-chunks',
    area: 'realtime',
    description:
      'The UI builds the answer from partial_result chunks (holding each back until the next arrives, so the last one is never shown) and ignores final_response.',
    cause: /final_response|answer/i,
    patches: [
      {
        file: 'web/src/runStore.ts',
        find: 'const nextKey = (prefix: string): string => `${prefix}-${++keyCounter}`;\n',
        replace:
          'const nextKey = (prefix: string): string => `${prefix}-${++keyCounter}`;\n' +
          '/** The latest chunk of each run, shown once the next one arrives (so no word is shown cut in half). */\n' +
          'const heldChunk = new Map<string, string>();\n',
      },
      {
        file: 'web/src/runStore.ts',
        find: `        view = withAnswer(view, frame.run_id, (text) => text + frame.payload.content, true);`,
        replace: `        view = withAnswer(view, frame.run_id, (text) => text + (heldChunk.get(frame.run_id) ?? ''), true);
        heldChunk.set(frame.run_id, frame.payload.is_complete ? '' : frame.payload.content);`,
      },
      {
        file: 'web/src/runStore.ts',
        find: 'view = withAnswer(view, frame.run_id, () => finalResponse, false);',
        replace: 'view = withAnswer(view, frame.run_id, (text) => text || finalResponse, false);',
      },
    ],
  },
  {
    id: 'ui-html-injection',
    area: 'pipeline',
    description: 'Message text is rendered as HTML (dangerouslySetInnerHTML), so markup in a message is interpreted.',
    cause: /html|markup|script|text|escap|inject/i,
    patches: [
      {
        file: 'web/src/components/MessageList.tsx',
        find: `                data-role={message.role}
              >
                {message.content}
              </div>`,
        replace: `                data-role={message.role}
                dangerouslySetInnerHTML={{ __html: message.content }}
              />`,
      },
    ],
  },
  {
    id: 'ui-shift-enter-sends',
    area: 'pipeline',
    description: 'The composer sends on every Enter, Shift+Enter included, so a message can never have a second line.',
    cause: /shift\+enter|new line|line break/i,
    patches: [
      {
        file: 'web/src/components/MessageInput.tsx',
        find: "if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {",
        replace: "if (event.key === 'Enter' && !event.nativeEvent.isComposing) {",
      },
    ],
  },
  {
    id: 'message-length-unchecked',
    area: 'resilience',
    description: 'The 10 000-character limit on a message is no longer checked: an over-long message starts a run instead of INVALID_MESSAGE.',
    cause: /INVALID_MESSAGE|characters|over-long|too long/i,
    patches: [
      {
        file: 'server/message-rules.ts',
        find: '  if (content.length > LIMITS.maxMessageChars) return `Message content is longer than ${LIMITS.maxMessageChars} characters`;\n',
        replace: '',
      },
    ],
  },
  {
    id: 'pong-missing',
    area: 'resilience',
    description: 'The server swallows ping frames and never answers pong, so a client keep-alive takes the socket for dead.',
    cause: /pong|ping/i,
    patches: [
      {
        file: 'server/ws-handlers.ts',
        find: "      ctx.hub.sendToClient(client, { type: 'pong', payload: { timestamp: frame.payload?.timestamp ?? frame.timestamp ?? new Date().toISOString() } });\n",
        replace: '',
      },
    ],
  },
  {
    id: 'ui-new-chat-keeps-conversation',
    area: 'orchestration',
    description: 'New chat goes to /chat but keeps the last conversation on screen (the page falls back to the last thread it showed).',
    cause: /new chat|no messages|previous conversation/i,
    patches: [
      {
        file: 'web/src/components/ChatPage.tsx',
        find: "import { useEffect, useState } from 'react';",
        replace: "import { useEffect, useRef, useState } from 'react';",
      },
      {
        file: 'web/src/components/ChatPage.tsx',
        find: '  const view = threadId ? state.views[threadId] : undefined;',
        replace: `  const lastShown = useRef<string | null>(null);
  if (threadId) lastShown.current = threadId;
  const view = lastShown.current ? state.views[lastShown.current] : undefined;`,
      },
    ],
  },
  {
    id: 'ticket-times-in-ms',
    area: 'auth',
    description: "The ticket's created_at and expires_at are sent in milliseconds, where the contract says unix seconds.",
    cause: /seconds|milliseconds|expires_at|created_at/i,
    patches: [
      {
        file: 'server/tickets.ts',
        find: '    const createdAt = Math.floor(nowMs / 1000);\n    return { ticketId, createdAt, expiresAt: createdAt + ttlSeconds, ttlSeconds };',
        replace: '    const createdAt = nowMs;\n    return { ticketId, createdAt, expiresAt: createdAt + ttlSeconds * 1000, ttlSeconds };',
      },
    ],
  },
  {
    id: 'ui-no-reconnect',
    area: 'resilience',
    mustBlock: true,
    description: 'A dropped socket is treated as final: the UI shows "disconnected" and never reconnects.',
    cause: /reconnect|connected|disconnected|connection/i,
    patches: [
      {
        file: 'web/src/socket.ts',
        find: `      void this.recoverAuth();
      return;
    }
    this.scheduleReconnect();`,
        replace: `      void this.recoverAuth();
      return;
    }
    this.setState('disconnected');`,
      },
    ],
  },
  {
    id: 'ui-duplicate-after-resume',
    area: 'resilience',
    mustBlock: true,
    description:
      'After a reconnect the UI re-requests its last frame "to be safe", and its de-duplication is off by one (`<` for `<=`): that frame is shown twice.',
    cause: /twice|duplicat|repeat|seq|once/i,
    patches: [
      {
        file: 'web/src/session.ts',
        find: 'if (!track.done) this.resume(runId, track.lastSeq, true);',
        replace: 'if (!track.done) this.resume(runId, Math.max(0, track.lastSeq - 1), true); // re-request the last frame in case it was cut off',
      },
      {
        file: 'web/src/runStore.ts',
        find: 'if (seq <= track.lastSeq || track.held.some((held) => held.seq === seq)) return state;',
        replace: 'if (seq < track.lastSeq || track.held.some((held) => held.seq === seq)) return state;',
      },
    ],
  },
  {
    id: 'ui-hides-db-error',
    area: 'resilience',
    mustBlock: true,
    description: 'The UI leaves storage failures (DB_ERROR) out of its error banner, as "internal": the user believes the unsaved answer is saved.',
    cause: /told|alert|error|stored|run-error/i,
    patches: [
      {
        file: 'web/src/components/ChatPage.tsx',
        find: '{view?.error && threadId && <RunError',
        replace: "{view?.error && view.error.code !== 'DB_ERROR' && threadId && <RunError",
      },
    ],
  },
  {
    id: 'ui-retry-dead',
    area: 'resilience',
    mustBlock: true,
    description: "Retry's guard is inverted: it re-sends the thread's last question only when there is none, so it never sends.",
    cause: /retry|new run|start/i,
    patches: [
      {
        file: 'web/src/session.ts',
        find: 'if (content) this.sendMessage(threadId, content);',
        replace: "if (!content) this.sendMessage(threadId, content ?? '');",
      },
    ],
  },
];

export function findDefect(id: string): Defect | undefined {
  return DEFECTS.find((d) => d.id === id);
}
