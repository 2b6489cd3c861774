export { createBus, DEFAULT_MAX_LEN, type Bus, type BusOptions, type PublishOptions } from './create-bus';
export type { ConsumeOptions, Consumer, DeadLetterInfo, HandlerContext } from './consume-options';
export { makeEvent, type MakeEventOptions } from './make-event';
export { EntryReleased, InvalidBusEventError } from './errors';
export type { BusLogger } from './logger';
export {
  createGenerationStreams,
  isTerminalFrame,
  GENERATION_STREAM_TTL_SECONDS,
  type DecodedFrame,
  type FrameBody,
  type GenerationStreams,
} from './generation-stream';
export {
  activeGenerationStatuses,
  generationKeys,
  isTerminalGeneration,
  terminalFrame,
  type GenerationEnding,
} from './generation-lifecycle';
export { createUsageMarks, type UsageMarks } from './usage-marks';
export { readPendingEvents } from './pending-events';
export { trimAcknowledged } from './trim-acknowledged';
export {
  createAllowanceStore,
  allowanceKeys,
  RESERVATION_HOLD_MS,
  PROVISIONAL_MICROS,
  type AllowanceState,
  type AllowanceStore,
  type ReserveOutcome,
} from './allowance';
export { createToolApprovals, type ToolApprovals, type ToolApprovalOutcome } from './tool-approvals';
