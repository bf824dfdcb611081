ALTER TABLE "modules" ADD COLUMN "assignable_unit_id" uuid;--> statement-breakpoint
ALTER TABLE "modules" ADD COLUMN "assignable_unit_url" text;--> statement-breakpoint
ALTER TABLE "modules" ADD CONSTRAINT "modules_assignable_unit_id_cmi5_assignable_units_id_fk" FOREIGN KEY ("assignable_unit_id") REFERENCES "public"."cmi5_assignable_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "modules" ADD CONSTRAINT "modules_assignable_unit_check" CHECK (("modules"."assignable_unit_id" is null) = ("modules"."assignable_unit_url" is null));