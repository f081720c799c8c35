-- The cross-year findings on each report's current version (src/store/schema.ts). Filled at open by
-- src/store/cross-year.ts (ensureCrossYear) for the reports already stored, and kept by every write after that.
CREATE TABLE "cross_year_findings" (
	"report_id" integer PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"previous_id" integer NOT NULL,
	"previous_version" integer NOT NULL,
	"errors" integer NOT NULL,
	"warnings" integer NOT NULL,
	"error_rules" text[] NOT NULL,
	"findings" text NOT NULL
);
