import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { signatureRecipe } from '../../lib/events';
import { withEtag } from '../../lib/http';
import {
  createSchema,
  deleteSchema,
  IdempotencyHeaders,
  IdParams,
  IfMatchHeaders,
  problemResponses,
  updateSchema,
} from '../../lib/schemas';
import { idempotently, respondCreated, respondNoContent, respondUpdated, transact } from '../../lib/write';
import {
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookDeliveryQuery,
  WebhookSubscription,
  WebhookSubscriptionCreate,
  WebhookSubscriptionList,
  WebhookSubscriptionPatch,
  WebhookSubscriptionQuery,
  WebhookSubscriptionWithSecret,
} from './schema';
import * as service from './service';
import type { TargetPolicy } from './targets';

const tags = ['Webhooks'];
const targetRules =
  'The URL must reach the public internet: loopback, private, link-local, unique-local, carrier-grade NAT, ' +
  'multicast and unspecified addresses (in any spelling, IPv4-mapped IPv6 included), names such as `localhost` or ' +
  '`*.internal`, cloud metadata services, and URLs with a user name or password answer 422 ' +
  '(`urn:problem:loket:webhook-target-refused`), unless the operator allows private targets. The name is checked ' +
  'again, address by address, at every delivery; a delivery to a refused address is recorded as `refused`.';
const config = { permission: 'webhooks:manage' as const };

/** Hands a committed delivery to the workers. */
export interface DeliveryQueue {
  deliver(deliveryId: string): Promise<void>;
}

export function webhookRoutes(queue: DeliveryQueue, targets: TargetPolicy): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/v1/webhook-subscriptions',
      {
        config,
        schema: {
          tags,
          operationId: 'listWebhookSubscriptions',
          summary: 'List webhook subscriptions',
          description: 'An admin sees every subscription; an API client only its own.',
          querystring: WebhookSubscriptionQuery,
          response: { 200: WebhookSubscriptionList, ...problemResponses(400) },
        },
      },
      async (request) => service.list(app.db, request.caller, request.query),
    );

    app.post(
      '/v1/webhook-subscriptions',
      {
        config,
        schema: {
          tags,
          operationId: 'createWebhookSubscription',
          summary: 'Subscribe a URL to events',
          description:
            'The subscription takes your scope: an API client bound to an organisation receives only events of ' +
            `that organisation's subtree. The answer holds the signing secret, once.\n\n${targetRules}\n\n${signatureRecipe}`,
          ...createSchema(WebhookSubscriptionCreate, WebhookSubscriptionWithSecret, 400, 413, 415, 422),
        },
      },
      async (request, reply) => respondCreated(request, reply, (ctx) => service.create(ctx, request.body, targets)),
    );

    app.get(
      '/v1/webhook-subscriptions/:id',
      {
        config,
        schema: {
          tags,
          operationId: 'getWebhookSubscription',
          summary: 'Get a webhook subscription',
          params: IdParams,
          response: { 200: WebhookSubscription, ...problemResponses(400, 404) },
        },
      },
      async (request, reply) => {
        const subscription = await service.get(app.db, request.caller, request.params.id);
        return withEtag(reply, subscription);
      },
    );

    app.patch(
      '/v1/webhook-subscriptions/:id',
      {
        config,
        schema: {
          tags,
          operationId: 'updateWebhookSubscription',
          summary: 'Change a webhook subscription',
          description: `Change the URL or the event types, or pause it with \`active: false\`. The secret stays.\n\n${targetRules}`,
          ...updateSchema(WebhookSubscriptionPatch, WebhookSubscription, 400, 404, 412, 413, 415, 422),
        },
      },
      async (request, reply) =>
        respondUpdated(request, reply, (ctx) =>
          service.update(ctx, request.params.id, request.body, request.headers['if-match'], targets),
        ),
    );

    app.post(
      '/v1/webhook-subscriptions/:id/rotate-secret',
      {
        config,
        schema: {
          tags,
          operationId: 'rotateWebhookSecret',
          summary: 'Give a subscription a new signing secret',
          description:
            'Answers the new secret, once. For the next 24 hours (`previousSecretExpiresAt`) every delivery carries ' +
            'two signatures in `webhook-signature`, one with the new secret and one with the old, so a receiver ' +
            'verifies with either and can switch when it suits; after that only the new secret signs. Rotating ' +
            'again within those hours ends the old secret\u2019s overlap at once. Send an `Idempotency-Key` so that a ' +
            'retry after a lost answer returns the same secret instead of rotating twice.',
          params: IdParams,
          headers: Type.Object({ ...IfMatchHeaders.properties, ...IdempotencyHeaders.properties }),
          response: { 200: WebhookSubscriptionWithSecret, ...problemResponses(400, 404, 412, 422) },
        },
      },
      async (request, reply) => {
        const subscription = await idempotently(request, reply, 200, (ctx) =>
          service.rotateSecret(ctx, request.params.id, request.headers['if-match']),
        );
        return withEtag(reply, subscription);
      },
    );

    app.delete(
      '/v1/webhook-subscriptions/:id',
      {
        config,
        schema: {
          tags,
          operationId: 'deleteWebhookSubscription',
          summary: 'Delete a webhook subscription',
          description: 'Its delivery log goes with it; deliveries not yet made are not made.',
          ...deleteSchema(400, 404, 412),
        },
      },
      async (request, reply) =>
        respondNoContent(request, reply, (ctx) => service.remove(ctx, request.params.id, request.headers['if-match'])),
    );

    app.get(
      '/v1/webhook-subscriptions/:id/deliveries',
      {
        config,
        schema: {
          tags,
          operationId: 'listWebhookDeliveries',
          summary: 'The delivery log of a subscription',
          description:
            'One record per event sent (and per redelivery): status, attempts, last answer or error. Delivered and ' +
            'failed records are deleted after `EVENT_RETENTION_DAYS` (30 by default); catch up on missed events ' +
            'with `GET /v1/events`.',
          params: IdParams,
          querystring: WebhookDeliveryQuery,
          response: { 200: WebhookDeliveryList, ...problemResponses(400, 404) },
        },
      },
      async (request) => service.deliveries(app.db, request.caller, request.params.id, request.query),
    );

    app.post(
      '/v1/webhook-deliveries/:id/redeliver',
      {
        config,
        schema: {
          tags,
          operationId: 'redeliverWebhook',
          summary: 'Send an event again',
          description:
            'Answers 202 with a new delivery of the same event (same event id) to the same subscription, sent in ' +
            'the background with fresh attempts.',
          params: IdParams,
          response: { 202: WebhookDelivery, ...problemResponses(400, 404) },
        },
      },
      async (request, reply) => {
        const delivery = await transact(request, (ctx) => service.redeliver(ctx, request.params.id));
        await queue.deliver(delivery.id);
        return reply.code(202).send(delivery);
      },
    );
  };
}
