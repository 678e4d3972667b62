CREATE TABLE `game_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`at` integer NOT NULL,
	`amount` integer NOT NULL,
	`code` text NOT NULL,
	`params` text NOT NULL,
	`reason` text NOT NULL,
	`submission_id` integer,
	`runner_class` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `game_events_user_key` ON `game_events` (`user_id`,`key`);--> statement-breakpoint
CREATE INDEX `game_events_user_at` ON `game_events` (`user_id`,`at`);--> statement-breakpoint
CREATE INDEX `game_events_kind_at` ON `game_events` (`kind`,`at`,`user_id`,`amount`);--> statement-breakpoint
CREATE TABLE `game_profiles` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`time_zone` text DEFAULT 'UTC' NOT NULL,
	`hidden` integer DEFAULT false NOT NULL,
	`xp` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `game_profiles_xp` ON `game_profiles` (`xp`);--> statement-breakpoint
CREATE TABLE `game_ratings` (
	`user_id` integer NOT NULL,
	`runner_class` text NOT NULL,
	`rating` real NOT NULL,
	`deviation` real NOT NULL,
	`games` integer NOT NULL,
	`last_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `game_ratings_user_class` ON `game_ratings` (`user_id`,`runner_class`);--> statement-breakpoint
CREATE INDEX `game_ratings_board` ON `game_ratings` (`runner_class`,`rating`);--> statement-breakpoint
CREATE TABLE `group_assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`group_id` integer NOT NULL,
	`challenge_key` text,
	`pack_id` text,
	`deadline` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `study_groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `group_assignments_group` ON `group_assignments` (`group_id`);--> statement-breakpoint
CREATE TABLE `group_members` (
	`group_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`role` text NOT NULL,
	`joined_at` integer NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `study_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `group_members_group_user` ON `group_members` (`group_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `group_members_user` ON `group_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `study_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`invite_code` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `study_groups_invite_code` ON `study_groups` (`invite_code`);--> statement-breakpoint
CREATE INDEX `submissions_board` ON `submissions` (`challenge_id`,`runner_class`,`mode`,`verdict`,`user_id`,`score`,`finished_at`);--> statement-breakpoint
CREATE INDEX `submissions_key_user` ON `submissions` (`challenge_key`,`user_id`,`mode`,`verdict`);