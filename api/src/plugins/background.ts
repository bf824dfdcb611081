import type { Connection } from '@loket/db';
import { loadNotificationTemplates } from '@loket/db';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { createTransport } from 'nodemailer';
import type PgBoss from 'pg-boss';
import type { OutboxOptions } from '../app';
import { startBoss } from '../jobs/boss';
import { certificateBatchQueue, runCertificateBatch } from '../jobs/certificate-batch';
import { startCredentialUpgrade } from '../jobs/credential-upgrade';
import { deliveryAgent } from '../jobs/delivery-agent';
import {
  attemptDelivery,
  attemptNotification,
  type DeliveryTargets,
  type Dispatched,
  deliveryQueue,
  dispatchOutbox,
  type Mailing,
  notificationQueue,
  overdueWork,
  remindUpcomingMeetings,
} from '../jobs/outbox';
import { type RetentionPolicy, startRetention } from '../jobs/retention';
import { calendarContext } from '../mail/calendar';
import type { CertificateContext } from '../resources/certificates/service';
import { defaultRetryPolicy } from '../resources/webhooks/rules';
import type { TargetPolicy } from '../resources/webhooks/targets';

declare module 'fastify' {
  interface FastifyInstance {
    /** Queues a job for whichever process runs background work (pg-boss, through PostgreSQL). */
    queueJob(queue: string, data: object): Promise<void>;
    /**
     * Settles once the workers and passes run (at once without `run`). Awaited by buildApp, outside
     * the plugin's load: that has a 10 s limit, and pg-boss's first start on a busy database or the
     * first outbox pass after a crash may take longer.
     */
    backgroundStarted: Promise<void>;
  }
}

export interface BackgroundOptions {
  connection: Connection;
  /** Run the workers and the scheduled passes in this process; otherwise only queue jobs. */
  run: boolean;
  certificates: CertificateContext;
  publicUrl: string;
  targetPolicy: TargetPolicy;
  outbox: OutboxOptions;
  mail: { transport: Parameters<typeof createTransport>[0]; from: string } | undefined;
  retention: RetentionPolicy & { intervalMs?: number | undefined };
}

/**
 * Session advisory lock keys (arbitrary constants): each scheduled pass runs in at most one
 * process at a time, however many API processes and hosts share the database.
 */
export const passLocks = { outbox: 7_351_240_101, retention: 7_351_240_102, credentialUpgrade: 7_351_240_103 };

/**
 * Background work: pg-boss queues (bulk certificate issue, webhook deliveries, e-mails), the outbox
 * dispatcher, meeting reminders, retention and the credential upgrade. Every API process may run it:
 * pg-boss hands each job to one worker, and each scheduled pass takes its advisory lock first.
 */
export const backgroundWork = fp(
  async (app: FastifyInstance, options: BackgroundOptions) => {
    const { connection } = options;
    // pg-boss starts with the workers, or on the first job queued: most test apps never need it.
    let boss: Promise<PgBoss> | undefined;
    const queue = () => {
      boss ??= startBoss(connection, (error) => app.log.error({ err: error }, 'job queue error')).then(
        async (started) => {
          for (const name of [certificateBatchQueue, deliveryQueue, notificationQueue]) await started.createQueue(name);
          return started;
        },
      );
      return boss;
    };
    app.decorate('queueJob', async (name: string, data: object) => {
      await (await queue()).send(name, data);
    });
    // Webhooks go out through one agent whose every connection checks the addresses it resolves.
    const targets: DeliveryTargets = {
      policy: options.targetPolicy,
      agent: deliveryAgent(options.targetPolicy, options.outbox.resolver),
    };
    const stops: Array<() => Promise<void>> = [];
    const start = async () => {
      stops.push(
        startCredentialUpgrade(app.db, options.certificates, app.log, (work) =>
          connection.exclusive(passLocks.credentialUpgrade, work),
        ),
      );
      await (await queue()).work<{ jobId: string }>(
        certificateBatchQueue,
        { pollingIntervalSeconds: 0.5 },
        async ([job]) => {
          if (job) await runCertificateBatch(app.db, job.data.jobId, options.certificates);
        },
      );
      stops.push(await startOutboxWorkers(app, await queue(), options, targets));
      stops.push(
        startRetention(app.db, options.retention, {
          intervalMs: options.retention.intervalMs,
          exclusive: (work) => connection.exclusive(passLocks.retention, work),
          onPruned: (pruned) => {
            if (Object.values(pruned).some((n) => n > 0)) app.log.info({ pruned }, 'pruned rows past their retention');
          },
          onError: (error) => app.log.error({ err: error }, 'pruning failed'),
        }),
      );
    };
    const started = options.run ? start() : Promise.resolve();
    // Handled here too, so a failure is not reported as unhandled before buildApp awaits it.
    started.catch(() => {});
    app.decorate('backgroundStarted', started);
    app.addHook('onClose', async () => {
      await started.catch(() => {});
      for (const stop of stops.reverse()) await stop();
      if (boss) await (await boss).stop({ graceful: true, wait: true });
      await targets.agent.close();
    });
  },
  { name: 'loket-background', dependencies: ['loket-database'] },
);

/**
 * The outbox's workers: a dispatcher that turns committed events into deliveries and e-mails (at
 * start and then regularly), the reminder pass, and pg-boss workers that send, each retry being a
 * new job that starts after the backoff. Answers a function that stops the timers.
 */
async function startOutboxWorkers(
  app: FastifyInstance,
  boss: PgBoss,
  options: BackgroundOptions,
  targets: DeliveryTargets,
) {
  const settings = options.outbox;
  const policy = settings.retry ?? defaultRetryPolicy;
  // nodemailer is loaded only where a mail server is configured.
  const mail = options.mail
    ? { transporter: (await import('nodemailer')).createTransport(options.mail.transport), from: options.mail.from }
    : null;
  const mailing: Mailing = {
    templates: await loadNotificationTemplates(),
    mailConfigured: mail !== null,
    calendar: calendarContext(options.publicUrl, options.mail?.from),
  };
  const enqueue = async (work: Dispatched) => {
    for (const deliveryId of work.deliveryIds) await boss.send(deliveryQueue, { deliveryId });
    if (mail) for (const notificationId of work.notificationIds) await boss.send(notificationQueue, { notificationId });
  };
  await boss.work<{ deliveryId: string }>(deliveryQueue, { pollingIntervalSeconds: 0.5, batchSize: 5 }, (jobs) =>
    Promise.all(
      jobs.map(async ({ data }) => {
        const retryAt = await attemptDelivery(
          app.db,
          data.deliveryId,
          policy,
          settings.deliveryTimeoutMs ?? 10_000,
          targets,
        );
        if (retryAt) await boss.send(deliveryQueue, data, { startAfter: retryAt });
      }),
    ),
  );
  if (mail) {
    await boss.work<{ notificationId: string }>(notificationQueue, { pollingIntervalSeconds: 0.5 }, (jobs) =>
      Promise.all(
        jobs.map(async ({ data }) => {
          const retryAt = await attemptNotification(app.db, data.notificationId, mail, policy);
          if (retryAt) await boss.send(notificationQueue, data, { startAfter: retryAt });
        }),
      ),
    );
  }
  let lastReminders = 0;
  const pass = async () => {
    await enqueue(await dispatchOutbox(app.db, mailing));
    await enqueue(await overdueWork(app.db, settings.overdueGraceMs ?? 600_000));
    if (Date.now() - lastReminders >= (settings.reminderIntervalMs ?? 3_600_000)) {
      lastReminders = Date.now();
      const reminders = await remindUpcomingMeetings(app.db, mailing);
      await enqueue({ deliveryIds: [], notificationIds: reminders });
    }
  };
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  const tick = () => {
    if (busy) return;
    busy = true;
    // While another process runs the pass this one skips it: the events are that process's to dispatch.
    running = options.connection
      .exclusive(passLocks.outbox, pass)
      .then(() => undefined)
      .catch((error: unknown) => app.log.error({ err: error }, 'outbox dispatch failed'))
      .finally(() => {
        busy = false;
      });
  };
  tick();
  await running;
  const timer = setInterval(tick, settings.dispatchIntervalMs ?? 2000);
  return async () => {
    clearInterval(timer);
    await running;
  };
}
