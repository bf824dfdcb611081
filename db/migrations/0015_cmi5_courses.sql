CREATE TABLE "cmi5_assignable_units" (
	"id" uuid PRIMARY KEY NOT NULL,
	"course_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"publisher_id" text NOT NULL,
	"title" jsonb NOT NULL,
	"description" jsonb NOT NULL,
	"url" text NOT NULL,
	"move_on" text NOT NULL,
	"mastery_score" double precision,
	"launch_method" text NOT NULL,
	"launch_parameters" text,
	"entitlement_key" text,
	"activity_type" text,
	"blocks" text[] NOT NULL,
	CONSTRAINT "cmi5_assignable_units_position_key" UNIQUE("course_id","position"),
	CONSTRAINT "cmi5_assignable_units_move_on_check" CHECK ("cmi5_assignable_units"."move_on" in ('Passed', 'Completed', 'CompletedAndPassed', 'CompletedOrPassed', 'NotApplicable')),
	CONSTRAINT "cmi5_assignable_units_launch_method_check" CHECK ("cmi5_assignable_units"."launch_method" in ('AnyWindow', 'OwnWindow'))
);
--> statement-breakpoint
CREATE TABLE "cmi5_course_files" (
	"course_id" uuid NOT NULL,
	"path" text NOT NULL,
	"content_type" text NOT NULL,
	"content" "bytea" NOT NULL,
	CONSTRAINT "cmi5_course_files_course_id_path_pk" PRIMARY KEY("course_id","path")
);
--> statement-breakpoint
CREATE TABLE "cmi5_courses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"publisher_id" text NOT NULL,
	"title" jsonb NOT NULL,
	"description" jsonb NOT NULL,
	"structure" jsonb NOT NULL,
	"package_type" text NOT NULL,
	"imported_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cmi5_courses_package_type_check" CHECK ("cmi5_courses"."package_type" in ('xml', 'zip'))
);
--> statement-breakpoint
CREATE TABLE "cmi5_registrations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"course_id" uuid NOT NULL,
	"actor" jsonb NOT NULL,
	"actor_key" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cmi5_sessions" ALTER COLUMN "enrolment_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "cmi5_sessions" ALTER COLUMN "module_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "cmi5_sessions" ALTER COLUMN "participant_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "cmi5_sessions" ADD COLUMN "registration_id" uuid;--> statement-breakpoint
ALTER TABLE "cmi5_sessions" ADD COLUMN "assignable_unit_id" uuid;--> statement-breakpoint
ALTER TABLE "cmi5_assignable_units" ADD CONSTRAINT "cmi5_assignable_units_course_id_cmi5_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."cmi5_courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmi5_course_files" ADD CONSTRAINT "cmi5_course_files_course_id_cmi5_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."cmi5_courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmi5_registrations" ADD CONSTRAINT "cmi5_registrations_course_id_cmi5_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."cmi5_courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cmi5_registrations_course_idx" ON "cmi5_registrations" USING btree ("course_id");--> statement-breakpoint
ALTER TABLE "cmi5_sessions" ADD CONSTRAINT "cmi5_sessions_registration_id_cmi5_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."cmi5_registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmi5_sessions" ADD CONSTRAINT "cmi5_sessions_assignable_unit_id_cmi5_assignable_units_id_fk" FOREIGN KEY ("assignable_unit_id") REFERENCES "public"."cmi5_assignable_units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cmi5_sessions_registration_idx" ON "cmi5_sessions" USING btree ("registration_id");--> statement-breakpoint
ALTER TABLE "cmi5_sessions" ADD CONSTRAINT "cmi5_sessions_unit_check" CHECK (("cmi5_sessions"."enrolment_id" is not null and "cmi5_sessions"."module_id" is not null and "cmi5_sessions"."participant_id" is not null and "cmi5_sessions"."registration_id" is null and "cmi5_sessions"."assignable_unit_id" is null)
        or ("cmi5_sessions"."enrolment_id" is null and "cmi5_sessions"."module_id" is null and "cmi5_sessions"."participant_id" is null and "cmi5_sessions"."registration_id" is not null and "cmi5_sessions"."assignable_unit_id" is not null));