-- The feedback timeline is append-only: history must never be rewritten.
CREATE OR REPLACE FUNCTION feedback_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'feedback_events is append-only (% refused)', TG_OP;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER feedback_events_no_update_delete
  BEFORE UPDATE OR DELETE ON feedback_events
  FOR EACH ROW EXECUTE FUNCTION feedback_events_append_only();
