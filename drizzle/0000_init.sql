CREATE TABLE "agencies" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" text,
	"level_edited" boolean DEFAULT false NOT NULL,
	"region" text,
	"parent_region" text,
	"parent_id" integer
);
--> statement-breakpoint
CREATE TABLE "cells" (
	"report_id" integer NOT NULL,
	"version" integer NOT NULL,
	"path" text NOT NULL,
	"value" numeric,
	"raw" text,
	"line" integer,
	"col" integer,
	"char_offset" integer,
	"page" integer,
	"position" jsonb
);
--> statement-breakpoint
CREATE TABLE "failures" (
	"id" serial PRIMARY KEY NOT NULL,
	"original_hash" text,
	"path" text,
	"file_name" text NOT NULL,
	"code" text NOT NULL,
	"message" text NOT NULL,
	"parser_version" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "findings" (
	"report_id" integer NOT NULL,
	"version" integer NOT NULL,
	"seq" integer NOT NULL,
	"rule" text NOT NULL,
	"severity" text NOT NULL,
	"paths" text[] NOT NULL,
	"message" text NOT NULL,
	"evidence" jsonb,
	CONSTRAINT "findings_report_id_version_seq_pk" PRIMARY KEY("report_id","version","seq")
);
--> statement-breakpoint
CREATE TABLE "originals" (
	"hash" text PRIMARY KEY NOT NULL,
	"bytes" "bytea" NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"size" integer NOT NULL,
	"stored_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"agency_id" integer,
	"year" integer,
	"format" text NOT NULL,
	"original_hash" text NOT NULL,
	"file_name" text NOT NULL,
	"parser_version" text NOT NULL,
	"title" text,
	"published_on" date,
	"sections" jsonb NOT NULL,
	"data" jsonb NOT NULL,
	"error_count" integer NOT NULL,
	"warning_count" integer NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "versions" (
	"report_id" integer NOT NULL,
	"version" integer NOT NULL,
	"kind" text NOT NULL,
	"parser_version" text NOT NULL,
	"who" text NOT NULL,
	"why" text,
	"path" text,
	"old_value" numeric,
	"new_value" numeric,
	"error_count" integer NOT NULL,
	"warning_count" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"data" jsonb,
	"sections" jsonb,
	CONSTRAINT "versions_report_id_version_pk" PRIMARY KEY("report_id","version")
);
--> statement-breakpoint
ALTER TABLE "failures" ADD CONSTRAINT "failures_original_hash_originals_hash_fk" FOREIGN KEY ("original_hash") REFERENCES "public"."originals"("hash") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_original_hash_originals_hash_fk" FOREIGN KEY ("original_hash") REFERENCES "public"."originals"("hash") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "versions" ADD CONSTRAINT "versions_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agencies_name" ON "agencies" USING btree ("name");--> statement-breakpoint
CREATE INDEX "agencies_level" ON "agencies" USING btree ("level");--> statement-breakpoint
CREATE INDEX "agencies_region" ON "agencies" USING btree ("region");--> statement-breakpoint
CREATE INDEX "agencies_parent_region" ON "agencies" USING btree ("parent_region");--> statement-breakpoint
CREATE INDEX "cells_report_version" ON "cells" USING btree ("report_id","version") WITH (deduplicate_items=false);--> statement-breakpoint
CREATE UNIQUE INDEX "failures_original" ON "failures" USING btree ("original_hash","parser_version");--> statement-breakpoint
CREATE INDEX "failures_at" ON "failures" USING btree ("at");--> statement-breakpoint
CREATE INDEX "findings_rule" ON "findings" USING btree ("rule");--> statement-breakpoint
CREATE UNIQUE INDEX "reports_original_hash" ON "reports" USING btree ("original_hash");--> statement-breakpoint
CREATE INDEX "reports_year" ON "reports" USING btree ("year","id");--> statement-breakpoint
CREATE INDEX "reports_agency_year" ON "reports" USING btree ("agency_id","year");--> statement-breakpoint
CREATE INDEX "reports_with_errors" ON "reports" USING btree ("year","id") WHERE "reports"."error_count" > 0;