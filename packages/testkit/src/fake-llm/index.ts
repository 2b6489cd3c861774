export { fakeEmbedding, FAKE_EMBEDDING_DIMENSIONS } from './fake-embedding';
export { startFakeLlm, DEFAULT_TOKEN_DELAY_MS, FAKE_MODEL_IDS, type FakeLlm } from './server';
export {
  fakeReply,
  fakeReplyPieces,
  fakeReasoning,
  fakeReasoningPieces,
  replyWordCount,
  DEFAULT_REPLY_WORDS,
} from './reply';
export {
  parseDirectives,
  stripDirectives,
  FAKE_FAULTS,
  LONG_ESSAY_WORDS,
  type FakeFault,
} from './directives';
export type { FakeApi, FakeImage, FakeLlmOptions, FakeLlmRequest, FakeMessage } from './types';
