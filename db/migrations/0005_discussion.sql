CREATE TABLE `discussion_posts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`challenge_key` text NOT NULL,
	`thread_id` integer,
	`user_id` integer NOT NULL,
	`title` text,
	`body` text NOT NULL,
	`spoiler` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`edited_at` integer,
	`deleted_at` integer,
	`deleted_by` integer,
	`last_activity_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `discussion_threads` ON `discussion_posts` (`challenge_key`,`thread_id`,`last_activity_at`);--> statement-breakpoint
CREATE INDEX `discussion_replies` ON `discussion_posts` (`thread_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `discussion_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`post_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`reason` text NOT NULL,
	`created_at` integer NOT NULL,
	`resolved_at` integer,
	FOREIGN KEY (`post_id`) REFERENCES `discussion_posts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `discussion_reports_once` ON `discussion_reports` (`post_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `discussion_reports_open` ON `discussion_reports` (`resolved_at`);