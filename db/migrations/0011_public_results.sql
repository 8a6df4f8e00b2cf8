-- Search without diacritics or case (CONTRACT §13). unaccent() is only STABLE (its dictionary could change), so an
-- IMMUTABLE wrapper names the dictionary schema-qualified and can back an index. Vietnamese đ/Đ map to d/D in the
-- default unaccent rules. PGlite loads both extensions when it opens (db/open-db.ts).
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE OR REPLACE FUNCTION immutable_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "published" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "feedback_search_idx" ON "feedback" USING gin (lower(immutable_unaccent(coalesce("title", '') || ' ' || "content" || ' ' || "code")) gin_trgm_ops);