ALTER TABLE "module_progress" ADD COLUMN "by_hand_reason" text;--> statement-breakpoint
ALTER TABLE "module_progress" ADD COLUMN "by_hand_user_id" uuid;--> statement-breakpoint
ALTER TABLE "module_progress" ADD COLUMN "by_hand_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "counts_for_certificate" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "module_progress" ADD CONSTRAINT "module_progress_by_hand_user_id_users_id_fk" FOREIGN KEY ("by_hand_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;