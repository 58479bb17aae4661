/** Colours and escaping the HTML timeline and its swimlanes share. */

export const TYPE_COLORS: Record<string, string> = {
  agent_started: '#2563eb',
  agent_thinking: '#8b5cf6',
  tool_executing: '#d97706',
  tool_completed: '#059669',
  partial_result: '#0891b2',
  agent_completed: '#15803d',
  final_report: '#0f766e',
  agent_error: '#dc2626',
};
export const CONTROL_COLOR = '#94a3b8';
export const CLIENT_COLOR = '#334155';

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
