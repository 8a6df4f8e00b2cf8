CREATE TABLE "dti_assignments" (
	"indicator_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"role" text NOT NULL,
	CONSTRAINT "dti_assignments_indicator_id_unit_id_pk" PRIMARY KEY("indicator_id","unit_id"),
	CONSTRAINT "dti_assignments_role_check" CHECK ("dti_assignments"."role" in ('lead','coordinating'))
);
--> statement-breakpoint
CREATE TABLE "dti_evidence" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"value_id" bigint NOT NULL,
	"file_name" text NOT NULL,
	"mime_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dti_indicators" (
	"id" serial PRIMARY KEY NOT NULL,
	"set_id" integer NOT NULL,
	"index_id" integer NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"value_type" text NOT NULL,
	"unit_of_measure" text,
	"guidance" text,
	"evidence_required" boolean DEFAULT false NOT NULL,
	"scoring" jsonb,
	"max_points" double precision,
	"auto_source" text,
	"sort" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dti_indices" (
	"id" serial PRIMARY KEY NOT NULL,
	"set_id" integer NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"max_points" double precision,
	"sort" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dti_periods" (
	"id" serial PRIMARY KEY NOT NULL,
	"set_id" integer NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"due_on" date NOT NULL,
	"grace_days" integer DEFAULT 5 NOT NULL,
	"reopened_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "dti_sets" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"province" text NOT NULL,
	"year" integer NOT NULL,
	"level" text NOT NULL,
	"source" text,
	"active" boolean DEFAULT true NOT NULL,
	"copied_from_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dti_sets_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "dti_value_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"value_id" bigint NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" integer,
	"actor_label" text NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"value" jsonb,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "dti_values" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"period_id" integer NOT NULL,
	"indicator_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"value" jsonb,
	"comment" text,
	"citation" jsonb,
	"submitted_at" timestamp with time zone,
	"submitted_by" integer,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" integer,
	"review_comment" text,
	"changed_after_approval" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dti_assignments" ADD CONSTRAINT "dti_assignments_indicator_id_dti_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."dti_indicators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dti_assignments" ADD CONSTRAINT "dti_assignments_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dti_evidence" ADD CONSTRAINT "dti_evidence_value_id_dti_values_id_fk" FOREIGN KEY ("value_id") REFERENCES "public"."dti_values"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dti_evidence" ADD CONSTRAINT "dti_evidence_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dti_indicators" ADD CONSTRAINT "dti_indicators_set_id_dti_sets_id_fk" FOREIGN KEY ("set_id") REFERENCES "public"."dti_sets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dti_indicators" ADD CONSTRAINT "dti_indicators_index_id_dti_indices_id_fk" FOREIGN KEY ("index_id") REFERENCES "public"."dti_indices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dti_indices" ADD CONSTRAINT "dti_indices_set_id_dti_sets_id_fk" FOREIGN KEY ("set_id") REFERENCES "public"."dti_sets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dti_periods" ADD CONSTRAINT "dti_periods_set_id_dti_sets_id_fk" FOREIGN KEY ("set_id") REFERENCES "public"."dti_sets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dti_sets" ADD CONSTRAINT "dti_sets_copied_from_id_dti_sets_id_fk" FOREIGN KEY ("copied_from_id") REFERENCES "public"."dti_sets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dti_value_events" ADD CONSTRAINT "dti_value_events_value_id_dti_values_id_fk" FOREIGN KEY ("value_id") REFERENCES "public"."dti_values"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dti_value_events" ADD CONSTRAINT "dti_value_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dti_values" ADD CONSTRAINT "dti_values_period_id_dti_periods_id_fk" FOREIGN KEY ("period_id") REFERENCES "public"."dti_periods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dti_values" ADD CONSTRAINT "dti_values_indicator_id_dti_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."dti_indicators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dti_values" ADD CONSTRAINT "dti_values_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dti_values" ADD CONSTRAINT "dti_values_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dti_values" ADD CONSTRAINT "dti_values_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dti_assignments_unit_idx" ON "dti_assignments" USING btree ("unit_id","role");--> statement-breakpoint
CREATE INDEX "dti_evidence_value_idx" ON "dti_evidence" USING btree ("value_id");--> statement-breakpoint
CREATE UNIQUE INDEX "dti_indicators_set_code_uq" ON "dti_indicators" USING btree ("set_id","code");--> statement-breakpoint
CREATE INDEX "dti_indicators_index_idx" ON "dti_indicators" USING btree ("index_id");--> statement-breakpoint
CREATE UNIQUE INDEX "dti_indices_set_code_uq" ON "dti_indices" USING btree ("set_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "dti_periods_set_code_uq" ON "dti_periods" USING btree ("set_id","code");--> statement-breakpoint
CREATE INDEX "dti_value_events_value_idx" ON "dti_value_events" USING btree ("value_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "dti_values_period_indicator_unit_uq" ON "dti_values" USING btree ("period_id","indicator_id","unit_id");--> statement-breakpoint
CREATE INDEX "dti_values_period_unit_idx" ON "dti_values" USING btree ("period_id","unit_id");