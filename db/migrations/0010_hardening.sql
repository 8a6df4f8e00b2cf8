-- Unlogged: counters need no WAL (a crash only resets the windows), and every limited request writes one row.
CREATE UNLOGGED TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"hits" integer NOT NULL,
	"window_ends_at" timestamp with time zone NOT NULL,
	"strikes" integer DEFAULT 0 NOT NULL,
	"blocked_until" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "zalo_inbox" ALTER COLUMN "payload" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "zalo_inbox" ADD COLUMN "raw_body" "bytea";--> statement-breakpoint
ALTER TABLE "zalo_inbox" ADD COLUMN "review_reason" text;--> statement-breakpoint
CREATE INDEX "rate_limits_window_idx" ON "rate_limits" USING btree ("window_ends_at");--> statement-breakpoint
CREATE INDEX "sessions_expires_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "zalo_inbox_review_idx" ON "zalo_inbox" USING btree ("received_at") WHERE "zalo_inbox"."review_reason" is not null;