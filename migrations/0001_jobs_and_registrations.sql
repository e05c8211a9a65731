CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`request_key` text NOT NULL,
	`request_json` text NOT NULL,
	`state` text NOT NULL,
	`progress` real NOT NULL,
	`message` text,
	`error` text,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer
);
--> statement-breakpoint
CREATE TABLE `registrations` (
	`kind` text NOT NULL,
	`id` text NOT NULL,
	`json` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`kind`, `id`)
);
