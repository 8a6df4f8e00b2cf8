CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dedupe_key" text NOT NULL,
	"purpose" text NOT NULL,
	"channel" text DEFAULT 'zalo_cs' NOT NULL,
	"recipient_zalo_id" text,
	"recipient_user_id" integer,
	"feedback_id" bigint,
	"payload" jsonb NOT NULL,
	"text" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"sent_via" text,
	"provider_message_id" text,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "outbox_dedupeKey_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "outbox_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"outbox_id" bigint NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"via" text NOT NULL,
	"outcome" text NOT NULL,
	"error_code" integer,
	"detail" text
);
--> statement-breakpoint
CREATE TABLE "zalo_contacts" (
	"zalo_id" text PRIMARY KEY NOT NULL,
	"user_id" integer,
	"display_name" text,
	"followed" boolean,
	"followed_at" timestamp with time zone,
	"last_interaction_at" timestamp with time zone,
	"last_event_at" timestamp with time zone,
	"conversation" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"conversation_expires_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "zalo_inbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event_key" text NOT NULL,
	"event_name" text NOT NULL,
	"user_id" text,
	"event_at" timestamp with time zone NOT NULL,
	"payload" jsonb NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	"note" text,
	CONSTRAINT "zalo_inbox_eventKey_unique" UNIQUE("event_key")
);
--> statement-breakpoint
CREATE TABLE "zalo_tokens" (
	"id" integer PRIMARY KEY NOT NULL,
	"access_token" text NOT NULL,
	"refresh_token" text NOT NULL,
	"expires_at" timestamp with time zone,
	"refreshing_until" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "zns_templates" (
	"purpose" text PRIMARY KEY NOT NULL,
	"template_id" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_recipient_user_id_users_id_fk" FOREIGN KEY ("recipient_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_feedback_id_feedback_id_fk" FOREIGN KEY ("feedback_id") REFERENCES "public"."feedback"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_attempts" ADD CONSTRAINT "outbox_attempts_outbox_id_outbox_id_fk" FOREIGN KEY ("outbox_id") REFERENCES "public"."outbox"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zalo_contacts" ADD CONSTRAINT "zalo_contacts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("next_attempt_at") WHERE "outbox"."state" in ('pending','sending');--> statement-breakpoint
CREATE INDEX "outbox_held_idx" ON "outbox" USING btree ("recipient_zalo_id") WHERE "outbox"."state" = 'held';--> statement-breakpoint
CREATE INDEX "outbox_user_idx" ON "outbox" USING btree ("recipient_user_id","id");--> statement-breakpoint
CREATE INDEX "outbox_attempts_outbox_idx" ON "outbox_attempts" USING btree ("outbox_id");--> statement-breakpoint
CREATE INDEX "zalo_inbox_due_idx" ON "zalo_inbox" USING btree ("next_attempt_at") WHERE "zalo_inbox"."state" in ('pending','processing');