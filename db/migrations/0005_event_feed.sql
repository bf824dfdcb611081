CREATE TABLE "outbox_pruned" (
	"singleton" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"xact_id" bigint NOT NULL,
	"event_id" uuid NOT NULL,
	"pruned_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outbox_pruned_singleton_check" CHECK ("outbox_pruned"."singleton")
);
--> statement-breakpoint
ALTER TABLE "outbox_events" ADD COLUMN "xact_id" bigint DEFAULT (pg_current_xact_id()::text::bigint) NOT NULL;--> statement-breakpoint
CREATE INDEX "outbox_events_feed_idx" ON "outbox_events" USING btree ("xact_id","id");--> statement-breakpoint
CREATE INDEX "outbox_events_occurred_idx" ON "outbox_events" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_event_idx" ON "webhook_deliveries" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_created_idx" ON "webhook_deliveries" USING btree ("created_at");