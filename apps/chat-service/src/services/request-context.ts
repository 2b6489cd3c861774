/** Who asks, and the ids that follow the request into logs and bus events. */
export interface RequestContext {
  userId: string;
  requestId: string;
  traceparent?: string;
}
