CREATE TABLE `authored_packs` (
	`pack_id` text PRIMARY KEY NOT NULL,
	`owner_id` integer NOT NULL,
	`visibility` text DEFAULT 'draft' NOT NULL,
	`group_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`group_id`) REFERENCES `study_groups`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `authored_packs_owner` ON `authored_packs` (`owner_id`);--> statement-breakpoint
CREATE TABLE `pack_drafts` (
	`user_id` integer NOT NULL,
	`pack_id` text NOT NULL,
	`files` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pack_drafts_user_pack` ON `pack_drafts` (`user_id`,`pack_id`);--> statement-breakpoint
CREATE TABLE `pack_tests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`pack_id` text NOT NULL,
	`hash` text NOT NULL,
	`user_id` integer NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`ok` integer,
	`report` text,
	`error` text,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `pack_tests_pack_hash` ON `pack_tests` (`pack_id`,`hash`);--> statement-breakpoint
CREATE TABLE `pack_version_files` (
	`pack_version_id` integer PRIMARY KEY NOT NULL,
	`files` text NOT NULL,
	FOREIGN KEY (`pack_version_id`) REFERENCES `packs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `regrades` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`challenge_key` text NOT NULL,
	`challenge_id` integer NOT NULL,
	`requested_by` integer NOT NULL,
	`total` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`challenge_id`) REFERENCES `challenges`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `regrades_challenge` ON `regrades` (`challenge_key`);--> statement-breakpoint
ALTER TABLE `packs` ADD `source` text DEFAULT 'repo' NOT NULL;--> statement-breakpoint
ALTER TABLE `packs` ADD `published_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `submissions` ADD `regrade_id` integer REFERENCES regrades(id);--> statement-breakpoint
ALTER TABLE `submissions` ADD `regrade_of` integer;--> statement-breakpoint
CREATE INDEX `submissions_regrade` ON `submissions` (`regrade_id`);