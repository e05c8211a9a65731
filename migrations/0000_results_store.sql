CREATE TABLE `file_hashes` (
	`path` text PRIMARY KEY NOT NULL,
	`size` integer NOT NULL,
	`mtime_ms` real NOT NULL,
	`sha256` text NOT NULL,
	`hashed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `results` (
	`key` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`key_json` text NOT NULL,
	`json` text NOT NULL,
	`arrays` blob NOT NULL,
	`compute_ms` real NOT NULL,
	`created_at` integer NOT NULL
);
