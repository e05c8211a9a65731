CREATE TABLE "engine_calls" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"request" "bytea" NOT NULL,
	"state" text NOT NULL,
	"generation" bigint NOT NULL,
	"attempts" bigint NOT NULL,
	"progress" double precision NOT NULL,
	"worker" text,
	"result" "bytea",
	"error_code" text,
	"error_message" text,
	"created_at" bigint NOT NULL,
	"started_at" bigint,
	"finished_at" bigint
);
--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_live_request" ON "jobs" USING btree ("kind","request_key") WHERE state in ('QUEUED', 'RUNNING');