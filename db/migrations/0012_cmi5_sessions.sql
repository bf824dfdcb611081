CREATE TABLE "cmi5_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"module_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"launch_mode" text NOT NULL,
	"status" text DEFAULT 'launched' NOT NULL,
	"fetch_key_hash" text NOT NULL,
	"fetched_at" timestamp (3) with time zone,
	"auth_token_hash" text,
	"launched_by" text NOT NULL,
	"ended_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cmi5_sessions_fetchKeyHash_unique" UNIQUE("fetch_key_hash"),
	CONSTRAINT "cmi5_sessions_launch_mode_check" CHECK ("cmi5_sessions"."launch_mode" in ('Normal', 'Browse', 'Review')),
	CONSTRAINT "cmi5_sessions_status_check" CHECK ("cmi5_sessions"."status" in ('launched', 'terminated', 'abandoned')),
	CONSTRAINT "cmi5_sessions_ended_check" CHECK (("cmi5_sessions"."status" = 'launched') = ("cmi5_sessions"."ended_at" is null))
);
--> statement-breakpoint
ALTER TABLE "cmi5_sessions" ADD CONSTRAINT "cmi5_sessions_enrolment_id_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmi5_sessions" ADD CONSTRAINT "cmi5_sessions_module_id_modules_id_fk" FOREIGN KEY ("module_id") REFERENCES "public"."modules"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmi5_sessions" ADD CONSTRAINT "cmi5_sessions_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cmi5_sessions_enrolment_idx" ON "cmi5_sessions" USING btree ("enrolment_id","module_id");--> statement-breakpoint
CREATE INDEX "cmi5_sessions_participant_idx" ON "cmi5_sessions" USING btree ("participant_id");