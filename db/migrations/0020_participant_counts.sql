CREATE TABLE "participant_counts" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"participants" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "participant_counts" ADD CONSTRAINT "participant_counts_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Hand-written: statement triggers that keep participant_counts current in the writing transaction,
-- and its first fill. One upsert per statement, the organisations in id order, so that writers
-- touching the same organisations lock their counters in the same order; an update that moves
-- nobody nets to zero and writes nothing.
CREATE FUNCTION participant_counts_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO participant_counts AS c (organisation_id, participants)
    SELECT organisation_id, count(*)::int FROM new_rows GROUP BY organisation_id ORDER BY organisation_id
    ON CONFLICT (organisation_id) DO UPDATE SET participants = c.participants + excluded.participants;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO participant_counts AS c (organisation_id, participants)
    SELECT organisation_id, -count(*)::int FROM old_rows GROUP BY organisation_id ORDER BY organisation_id
    ON CONFLICT (organisation_id) DO UPDATE SET participants = c.participants + excluded.participants;
  ELSE
    INSERT INTO participant_counts AS c (organisation_id, participants)
    SELECT organisation_id, sum(delta)::int
      FROM (SELECT organisation_id, 1 AS delta FROM new_rows UNION ALL SELECT organisation_id, -1 FROM old_rows) d
     GROUP BY organisation_id HAVING sum(delta) <> 0 ORDER BY organisation_id
    ON CONFLICT (organisation_id) DO UPDATE SET participants = c.participants + excluded.participants;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER participant_counts_inserted AFTER INSERT ON participants
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION participant_counts_changed();
--> statement-breakpoint
CREATE TRIGGER participant_counts_updated AFTER UPDATE ON participants
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION participant_counts_changed();
--> statement-breakpoint
CREATE TRIGGER participant_counts_deleted AFTER DELETE ON participants
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION participant_counts_changed();
--> statement-breakpoint
INSERT INTO participant_counts (organisation_id, participants)
SELECT organisation_id, count(*)::int FROM participants GROUP BY organisation_id;
