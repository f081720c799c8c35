-- Tables derived from reports, cells and findings (src/store/schema.ts). They are filled at open by
-- src/store/derived.ts (ensureDerived) for the reports already stored, and kept by every write after that.
CREATE TABLE "compile_groups" (
	"key" text PRIMARY KEY NOT NULL,
	"region" text NOT NULL,
	"year" integer,
	"level" text,
	"format" text NOT NULL,
	"reports" integer NOT NULL,
	"tally" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "compile_reports" (
	"report_id" integer PRIMARY KEY NOT NULL,
	"agency_id" integer,
	"agency" text,
	"year" integer,
	"format" text NOT NULL,
	"errors" integer NOT NULL,
	"warnings" integer NOT NULL,
	"error_rules" text[] NOT NULL,
	"unusable" jsonb
);
--> statement-breakpoint
CREATE TABLE "report_details" (
	"report_id" integer NOT NULL,
	"version" integer NOT NULL,
	"original_name" text NOT NULL,
	"original_kind" text NOT NULL,
	"original_size" integer NOT NULL,
	"packed" text NOT NULL,
	CONSTRAINT "report_details_report_id_version_pk" PRIMARY KEY("report_id","version")
);
--> statement-breakpoint
CREATE TABLE "store_meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "compile_groups_region" ON "compile_groups" USING btree ("region" text_pattern_ops);--> statement-breakpoint
-- (not written by drizzle-kit) a detail is compressed already (a second compression finds little) and stays in its
-- row when it fits a page, so that a fetch reads one page rather than the toast table and its index
ALTER TABLE "report_details" ALTER COLUMN "packed" SET STORAGE MAIN;--> statement-breakpoint
ALTER TABLE "report_details" SET (toast_tuple_target = 8160);
