import { describe, expect, it } from 'vitest';
import { renderTimelineHtml } from '../harness/evidence/timeline-html';
import { renderTimelineText } from '../harness/evidence/timeline-text';
import { capturedSession, playReferenceRun } from './helpers/captured-run';
import { referenceRun, RunBuilder } from './helpers/run-builder';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LTEifQ.c2lnbmF0dXJl';
const TICKET = 'tk_secret_ticket_123';

function sessionWithSecrets() {
  const session = capturedSession();
  const { capture, page, socket } = session;
  playReferenceRun(socket, capture);
  socket.receive({ type: 'error_message', error_code: 'AUTH_FAILED', error_message: `bad token ${JWT}` });
  socket.send({ type: 'user_message', payload: { content: 'my password is hunter22', thread_id: 't-1' } });
  page.request('POST', `http://127.0.0.1:4310/api/agent/v2/execute?token=${JWT}`, 200);
  socket.close();
  return session;
}

describe('renderTimelineText', () => {
  it('has one line per frame, markers, socket lines and a run verdict', () => {
    const { capture } = sessionWithSecrets();
    const text = renderTimelineText(capture);
    const frameLines = text.split('\n').filter((l) => /^\+\s*\d+ ms {2}[←→] (in |out)/.test(l));
    expect(frameLines).toHaveLength(capture.frames.length);
    for (const frame of referenceRun()) expect(text).toContain(frame.type);
    expect(text).toMatch(/\+\s+\d+ ms {2}← in {3}agent_thinking\s+triage_agent\s+#4\s+"Classifying the request…"/);
    expect(text).toContain('── message sent ──');
    expect(text).toContain('⇄ socket 0 opened  ws://127.0.0.1:4310/ws?ticket=[redacted]');
    expect(text).toContain('⇄ socket 0 closed');
    expect(text).toContain('r-1: 19 frames, completed: supervisor agent_completed then final_report; ordering rules hold');
  });

  it('flags violations inline under their frame', () => {
    const { capture, socket } = capturedSession();
    const [, tool] = new RunBuilder().started('supervisor').toolExecuting('supervisor', 'cost_model').build() as Array<{ payload: Record<string, unknown> }>;
    delete tool!.payload.execution_id;
    socket.receive(tool);
    const lines = renderTimelineText(capture).split('\n');
    const at = lines.findIndex((l) => l.includes('tool_executing'));
    expect(lines[at + 1]).toMatch(/^\s+!! payload\.execution_id: .*expected string/);
  });

  it('never shows tickets, tokens or known secrets', () => {
    const { capture } = sessionWithSecrets();
    const text = renderTimelineText(capture, { secrets: ['hunter22'] });
    expect(text).not.toContain(TICKET);
    expect(text).not.toContain(JWT);
    expect(text).not.toContain('hunter22');
    expect(text).toContain('bad token [redacted]');
  });
});

describe('renderTimelineHtml', () => {
  it('is a self-contained page with a swimlane chart and a row per frame', () => {
    const { capture } = sessionWithSecrets();
    const html = renderTimelineHtml(capture, 'golden path <run>');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|src=/i);
    expect(html).toContain('<title>golden path &#60;run&#62;</title>');
    expect(html).toContain('<svg');
    for (const lane of ['connection', 'supervisor', 'triage_agent', 'data_agent', 'report_agent']) expect(html).toContain(`>${lane}</text>`);
    expect(html).toContain('classify_request (exec-1) completed after');
    expect(html).toContain('message sent');
    const rows = html.match(/<tr(?: class="[^"]*")?><td class="num">/g) ?? [];
    const frameRows = rows.filter((r) => !r.includes('marker') && !r.includes('socket'));
    expect(frameRows).toHaveLength(capture.frames.length);
  });

  it('escapes content and never shows tickets, tokens or known secrets', () => {
    const { capture, socket } = sessionWithSecrets();
    socket.receive({ ...referenceRun()[1], payload: { status: 'thinking', reasoning: '<img src=x onerror=alert(1)>', step_number: 1, progress_percentage: 5 } });
    const html = renderTimelineHtml(capture, `run with ticket=${TICKET}`, { secrets: ['hunter22'] });
    expect(html).not.toContain('<img');
    expect(html).not.toContain(TICKET);
    expect(html).not.toContain(JWT);
    expect(html).not.toContain('hunter22');
  });

  it('renders an empty capture', () => {
    const { capture } = capturedSession();
    expect(renderTimelineHtml(capture, 'empty')).toContain('</html>');
    expect(renderTimelineText(capture)).toContain('1 frame on 1 socket, 0 runs');
  });
});
