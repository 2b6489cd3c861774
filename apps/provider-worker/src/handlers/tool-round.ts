import type { FrameBody, ToolApprovals } from '@vivier/bus';
import type { ToolCallRecord } from '@vivier/contracts';
import type { ToolCallEvent, ToolResultPart } from '@vivier/providers';
import type { ToolBox } from '@vivier/tools';

export interface ToolRoundDeps {
  /** Writes a frame unless another worker owns the generation now. */
  append: (frame: FrameBody) => Promise<void>;
  approvals?: Pick<ToolApprovals, 'wait'>;
  approvalTimeoutMs: number;
}

export interface ToolRoundInput {
  generationId: string;
  box: ToolBox;
  calls: ToolCallEvent[];
  requireApproval: boolean;
  signal: AbortSignal;
  /** How much of the answer was written before these calls (stored, to replay the order). */
  offset: number;
  /** The next citation number in this answer. */
  nextCitation: number;
}

export interface ToolRoundResult {
  records: ToolCallRecord[];
  results: ToolResultPart[];
  nextCitation: number;
}

const DECLINED = {
  denied: 'The user declined to run this tool.',
  'timed-out': 'The user did not confirm this tool call in time, so it did not run.',
} as const;

/**
 * Runs one round of the model's tool calls, one after another: a `tool_call` frame, the user's
 * confirmation when the chat asks for it, the call (bounded by the tool box), then `citation`
 * frames for any web sources and the `tool_result` frame. Cancelling the generation aborts it.
 */
export async function runToolRound(deps: ToolRoundDeps, input: ToolRoundInput): Promise<ToolRoundResult> {
  const records: ToolCallRecord[] = [];
  const results: ToolResultPart[] = [];
  let nextCitation = input.nextCitation;
  for (const call of input.calls) {
    const needsApproval = input.requireApproval && deps.approvals !== undefined;
    await deps.append({
      type: 'tool_call',
      callId: call.callId,
      name: call.name,
      arguments: call.arguments,
      ...(needsApproval ? { needsApproval: true } : {}),
    });
    let outcome: { content: string; isError: boolean };
    const citations: NonNullable<ToolCallRecord['citations']> = [];
    const approval =
      needsApproval && deps.approvals
        ? await deps.approvals.wait(input.generationId, call.callId, {
            timeoutMs: deps.approvalTimeoutMs,
            signal: input.signal,
          })
        : 'approved';
    if (approval === 'approved') {
      const run = await input.box.run(call, { signal: input.signal, firstSourceIndex: nextCitation });
      for (const source of run.sources) {
        citations.push({ index: nextCitation, ...source });
        await deps.append({
          type: 'citation',
          index: nextCitation,
          source: { url: source.url, title: source.title, excerpt: source.excerpt },
        });
        nextCitation += 1;
      }
      outcome = { content: run.content, isError: run.isError };
    } else {
      outcome = { content: DECLINED[approval], isError: true };
    }
    await deps.append({ type: 'tool_result', callId: call.callId, ...outcome });
    records.push({
      callId: call.callId,
      name: call.name,
      arguments: call.arguments,
      ...outcome,
      offset: input.offset,
      ...(citations.length > 0 ? { citations } : {}),
    });
    results.push({ type: 'tool_result', callId: call.callId, name: call.name, ...outcome });
  }
  return { records, results, nextCitation };
}
