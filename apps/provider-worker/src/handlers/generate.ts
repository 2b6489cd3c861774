import {
  EntryReleased,
  isTerminalGeneration,
  type DeadLetterInfo,
  type FrameBody,
  type ToolApprovals,
  type GenerationStreams,
  type HandlerContext,
} from '@vivier/bus';
import type { BusEventOf, ToolCallRecord } from '@vivier/contracts';
import type { ChatDb } from '@vivier/db';
import {
  estimateTextTokens,
  estimateTokens,
  ProviderError,
  toProviderError,
  type ChatMessage,
  type ProviderKind,
  type ProviderRegistry,
  type TokenUsage,
  type ToolCallEvent,
  type UsageEvent,
} from '@vivier/providers';
import type { ToolBox } from '@vivier/tools';
import type { Logger } from '@vivier/service-kit';
import { GenerationInterrupted, interruptReasonOf, type CancelRegistry } from '../lib/cancel-registry';
import { createDeltaBatcher } from '../lib/delta-batcher';
import { createReasoningRecorder } from '../lib/reasoning-recorder';
import type { WorkerMetrics } from '../lib/worker-metrics';
import type { TitleQueue } from '../jobs/title-chat';
import { DEFAULT_CHAT_TITLE } from '@vivier/contracts';
import { claimAndLoadGeneration, loadGeneration as loadGenerationRow, renewLease } from './generation-sql';
import type { BranchMessage } from '../lib/branch-prompt';
import { prepareProviderCall, type PrepareCallDeps, type PreparedCall } from './prepare-call';
import { type GenerationRecord, type Settlement, type Settler } from './settle-generation';
import { runToolRound } from './tool-round';
import type { ToolSource } from '../lib/tool-source';

export type GenerationRequested = BusEventOf<'generation.requested'>;

export interface GenerationHandlerDeps {
  db: Pick<ChatDb, 'message' | '$queryRaw'>;
  streams: Pick<GenerationStreams, 'append' | 'exists' | 'isCancelRequested'>;
  providers: Pick<ProviderRegistry, 'resolve' | 'accessReason'>;
  titles: Pick<TitleQueue, 'enqueue'>;
  cancels: CancelRegistry;
  settler: Settler;
  metrics: WorkerMetrics;
  logger: Logger;
  attachments?: PrepareCallDeps['attachments'];
  /** Connects the tools a chat turned on; without it, chats answer without tools. */
  tools?: ToolSource;
  /** Where a tool call waits for the user's confirmation when the chat asks for it. */
  approvals?: Pick<ToolApprovals, 'wait'>;
  knowledge?: PrepareCallDeps['knowledge'];
  /** This worker's consumer name: the generation's lease owner while it streams here. */
  workerName: string;
  timing: GenerationTiming;
}

interface GenerationTiming {
  /** How long a lease lasts; renewed every third of it while the generation streams here. */
  leaseMs: number;
  /** The provider must send its first event within this long of the call… */
  firstTokenTimeoutMs: number;
  /** …and then never fall silent for longer than this. */
  idleTimeoutMs: number;
}

/** The handler parks on this when it hands its entry back at shutdown: neither acked nor dead-lettered. */
const handedBack = Symbol('handed back');
/** Another worker runs the generation now (the bus moved the request): stop without writing anything more. */
const takenOver = Symbol('taken over');
/** The generation is no longer this worker's in the database: stop; this request is spent. */
const leaseLost = Symbol('lease lost');
/** The generation is already another worker's (a duplicate request): nothing to do here. */
const notClaimed = Symbol('not claimed');
type RunOutcome = Settlement | typeof handedBack | typeof takenOver | typeof leaseLost | typeof notClaimed;

/** What a delivery starts from, besides the claimed generation: its prompt's branch and the cancel key. */
interface Begun {
  branch: BranchMessage[];
  isCancelled: boolean;
  /** The generation's stream already has frames: a run before this one wrote them. */
  hasFrames: boolean;
}

function timeoutError(hasStarted: boolean, limitMs: number): ProviderError {
  const what = hasStarted ? 'stopped sending the answer' : 'sent nothing';
  return new ProviderError(
    'PROVIDER_TIMEOUT',
    `The AI provider ${what} for ${Math.round(limitMs / 1000)} s.`,
    {
      upstreamMessage: `no stream event within ${limitMs} ms (${hasStarted ? 'idle' : 'first-token'} timeout)`,
    },
  );
}

export function createGenerationHandler(deps: GenerationHandlerDeps) {
  const { db, streams, cancels, settler, metrics } = deps;

  const loadGeneration = (generationId: string) => loadGenerationRow(db, generationId);

  /** `output` is everything the model wrote: its thinking is billed as output too. */
  function estimatedUsage(messages: ChatMessage[], output: string) {
    return { inputTokens: estimateTokens(messages), outputTokens: estimateTextTokens(output) };
  }

  /**
   * The numbered sources go out as frames before the answer that cites them (a reconnecting client
   * replays them like any frame) and onto the assistant message, so a reload still shows them.
   */
  async function sendCitations(generation: GenerationRecord, call: PreparedCall): Promise<void> {
    if (!call.citations?.length) return;
    for (const citation of call.citations) {
      await streams.append(generation.id, { type: 'citation', ...citation });
    }
    await db.message.update({
      where: { id: generation.assistantMessageId },
      data: { citations: call.citations },
    });
  }

  /** Streams the answer and decides how the generation ends; infrastructure failures are thrown. */
  async function stream(
    generation: GenerationRecord,
    call: PreparedCall,
    controller: AbortController,
    log: Logger,
  ): Promise<Settlement | typeof handedBack | typeof takenOver | typeof leaseLost> {
    const labels = { provider: generation.provider };
    // Bound once per answer: a child counter spares hashing the labels on every delta.
    const tokensRelayed = metrics.tokensRelayed.labels(labels);
    const deltaFrames = metrics.deltaFrames.labels(labels);
    const isOwnershipLost = () => {
      const reason = interruptReasonOf(controller.signal);
      return reason === 'taken-over' || reason === 'lease-lost';
    };
    // Nobody would see the rest: stop paying for it; the bus retries the whole generation.
    const onWriteError = (error: unknown) =>
      controller.abort(new GenerationInterrupted('stream-write-failed', { cause: error }));
    const thinking = createReasoningRecorder({
      write: async (text) => {
        if (isOwnershipLost()) return;
        await streams.append(generation.id, { type: 'reasoning', text });
      },
      onWriteError,
    });
    const batcher = createDeltaBatcher({
      write: async (text) => {
        if (isOwnershipLost()) return; // another worker streams this generation now
        // Thinking already received goes out first, so frames keep the provider's order.
        if (!thinking.isIdle) await thinking.flush().catch(() => undefined);
        await streams.append(generation.id, { type: 'delta', text });
        deltaFrames.inc();
      },
      onWriteError,
    });
    const startedAt = performance.now();
    let answer = '';
    let usage: UsageEvent | undefined;
    let failure: ProviderError | undefined;
    let isCancelled = false;
    // Tool calling: each round is a provider call; the rounds before the current one are paid for
    // in `spent` (usage and cost per round, each at the model that answered it).
    const spent = { inputTokens: 0, outputTokens: 0, reasoningTokens: 0, costMicros: 0 };
    const toolRecords: ToolCallRecord[] = [];
    let roundMessages = call.request.messages;
    let roundTextStart = 0;
    /** A provider call of this answer is not yet in `spent` (it runs, or it was the last one). */
    let isRoundOpen = false;
    let box: ToolBox | null = null;
    // Ours, not the SDK's (about 10 minutes): a provider that goes silent ends the answer clearly.
    let silenceTimer: { timer: NodeJS.Timeout; limitMs: number } | undefined;
    let silenceLimitMs = deps.timing.firstTokenTimeoutMs;
    const watchSilence = () => {
      // Restarted on every provider event: refresh() re-arms the same timer, no new one per delta.
      if (silenceTimer?.limitMs === silenceLimitMs) {
        silenceTimer.timer.refresh();
        return;
      }
      stopWatchingSilence();
      const limitMs = silenceLimitMs;
      const timer = setTimeout(
        () => controller.abort(new GenerationInterrupted('provider-timeout')),
        limitMs,
      );
      silenceTimer = { timer, limitMs };
    };
    const stopWatchingSilence = () => {
      clearTimeout(silenceTimer?.timer);
      silenceTimer = undefined;
    };
    const appendFrame = async (frame: FrameBody) => {
      if (isOwnershipLost()) return;
      await streams.append(generation.id, frame);
    };
    try {
      box = call.tools && deps.tools ? await deps.tools.open(call.tools, log) : null;
      const maxRounds = deps.tools?.limits.maxRounds ?? 0;
      // Web sources number on from the knowledge passages already in the prompt.
      let nextCitation = (call.citations?.length ?? 0) + 1;
      for (let round = 0; ; round += 1) {
        const roundCalls: ToolCallEvent[] = [];
        roundTextStart = answer.length;
        usage = undefined;
        const request = box
          ? {
              ...call.request,
              messages: roundMessages,
              tools: box.definitions,
              // Past the loop limit the tools stay declared (the history needs them) but unusable.
              ...(round >= maxRounds ? { toolChoice: 'none' as const } : {}),
            }
          : call.request;
        silenceLimitMs = deps.timing.firstTokenTimeoutMs;
        watchSilence();
        isRoundOpen = true;
        for await (const event of call.provider.stream(request, { signal: controller.signal })) {
          silenceLimitMs = deps.timing.idleTimeoutMs;
          watchSilence();
          if (event.type === 'reasoning') {
            thinking.push(event.text);
            continue;
          }
          thinking.markAnswer();
          if (event.type === 'text') {
            if (answer.length === 0) {
              metrics.providerLatency.observe(
                { ...labels, phase: 'first_token' },
                (performance.now() - startedAt) / 1000,
              );
            }
            answer += event.text;
            batcher.push(event.text);
            tokensRelayed.inc();
          } else if (event.type === 'tool_call') {
            roundCalls.push(event);
          } else if (event.type === 'usage') {
            usage = event;
          }
        }
        stopWatchingSilence();
        if (!box || roundCalls.length === 0 || round >= maxRounds) break;
        const roundText = answer.slice(roundTextStart);
        const roundUsage = usage ?? estimatedUsage(roundMessages, roundText);
        spent.inputTokens += roundUsage.inputTokens;
        spent.outputTokens += roundUsage.outputTokens;
        spent.reasoningTokens += usage?.reasoningTokens ?? 0;
        spent.costMicros += call.provider.calculateCost(usage?.model ?? generation.model, roundUsage);
        usage = undefined;
        isRoundOpen = false;
        roundTextStart = answer.length;
        // The thinking and text before the calls go out first, so the frames read in the order
        // they happened.
        thinking.markAnswer();
        await thinking.flush();
        await batcher.flush();
        const ran = await runToolRound(
          {
            append: appendFrame,
            approvals: deps.approvals,
            approvalTimeoutMs: deps.tools?.limits.approvalTimeoutMs ?? 0,
          },
          {
            generationId: generation.id,
            box,
            calls: roundCalls,
            requireApproval: call.tools?.requireApproval ?? false,
            signal: controller.signal,
            offset: answer.length,
            nextCitation,
          },
        );
        nextCitation = ran.nextCitation;
        toolRecords.push(...ran.records);
        roundMessages = [
          ...roundMessages,
          {
            role: 'assistant',
            content: [
              ...(roundText ? [{ type: 'text' as const, text: roundText }] : []),
              ...roundCalls.map((toolCall) => ({
                type: 'tool_call' as const,
                callId: toolCall.callId,
                name: toolCall.name,
                arguments: toolCall.arguments,
              })),
            ],
          },
          { role: 'tool', content: ran.results },
        ];
      }
      metrics.providerLatency.observe({ ...labels, phase: 'total' }, (performance.now() - startedAt) / 1000);
    } catch (error) {
      const interrupted = interruptReasonOf(controller.signal);
      if (interrupted === 'shutdown') return handedBack;
      if (interrupted === 'taken-over' || interrupted === 'lease-lost') {
        await batcher.flush().catch(() => undefined); // the write in flight; the rest is skipped
        await thinking.flush().catch(() => undefined);
        return interrupted === 'taken-over' ? takenOver : leaseLost;
      }
      if (interrupted === 'stream-write-failed') throw (controller.signal.reason as Error).cause;
      if (interrupted === 'cancelled') isCancelled = true;
      else if (interrupted === 'provider-timeout') failure = timeoutError(answer.length > 0, silenceLimitMs);
      else failure = toProviderError(error, { provider: generation.provider as ProviderKind });
    } finally {
      stopWatchingSilence();
      await box?.close();
    }
    // Whatever reached `answer` goes out before the terminal frame, so the frames add up to the content.
    thinking.markAnswer();
    await thinking.flush();
    await batcher.flush();
    // Lost during the flush or after the provider's last event: the new owner writes from here.
    if (isOwnershipLost())
      return interruptReasonOf(controller.signal) === 'taken-over' ? takenOver : leaseLost;

    const model = usage?.model ?? generation.model;
    const reported = usage
      ? {
          inputTokens: usage.inputTokens,
          outputTokens: usage.outputTokens,
          ...(usage.reasoningTokens === undefined ? {} : { reasoningTokens: usage.reasoningTokens }),
        }
      : undefined;
    const recorded = thinking.recorded();
    const roundAnswer = answer.slice(roundTextStart);
    // What the last round produced (thinking included), for an estimate when the provider never said.
    const roundWritten = (recorded?.reasoning ?? '') + roundAnswer;
    const hasSpent = spent.inputTokens + spent.outputTokens > 0;
    const withSpent = (last: TokenUsage | undefined) => {
      const reasoningTokens = spent.reasoningTokens + (last?.reasoningTokens ?? 0);
      return {
        usage: {
          inputTokens: spent.inputTokens + (last?.inputTokens ?? 0),
          outputTokens: spent.outputTokens + (last?.outputTokens ?? 0),
          ...(reasoningTokens > 0 ? { reasoningTokens } : {}),
        },
        costMicros: spent.costMicros + (last ? call.provider.calculateCost(model, last) : 0),
      };
    };
    const tools = toolRecords.length > 0 ? { toolCalls: toolRecords } : {};
    if (failure) {
      log.warn(
        { err: failure, code: failure.code, upstream: failure.upstreamMessage },
        'provider call failed',
      );
      // Partial output was paid for; a call refused before any output was not (earlier rounds were).
      const last =
        roundWritten.length > 0 ? (reported ?? estimatedUsage(roundMessages, roundWritten)) : undefined;
      const consumed = last || hasSpent ? withSpent(last) : undefined;
      return {
        status: 'failed',
        content: answer,
        ...recorded,
        ...tools,
        usage: consumed?.usage,
        costMicros: consumed?.costMicros,
        model,
        error: { code: failure.code, message: failure.message },
      };
    }
    // The prompt reached the provider, so a cancelled call is billed too (estimated if it never said).
    // A cancel during a tool run leaves no round open: its provider call is already in `spent`.
    const last = isRoundOpen ? (reported ?? estimatedUsage(roundMessages, roundWritten)) : undefined;
    const settled = { content: answer, ...recorded, ...tools, ...withSpent(last), model };
    if (isCancelled) return { status: 'cancelled', ...settled };
    return { status: 'done', ...settled, finishReason: usage?.finishReason ?? 'other' };
  }

  /**
   * Everything a delivery needs before the provider call, at once: in one statement the claim with
   * the generation's load (a queued one always; a streaming one only on a redelivery — the bus
   * decided its previous holder is dead — when this worker already held it, or when its holder's
   * lease ran out, so a request published twice never runs twice at once) and the branch the answer
   * continues; beside it, the cancel key. Nothing waits on another: this is the path to the first token.
   */
  async function begin(generationId: string, context: HandlerContext) {
    const [loaded, isCancelled, hasFrames] = await Promise.all([
      claimAndLoadGeneration(db, {
        generationId,
        workerName: deps.workerName,
        leaseMs: deps.timing.leaseMs,
        isRedelivery: context.deliveryCount > 1,
        now: new Date(),
      }),
      streams.isCancelRequested(generationId),
      // Sent with the cancel check (one pipelined write): see the reset in `handle`.
      streams.exists(generationId),
    ]);
    return {
      loaded,
      begun: loaded ? ({ branch: loaded.branch, isCancelled, hasFrames } satisfies Begun) : undefined,
    };
  }

  /** Renews the lease while the generation runs; losing it (another owner, or ended elsewhere) stops the run. */
  function keepLease(generationId: string, controller: AbortController, log: Logger): () => void {
    const renew = async () => {
      try {
        const isOurs = await renewLease(db, {
          generationId,
          workerName: deps.workerName,
          leaseMs: deps.timing.leaseMs,
          now: new Date(),
        });
        if (!isOurs && !controller.signal.aborted) {
          log.warn('generation lease lost (another worker owns it, or it was ended); stopping');
          controller.abort(new GenerationInterrupted('lease-lost'));
        }
      } catch (error) {
        // The database is unreachable: keep streaming; the settle will tell whether it is still ours.
        log.warn({ err: error }, 'could not renew the generation lease');
      }
    };
    const timer = setInterval(() => void renew(), Math.max(10, Math.floor(deps.timing.leaseMs / 3)));
    return () => clearInterval(timer);
  }

  async function run(
    generation: GenerationRecord,
    begun: Begun,
    controller: AbortController,
    context: HandlerContext,
    log: Logger,
  ): Promise<RunOutcome> {
    const onStop = () => controller.abort(new GenerationInterrupted('shutdown'));
    const onClaimLost = () => {
      log.warn('another worker took this generation over; stopping');
      controller.abort(new GenerationInterrupted('taken-over'));
    };
    context.signal.addEventListener('abort', onStop, { once: true });
    context.claimLost.addEventListener('abort', onClaimLost, { once: true });
    if (context.signal.aborted) onStop(); // the listener would never fire for an earlier abort
    if (context.claimLost.aborted) onClaimLost();
    metrics.activeGenerations.inc();
    let stopLease = () => {};
    try {
      stopLease = keepLease(generation.id, controller, log);
      if (begun.isCancelled) return { status: 'cancelled' };
      let call: PreparedCall;
      try {
        call = await prepareProviderCall(
          {
            providers: deps.providers,
            logger: log,
            attachments: deps.attachments,
            knowledge: deps.knowledge,
          },
          generation,
          begun.branch,
        );
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        return { status: 'failed', content: '', error: { code: error.code, message: error.message } };
      }
      await sendCitations(generation, call);
      return await stream(generation, call, controller, log);
    } finally {
      stopLease();
      metrics.activeGenerations.dec();
      context.signal.removeEventListener('abort', onStop);
      context.claimLost.removeEventListener('abort', onClaimLost);
    }
  }

  /** `startsChat`: the user message this answers is the root of the chat's tree (from the claim). */
  async function maybeEnqueueTitle(
    generation: GenerationRecord,
    startsChat: boolean,
    settlement: Settlement,
    log: Logger,
  ) {
    if (settlement.status !== 'done' || generation.chat.title !== DEFAULT_CHAT_TITLE || !startsChat) return;
    try {
      await deps.titles.enqueue({
        chatId: generation.chatId,
        userMessageId: generation.userMessageId,
        assistantMessageId: generation.assistantMessageId,
        provider: generation.provider,
        model: settlement.model ?? generation.model,
      });
    } catch (error) {
      log.warn({ err: error }, 'could not enqueue the chat title job');
    }
  }

  /** One `generation.requested` delivery (chat-core-design.md, "Lifecycle", steps 2–7). */
  async function handle(event: GenerationRequested, context: HandlerContext): Promise<void> {
    const { generationId } = event.data;
    const log = deps.logger.child({
      generationId,
      chatId: event.data.chatId,
      requestId: event.requestId,
      deliveryCount: context.deliveryCount,
    });
    if (cancels.isRunning(generationId)) {
      // A second request for a generation this process is running: that run will end it.
      log.warn('generation is already running here; duplicate request dropped');
      return;
    }
    // Registered before the cancel key is checked, so a cancel published in between is not
    // missed; held until the generation is settled, so no duplicate starts a second run meanwhile.
    const controller = cancels.register(generationId);
    let outcome: RunOutcome;
    try {
      const { loaded, begun } = await begin(generationId, context);
      if (!loaded || !begun) {
        log.warn('generation not found (its chat was deleted?); request dropped');
        return;
      }
      const { generation, claimed } = loaded;
      if (isTerminalGeneration(generation.status)) {
        await settler.repair(generation, event);
        return;
      }
      if (!claimed) outcome = notClaimed;
      else {
        // A worker died mid-generation (or an attempt failed): clients drop what they were shown.
        // Frames on a first delivery: an earlier run's claim was undone (it commits without waiting
        // for the WAL flush, see claimAndLoadGeneration) and the reaper published it again.
        if (context.deliveryCount > 1 || begun.hasFrames)
          await streams.append(generationId, { type: 'reset' });
        log.info({ provider: generation.provider, model: generation.model }, 'generation started');
        outcome = await run(generation, begun, controller, context, log);
        if (
          typeof outcome !== 'symbol' &&
          (await settler.settle(generation, outcome, event, { leaseOwner: deps.workerName }))
        ) {
          log.info(
            { status: outcome.status, usage: outcome.usage, costMicros: outcome.costMicros },
            'generation ended',
          );
          await maybeEnqueueTitle(generation, loaded.startsChat, outcome, log);
        }
      }
    } finally {
      cancels.unregister(generationId, controller);
    }
    if (outcome === handedBack) {
      log.warn('shutting down mid-generation; left pending for another worker');
      // Never settles: returning would ack the entry and throwing could dead-letter it.
      return new Promise<never>(() => {});
    }
    if (outcome === takenOver) throw new EntryReleased('another worker owns the generation');
    // Acked (when the bus still gives the request to this worker): the generation's owner settles it.
    if (outcome === leaseLost)
      log.warn('generation stopped here: its lease is another worker’s or it has ended');
    if (outcome === notClaimed)
      log.warn('generation is already running on another worker; duplicate request dropped');
  }

  /** The bus gave up on a request (chat-core-design.md step 8): end the generation with a clear error. */
  async function onDeadLetter(event: GenerationRequested, info: DeadLetterInfo): Promise<void> {
    const generation = await loadGeneration(event.data.generationId);
    if (!generation) return;
    if (isTerminalGeneration(generation.status)) {
      await settler.repair(generation, event);
      return;
    }
    deps.logger.error(
      { generationId: generation.id, deliveries: info.deliveries, reason: info.reason, error: info.error },
      'generation dead-lettered',
    );
    // Whatever a dead worker streamed is not stored: clients drop it before the error.
    if (await streams.exists(generation.id)) await streams.append(generation.id, { type: 'reset' });
    await settler.settle(
      generation,
      {
        status: 'failed',
        content: '',
        error: {
          code: 'PROVIDER_UNAVAILABLE',
          message: `The answer could not be generated: gave up after ${info.deliveries} attempts.`,
        },
      },
      event,
    );
  }

  return { handle, onDeadLetter };
}
