CREATE TABLE "xapi_activities" (
	"id" text PRIMARY KEY NOT NULL,
	"definition" jsonb NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT clock_timestamp() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "xapi_agent_links" (
	"agent_key" text PRIMARY KEY NOT NULL,
	"participant_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "xapi_attachments" (
	"sha2" text PRIMARY KEY NOT NULL,
	"content_type" text NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "xapi_documents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"activity_id" text,
	"agent_key" text,
	"registration" uuid,
	"document_id" text NOT NULL,
	"participant_id" uuid,
	"content_type" text NOT NULL,
	"content" "bytea" NOT NULL,
	"etag" text NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT clock_timestamp() NOT NULL,
	CONSTRAINT "xapi_documents_key_unique" UNIQUE NULLS NOT DISTINCT("kind","activity_id","agent_key","registration","document_id"),
	CONSTRAINT "xapi_documents_kind_check" CHECK ("xapi_documents"."kind" in ('state', 'activity-profile', 'agent-profile'))
);
--> statement-breakpoint
ALTER TABLE "xapi_statements" DROP CONSTRAINT "xapi_statements_module_id_modules_id_fk";
--> statement-breakpoint
ALTER TABLE "participants" ADD COLUMN "mbox_sha1sum" text;--> statement-breakpoint
ALTER TABLE "xapi_agent_links" ADD CONSTRAINT "xapi_agent_links_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xapi_documents" ADD CONSTRAINT "xapi_documents_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "xapi_agent_links_participant_idx" ON "xapi_agent_links" USING btree ("participant_id");--> statement-breakpoint
CREATE INDEX "xapi_documents_agent_idx" ON "xapi_documents" USING btree ("agent_key");--> statement-breakpoint
CREATE INDEX "xapi_documents_participant_idx" ON "xapi_documents" USING btree ("participant_id");--> statement-breakpoint
CREATE INDEX "participants_mbox_sha1sum_idx" ON "participants" USING btree ("mbox_sha1sum");--> statement-breakpoint
ALTER TABLE "xapi_statements" DROP COLUMN "module_id";