import type { ToolStatus } from '../runStore';

const LABEL: Record<ToolStatus['status'], string> = { executing: 'running', completed: 'done', failed: 'failed' };

export function ToolStatusList({ tools }: { tools: ToolStatus[] }) {
  if (tools.length === 0) return <p className="panel-empty">No tools used yet.</p>;
  return (
    <ul className="tool-list">
      {tools.map((tool) => (
        <li
          key={tool.executionId}
          className={`tool-status ${tool.status}`}
          data-testid="tool-status"
          data-tool-name={tool.toolName}
          data-status={tool.status}
          title={tool.error}
        >
          <span className="tool-dot" aria-hidden="true" />
          <span className="tool-name">{tool.toolName}</span>
          <span className="tool-meta">
            {LABEL[tool.status]}
            {tool.durationMs !== undefined && ` · ${Math.round(tool.durationMs)} ms`}
          </span>
        </li>
      ))}
    </ul>
  );
}
