'use client';

import { useState } from 'react';
import { api } from '../../lib/api';
import { describeError } from '../../lib/error-message';
import type { ToolActivity } from '../../lib/stream-reducer';
import type { SourceCitation } from '../../lib/tool-activity';
import { notifyError } from '../ui/notices';

function ApprovalButtons({ generationId, callId }: { generationId: string; callId: string }) {
  const [answered, setAnswered] = useState<boolean | null>(null);
  const answer = async (approved: boolean) => {
    setAnswered(approved);
    try {
      await api.generations.answerToolCall(generationId, callId, approved);
    } catch (error) {
      setAnswered(null);
      notifyError(describeError(error));
    }
  };
  if (answered !== null) return <span className="text-xs text-muted">{answered ? 'Allowed' : 'Denied'}</span>;
  return (
    <span className="flex gap-2">
      <button type="button" className="button-primary px-2 py-1 text-xs" onClick={() => void answer(true)}>
        Allow
      </button>
      <button type="button" className="button px-2 py-1 text-xs" onClick={() => void answer(false)}>
        Deny
      </button>
    </span>
  );
}

function summaryOf(tool: ToolActivity): string {
  if (tool.result) return tool.result.isError ? `Tool ${tool.name} failed` : `Used tool ${tool.name}`;
  return tool.needsApproval ? `${tool.name} wants to run` : `Running ${tool.name}…`;
}

/**
 * The tools an answer called, each collapsed to one line ("Used tool X") that opens to its
 * arguments and result. A call that waits for confirmation shows Allow and Deny.
 */
export function ToolActivityList({
  tools,
  generationId,
}: {
  tools: ToolActivity[];
  generationId?: string | null;
}) {
  if (tools.length === 0) return null;
  return (
    <ul aria-label="Tool calls" className="mb-2 flex flex-col gap-1">
      {tools.map((tool) => {
        const isWaiting = !tool.result && tool.needsApproval && generationId;
        return (
          <li key={tool.callId} className="rounded-lg border border-border text-sm">
            <details open={Boolean(isWaiting)}>
              <summary className="flex cursor-pointer items-center gap-2 px-3 py-1.5 text-muted">
                <span className={tool.result?.isError ? 'text-danger' : undefined}>{summaryOf(tool)}</span>
              </summary>
              <div className="space-y-2 px-3 pb-2">
                <div>
                  <p className="text-xs text-muted">Arguments</p>
                  <pre className="overflow-x-auto whitespace-pre-wrap break-words text-xs">
                    {JSON.stringify(tool.arguments, null, 2)}
                  </pre>
                </div>
                {tool.result ? (
                  <div>
                    <p className="text-xs text-muted">Result</p>
                    <pre className="max-h-64 overflow-auto whitespace-pre-wrap break-words text-xs">
                      {tool.result.content}
                    </pre>
                  </div>
                ) : null}
                {isWaiting ? (
                  <div className="flex items-center gap-3" role="group" aria-label={`Run ${tool.name}?`}>
                    <span className="text-xs">Run this tool?</span>
                    <ApprovalButtons generationId={generationId} callId={tool.callId} />
                  </div>
                ) : null}
              </div>
            </details>
          </li>
        );
      })}
    </ul>
  );
}

/** The numbered sources an answer may cite as [1], [2]… */
export function SourceList({ citations }: { citations: SourceCitation[] }) {
  if (citations.length === 0) return null;
  return (
    <ol aria-label="Sources" className="mt-2 space-y-1 text-sm">
      {citations.map((citation) => (
        <li key={citation.index} className="flex gap-2">
          <span className="text-muted">[{citation.index}]</span>
          {citation.url ? (
            <a
              href={citation.url}
              target="_blank"
              rel="noreferrer noopener"
              className="underline"
              title={citation.excerpt}
            >
              {citation.title}
            </a>
          ) : (
            <span title={citation.excerpt}>{citation.title}</span>
          )}
        </li>
      ))}
    </ol>
  );
}
