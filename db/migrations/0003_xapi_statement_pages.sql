DROP INDEX "xapi_statements_stored_idx";--> statement-breakpoint
CREATE INDEX "xapi_statements_stored_idx" ON "xapi_statements" USING btree ("stored_at","sequence");