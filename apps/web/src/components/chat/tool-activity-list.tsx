'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { api } from '../../lib/api';
import { useDescribeError } from '../../hooks/use-describe-error';
import type { ToolActivity } from '../../lib/stream-reducer';
import type { SourceCitation } from '../../lib/tool-activity';
import { notifyError } from '../ui/notices';

function ApprovalButtons({ generationId, callId }: { generationId: string; callId: string }) {
  const describeError = useDescribeError();
  const t = useTranslations('chat.tools');
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
  if (answered !== null)
    return <span className="text-xs text-muted">{answered ? t('allowed') : t('denied')}</span>;
  return (
    <span className="flex gap-2">
      <button type="button" className="button-primary px-2 py-1 text-xs" onClick={() => void answer(true)}>
        {t('allow')}
      </button>
      <button type="button" className="button px-2 py-1 text-xs" onClick={() => void answer(false)}>
        {t('deny')}
      </button>
    </span>
  );
}

function ToolSummary({ tool }: { tool: ToolActivity }) {
  const t = useTranslations('chat.tools');
  const name = tool.name;
  if (tool.result) return tool.result.isError ? t('failed', { name }) : t('used', { name });
  return tool.needsApproval ? t('wantsToRun', { name }) : t('running', { name });
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
  const t = useTranslations('chat.tools');
  if (tools.length === 0) return null;
  return (
    <ul aria-label={t('list')} className="mb-2 flex flex-col gap-1">
      {tools.map((tool) => {
        const isWaiting = !tool.result && tool.needsApproval && generationId;
        return (
          <li key={tool.callId} className="rounded-lg border border-border text-sm">
            <details open={Boolean(isWaiting)}>
              <summary className="flex cursor-pointer items-center gap-2 px-3 py-1.5 text-muted">
                <span className={tool.result?.isError ? 'text-danger' : undefined}>
                  <ToolSummary tool={tool} />
                </span>
              </summary>
              <div className="space-y-2 px-3 pb-2">
                <div>
                  <p className="text-xs text-muted">{t('arguments')}</p>
                  <pre className="overflow-x-auto whitespace-pre-wrap break-words text-xs">
                    {JSON.stringify(tool.arguments, null, 2)}
                  </pre>
                </div>
                {tool.result ? (
                  <div>
                    <p className="text-xs text-muted">{t('result')}</p>
                    <pre className="max-h-64 overflow-auto whitespace-pre-wrap break-words text-xs">
                      {tool.result.content}
                    </pre>
                  </div>
                ) : null}
                {isWaiting ? (
                  <div
                    className="flex items-center gap-3"
                    role="group"
                    aria-label={t('runNamed', { name: tool.name })}
                  >
                    <span className="text-xs">{t('runThis')}</span>
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
  const t = useTranslations('chat.sources');
  if (citations.length === 0) return null;
  return (
    <ol aria-label={t('list')} className="mt-2 space-y-1 text-sm">
      {citations.map((citation) => (
        <li key={citation.index} className="flex gap-2">
          <span className="text-muted">{t('marker', { index: citation.index })}</span>
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
