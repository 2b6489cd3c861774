// The fake LLM's deterministic answers, to compare what the page shows with what was sent.
export { fakeReply } from '../../../../packages/testkit/src/fake-llm/reply';
