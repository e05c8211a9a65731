CREATE TABLE "file_hashes" (
	"path" text PRIMARY KEY NOT NULL,
	"size" bigint NOT NULL,
	"mtime_ms" double precision NOT NULL,
	"sha256" text NOT NULL,
	"hashed_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"request_key" text NOT NULL,
	"request_json" text NOT NULL,
	"state" text NOT NULL,
	"progress" double precision NOT NULL,
	"message" text,
	"error" text,
	"created_at" bigint NOT NULL,
	"started_at" bigint,
	"finished_at" bigint,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "jobs_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1)
);
--> statement-breakpoint
CREATE TABLE "registrations" (
	"kind" text NOT NULL,
	"id" text NOT NULL,
	"json" text NOT NULL,
	"created_at" bigint NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "registrations_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	CONSTRAINT "registrations_kind_id_pk" PRIMARY KEY("kind","id")
);
--> statement-breakpoint
CREATE TABLE "results" (
	"key" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"key_json" text NOT NULL,
	"json" text NOT NULL,
	"arrays" "bytea" NOT NULL,
	"compute_ms" double precision NOT NULL,
	"created_at" bigint NOT NULL
);
