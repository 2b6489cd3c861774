import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import nodemailer from 'nodemailer';
import type { Logger } from '@vivier/service-kit';
import { renderEmail, type EmailTemplate } from '../lib/email-templates';

export interface EmailJob {
  to: string;
  template: EmailTemplate;
}

export const EMAIL_QUEUE = 'auth-emails';

/**
 * Outgoing mail goes through a BullMQ queue: the request that triggers it answers at once, and a
 * mail server that is briefly down costs retries (exponential backoff), not lost emails.
 */
export function createEmailQueue(deps: { connection: ConnectionOptions; prefix: string }) {
  const queue = new Queue<EmailJob>(EMAIL_QUEUE, {
    connection: deps.connection,
    prefix: `${deps.prefix}bull`,
  });
  return {
    async enqueue(job: EmailJob): Promise<void> {
      await queue.add(job.template.kind, job, {
        attempts: 8,
        backoff: { type: 'exponential', delay: 1_000 },
        // Jobs hold live tokens: keep nothing once sent.
        removeOnComplete: true,
        removeOnFail: { age: 24 * 60 * 60 },
      });
    },
    /** Jobs by state, for /metrics. */
    jobCounts: () => queue.getJobCounts('waiting', 'active', 'delayed', 'failed'),
    close: () => queue.close(),
  };
}
export type EmailQueue = ReturnType<typeof createEmailQueue>;

export function startEmailWorker(deps: {
  connection: ConnectionOptions;
  prefix: string;
  smtpUrl: string;
  from: string;
  publicUrl: string;
  logger: Logger;
}) {
  const transport = nodemailer.createTransport(deps.smtpUrl);
  const worker = new Worker<EmailJob>(
    EMAIL_QUEUE,
    async (job) => {
      const message = renderEmail(job.data.template, deps.publicUrl);
      await transport.sendMail({ from: deps.from, to: job.data.to, ...message });
      deps.logger.info({ jobId: job.id, kind: job.data.template.kind }, 'email sent');
    },
    { connection: deps.connection, prefix: `${deps.prefix}bull`, concurrency: 4 },
  );
  worker.on('failed', (job, error) =>
    deps.logger.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: error }, 'email delivery failed'),
  );
  return {
    close: async () => {
      await worker.close();
      transport.close();
    },
  };
}
