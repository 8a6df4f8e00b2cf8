ALTER TABLE "users" ADD COLUMN "zalo_app_user_id" text;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_zaloAppUserId_unique" UNIQUE("zalo_app_user_id");