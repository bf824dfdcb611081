ALTER TABLE "status_lists" ADD COLUMN "credential" jsonb;--> statement-breakpoint
ALTER TABLE "webhook_subscriptions" ADD COLUMN "previous_secret" text;--> statement-breakpoint
ALTER TABLE "webhook_subscriptions" ADD COLUMN "previous_secret_expires_at" timestamp (3) with time zone;--> statement-breakpoint
-- Hand-written: secrets made before Standard Webhooks were the key in base64url; the same key in base64.
UPDATE "webhook_subscriptions" SET "secret" = 'whsec_' || translate(substr("secret", 7), '-_', '+/') || '=' WHERE "secret" ~ '^whsec_[A-Za-z0-9_-]{43}$';
