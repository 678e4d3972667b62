CREATE TABLE `challenges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`pack_version_id` integer NOT NULL,
	`key` text NOT NULL,
	`slug` text NOT NULL,
	`position` integer NOT NULL,
	`title` text NOT NULL,
	`title_ko` text,
	`topic` text NOT NULL,
	`difficulty` text NOT NULL,
	`xp` integer NOT NULL,
	`config` text NOT NULL,
	`statement` text NOT NULL,
	`statement_ko` text,
	`starter` text NOT NULL,
	`dts` text NOT NULL,
	`samples` text NOT NULL,
	FOREIGN KEY (`pack_version_id`) REFERENCES `packs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `challenges_version_slug_unique` ON `challenges` (`pack_version_id`,`slug`);--> statement-breakpoint
CREATE INDEX `challenges_key` ON `challenges` (`key`);--> statement-breakpoint
CREATE TABLE `drafts` (
	`user_id` integer NOT NULL,
	`challenge_key` text NOT NULL,
	`source` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `drafts_user_challenge_unique` ON `drafts` (`user_id`,`challenge_key`);--> statement-breakpoint
CREATE TABLE `metrics` (
	`submission_id` integer PRIMARY KEY NOT NULL,
	`cpu_ns` integer,
	`wall_ns` integer,
	`peak_bytes` integer,
	`perf_ratio` real,
	`perf_low` real,
	`perf_high` real,
	`memory_ratio` real,
	`spread` real,
	`rounds` integer,
	`clock` text,
	`cap` real,
	`cases` text,
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `packs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`pack_id` text NOT NULL,
	`version` integer NOT NULL,
	`label` text NOT NULL,
	`hash` text NOT NULL,
	`title` text NOT NULL,
	`title_ko` text,
	`current` integer DEFAULT false NOT NULL,
	`imported_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `packs_hash_unique` ON `packs` (`hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `packs_pack_version_unique` ON `packs` (`pack_id`,`version`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `submissions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`challenge_id` integer NOT NULL,
	`challenge_key` text NOT NULL,
	`pack_hash` text NOT NULL,
	`source` text NOT NULL,
	`mode` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`verdict` text,
	`message` text,
	`location` text,
	`tier` text,
	`score` real,
	`runner_class` text NOT NULL,
	`attempt` integer DEFAULT 0 NOT NULL,
	`result` text,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`challenge_id`) REFERENCES `challenges`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `submissions_user_challenge` ON `submissions` (`user_id`,`challenge_key`,`created_at`);--> statement-breakpoint
CREATE INDEX `submissions_ranking` ON `submissions` (`challenge_id`,`mode`,`verdict`,`runner_class`);--> statement-breakpoint
CREATE INDEX `submissions_status` ON `submissions` (`status`);--> statement-breakpoint
CREATE TABLE `test_results` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`submission_id` integer NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`message` text,
	`input` text,
	`expected` text,
	`actual` text,
	`output` text,
	`cpu_ns` integer,
	`wall_ns` integer,
	`peak_bytes` integer,
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `test_results_submission_position` ON `test_results` (`submission_id`,`position`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text DEFAULT 'learner' NOT NULL,
	`locale` text DEFAULT 'en' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (lower("username"));