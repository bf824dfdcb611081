ALTER TABLE "xapi_statements" ALTER COLUMN "participant_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "xapi_statements" ALTER COLUMN "activity_iri" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "xapi_documents" ADD COLUMN "stored_by" text NOT NULL;--> statement-breakpoint
ALTER TABLE "xapi_statements" ADD COLUMN "actor_key" text;--> statement-breakpoint
ALTER TABLE "xapi_statements" ADD COLUMN "object_agent_key" text;--> statement-breakpoint
ALTER TABLE "xapi_statements" ADD COLUMN "voids_id" uuid;--> statement-breakpoint
ALTER TABLE "xapi_statements" ADD COLUMN "related_agent_keys" text[];--> statement-breakpoint
ALTER TABLE "xapi_statements" ADD COLUMN "related_activity_iris" text[];--> statement-breakpoint
ALTER TABLE "xapi_statements" ADD COLUMN "stored_by" text;--> statement-breakpoint
-- Hand-written: statements stored before this migration were all about a participant (an mbox or an
-- account agent) and a module, stored by a caller no longer known.
UPDATE "xapi_statements" SET "actor_key" = CASE
  WHEN "statement"->'actor' ? 'mbox' THEN 'mbox:' || lower("statement"->'actor'->>'mbox')
  ELSE 'account:' || ("statement"->'actor'->'account'->>'homePage') || '|' || ("statement"->'actor'->'account'->>'name') END;--> statement-breakpoint
UPDATE "xapi_statements" SET "related_agent_keys" = ARRAY["actor_key"], "related_activity_iris" = ARRAY["activity_iri"], "stored_by" = 'unknown';--> statement-breakpoint
ALTER TABLE "xapi_statements" ALTER COLUMN "actor_key" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "xapi_statements" ALTER COLUMN "related_agent_keys" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "xapi_statements" ALTER COLUMN "related_activity_iris" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "xapi_statements" ALTER COLUMN "stored_by" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "xapi_statements_actor_idx" ON "xapi_statements" USING btree ("actor_key","stored_at");--> statement-breakpoint
CREATE INDEX "xapi_statements_object_agent_idx" ON "xapi_statements" USING btree ("object_agent_key") WHERE "xapi_statements"."object_agent_key" is not null;--> statement-breakpoint
CREATE INDEX "xapi_statements_voids_idx" ON "xapi_statements" USING btree ("voids_id") WHERE "xapi_statements"."voids_id" is not null;--> statement-breakpoint
CREATE INDEX "xapi_statements_unlinked_idx" ON "xapi_statements" USING btree ("actor_key") WHERE "xapi_statements"."participant_id" is null;--> statement-breakpoint
CREATE INDEX "xapi_statements_related_agents_idx" ON "xapi_statements" USING gin ("related_agent_keys");--> statement-breakpoint
CREATE INDEX "xapi_statements_related_activities_idx" ON "xapi_statements" USING gin ("related_activity_iris");