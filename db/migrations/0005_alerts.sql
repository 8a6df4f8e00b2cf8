CREATE TABLE "alert_settings" (
	"id" serial PRIMARY KEY NOT NULL,
	"unit_id" integer,
	"due_soon" integer NOT NULL,
	"escalation_working_days" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dedupe_key" text NOT NULL,
	"kind" text NOT NULL,
	"feedback_id" bigint,
	"recipient_user_id" integer NOT NULL,
	"due_at" timestamp with time zone,
	"text" text NOT NULL,
	"send_after" timestamp with time zone NOT NULL,
	"state" text DEFAULT 'scheduled' NOT NULL,
	"outbox_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"settled_at" timestamp with time zone,
	"note" text,
	CONSTRAINT "alerts_dedupeKey_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
ALTER TABLE "feedback" ADD COLUMN "due_soon_alerted_for" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "feedback" ADD COLUMN "overdue_alerted_for" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "feedback" ADD COLUMN "escalated_for" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alert_settings" ADD CONSTRAINT "alert_settings_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_feedback_id_feedback_id_fk" FOREIGN KEY ("feedback_id") REFERENCES "public"."feedback"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_recipient_user_id_users_id_fk" FOREIGN KEY ("recipient_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_outbox_id_outbox_id_fk" FOREIGN KEY ("outbox_id") REFERENCES "public"."outbox"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alert_settings_unit_uq" ON "alert_settings" USING btree (coalesce("unit_id", 0));--> statement-breakpoint
CREATE INDEX "alerts_release_idx" ON "alerts" USING btree ("send_after") WHERE "alerts"."state" = 'scheduled';--> statement-breakpoint
CREATE INDEX "alerts_feedback_idx" ON "alerts" USING btree ("feedback_id");--> statement-breakpoint
CREATE INDEX "feedback_due_soon_todo_idx" ON "feedback" USING btree ("due_at") WHERE "feedback"."answered_at" is null and "feedback"."due_soon_alerted_for" is distinct from "feedback"."due_at";--> statement-breakpoint
CREATE INDEX "feedback_overdue_todo_idx" ON "feedback" USING btree ("due_at") WHERE "feedback"."answered_at" is null and "feedback"."overdue_alerted_for" is distinct from "feedback"."due_at";--> statement-breakpoint
CREATE INDEX "feedback_escalation_todo_idx" ON "feedback" USING btree ("due_at") WHERE "feedback"."answered_at" is null and "feedback"."escalated_for" is distinct from "feedback"."due_at";