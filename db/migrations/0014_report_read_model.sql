CREATE TABLE "report_cohort_certificates" (
	"cohort_id" uuid NOT NULL,
	"issued_on" date NOT NULL,
	"issued" integer DEFAULT 0 NOT NULL,
	"revoked" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "report_cohort_certificates_cohort_id_issued_on_pk" PRIMARY KEY("cohort_id","issued_on")
);
--> statement-breakpoint
CREATE TABLE "report_cohort_figures" (
	"cohort_id" uuid PRIMARY KEY NOT NULL,
	"invited" integer DEFAULT 0 NOT NULL,
	"active" integer DEFAULT 0 NOT NULL,
	"completed" integer DEFAULT 0 NOT NULL,
	"withdrawn" integer DEFAULT 0 NOT NULL,
	"progress_enrolments" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_cohort_module_progress" (
	"cohort_id" uuid NOT NULL,
	"module_id" uuid NOT NULL,
	"not_started" integer DEFAULT 0 NOT NULL,
	"in_progress" integer DEFAULT 0 NOT NULL,
	"completed" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "report_cohort_module_progress_cohort_id_module_id_pk" PRIMARY KEY("cohort_id","module_id")
);
--> statement-breakpoint
CREATE TABLE "report_enrolment_progress" (
	"enrolment_id" uuid PRIMARY KEY NOT NULL,
	"progress_rows" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_session_attendance" (
	"session_id" uuid PRIMARY KEY NOT NULL,
	"present" integer DEFAULT 0 NOT NULL,
	"absent" integer DEFAULT 0 NOT NULL,
	"excused" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "report_cohort_certificates" ADD CONSTRAINT "report_cohort_certificates_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_cohort_figures" ADD CONSTRAINT "report_cohort_figures_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_cohort_module_progress" ADD CONSTRAINT "report_cohort_module_progress_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_cohort_module_progress" ADD CONSTRAINT "report_cohort_module_progress_module_id_modules_id_fk" FOREIGN KEY ("module_id") REFERENCES "public"."modules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_enrolment_progress" ADD CONSTRAINT "report_enrolment_progress_enrolment_id_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_session_attendance" ADD CONSTRAINT "report_session_attendance_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- Hand-written: the triggers that keep the report read model current in the writing transaction,
-- and its first fill. Decrements only update (a row whose parent is being deleted is going too);
-- increments insert the row when it is not there yet.
CREATE FUNCTION report_progress_add(p_cohort uuid, p_module uuid, p_status text, p_delta integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_delta < 0 THEN
    UPDATE report_cohort_module_progress SET
      not_started = not_started + (p_status = 'not_started')::int * p_delta,
      in_progress = in_progress + (p_status = 'in_progress')::int * p_delta,
      completed = completed + (p_status = 'completed')::int * p_delta
    WHERE cohort_id = p_cohort AND module_id = p_module;
  ELSE
    INSERT INTO report_cohort_module_progress AS r (cohort_id, module_id, not_started, in_progress, completed)
    VALUES (p_cohort, p_module, (p_status = 'not_started')::int * p_delta, (p_status = 'in_progress')::int * p_delta,
      (p_status = 'completed')::int * p_delta)
    ON CONFLICT (cohort_id, module_id) DO UPDATE SET
      not_started = r.not_started + excluded.not_started,
      in_progress = r.in_progress + excluded.in_progress,
      completed = r.completed + excluded.completed;
  END IF;
END $$;
--> statement-breakpoint
CREATE FUNCTION report_cohort_add(p_cohort uuid, p_status text, p_progress integer, p_delta integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_delta < 0 THEN
    UPDATE report_cohort_figures SET
      invited = invited + (p_status = 'invited')::int * p_delta,
      active = active + (p_status = 'active')::int * p_delta,
      completed = completed + (p_status = 'completed')::int * p_delta,
      withdrawn = withdrawn + (p_status = 'withdrawn')::int * p_delta,
      progress_enrolments = progress_enrolments + p_progress * p_delta
    WHERE cohort_id = p_cohort;
  ELSE
    INSERT INTO report_cohort_figures AS r (cohort_id, invited, active, completed, withdrawn, progress_enrolments)
    VALUES (p_cohort, (p_status = 'invited')::int * p_delta, (p_status = 'active')::int * p_delta,
      (p_status = 'completed')::int * p_delta, (p_status = 'withdrawn')::int * p_delta, p_progress * p_delta)
    ON CONFLICT (cohort_id) DO UPDATE SET
      invited = r.invited + excluded.invited,
      active = r.active + excluded.active,
      completed = r.completed + excluded.completed,
      withdrawn = r.withdrawn + excluded.withdrawn,
      progress_enrolments = r.progress_enrolments + excluded.progress_enrolments;
  END IF;
END $$;
--> statement-breakpoint
-- What one enrolment adds to (p_sign 1) or takes from (p_sign -1) its cohort's progress figures.
-- Its progress rows are locked first, so a progress change racing a withdrawal is either seen here
-- or waits and then sees the enrolment withdrawn.
CREATE FUNCTION report_enrolment_progress_move(p_enrolment uuid, p_cohort uuid, p_sign integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT module_id, status FROM module_progress WHERE enrolment_id = p_enrolment ORDER BY module_id FOR UPDATE LOOP
    PERFORM report_progress_add(p_cohort, r.module_id, r.status, p_sign);
  END LOOP;
  IF FOUND THEN
    PERFORM report_cohort_add(p_cohort, '', 1, p_sign);
  END IF;
END $$;
--> statement-breakpoint
CREATE FUNCTION report_enrolments_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM report_cohort_add(NEW.cohort_id, NEW.status, 0, 1);
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    -- Before the delete: its progress rows are still there to count out (their own triggers then
    -- find no enrolment and leave the figures alone).
    PERFORM report_cohort_add(OLD.cohort_id, OLD.status, 0, -1);
    IF OLD.status <> 'withdrawn' THEN
      PERFORM report_enrolment_progress_move(OLD.id, OLD.cohort_id, -1);
    END IF;
    RETURN OLD;
  END IF;
  IF NEW.status IS NOT DISTINCT FROM OLD.status AND NEW.cohort_id IS NOT DISTINCT FROM OLD.cohort_id THEN
    RETURN NULL;
  END IF;
  PERFORM report_cohort_add(OLD.cohort_id, OLD.status, 0, -1);
  PERFORM report_cohort_add(NEW.cohort_id, NEW.status, 0, 1);
  IF NEW.cohort_id <> OLD.cohort_id THEN
    -- Its certificate, if any, now counts for the cohort it moved to.
    UPDATE report_cohort_certificates r SET issued = r.issued - 1, revoked = r.revoked - (c.revoked_at IS NOT NULL)::int
      FROM certificates c
      WHERE c.enrolment_id = OLD.id AND r.cohort_id = OLD.cohort_id AND r.issued_on = (c.issued_at AT TIME ZONE 'UTC')::date;
    INSERT INTO report_cohort_certificates AS r (cohort_id, issued_on, issued, revoked)
    SELECT NEW.cohort_id, (c.issued_at AT TIME ZONE 'UTC')::date, 1, (c.revoked_at IS NOT NULL)::int
      FROM certificates c WHERE c.enrolment_id = NEW.id
    ON CONFLICT (cohort_id, issued_on) DO UPDATE SET
      issued = r.issued + excluded.issued,
      revoked = r.revoked + excluded.revoked;
  END IF;
  IF OLD.status <> 'withdrawn' AND (NEW.status = 'withdrawn' OR NEW.cohort_id <> OLD.cohort_id) THEN
    PERFORM report_enrolment_progress_move(OLD.id, OLD.cohort_id, -1);
  END IF;
  IF NEW.status <> 'withdrawn' AND (OLD.status = 'withdrawn' OR NEW.cohort_id <> OLD.cohort_id) THEN
    PERFORM report_enrolment_progress_move(NEW.id, NEW.cohort_id, 1);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER report_enrolments_written AFTER INSERT OR UPDATE OF status, cohort_id ON enrolments
  FOR EACH ROW EXECUTE FUNCTION report_enrolments_changed();
--> statement-breakpoint
CREATE TRIGGER report_enrolments_deleting BEFORE DELETE ON enrolments
  FOR EACH ROW EXECUTE FUNCTION report_enrolments_changed();
--> statement-breakpoint
CREATE FUNCTION report_module_progress_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  e record;
  remaining integer;
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.enrolment_id = OLD.enrolment_id AND NEW.module_id = OLD.module_id
     AND NEW.status = OLD.status THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    SELECT cohort_id, status INTO e FROM enrolments WHERE id = OLD.enrolment_id;
    -- Not found: the enrolment is being deleted and took its progress out of the figures already.
    IF FOUND THEN
      IF e.status <> 'withdrawn' THEN
        PERFORM report_progress_add(e.cohort_id, OLD.module_id, OLD.status, -1);
      END IF;
      IF TG_OP = 'DELETE' OR NEW.enrolment_id <> OLD.enrolment_id THEN
        UPDATE report_enrolment_progress SET progress_rows = progress_rows - 1
          WHERE enrolment_id = OLD.enrolment_id RETURNING progress_rows INTO remaining;
        IF remaining = 0 AND e.status <> 'withdrawn' THEN
          PERFORM report_cohort_add(e.cohort_id, '', 1, -1);
        END IF;
      END IF;
    END IF;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    IF TG_OP = 'INSERT' OR NEW.enrolment_id <> OLD.enrolment_id THEN
      -- A new row is not among those a concurrent withdrawal locks: wait for it on the enrolment.
      SELECT cohort_id, status INTO e FROM enrolments WHERE id = NEW.enrolment_id FOR NO KEY UPDATE;
      INSERT INTO report_enrolment_progress AS r (enrolment_id, progress_rows) VALUES (NEW.enrolment_id, 1)
        ON CONFLICT (enrolment_id) DO UPDATE SET progress_rows = r.progress_rows + 1
        RETURNING progress_rows INTO remaining;
      IF remaining = 1 AND e.status <> 'withdrawn' THEN
        PERFORM report_cohort_add(e.cohort_id, '', 1, 1);
      END IF;
    ELSE
      SELECT cohort_id, status INTO e FROM enrolments WHERE id = NEW.enrolment_id;
    END IF;
    IF e.status <> 'withdrawn' THEN
      PERFORM report_progress_add(e.cohort_id, NEW.module_id, NEW.status, 1);
    END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER report_module_progress_written AFTER INSERT OR UPDATE OR DELETE ON module_progress
  FOR EACH ROW EXECUTE FUNCTION report_module_progress_changed();
--> statement-breakpoint
CREATE FUNCTION report_attendance_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.session_id = OLD.session_id AND NEW.status = OLD.status THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    UPDATE report_session_attendance SET
      present = present - (OLD.status = 'present')::int,
      absent = absent - (OLD.status = 'absent')::int,
      excused = excused - (OLD.status = 'excused')::int
    WHERE session_id = OLD.session_id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO report_session_attendance AS r (session_id, present, absent, excused)
    VALUES (NEW.session_id, (NEW.status = 'present')::int, (NEW.status = 'absent')::int, (NEW.status = 'excused')::int)
    ON CONFLICT (session_id) DO UPDATE SET
      present = r.present + excluded.present,
      absent = r.absent + excluded.absent,
      excused = r.excused + excluded.excused;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER report_attendance_written AFTER INSERT OR UPDATE OR DELETE ON attendance
  FOR EACH ROW EXECUTE FUNCTION report_attendance_changed();
--> statement-breakpoint
CREATE FUNCTION report_certificates_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.enrolment_id = OLD.enrolment_id AND NEW.issued_at = OLD.issued_at
     AND (NEW.revoked_at IS NULL) = (OLD.revoked_at IS NULL) THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    UPDATE report_cohort_certificates SET
      issued = issued - 1,
      revoked = revoked - (OLD.revoked_at IS NOT NULL)::int
    WHERE cohort_id = (SELECT cohort_id FROM enrolments WHERE id = OLD.enrolment_id)
      AND issued_on = (OLD.issued_at AT TIME ZONE 'UTC')::date;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO report_cohort_certificates AS r (cohort_id, issued_on, issued, revoked)
    SELECT cohort_id, (NEW.issued_at AT TIME ZONE 'UTC')::date, 1, (NEW.revoked_at IS NOT NULL)::int
      FROM enrolments WHERE id = NEW.enrolment_id
    ON CONFLICT (cohort_id, issued_on) DO UPDATE SET
      issued = r.issued + excluded.issued,
      revoked = r.revoked + excluded.revoked;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER report_certificates_written AFTER INSERT OR UPDATE OR DELETE ON certificates
  FOR EACH ROW EXECUTE FUNCTION report_certificates_changed();
--> statement-breakpoint
-- Every change rewrites a counter row: room on the page for the new version (HOT updates) and a
-- vacuum after every thousand changes, so a report never reads through piles of dead versions.
ALTER TABLE report_cohort_figures SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000, autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000);
--> statement-breakpoint
ALTER TABLE report_cohort_module_progress SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000, autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000);
--> statement-breakpoint
ALTER TABLE report_enrolment_progress SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000, autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000);
--> statement-breakpoint
ALTER TABLE report_session_attendance SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000, autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000);
--> statement-breakpoint
ALTER TABLE report_cohort_certificates SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000, autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000);
--> statement-breakpoint
INSERT INTO report_cohort_figures (cohort_id, invited, active, completed, withdrawn, progress_enrolments)
SELECT c.id,
  count(*) FILTER (WHERE e.status = 'invited'),
  count(*) FILTER (WHERE e.status = 'active'),
  count(*) FILTER (WHERE e.status = 'completed'),
  count(*) FILTER (WHERE e.status = 'withdrawn'),
  count(*) FILTER (WHERE e.status <> 'withdrawn' AND EXISTS (SELECT 1 FROM module_progress mp WHERE mp.enrolment_id = e.id))
FROM cohorts c JOIN enrolments e ON e.cohort_id = c.id GROUP BY c.id;
--> statement-breakpoint
INSERT INTO report_enrolment_progress (enrolment_id, progress_rows)
SELECT enrolment_id, count(*) FROM module_progress GROUP BY enrolment_id;
--> statement-breakpoint
INSERT INTO report_cohort_module_progress (cohort_id, module_id, not_started, in_progress, completed)
SELECT e.cohort_id, mp.module_id,
  count(*) FILTER (WHERE mp.status = 'not_started'),
  count(*) FILTER (WHERE mp.status = 'in_progress'),
  count(*) FILTER (WHERE mp.status = 'completed')
FROM module_progress mp JOIN enrolments e ON e.id = mp.enrolment_id
WHERE e.status <> 'withdrawn' GROUP BY e.cohort_id, mp.module_id;
--> statement-breakpoint
INSERT INTO report_session_attendance (session_id, present, absent, excused)
SELECT session_id,
  count(*) FILTER (WHERE status = 'present'),
  count(*) FILTER (WHERE status = 'absent'),
  count(*) FILTER (WHERE status = 'excused')
FROM attendance GROUP BY session_id;
--> statement-breakpoint
INSERT INTO report_cohort_certificates (cohort_id, issued_on, issued, revoked)
SELECT e.cohort_id, (ce.issued_at AT TIME ZONE 'UTC')::date, count(*), count(*) FILTER (WHERE ce.revoked_at IS NOT NULL)
FROM certificates ce JOIN enrolments e ON e.id = ce.enrolment_id
GROUP BY e.cohort_id, (ce.issued_at AT TIME ZONE 'UTC')::date;
